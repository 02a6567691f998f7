"""Report documents: the PDF in the Party document format (Hướng dẫn 36-HD/VPTW) and its Excel twin.

Each builder returns ``(filename, content_type, bytes)`` so it can be tested and used without Celery.
The PDF is a Django template laid out by WeasyPrint with a serif font shipped in ``reporting/fonts`` and
embedded in the file. Long lists (the annex) are block elements, not table rows: WeasyPrint lays out
block paragraphs several times faster than table rows, which keeps a 6,000-practice summary in budget.
"""

import datetime
import gc
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from unidecode import unidecode

from models_registry.models.units import COMMITTEE_BY_KIND

from .periods import period_bounds
from .selectors import FIGURES, GROUP_COLUMNS, RESOURCES

FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NARRATIVE_FIELDS = ["strengths", "shortcomings", "causes", "lessons", "directions"]
DEFAULT_SIGNATURE = ["T/M BAN DÂN VẬN", "TRƯỞNG BAN"]
# WeasyPrint logs every layout step at INFO; a 300-page summary would flood the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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


def vn_number(value):
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{int(value or 0):,}".replace(",", ".")


def bar_chart_svg(items, series, *, width=620, bar_height=9, label_width=190):
    """A horizontal grouped bar chart as inline SVG, built on the server (no JavaScript, no images).

    ``items`` is a list of (label, {series key: value}); ``series`` a list of (key, legend, colour).
    Labels are escaped: they are user-entered names.
    """
    group_gap = 8
    group_height = bar_height * len(series) + group_gap
    top = 22
    height = top + group_height * max(len(items), 1) + 4
    scale_max = max([values.get(key, 0) for _label, values in items for key, *_ in series] + [1])
    plot_width = width - label_width - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Liberation Serif" font-size="10">'
    ]
    x = label_width
    for _key, legend, colour in series:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(legend)}</text>')
        x += 14 + 7 * len(legend)
    for index, (label, values) in enumerate(items):
        y = top + index * group_height
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * len(series) / 2 + 3}" text-anchor="end">'
            f"{escape(short)}</text>"
        )
        for offset, (key, _legend, colour) in enumerate(series):
            value = values.get(key, 0)
            bar = plot_width * value / scale_max
            by = y + offset * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{by}" width="{bar:.1f}" height="{bar_height - 1}" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_width + bar + 3:.1f}" y="{by + bar_height - 2}">{vn_number(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _font_faces():
    faces = []
    for weight, style, name in [
        ("normal", "normal", "Regular"),
        ("bold", "normal", "Bold"),
        ("normal", "italic", "Italic"),
        ("bold", "italic", "BoldItalic"),
    ]:
        url = (FONT_DIR / f"LiberationSerif-{name}.ttf").as_uri()
        faces.append(
            f"@font-face {{ font-family: 'Liberation Serif'; src: url('{url}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


def _document_date(period):
    """The date on the document: the cut-off date, or today while the period is still running."""
    return min(timezone.localdate(), period.end)


def _context(document):
    stats = document.statistics
    unit = document.unit
    period = document.period
    summary = document.summary
    date = _document_date(period)
    totals = stats["totals"]
    committee_word = COMMITTEE_BY_KIND.get(unit.kind, "Đảng ủy")
    committee_word = committee_word[:1] + committee_word[1:].lower()
    period_words = _period_words(document.period_kind, document.year)
    if summary:
        subject = f"tổng hợp kết quả thực hiện phong trào thi đua “Dân vận khéo” {period_words} trên địa bàn tỉnh"
        recipients = [
            "Ban Dân vận Trung ương (để báo cáo);",
            f"Thường trực {committee_word} (để báo cáo);",
            "Ban Dân vận các huyện ủy, thị ủy, thành ủy;",
            "Lưu Ban Dân vận.",
        ]
    else:
        kind = "sơ kết" if document.period_kind == "h1" else "tổng kết"
        subject = f"{kind} phong trào thi đua “Dân vận khéo” {period_words}"
        recipients = [
            "Ban Dân vận Tỉnh ủy (để báo cáo);",
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
        "place": unit.short_name,
        "date": date,
        "place_date": document_date_text(unit.short_name, date),
        "subject": subject,
        "number": document.number,
        "figures": [(label, totals[key]) for key, label in FIGURES],
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
        "signature": getattr(settings, "REPORT_SIGNATURE", DEFAULT_SIGNATURE),
        "signer": document.signer,
        "chart": chart,
        "annex_parts": annex_parts,
        "annex_count": len(stats["annex"]),
        "font_faces": mark_safe(_font_faces()),  # noqa: S308 - built from our own file paths
    }


# The annex is laid out in parts of at most this many practices (and, in the summary, one part per district
# at least), each a separate WeasyPrint document merged with pypdf: layout time grows faster than linearly with
# the length of one document, and a part's memory is freed before the next one is laid out.
ANNEX_PART_SIZE = 400


def _annex_chunks(context):
    chunks = []
    for part in context["annex_parts"]:
        items = part["items"]
        for start in range(0, max(len(items), 1), ANNEX_PART_SIZE):
            chunks.append(
                {
                    "title": not chunks,
                    "board": part["board"],
                    "board_count": len(items),
                    "continued": start > 0,
                    "items": items[start : start + ANNEX_PART_SIZE],
                }
            )
    return chunks or [{"title": True, "board": None, "items": []}]


def render_report_html(document):
    """The report's HTML documents: the body, then one renderer per annex part (see ANNEX_PART_SIZE).

    Annex parts are functions of their first page number, known only once the parts before are laid out.
    """
    context = _context(document)
    parts = [lambda _first_page: render_to_string("reporting/report_pdf.html", {**context, "first_page": 0})]
    for chunk in _annex_chunks(context):
        parts.append(
            lambda first_page, chunk=chunk: render_to_string(
                "reporting/report_annex.html", {**context, "chunk": chunk, "first_page": first_page}
            )
        )
    return parts


def build_report_pdf(document, on_progress=None):
    """The report as a PDF: ``(filename, content_type, bytes)``.

    ``on_progress(done, total)`` is called after each part, so that a long summary shows progress.
    """
    # Imported here: WeasyPrint loads Pango at import time, which the web process needs only for reports.
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    pages = 0
    pdfs = []
    parts = render_report_html(document)
    # Layout allocates millions of objects; without this every garbage collection pass would also walk
    # the statistics and everything the process held before (a fifth of the time on a 6,000-row summary).
    gc.freeze()
    try:
        for done, part in enumerate(parts, start=1):
            rendered = HTML(string=part(pages + 1), base_url=str(FONT_DIR)).render()
            pages += len(rendered.pages)
            # Kept as bytes until the end: parsed pypdf objects would grow the heap each collection walks.
            pdfs.append(rendered.write_pdf())
            del rendered
            if on_progress is not None:
                on_progress(done, len(parts))
    finally:
        gc.unfreeze()
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "pdf")
    writer.add_metadata({"/Title": name.removesuffix(".pdf").replace("-", " "), "/Creator": "Cổng Dân vận khéo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return name, PDF_TYPE, buffer.getvalue()


# --- Excel -------------------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(sheet, row, column, value, *, bold=False):
    """Write one cell; text that a spreadsheet would read as a formula is stored as plain text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Stored as a string with Excel's quote prefix: shown as typed, never evaluated.
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _table(sheet, start_row, header, rows, *, widths=None):
    for column, title in enumerate(header, start=1):
        _cell(sheet, start_row, column, title, bold=True).alignment = Alignment(wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _cell(sheet, start_row + offset, column, value)
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    return start_row + len(rows) + 1


def build_report_xlsx(document):
    """The same tables as the PDF in an Excel workbook: ``(filename, content_type, bytes)``."""
    context = _context(document)
    stats = document.statistics
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    _cell(sheet, 1, 1, f"BÁO CÁO {context['subject'].upper()}", bold=True)
    _cell(sheet, 2, 1, document.unit.name)
    _cell(sheet, 3, 1, f"Kỳ báo cáo: {context['period'].text}")
    _table(sheet, 5, ["Chỉ tiêu", "Số lượng"], context["figures"], widths=[48, 14])

    groups = book.create_sheet("Theo huyện" if document.summary else "Theo đơn vị")
    header = ["Huyện, thị xã, thành phố" if document.summary else "Đơn vị", *(label for _key, label in GROUP_COLUMNS)]
    rows = [[name, *values] for name, values in context["group_rows"]]
    rows.append(["Tổng cộng", *context["total_row"]])
    _table(groups, 1, header, rows, widths=[40] + [11] * len(GROUP_COLUMNS))

    fields = book.create_sheet("Theo lĩnh vực")
    rows = [[name, *values] for name, values in context["field_rows"]]
    rows.append(["Tổng cộng", *context["total_row"]])
    _table(fields, 1, ["Lĩnh vực", *(label for _key, label in GROUP_COLUMNS)], rows, widths=[40] + [11] * 8)

    resources = book.create_sheet("Nguồn lực")
    _table(resources, 1, ["Nguồn lực huy động", "Số lượng", "Đơn vị tính"], context["resources"], widths=[40, 18, 12])

    annex = book.create_sheet("Phụ lục")
    header = ["STT", "Tên mô hình, điển hình", "Đơn vị", "Loại", "Đối tượng", "Lĩnh vực", "Số quyết định", "Ngày"]
    header.append("Tiêu biểu")
    if document.summary:
        header.append("Huyện, thị xã, thành phố")
    rows = []
    for index, item in enumerate(stats["annex"], start=1):
        row = [
            index,
            item["title"],
            item["unit"],
            item["kind"],
            item["subject"],
            item["field"],
            item["decision"],
            item["decision_date"],
            "x" if item["outstanding"] else "",
        ]
        if document.summary:
            row.append(item["board"])
        rows.append(row)
    _table(annex, 1, header, rows, widths=[6, 60, 30, 10, 10, 24, 16, 12, 9, 28])

    buffer = io.BytesIO()
    book.save(buffer)
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "xlsx")
    return name, XLSX_TYPE, buffer.getvalue()


def document_date_text(place, date: datetime.date):
    """'Kinh Môn, ngày 14 tháng 6 năm 2022': days below 10 and months 1-2 take a leading zero (36-HD/VPTW)."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"
