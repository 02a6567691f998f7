"""Build a report synchronously, without Celery: for operators and for checks."""

import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pypdf import PdfReader

from models_registry.models import Unit, UnitLevel
from reporting.builders.document import ReportDocument
from reporting.builders.pdf import build_report_pdf
from reporting.builders.xlsx import build_report_xlsx
from reporting.models import ReportPeriod
from reporting.selectors import report_statistics


class Command(BaseCommand):
    help = (
        "Build the report of a district board (or, with the province's code, the provincial summary) for a "
        "period and write the PDF (and the .xlsx beside it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="official code of the board or province, e.g. 292, 30")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--period", required=True, choices=ReportPeriod.values)
        parser.add_argument("--out", help="PDF file to write (default: the report's own file name)")
        parser.add_argument("--no-xlsx", action="store_true", help="do not write the Excel twin")

    def handle(self, *args, unit, year, period, out=None, no_xlsx=False, **options):
        board = Unit.objects.filter(code=unit).first()
        if board is None:
            raise CommandError(f"No unit with code {unit}.")
        if board.level != UnitLevel.PROVINCE and not board.reviews:
            raise CommandError(f"{board.name} is not a reviewing board; give a district's or the province's code.")
        started = time.perf_counter()
        statistics = report_statistics(unit=board, period_kind=period, year=year)
        document = ReportDocument(unit=board, period_kind=period, year=year, statistics=statistics)
        name, _type, pdf = build_report_pdf(document)
        target = Path(out or name)
        target.write_bytes(pdf)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        self.stdout.write(f"{target}: {pages} pages, {len(pdf):,} bytes")
        if not no_xlsx:
            _name, _type, xlsx = build_report_xlsx(document)
            xlsx_target = target.with_suffix(".xlsx")
            xlsx_target.write_bytes(xlsx)
            self.stdout.write(f"{xlsx_target}: {len(xlsx):,} bytes")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(statistics['annex'])} practices recognized in the period; built in "
                f"{time.perf_counter() - started:.1f} s"
            )
        )
