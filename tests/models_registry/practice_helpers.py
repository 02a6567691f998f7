"""Helpers shared by the practice-side tests: practices in a given state, small valid files."""

import io
import zipfile

from models_registry.models import Field, Phase, Practice
from tests.factories import PracticeFactory

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ooxml_bytes(kind):
    """A minimal DOCX or XLSX zip with the parts Word / Excel write."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if kind == "docx":
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def make_practice(unit, state="draft", **kwargs):
    """A practice of ``unit`` put directly in ``state`` (the workflow itself is tested in test_services)."""
    kwargs.setdefault("field", Field.objects.get(code="kinh-te"))
    kwargs.setdefault("phase", Phase.objects.get(name="2021–2025"))
    practice = PracticeFactory(unit=unit, **kwargs)
    if state != "draft":
        Practice.objects.filter(pk=practice.pk).update(state=state)
        practice.refresh_from_db()
    return practice
