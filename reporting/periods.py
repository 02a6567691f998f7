"""Reporting periods and their cut-off dates (mốc chốt số liệu), from the REPORT_CUTOFFS setting."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

# State reporting rules: the 6-month report covers 15/12 of the previous year to 14/6, the annual one
# 15/12 of the previous year to 14/12. (day, month); "start" lies in the year before the report's year.
DEFAULT_CUTOFFS = {
    "h1": {"start": (15, 12), "end": (14, 6)},
    "year": {"start": (15, 12), "end": (14, 12)},
}


def cutoffs():
    return getattr(settings, "REPORT_CUTOFFS", None) or DEFAULT_CUTOFFS


class DayRange:
    """The bounds of a range of whole days (``start`` and ``end``, both inclusive) as aware datetimes."""

    start: datetime.date
    end: datetime.date

    @property
    def start_at(self):
        """Aware datetime at the start of the first day, in the portal's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_before(self):
        """Aware datetime at the start of the day after the last day (exclusive bound)."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))


@dataclass(frozen=True)
class Period(DayRange):
    kind: str
    year: int
    start: datetime.date  # first day, inclusive
    end: datetime.date  # last day, inclusive

    @property
    def text(self):
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


def _date(year, day_month):
    day, month = day_month
    return datetime.date(year, month, day)


def period_bounds(kind, year):
    rule = cutoffs()[kind]
    start_day, start_month = rule["start"]
    end_day, end_month = rule["end"]
    end = _date(year, rule["end"])
    # A start later in the calendar than the end belongs to the previous year (15/12 -> 14/6).
    start_year = year - 1 if (start_month, start_day) > (end_month, end_day) else year
    return Period(kind=kind, year=year, start=_date(start_year, rule["start"]), end=end)


def periods_ending_on(day):
    """The periods whose cut-off (last day) is ``day``: what the schedule must report on that day."""
    return [period_bounds(kind, day.year) for kind, rule in cutoffs().items() if _date(day.year, rule["end"]) == day]
