"""Every bad file of the issue is refused with a clear Vietnamese message, and nothing is written."""

import io
import zipfile
from pathlib import Path

import pytest

from models_registry.errors import DomainError
from models_registry.models import AuditEvent, ImportBatch, ImportStatus, Practice
from tests.models_registry.practice_helpers import PDF_BYTES, ooxml_bytes

from .helpers import FIRST_ROW, good_row, upload, with_saved_formula_value, xlsx

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parent / "files"


def refused(demo, content, name="mo-hinh.xlsx"):
    practices, events = Practice.objects.count(), AuditEvent.objects.filter(action="practice.imported").count()
    batch = upload(demo.provincial, demo.province, content, name)
    assert batch.status == ImportStatus.REFUSED
    assert batch.preview == [] and batch.row_count == 0
    assert Practice.objects.count() == practices
    assert AuditEvent.objects.filter(action="practice.imported").count() == events
    return batch.error


def test_a_pdf_or_a_csv_or_a_word_file_is_not_an_xlsx(demo):
    for content in (PDF_BYTES, "Tên mô hình;Đơn vị\nA;B\n".encode(), ooxml_bytes("docx")):
        assert refused(demo, content).startswith("Tệp không phải tệp Excel (.xlsx).")


def test_a_password_protected_file_says_to_remove_the_password(demo):
    # Encrypted by Excel's scheme (msoffcrypto-tool, password "matkhau"): an OLE container, not a zip.
    message = refused(demo, (FILES / "mat-khau.xlsx").read_bytes())
    assert message.startswith("Tệp được đặt mật khẩu nên cổng không đọc được.")
    assert "bỏ mật khẩu" in message


def test_an_excel_97_2003_file_says_to_save_as_xlsx(demo):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    assert "Excel 97–2003 (.xls)" in refused(demo, ole, "cu.xls")


def test_a_truncated_or_damaged_file_is_corrupt(demo):
    content = xlsx([good_row()])
    assert refused(demo, content[: len(content) // 2]).startswith("Tệp Excel bị hỏng, không đọc được.")
    damaged = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(content))
    with zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, b"<workbook><sheets><oops" if info.filename == "xl/workbook.xml" else data)
    assert refused(demo, damaged.getvalue()).startswith("Tệp Excel bị hỏng, không đọc được.")


def test_a_zip_bomb_is_refused_before_it_is_inflated(demo):
    content = xlsx([good_row()])
    bomb = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(content))
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/media/anh.bin", b"\x00" * (64 * 1024 * 1024))  # 64 MB of zeros in ~64 kB
    assert len(bomb.getvalue()) < 200_000
    message = refused(demo, bomb.getvalue())
    assert message.startswith("Tệp bị từ chối: khi giải nén, tệp lớn bất thường")
    assert "bom nén" in message


