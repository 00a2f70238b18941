"""Imports within bounds: amplifying files are refused after a bounded read, a pending shop imports less,
the import task has its own queue, amounts above core.limits are row errors."""

import datetime
import io

import pytest
from django.utils import timezone

from hangviet.catalog.imports import parse
from hangviet.catalog.models import ImportJob, Product
from hangviet.catalog.tasks import import_products
from hangviet.core.spreadsheets import ReadCounters
from hangviet.sellers.models import Seller
from tests.catalog.test_import import HEADER, row, xlsx_bytes
from tests.catalog.test_import_pages import upload, url
from tests.hostile_files import header_row_xml, xlsx_blank_rows, xlsx_cell_at_xfd, xlsx_from_rows_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def pending_shop(f, client):
    f.commune("29242")
    owner = f.user()
    seller = f.seller(owner=owner, status=Seller.Status.PENDING)
    client.force_login(owner)
    return seller, owner


def read(content: bytes, kind: str = "xlsx") -> tuple[str, ReadCounters]:
    """The code the reader refuses `content` with, and how much it read before."""
    counters = ReadCounters()
    with pytest.raises(parse.ImportRejected) as caught:
        parse.read_sheet(io.BytesIO(content), kind, counters=counters)
    [error] = caught.value.errors
    return error["code"], counters


# --- The two amplification files of the issue -----------------------------------------------------------


def test_a_cell_at_column_xfd_on_10000_rows_is_refused_after_a_bounded_read(
    seller_signed_in, client, capture
):
    seller, _owner = seller_signed_in
    content = xlsx_cell_at_xfd(HEADER, rows=10_000)
    assert len(content) < 60_000  # the 54 KB file of the report

    response = upload(client, seller, content, "xfd.xlsx", capture)

    job = ImportJob.objects.get(seller=seller)
    assert response.status_code == 302
    assert job.status == ImportJob.Status.FAILED
    [error] = job.errors
    assert error["code"] == "empty_file"
    assert "30 cột đầu (A–AD)" in error["message"]
    assert "1.000 dòng trống liên tiếp" in error["message"]
    assert not Product.objects.filter(seller=seller).exists()
    code, counters = read(content)
    assert code == "empty_file"
    # The header and the 1,000 blank rows that end the data, 30 cells each at most: never 10,000 rows
    # of 16,384 cells.
    assert counters.rows == 1 + 1000
    assert counters.cells == 30  # only the header was handed over


def test_a_file_of_blank_rows_is_refused_after_a_bounded_read(seller_signed_in, client, capture):
    seller, _owner = seller_signed_in
    content = xlsx_blank_rows(HEADER, rows=5_000)  # each blank row has an empty cell at XFD

    response = upload(client, seller, content, "trong.xlsx", capture)

    assert response.status_code == 302
    job = ImportJob.objects.get(seller=seller)
    assert job.status == ImportJob.Status.FAILED
    assert [e["code"] for e in job.errors] == ["empty_file"]
    assert not Product.objects.filter(seller=seller).exists()
    code, counters = read(content)
    assert (code, counters.rows, counters.cells, counters.stopped_at) == ("empty_file", 1001, 30, 1001)


def test_a_row_far_below_the_declared_size_does_not_make_a_million_empty_rows():
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>X</t></is></c></row>'
    content = xlsx_from_rows_xml([header_row_xml(HEADER), far], dimension="A1:XFD1048576")
    code, counters = read(content)
    assert (code, counters.rows) == ("empty_file", 1001)


def test_too_many_rows_scanned_are_refused_naming_the_bound(monkeypatch):
    monkeypatch.setattr(parse, "MAX_SHEET_ROWS", 50)
    content = xlsx_bytes([row(f"S-{i}") if i % 2 else [None] * 11 for i in range(60)])
    code, counters = read(content)
    assert (code, counters.rows) == ("too_many_sheet_rows", 51)


def test_reading_and_validating_stop_at_the_deadline(seller_signed_in, monkeypatch, capture):
    seller, owner = seller_signed_in
    monkeypatch.setattr(parse, "MAX_SECONDS", 0)
    from tests.catalog.test_import import run

    job = run(owner, seller, xlsx_bytes([row(f"S-{i}") for i in range(150)]), callbacks=capture)
    assert job.status == ImportJob.Status.FAILED
    [error] = job.errors
    assert error["code"] == "too_slow"
    assert "0 giây" in error["message"]
    assert not Product.objects.filter(seller=seller).exists()


def test_a_csv_line_longer_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(parse, "MAX_LINE_CHARS", 1000)
    content = (";".join(HEADER) + "\r\n" + "A;" + "x" * 200_000 + "\r\n").encode()
    code, counters = read(content, "csv")
    assert code == "line_too_long"
    assert counters.rows == 1


