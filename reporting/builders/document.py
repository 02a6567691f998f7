"""What a report document says, whatever its format: the unit, period, figures, tables, narrative, recipients.

``document_context`` is shared by the PDF (``builders.pdf``) and the Excel workbook (``builders.xlsx``), so the two
always show the same numbers. Filenames follow the Party document format (Hướng dẫn 36-HD/VPTW).
"""

import datetime
from dataclasses import dataclass, field

from unidecode import unidecode

from models_registry.bodies import current_phase, document_identity, implemented_plan, phase_words
from models_registry.models import Unit
from models_registry.models.units import COMMITTEE_BY_KIND

from ..figures import COMPARED, FIGURES, GROUP_COLUMNS, MOBILIZED, PLANNED
from ..periods import period_bounds
from .charts import bar_chart_svg, vn_number

PDF_TYPE = "application/pdf"
# What the board types before generating (copied to a regenerated or issued version): the narrative sections and
# the signer's name when it is not the board's usual signer.
NARRATIVE_FIELDS = [
    "leadership",
    "strengths",
    "shortcomings",
    "causes",
    "lessons",
    "directions",
    "proposals",
    "signer_name",
]
# Printed above the signature when neither the board's data nor the request names the signer: signed by hand.
SIGNER_PLACEHOLDER = "……………………………"


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
    # The day the register gave the report its number (ban hành); None for a draft.
    issued_on: datetime.date | None = None

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
            signer=report.signer_name,
            issued_on=issue_date(report),
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


def issue_date(report):
    """The date of the register line that numbered ``report`` (or the version it was regenerated from, which
    carries the same number); None for a draft or a number typed on the request without the register."""
    if not report.number:
        return None
    from documents.models import RegisterEntry  # documents builds on reporting, not the other way round

    entry = RegisterEntry.objects.filter(
        report__unit_id=report.unit_id, report__period=report.period, report__year=report.year
    ).first()
    return entry.date if entry is not None else None


def _document_date(period, issued_on=None):
    """The date on the document: the issue date of an issued report, else the period's last day; never before
    the period's last day (one built earlier says its figures are provisional, see ``provisional_until``)."""
    return max(issued_on, period.end) if issued_on else period.end


def _compared(stats):
    """[(label, this period, same period last year, change, since the phase began)] for the comparison table."""
    totals, previous, phase = stats["totals"], stats.get("previous") or {}, stats.get("phase_totals") or {}
    rows = []
    for key, label in COMPARED:
        now, before = totals.get(key, 0), previous.get(key, 0)
        change = now - before
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        rows.append((label, now, before, f"{sign}{vn_number(abs(change))}", phase.get(key, 0)))
    return rows


def _lower_level(stats, identity, period):
    """The recognition level of the boards a summary adds up: "cấp huyện" in Hải Dương's, "cấp xã" in the city's
    (both in the 2025 one). One body asked per level of unit, not one per board."""
    one_per_level = {}
    for unit in Unit.objects.filter(pk__in=[row["id"] for row in stats["groups"]]).order_by("path"):
        one_per_level.setdefault(unit.level, unit)
    names = [document_identity(unit, on=period.end).level_name for unit in one_per_level.values()]
    return ", ".join(dict.fromkeys(names)) or identity.level_name


def _annex_parts(stats, summary):
    """The annex's practices numbered 1… across all parts; in the summary one part per board."""
    parts = []
    for number, item in enumerate(stats["annex"], start=1):
        board = item["board"] if summary else None
        if not parts or parts[-1]["board"] != board:
            parts.append({"board": board, "items": []})
        parts[-1]["items"].append({**item, "no": number})
    return parts


