"""Open data (dữ liệu mở): the recognized practices of the public showcase as JSON, CSV and Excel.

Exactly the practices of the public page (``selectors_review.public_practices``, the same columns: never contact
data nor who typed it), with stable ids (the practice's id, which is also its public page), a licence note, built
at most once per OPEN_DATA_CACHE_SECONDS in the shared cache and served with an ETag.
"""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from models_registry.exports import XLSX_TYPE, neutralize
from models_registry.selectors.public import public_practices

CACHE_KEY = "open-data:{fmt}:v1"
FORMATS = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
}
# The CSV / Excel columns, in order; the JSON rows carry the same keys (recognitions as a list there).
COLUMNS = [
    "id",
    "url",
    "title",
    "kind",
    "kind_label",
    "subject",
    "subject_label",
    "field_id",
    "field",
    "unit_id",
    "unit",
    "board_id",
    "board",
    "recognized_on",
    "outstanding",
    "recognitions",
    "summary",
    "results",
    "people_reached",
    "money_mobilized_vnd",
    "workdays_mobilized",
    "land_donated_m2",
]


def open_data_rows():
    """One dict per recognized practice of the public page, newest recognition first."""
    site = settings.SITE_URL.rstrip("/")
    for practice in public_practices().iterator(chunk_size=2000):
        recognitions = [
            {
                "level": recognition.level,
                "decision_number": recognition.decision.number,
                "decision_date": recognition.decision.date.isoformat(),
                "outstanding": recognition.outstanding,
            }
            for recognition in practice.recognitions.all()
        ]
        yield {
            "id": practice.pk,
            "url": site + reverse("public_detail", args=[practice.pk]),
            "title": practice.title,
            "kind": practice.kind,
            "kind_label": practice.get_kind_display(),
            "subject": practice.subject,
            "subject_label": practice.get_subject_display(),
            "field_id": practice.field.pk,
            "field": practice.field.name,
            "unit_id": practice.unit.pk,
            "unit": practice.unit.name,
            "board_id": practice.board.pk,
            "board": practice.board.name,
            "recognized_on": timezone.localdate(practice.recognized_at).isoformat() if practice.recognized_at else None,
            "outstanding": any(r["outstanding"] for r in recognitions),
            "recognitions": recognitions,
            "summary": practice.summary,
            "results": practice.results,
            "people_reached": practice.people_reached,
            "money_mobilized_vnd": practice.money_mobilized_vnd,
            "workdays_mobilized": practice.workdays_mobilized,
            "land_donated_m2": practice.land_donated_m2,
        }


def licence():
    return {
        "name": settings.OPEN_DATA_LICENCE["name"],
        "url": settings.OPEN_DATA_LICENCE["url"],
        "note": _(
            "Dữ liệu các mô hình, điển hình “Dân vận khéo” đã được công nhận, công bố để học tập, nhân rộng. "
            "Khi sử dụng lại, vui lòng ghi nguồn: Cổng Dân vận khéo. Không bao gồm thông tin liên hệ cá nhân."
        ),
    }


def _flat(row):
    """A row for CSV / Excel: recognitions as "45-QĐ/BDVHU (2024-05-20)", text neutralized against formulas."""
    flat = dict(row)
    flat["recognitions"] = "; ".join(f"{r['decision_number']} ({r['decision_date']})" for r in row["recognitions"])
    return {name: neutralize(flat[name]) for name in COLUMNS}


def build_json():
    rows = list(open_data_rows())
    document = {
        "title": _("Mô hình, điển hình “Dân vận khéo” đã được công nhận"),
        "source": settings.SITE_URL.rstrip("/") + reverse("public_list"),
        "licence": licence(),
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "practices": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def build_csv():
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese correctly only with the BOM
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in open_data_rows():
        writer.writerow(_flat(row))
    return buffer.getvalue().encode()


def build_xlsx():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Mô hình được công nhận")[:31])
    sheet.append(COLUMNS)
    for row in open_data_rows():
        sheet.append([_flat(row)[name] for name in COLUMNS])
    note = workbook.create_sheet(title=_("Giấy phép")[:31])
    details = licence()
    for line in (details["note"], details["name"], details["url"], timezone.now().isoformat()):
        note.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BUILDERS = {"json": build_json, "csv": build_csv, "xlsx": build_xlsx}


def open_data_file(fmt):
    """(content, etag) of one format: from the cache, else built in Vietnamese and kept for the configured time."""
    key = CACHE_KEY.format(fmt=fmt)
    cached = cache.get(key)
    if cached is None:
        with translation.override("vi"):
            content = BUILDERS[fmt]()
        cached = (content, hashlib.sha256(content).hexdigest()[:32])
        cache.set(key, cached, settings.OPEN_DATA_CACHE_SECONDS)
    return cached


def open_data_clear():
    cache.delete_many([CACHE_KEY.format(fmt=fmt) for fmt in FORMATS])


@require_GET
def open_data(request, fmt):
    content, digest = open_data_file(fmt)
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=FORMATS[fmt])
        if fmt != "json":
            response["Content-Disposition"] = f'attachment; filename="mo-hinh-dan-van-kheo.{fmt}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.OPEN_DATA_CACHE_SECONDS}"
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
