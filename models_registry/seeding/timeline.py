"""The dates of one generated practice's story, shared by the demo and the national-scale data."""

import datetime as dt

from ..models import PracticeState
from ..services.practices import STATE_TIMESTAMP

S = PracticeState
DAY = dt.timedelta(days=1)
PHASE_START = dt.datetime(2021, 1, 4, 1, 30, tzinfo=dt.UTC)
# The district boards' last working days: the demo's 2021–2025 story ends before the reform of 1/7/2025 closed them.
STORY_END = dt.datetime(2025, 6, 27, 3, 0, tzinfo=dt.UTC)


def plan_timeline(rng, state, now):
    """Timestamps of one practice in ``state``, computed backwards from the time of its latest transition.

    Spread over the whole phase up to ``now``, so that every 6-month and annual report has content.
    """

    def days(low, high):
        return dt.timedelta(days=rng.uniform(low, high))

    def between(start, end):
        return start + (end - start) * rng.random()

    t = dict.fromkeys(STATE_TIMESTAMP.values())
    if state == S.DRAFT:
        created = between(now - 300 * DAY, now)
    else:
        if state == S.REGISTERED:
            t["submitted_at"] = between(PHASE_START + 20 * DAY, now)
        elif state == S.WITHDRAWN:
            t["withdrawn_at"] = between(PHASE_START + 60 * DAY, now)
            t["submitted_at"] = t["withdrawn_at"] - days(5, 40)
        else:
            if state == S.PROPOSED:
                t["proposed_at"] = between(now - 200 * DAY, now)
            elif state == S.RETURNED:
                t["returned_at"] = between(now - 300 * DAY, now)
                t["proposed_at"] = t["returned_at"] - days(5, 30)
            elif state == S.NOT_RECOGNIZED:
                t["rejected_at"] = between(PHASE_START + 150 * DAY, now)
                t["proposed_at"] = t["rejected_at"] - days(10, 60)
            else:  # recognized, or recognized then discontinued
                if state == S.DISCONTINUED:
                    t["discontinued_at"] = between(PHASE_START + 600 * DAY, now)
                    t["recognized_at"] = t["discontinued_at"] - days(300, 600)
                else:
                    t["recognized_at"] = between(PHASE_START + 150 * DAY, now)
                t["proposed_at"] = t["recognized_at"] - days(10, 60)
            t["submitted_at"] = t["proposed_at"] - days(60, 150)
        created = t["submitted_at"] - days(1, 30)
    if created < PHASE_START:  # keep everything inside the phase: shift the whole story forward
        shift = PHASE_START - created + days(0, 20)
        created += shift
        t = {name: value + shift if value else None for name, value in t.items()}
    t["created_at"] = created
    # Only the earliest stories are shifted, by weeks, so the last step stays in the past; min() is a guard.
    t["updated_at"] = min(max(value for value in t.values() if value), now)
    return t