def test_a_csv_row_of_many_separators_hands_over_at_most_30_cells():
    product = ";".join(str(v) for v in row("OK-1")[:6])
    content = (";".join(HEADER) + "\r\n" + ";" * 50_000 + "A\r\n" + product + "\r\n").encode()
    counters = ReadCounters()
    sheet = parse.read_sheet(io.BytesIO(content), "csv", counters=counters)
    assert [number for number, _cells in sheet.rows] == [3]  # row 2 is blank in its first 30 columns
    assert (counters.rows, counters.cells) == (3, 11 + 6)


def test_a_workbook_with_too_many_parts_is_refused_at_upload(seller_signed_in, client, capture):
    seller, _owner = seller_signed_in
    content = xlsx_from_rows_xml([header_row_xml(HEADER)], extra_members=250)
    response = upload(client, seller, content, "nhieu.xlsx", capture)
    assert response.status_code == 400
    assert "200 thành phần" in " ".join(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


# --- Shops not verified yet ----------------------------------------------------------------------------


def test_a_pending_shop_imports_at_most_200_rows_a_file(pending_shop, client, capture):
    seller, _owner = pending_shop
    page = client.get(url("index", seller)).content.decode()
    assert "mỗi tệp tối đa 200 dòng, tối đa 5 lần nhập trong 24 giờ" in page

    upload(client, seller, xlsx_bytes([row(f"S-{i}") for i in range(201)]), "lon.xlsx", capture)

    job = ImportJob.objects.get(seller=seller)
    assert job.status == ImportJob.Status.FAILED
    [error] = job.errors
    assert (error["row"], error["code"]) == (202, "too_many_rows")
    assert "chưa được xác minh" in error["message"] and "200 dòng" in error["message"]
    assert not Product.objects.filter(seller=seller).exists()
    upload(client, seller, xlsx_bytes([row(f"S-{i}") for i in range(200)]), "vua.xlsx", capture)
    assert Product.objects.filter(seller=seller).count() == 200


def test_a_pending_shop_starts_at_most_5_imports_a_day(pending_shop, client, capture):
    seller, owner = pending_shop
    for n in range(5):
        ImportJob.objects.create(seller=seller, actor=owner, original_name=f"{n}.xlsx", file="imports/x.xlsx")
    response = upload(client, seller, xlsx_bytes([row("A")]), "sau.xlsx", capture)
    assert response.status_code == 400
    [message] = response.context["form"].errors["file"]
    assert "chỉ nhập được 5 tệp trong 24 giờ" in message
    assert ImportJob.objects.count() == 5
    assert not Product.objects.filter(seller=seller).exists()
    # A day later the place is free again.
    ImportJob.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert upload(client, seller, xlsx_bytes([row("A")]), "sau.xlsx", capture).status_code == 302
    assert Product.objects.filter(seller=seller).count() == 1


def test_a_verified_shop_starts_at_most_50_imports_a_day(seller_signed_in, client, capture):
    seller, owner = seller_signed_in
    ImportJob.objects.bulk_create(
        ImportJob(seller=seller, actor=owner, original_name=f"{n}.xlsx", file="imports/x.xlsx")
        for n in range(50)
    )
    response = upload(client, seller, xlsx_bytes([row("A")]), "sau.xlsx", capture)
    assert response.status_code == 400
    assert "50 tệp trong 24 giờ qua" in response.context["form"].errors["file"][0]


def test_a_valid_file_still_imports(seller_signed_in, client, capture):
    seller, _owner = seller_signed_in
    response = upload(client, seller, xlsx_bytes([row("A"), [None] * 11, row("B")]), "hang.xlsx", capture)
    assert response.status_code == 302
    job = ImportJob.objects.get(seller=seller)
    assert (job.status, job.created_count) == (ImportJob.Status.DONE, 2)


# --- Amounts within core.limits ------------------------------------------------------------------------


def test_a_price_or_stock_above_the_platform_bound_is_a_row_error_naming_the_column(
    seller_signed_in, capture
):
    seller, owner = seller_signed_in
    from tests.catalog.test_import import run

    content = xlsx_bytes(
        [
            row("A", price=1_000_000_001),
            row("B", price="9e18"),
            row("C", stock=10_000_001),
            row("D", stock="100000000000000000000"),
            row("E", price=1_000_000_000, stock=10_000_000),  # at the bounds: fine
        ]
    )
    job = run(owner, seller, content, callbacks=capture)
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (2, "Giá (VND)", "price_too_large"),
        (3, "Giá (VND)", "invalid_price"),
        (4, "Tồn kho", "stock_too_large"),
        (5, "Tồn kho", "stock_too_large"),
    ]
    assert job.errors[0]["message"] == "Giá quá lớn: tối đa 1.000.000.000\u00a0₫."
    assert job.errors[2]["message"] == "Tồn kho quá lớn: tối đa 10.000.000."
    assert not Product.objects.filter(seller=seller).exists()


def test_the_import_task_runs_on_the_imports_queue(settings):
    assert import_products.queue_name == "imports"
    assert "imports" in settings.TASK_QUEUES
