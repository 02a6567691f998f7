"""What a report document says, whatever its format: the unit, period, figures, tables, narrative, recipients.

``document_context`` is shared by the PDF (``builders.pdf``) and the Excel workbook (``builders.xlsx``), so the two
always show the same numbers. Filenames follow the Party document format (Hướng dẫn 36-HD/VPTW).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from unidecode import unidecode

from models_registry.bodies import current_phase, document_identity, implemented_plan, phase_words
from models_registry.models.units import COMMITTEE_BY_KIND

from ..periods import period_bounds
from ..selectors import FIGURES, GROUP_COLUMNS, RESOURCES
from .charts import bar_chart_svg

PDF_TYPE = "application/pdf"
NARRATIVE_FIELDS = ["strengths", "shortcomings", "causes", "lessons", "directions"]


@dataclass
class ReportDocument:
    """What a report document shows: the unit, the period, the statistics snapshot and the board's narrative."""

    unit: object
    period_kind: str
    year: int
    statistics: dict
    version: int = 1
    number: str = ""
    narrative: dict = field(default_factory=dict)
    signer: str = ""

    @classmethod
    def from_report(cls, report):
        return cls(
            unit=report.unit,
            period_kind=report.period,
            year=report.year,
            statistics=report.statistics,
            version=report.version,
            number=report.number,
            narrative={name: getattr(report, name) for name in NARRATIVE_FIELDS},
        )

    @property
    def summary(self):
        return self.statistics.get("kind") == "summary"

    @property
    def period(self):
        return period_bounds(self.period_kind, self.year)


def _period_words(period_kind, year):
    return f"6 tháng đầu năm {year}" if period_kind == "h1" else f"năm {year}"


def report_filename(unit, period_kind, year, version=1, ext="pdf"):
    """'Báo-cáo-6-tháng-2022-Thị-xã-Kinh-Môn.pdf' (UTF-8); ``ascii_filename`` gives the ASCII fallback."""
    words = ["Báo cáo"]
    if unit.level == "province":
        words.append("tổng hợp")
    words.append("6 tháng" if period_kind == "h1" else "năm")
    words.extend([str(year), unit.name])
    if version > 1:
        words.append(f"v{version}")
    return "-".join(" ".join(words).split()) + f".{ext}"


def ascii_filename(name):
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in unidecode(name))


def _document_date(period):
    """The date on the document: the cut-off date, or today while the period is still running."""
    return min(timezone.localdate(), period.end)


def document_context(document):
    stats = document.statistics
    unit = document.unit
    period = document.period
    summary = document.summary
    date = _document_date(period)
    totals = stats["totals"]
    # Headers, symbol, place, signer and the plan cited are the body's words on the period's last day.
    identity = document_identity(unit, on=period.end)
    plan = implemented_plan(unit, on=period.end)
    committee_word = COMMITTEE_BY_KIND.get(unit.kind, "Đảng ủy")
    committee_word = committee_word[:1] + committee_word[1:].lower()
    period_words = _period_words(document.period_kind, document.year)
    if summary:
        subject = f"tổng hợp kết quả thực hiện phong trào thi đua “Dân vận khéo” {period_words} trên địa bàn tỉnh"
        recipients = [
            f"{identity.reports_to} (để báo cáo);",
            f"Thường trực {committee_word} (để báo cáo);",
            "Ban Dân vận các huyện ủy, thị ủy, thành ủy;",
            "Lưu Ban Dân vận.",
        ]
    else:
        kind = "sơ kết" if document.period_kind == "h1" else "tổng kết"
        subject = f"{kind} phong trào thi đua “Dân vận khéo” {period_words}"
        recipients = [
            f"{identity.reports_to} (để báo cáo);",
            f"Thường trực {committee_word} (để báo cáo);",
            "Các đơn vị trong khối dân vận;",
            "Lưu Ban Dân vận.",
        ]
    chart_rows = stats["groups"] if summary else stats["by_field"]
    chart = bar_chart_svg(
        [(row["name"], row) for row in chart_rows],
        [("registered", "Đăng ký", "#9aa9c2"), ("recognized", "Công nhận", "#b22222")],
    )
    annex_parts = []
    if summary:
        current = None
        for item in stats["annex"]:
            if item["board"] != current:
                current = item["board"]
                annex_parts.append({"board": current, "items": []})
            annex_parts[-1]["items"].append(item)
    else:
        annex_parts = [{"board": None, "items": stats["annex"]}]
    number = 1
    for part in annex_parts:
        for item in part["items"]:
            item["no"] = number
            number += 1
    return {
        "doc": document,
        "unit": unit,
        "summary": summary,
        "stats": stats,
        "period": period,
        "period_words": period_words,
        "identity": identity,
        "plan": plan,
        "phase_words": phase_words(current_phase(on=period.end)),
        "place": identity.place,
        "date": date,
        "place_date": document_date_text(identity.place, date),
        "subject": subject,
        "number": document.number,
        # "Được công nhận (cấp huyện)" before the reform, "(cấp xã)" in a commune's report: the body's level.
        "figures": [(label.replace("(cấp huyện)", f"({identity.level_name})"), totals[key]) for key, label in FIGURES],
        "totals": totals,
        "columns": GROUP_COLUMNS,
        "group_rows": [(row["name"], [row[key] for key, _ in GROUP_COLUMNS]) for row in stats["groups"]],
        "field_rows": [(row["name"], [row[key] for key, _ in GROUP_COLUMNS]) for row in stats["by_field"]],
        "total_row": [totals[key] for key, _ in GROUP_COLUMNS],
        "resources": [(label, totals[key], measure) for key, label, measure in RESOURCES],
        "narrative": [
            ("Ưu điểm", document.narrative.get("strengths", "")),
            ("Hạn chế", document.narrative.get("shortcomings", "")),
            ("Nguyên nhân", document.narrative.get("causes", "")),
            ("Bài học kinh nghiệm", document.narrative.get("lessons", "")),
        ],
        "directions": document.narrative.get("directions", ""),
        "recipients": recipients,
        "signature": identity.signature_lines,
        "signer": document.signer or identity.signer_name,
        "chart": chart,
        "annex_parts": annex_parts,
        "annex_count": len(stats["annex"]),
    }


def document_date_text(place, date: datetime.date):
    """'Kinh Môn, ngày 14 tháng 6 năm 2022': days below 10 and months 1-2 take a leading zero (36-HD/VPTW)."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"