def test_the_total_uncompressed_size_is_capped(demo, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2000
    assert "lớn bất thường" in refused(demo, xlsx([good_row()]))


def test_a_sheet_without_the_header_row(demo):
    content = xlsx([good_row()], title_rows=False, setup=lambda wb, ws: ws.delete_rows(1))
    message = refused(demo, content)
    assert message.startswith("Không tìm thấy dòng tiêu đề cột trong 10 dòng đầu của trang “Danh sách mô hình”.")


def test_a_header_without_a_required_column(demo):
    content = xlsx([good_row()], keys=["number", "title", "kind", "subject", "unit", "state"])
    assert refused(demo, content) == "Dòng tiêu đề (dòng 3) thiếu cột bắt buộc: “Lĩnh vực”."


def test_merged_cells_in_the_table(demo):
    content = xlsx([good_row(), good_row(title="Hai")], setup=lambda wb, ws: ws.merge_cells("F4:F5"))
    message = refused(demo, content)
    assert message.startswith("Tệp có ô gộp (F4:F5) trong bảng dữ liệu.")


def test_a_merged_title_above_the_header_is_fine(demo):
    batch = upload(demo.provincial, demo.province, xlsx([good_row()], setup=lambda wb, ws: ws.merge_cells("A1:H1")))
    assert batch.status == ImportStatus.CHECKED


def test_a_hidden_sheet(demo):
    def hide(workbook, sheet):
        secret = workbook.create_sheet("Số liệu ẩn")
        secret.append(["không ai thấy"])
        secret.sheet_state = "hidden"

    message = refused(demo, xlsx([good_row()], setup=hide))
    assert message.startswith("Tệp có trang tính bị ẩn (“Số liệu ẩn”).")


def _big_xlsx(rows):
    """A real .xlsx of ``rows`` data rows written as sheet XML directly (openpyxl would take a while)."""
    template = zipfile.ZipFile(io.BytesIO(xlsx([], keys=["title", "field", "unit", "state"], title_rows=False)))
    lines = [
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tên mô hình, điển hình</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Lĩnh vực</t></is></c><c r="C1" t="inlineStr"><is><t>Đơn vị đăng ký</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>Trạng thái</t></is></c></row>',
    ]
    for number in range(2, rows + 2):
        lines.append(
            f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>Mô hình {number}</t></is></c>'
            f'<c r="B{number}" t="inlineStr"><is><t>Kinh tế</t></is></c>'
            f'<c r="C{number}" t="inlineStr"><is><t>An Lưu</t></is></c></row>'
        )
    lines.append("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in template.infolist():
            data = "".join(lines).encode() if info.filename == "xl/worksheets/sheet1.xml" else template.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def test_100000_rows_are_refused_above_the_cap(demo):
    content = _big_xlsx(100_000)
    message = refused(demo, content)
    assert message.startswith("Tệp có hơn 20.000 dòng dữ liệu, vượt giới hạn một lần nhập.")


def test_the_row_cap_is_a_setting(demo, settings):
    settings.IMPORT_MAX_ROWS = 2
    assert "hơn 2 dòng dữ liệu" in refused(demo, xlsx([good_row(title=f"Mô hình {n}") for n in range(3)]))
    settings.IMPORT_MAX_ROWS = 3
    assert upload(demo.provincial, demo.province, xlsx([good_row(title=f"Mô hình {n}") for n in range(3)])).status == (
        ImportStatus.CHECKED
    )


def test_a_file_too_large_is_refused_before_it_is_stored(demo, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(DomainError, match=r"^Tệp quá lớn \(.*\)\. Dung lượng tối đa là 1000"):
        upload(demo.provincial, demo.province, xlsx([good_row()]))
    assert not ImportBatch.objects.exists()


def test_formulas_use_the_saved_value_and_are_never_evaluated(demo):
    # Budget as a formula: Excel saved 2000 with it. The portal reads 2000 and never computes "1000*3".
    def formula(workbook, sheet):
        sheet[f"AD{FIRST_ROW}"] = "=1000*3"
        sheet[f"B{FIRST_ROW + 1}"] = '=CONCAT("Mô hình ", "tính")'

    content = with_saved_formula_value(xlsx([good_row(), good_row(title="x")], setup=formula), f"AD{FIRST_ROW}", "2000")
    batch = upload(demo.provincial, demo.province, content)
    assert batch.status == ImportStatus.CHECKED
    rows = {row["row"]: row for row in batch.preview}
    saved = rows[FIRST_ROW]["problems"]
    assert saved == [
        {
            "column": "AD",
            "header": "Kinh phí (đồng)",
            "level": "warning",
            "message": "Ô có công thức (=1000*3): dùng giá trị đã lưu trong tệp “2000”, không tính lại.",
        }
    ]
    unsaved = rows[FIRST_ROW + 1]["problems"][0]
    assert unsaved["column"] == "B" and unsaved["level"] == "error"
    assert unsaved["message"].startswith('Ô có công thức (=CONCAT("Mô hình ", "tính")) nhưng tệp không lưu kết quả')
    assert batch.counts["errors"] == 1
    assert Practice.objects.filter(title="x").count() == 0
