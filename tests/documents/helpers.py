"""Builders for the document tests: decisions issued through the service, PDF text and QR codes read back."""

import datetime
import io

import segno
from pypdf import PdfReader

from models_registry import services
from tests.models_registry.review_fixtures import other_commune, proposed

DAY = datetime.date(2026, 3, 2)


def district_decision(demo, *, titles=("Hiến đất làm đường", "Camera an ninh"), outstanding_first=True):
    second = other_commune(demo.kinh_mon, demo.an_luu)
    practices = [
        proposed(unit, title=title, contact_phone="0912 345 678")
        for unit, title in zip([demo.an_luu, second], titles, strict=False)
    ]
    decision = services.decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=practices,
        number="",
        date=DAY,
        signer="Phạm Quốc Khánh",
        outstanding_ids=[practices[0].pk] if outstanding_first else [],
    )
    return decision, practices


def provincial_decision(demo, practices):
    return services.practice_recognize_provincial(
        actor=demo.provincial,
        province=demo.province,
        practices=practices,
        number="",
        date=DAY + datetime.timedelta(days=10),
        signer="Vũ Đức Thắng",
    )


def pdf_reader(content):
    return PdfReader(io.BytesIO(content))


def pdf_text(content):
    """The text of every page, lines joined by spaces (WeasyPrint breaks long lines where the layout does)."""
    return " ".join(" ".join(page.extract_text().split()) for page in pdf_reader(content).pages)


def qr_modules(image):
    """Read a QR code image back into its module matrix (dark = True), without the quiet zone.

    The image is the one the builder embeds (segno PNG, 4 px modules, 2-module border): sample each module's centre.
    """
    gray = image.convert("L")
    width = gray.width
    scale = 4
    size = width // scale
    border = 2
    return [
        [gray.getpixel((x * scale + scale // 2, y * scale + scale // 2)) < 128 for x in range(border, size - border)]
        for y in range(border, size - border)
    ]


def qr_matrix(url):
    return [[bool(cell) for cell in row] for row in segno.make(url, error="m").matrix]
