"""What a report counts, and how events add up into its figures (``tally``).

The figures are counts of events (``reporting.events``) dated in the period; the resources are summed over the
practices recognized in it. The lists say in which order the document and the spreadsheet show them.
"""

from collections import Counter

from models_registry.models.units import UnitSector

# (key, label) in the order the document and the spreadsheet show them.
FIGURES = [
    ("registered", "Mô hình, điển hình đăng ký mới"),
    ("registered_collective", "— trong đó tập thể"),
    ("registered_individual", "— trong đó cá nhân"),
    ("registered_model", "— trong đó mô hình"),
    ("registered_exemplar", "— trong đó điển hình"),
    ("proposed", "Lượt đề nghị công nhận"),
    ("returned", "Lượt trả lại để bổ sung"),
    ("recognized", "Được công nhận (cấp huyện)"),
    ("recognized_collective", "— trong đó tập thể"),
    ("recognized_individual", "— trong đó cá nhân"),
    ("recognized_model", "— trong đó mô hình"),
    ("recognized_exemplar", "— trong đó điển hình"),
    ("outstanding", "Mô hình, điển hình tiêu biểu"),
    ("recognized_provincial", "Được công nhận cấp tỉnh"),
    ("not_recognized", "Không công nhận"),
    ("discontinued", "Không duy trì"),
    ("replicated", "Nhân rộng từ mô hình đã có"),
    ("commended", "Lượt khen thưởng"),
]
FIGURE_KEYS = [key for key, _label in FIGURES]
# The columns of the tables by unit / district / field / sector (the full list is in the summary table).
GROUP_COLUMNS = [
    ("registered", "Đăng ký"),
    ("proposed", "Đề nghị"),
    ("returned", "Trả lại"),
    ("recognized", "Công nhận"),
    ("outstanding", "Tiêu biểu"),
    ("not_recognized", "Không CN"),
    ("replicated", "Nhân rộng"),
    ("commended", "Khen thưởng"),
]
# The comparison with the same period of the previous year and the totals since the phase began.
COMPARED = [
    ("registered", "Đăng ký mới"),
    ("proposed", "Lượt đề nghị công nhận"),
    ("recognized", "Được công nhận"),
    ("outstanding", "Tiêu biểu"),
    ("recognized_provincial", "Công nhận cấp tỉnh"),
    ("not_recognized", "Không công nhận"),
    ("discontinued", "Không duy trì"),
    ("commended", "Lượt khen thưởng"),
]
# What the recognized practices mobilized (the results reported when proposing) …
MOBILIZED = [
    ("people_reached", "Số người được vận động, thụ hưởng", "người"),
    ("money_mobilized_vnd", "Tiền vận động được", "đồng"),
    ("workdays_mobilized", "Ngày công vận động được", "ngày công"),
    ("land_donated_m2", "Đất hiến", "m²"),
]
# … and what they planned when they registered.
PLANNED = [
    ("budget_vnd", "Kinh phí dự kiến đầu tư", "đồng"),
    ("workdays", "Ngày công dự kiến", "ngày công"),
    ("socialized_funding_vnd", "Kinh phí xã hội hóa dự kiến", "đồng"),
]
RESOURCES = MOBILIZED + PLANNED
RESOURCE_KEYS = [key for key, _label, _measure in RESOURCES]
SECTORS = list(UnitSector.choices)
# Events counted as they come (the others need the practice: registrations and recognitions are split).
PLAIN_KINDS = {"proposed", "returned", "not_recognized", "discontinued", "recognized_provincial", "commended"}


def empty_row():
    return dict.fromkeys([*FIGURE_KEYS, *RESOURCE_KEYS], 0)


def active(row):
    return any(row[key] for key in FIGURE_KEYS)


def tally(events, facts, window, outstanding, key_of=lambda fact: None):
    """{group key: figures} of the events in ``window``; ``outstanding`` are the practices marked in it.

    ``facts`` holds each practice's kind, subject, replication and resources; ``key_of(fact)`` its group.
    """
    rows = {}

    def row_of(practice_id):
        fact = facts[practice_id]
        return fact, rows.setdefault(key_of(fact), empty_row())

    for event in events:
        if event.kind == "outstanding" or event.day not in window:
            continue
        fact, row = row_of(event.practice_id)
        row[event.kind] += 1
        if event.kind in PLAIN_KINDS:
            continue
        row[f"{event.kind}_{fact['subject']}"] += 1
        row[f"{event.kind}_{fact['kind']}"] += 1
        if event.kind == "registered" and fact["replicated_from_id"]:
            row["replicated"] += 1
        if event.kind == "recognized":
            for key in RESOURCE_KEYS:
                row[key] += fact[key] or 0
    for practice_id in outstanding:
        row_of(practice_id)[1]["outstanding"] += 1
    return rows


def totals_of(rows):
    total = empty_row()
    for row in rows.values():
        for key, value in row.items():
            total[key] += value
    return total


def commendations_by_form(events, window):
    """[{form, issuer, count}] of the commendations dated in ``window``, most frequent first."""
    counts = Counter(
        (event.detail[0], event.detail[1]) for event in events if event.kind == "commended" and event.day in window
    )
    return [
        {"form": form, "issuer": issuer, "count": count}
        for (form, issuer), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