def document_context(document):
    stats = document.statistics
    unit = document.unit
    period = document.period
    summary = document.summary
    date = _document_date(period, document.issued_on)
    totals = stats["totals"]
    # Headers, symbol, place, signer and the plan cited are the body's words on the period's last day.
    identity = document_identity(unit, on=period.end)
    plan = implemented_plan(unit, on=period.end)
    province = next((u for u in unit.ancestors() if u.level == "province"), unit)
    upper_level = document_identity(province, on=period.end).level_name
    lower_level = _lower_level(stats, identity, period) if summary else identity.level_name
    committee_word = COMMITTEE_BY_KIND.get(unit.kind, "Đảng ủy")
    committee_word = committee_word[:1] + committee_word[1:].lower()
    period_words = _period_words(document.period_kind, document.year)
    # "tỉnh Hải Dương", "thành phố Hải Phòng": the province's name inside a sentence.
    area = province.name[:1].lower() + province.name[1:]
    if summary:
        subject = f"tổng hợp kết quả phong trào thi đua “Dân vận khéo” {period_words} trên địa bàn {area}"
        recipients = [
            f"{identity.reports_to} (để báo cáo);",
            f"Thường trực {committee_word} (để báo cáo);",
            "Các cơ quan, đơn vị trực thuộc;",
            "Lưu Văn phòng.",
        ]
    else:
        # Hướng dẫn 36-HD/VPTW: the subject follows the document type in lower case.
        if document.period_kind == "h1":
            subject = f"sơ kết {period_words} phong trào thi đua “Dân vận khéo”"
        else:
            subject = f"tổng kết phong trào thi đua “Dân vận khéo” {period_words}"
        recipients = [
            f"{identity.reports_to} (để báo cáo);",
            f"Thường trực {committee_word} (để báo cáo);",
            "Các đơn vị trong khối dân vận;",
            "Lưu Văn phòng.",
        ]
    chart_rows = stats["groups"] if summary else stats["by_field"]
    chart = bar_chart_svg(
        [(row["name"], row) for row in chart_rows],
        [("registered", "Đăng ký", "#9aa9c2"), ("recognized", "Công nhận", "#b22222")],
    )
    annex_parts = _annex_parts(stats, summary)
    provisional = stats.get("provisional_until")
    number_text = f"{document.number or '      '}-BC/{identity.symbol}"
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
        "figures": [
            (label.replace("(cấp huyện)", f"({lower_level})").replace("cấp tỉnh", upper_level), totals[key])
            for key, label in FIGURES
        ],
        "area": area,
        "upper_level": upper_level,
        "number_text": number_text,
        "date_text": f"{date:%d/%m/%Y}",
        "provisional": datetime.date.fromisoformat(provisional) if provisional else None,
        "compared": _compared(stats),
        "previous_period": period_bounds(document.period_kind, document.year - 1),
        "phase_start": stats.get("phase_start"),
        "sector_rows": [(row["name"], [row[key] for key, _ in GROUP_COLUMNS]) for row in stats.get("by_sector", [])],
        "commendations": stats.get("commendations", []),
        "typical": stats.get("typical", []),
        "provincial": stats.get("provincial", []),
        "totals": totals,
        "columns": GROUP_COLUMNS,
        "group_rows": [(row["name"], [row[key] for key, _ in GROUP_COLUMNS]) for row in stats["groups"]],
        "field_rows": [(row["name"], [row[key] for key, _ in GROUP_COLUMNS]) for row in stats["by_field"]],
        "total_row": [totals[key] for key, _ in GROUP_COLUMNS],
        "mobilized": [(label, totals.get(key, 0), measure) for key, label, measure in MOBILIZED],
        "planned": [(label, totals.get(key, 0), measure) for key, label, measure in PLANNED],
        "leadership": document.narrative.get("leadership", ""),
        "proposals": document.narrative.get("proposals", ""),
        "narrative": [
            ("Ưu điểm", document.narrative.get("strengths", "")),
            ("Hạn chế", document.narrative.get("shortcomings", "")),
            ("Nguyên nhân", document.narrative.get("causes", "")),
            ("Bài học kinh nghiệm", document.narrative.get("lessons", "")),
        ],
        "directions": document.narrative.get("directions", ""),
        "recipients": recipients,
        "signature": identity.signature_lines,
        "signer": document.signer or identity.signer_name or SIGNER_PLACEHOLDER,
        "chart": chart,
        "annex_parts": annex_parts,
        "annex_count": len(stats["annex"]),
    }


def document_date_text(place, date: datetime.date):
    """'Kinh Môn, ngày 14 tháng 6 năm 2022': days below 10 and months 1-2 take a leading zero (36-HD/VPTW)."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"
