"""Product import from XLSX/CSV: every bad row reported, all-or-nothing, create or update by SKU."""

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from hangviet.catalog.imports import export, parse, validate, write
from hangviet.catalog.models import Category, ImportJob, Product, StockMove

pytestmark = pytest.mark.django_db

HEADER = [
    "SKU",
    "Tên sản phẩm",
    "Mã danh mục",
    "Đơn vị",
    "Quy cách",
    "Giá (VND)",
    "Tồn kho",
    "GTIN",
    "Mã xã xuất xứ",
    "Trạng thái",
    "Mô tả",
]
REQUIRED = ["SKU", "Tên sản phẩm", "Mã danh mục", "Đơn vị", "Giá (VND)"]
VALID_GTIN = "8934563138011"  # EAN-13 with a correct check digit


def xlsx_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header if header is not None else HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(sku: str = "MO-1", **kw: Any) -> list[Any]:
    values = {
        "name": "Mật ong hoa nhãn",
        "category": "I.2.2",
        "unit": "hũ",
        "net_quantity": "500 g",
        "price": 120000,
        "stock": 10,
        "gtin": "",
        "commune": "29242",
        "status": "Đang bán",
        "description": "Mật ong nguyên chất.",
    }
    values.update(kw)
    return [sku, *values.values()]


@pytest.fixture
def shop(f):
    f.commune("29242")
    owner = f.user()
    return f.seller(owner=owner), owner


def run(owner, seller, content: bytes, name: str = "san-pham.xlsx", callbacks=None) -> ImportJob:
    """Upload through the service and run the task (the ImmediateBackend runs it on commit)."""
    with callbacks(execute=True):
        job = write.start_import(actor=owner, seller=seller, uploaded_file=SimpleUploadedFile(name, content))
    job.refresh_from_db()
    return job


@pytest.fixture
def do_import(django_capture_on_commit_callbacks):
    def go(owner, seller, content, name="san-pham.xlsx"):
        return run(owner, seller, content, name, django_capture_on_commit_callbacks)

    return go


def test_every_bad_row_is_reported_and_nothing_is_imported(shop, f, do_import):
    seller, owner = shop
    existing = f.product(seller, sku="OLD-1", name="Tên cũ", price_vnd=50000, stock=5)
    products_before = Product.objects.count()
    content = xlsx_bytes(
        [
            row("OLD-1", name="Tên mới", price=99000, stock=7),  # 2: valid update, must not be applied
            row("A-1", name=""),  # 3: missing required value
            row("A-2", price="12,5"),  # 4: price not an integer
            row("A-3", price=0),  # 5: price ≤ 0
            row("A-4", stock=-3),  # 6: negative stock
            row("A-5", stock="1.5"),  # 7: non-integer stock
            row("A-6", unit="thùng"),  # 8: unknown unit
            row("A-7", category="IX.9"),  # 9: unknown category
            row("A-8", gtin="8934563138017"),  # 10: bad check digit
            row("A-9", commune="99999"),  # 11: unknown commune
            row("A-10", status="bán chạy"),  # 12: unknown status
            row("A-11"),  # 13: first use of the SKU: fine
            row("A-11"),  # 14: SKU duplicated inside the file
            row("A-12", name="x" * 201),  # 15: name too long
            row("A-13", price="-120.000 ₫"),  # 16: negative price with separators
        ]
    )

    job = do_import(owner, seller, content)

    assert job.status == ImportJob.Status.FAILED
    found = {(e["row"], e["column"], e["code"]) for e in job.errors}
    assert found == {
        (3, "Tên sản phẩm", "required"),
        (4, "Giá (VND)", "invalid_price"),
        (5, "Giá (VND)", "price_not_positive"),
        (6, "Tồn kho", "negative_stock"),
        (7, "Tồn kho", "invalid_stock"),
        (8, "Đơn vị", "unknown_unit"),
        (9, "Mã danh mục", "unknown_category"),
        (10, "GTIN", "invalid_gtin"),
        (11, "Mã xã xuất xứ", "unknown_commune"),
        (12, "Trạng thái", "unknown_status"),
        (14, "SKU", "duplicate_sku"),
        (15, "Tên sản phẩm", "too_long"),
        (16, "Giá (VND)", "price_not_positive"),
    }
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "dòng 13" in messages[14]
    assert "thùng" in messages[8]
    assert "IX.9" in messages[9]
    assert all(e["message"] for e in job.errors)
    assert job.processed_rows == job.total_rows == 15
    assert Product.objects.count() == products_before
    existing.refresh_from_db()
    assert (existing.name, existing.price_vnd, existing.stock) == ("Tên cũ", 50000, 5)
    assert not StockMove.objects.filter(product=existing).exists()


def test_valid_xlsx_imports_every_row(shop, do_import):
    seller, owner = shop
    content = xlsx_bytes(
        [
            row("MO-1", gtin=VALID_GTIN, price="120.000 ₫"),
            row("MO-2", name="Mật ong rừng", category="mat-ong-mat-hoa", price="250,000", stock=None),
            row("GAO-1", name="Gạo ST25", category="I.2.1", unit="kg", price=35000, status="", commune=None),
        ]
    )

    job = do_import(owner, seller, content)

    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count, job.total_rows) == (3, 0, 3)
    products = {p.sku: p for p in Product.objects.filter(seller=seller)}
    assert set(products) == {"MO-1", "MO-2", "GAO-1"}
    mo1 = products["MO-1"]
    assert (mo1.price_vnd, mo1.stock, mo1.gtin, mo1.unit, mo1.status) == (
        120000,
        10,
        "0" + VALID_GTIN,
        "hũ",
        Product.Status.ACTIVE,
    )
    assert mo1.category.code == "I.2.2" and mo1.origin_commune_id == "29242"
    assert products["MO-2"].price_vnd == 250000 and products["MO-2"].stock == 0
    gao = products["GAO-1"]
    assert gao.status == Product.Status.DRAFT and gao.origin_commune_id is None
    assert StockMove.objects.get(product=mo1).delta == 10


def test_csv_with_bom_and_semicolons_imports(shop, do_import):
    seller, owner = shop
    lines = [
        ";".join(HEADER),
        'NM-1;Nước mắm cá cơm;I.4.1;chai;500 ml;"85.000 ₫";20;;29242;Đang bán;Nước mắm truyền thống',
        "NM-2;Nước mắm nhĩ;I.4.1;chai;;120.000đ;1.200;;;draft;",
        "",
    ]
    content = ("\ufeff" + "\r\n".join(lines)).encode("utf-8")

    job = do_import(owner, seller, content, name="nuoc-mam.csv")

    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.created_count == 2
    nm1 = Product.objects.get(seller=seller, sku="NM-1")
    assert (nm1.name, nm1.price_vnd, nm1.stock, nm1.net_quantity) == ("Nước mắm cá cơm", 85000, 20, "500 ml")
    nm2 = Product.objects.get(seller=seller, sku="NM-2")
    assert (nm2.price_vnd, nm2.stock, nm2.status) == (120000, 1200, Product.Status.DRAFT)


def test_csv_with_commas_and_english_headers_imports(shop, do_import):
    seller, owner = shop
    header = "sku,name,category code,unit,net quantity,price (vnd),stock,gtin,origin commune code,status,"
    header += "description"
    content = (header + '\nT-1,Trà sen,I.5.1,gói,100 g,"45,000",3,,,active,\n').encode("utf-8")

    job = do_import(owner, seller, content, name="tra.csv")

    assert job.status == ImportJob.Status.DONE, job.errors
    product = Product.objects.get(seller=seller, sku="T-1")
    assert (product.price_vnd, product.unit, product.status) == (45000, "gói", Product.Status.ACTIVE)


def csv_rows(*cells: tuple[str, str, str]) -> bytes:
    """A CSV of rows (sku, price cell, stock cell), the other columns valid."""
    lines = [";".join(HEADER)] + [
        f"{sku};Mật ong;I.2.2;hũ;;{price};{stock};;;;" for sku, price, stock in cells
    ]
    return "\r\n".join(lines).encode("utf-8")


def test_numbers_written_as_text_the_vietnamese_way_import(shop, do_import):
    seller, owner = shop
    content = csv_rows(
        ("A", "125.000", "1.250"), ("B", "125 000", "2 000"), ("C", "125\u00a0000 ₫", "3\u202f000")
    )

    job = do_import(owner, seller, content, name="so.csv")

    assert job.status == ImportJob.Status.DONE, job.errors
    values = dict(Product.objects.filter(seller=seller).values_list("sku", "price_vnd"))
    assert values == {"A": 125000, "B": 125000, "C": 125000}
    stocks = dict(Product.objects.filter(seller=seller).values_list("sku", "stock"))
    assert stocks == {"A": 1250, "B": 2000, "C": 3000}


def test_ambiguous_numbers_are_row_errors(shop, do_import):
    """ "1.25" or "0.500" may be a fraction or thousands: refused, as in every form (core.money.parse_vnd)."""
    seller, owner = shop
    content = csv_rows(
        ("A", "1.25", "1"), ("B", "0.500", "1"), ("C", "125000", "1.25"), ("D", "12.34.5", "1")
    )

    job = do_import(owner, seller, content, name="so.csv")

    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (2, "Giá (VND)", "invalid_price"),
        (3, "Giá (VND)", "invalid_price"),
        (4, "Tồn kho", "invalid_stock"),
        (5, "Giá (VND)", "invalid_price"),
    ]
    assert job.errors[0]["message"] == (
        "Giá «1.25» không phải số nguyên đồng (ví dụ: 120000, 120.000 hoặc 120.000 ₫)."
    )
    assert not Product.objects.filter(seller=seller).exists()


def test_existing_sku_updates_the_product(shop, f, do_import):
    seller, owner = shop
    product = f.product(seller, sku="MO-1", name="Mật ong cũ", price_vnd=100000, stock=4)
    untouched = f.product(seller, sku="KHAC", name="Không có trong tệp", stock=9)
    other_seller_product = f.product(f.seller(), sku="MO-1", name="Của người khác", price_vnd=1000)

    job = do_import(owner, seller, xlsx_bytes([row("MO-1", name="Mật ong mới", price=130000, stock=12)]))

    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count) == (0, 1)
    product.refresh_from_db()
    assert (product.name, product.price_vnd, product.stock) == ("Mật ong mới", 130000, 12)
    move = StockMove.objects.get(product=product)
    assert (move.delta, move.stock_after, move.actor) == (8, 12, owner)
    untouched.refresh_from_db()
    assert untouched.stock == 9
    other_seller_product.refresh_from_db()
    assert (other_seller_product.name, other_seller_product.price_vnd) == ("Của người khác", 1000)


def test_empty_stock_and_status_leave_them_unchanged(shop, f, do_import):
    seller, owner = shop
    product = f.product(seller, sku="MO-1", stock=4, status=Product.Status.ARCHIVED)

    job = do_import(owner, seller, xlsx_bytes([row("MO-1", stock=None, status=None)]))

    assert job.status == ImportJob.Status.DONE, job.errors
    product.refresh_from_db()
    assert (product.stock, product.status) == (4, Product.Status.ARCHIVED)


def test_a_write_refused_by_the_database_rolls_back_every_row(shop, f, do_import, monkeypatch):
    seller, owner = shop
    product = f.product(seller, sku="OLD", name="Tên cũ", stock=1)

    def refuse(*args, **kwargs):
        raise IntegrityError("simulated conflict")

    # Products are created and updated first; the stock moves come last and are refused.
    monkeypatch.setattr(StockMove.objects, "bulk_create", refuse)
    job = do_import(owner, seller, xlsx_bytes([row("NEW-1"), row("OLD", name="Tên mới", stock=5)]))

    assert job.status == ImportJob.Status.FAILED
    assert [e["code"] for e in job.errors] == ["conflict"]
    assert not Product.objects.filter(seller=seller, sku="NEW-1").exists()
    product.refresh_from_db()
    assert (product.name, product.stock) == ("Tên cũ", 1)


def test_new_products_get_unique_slugs(shop, f, do_import):
    seller, owner = shop
    f.product(f.seller(), name="Mật ong", slug="mat-ong")
    f.product(f.seller(), name="Mật ong", slug="mat-ong-2")
    job = do_import(owner, seller, xlsx_bytes([row("A", name="Mật ong"), row("B", name="Mật ong")]))
    assert job.status == ImportJob.Status.DONE, job.errors
    slugs = dict(Product.objects.filter(seller=seller).values_list("sku", "slug"))
    assert slugs == {"A": "mat-ong-3", "B": "mat-ong-4"}
    assert Product.objects.get(seller=seller, sku="A").name_folded == "mat ong"


@pytest.mark.parametrize(
    ("header", "code", "column"),
    [
        ([h for h in HEADER if h != "Đơn vị"], "missing_column", "Đơn vị"),
        ([*HEADER, "Giá"], "duplicate_column", "Giá (VND)"),
    ],
)
def test_header_problems_are_reported(shop, do_import, header, code, column):
    seller, owner = shop
    job = do_import(owner, seller, xlsx_bytes([["X"] * len(header)], header=header))
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [(1, column, code)]


def test_a_file_without_products_is_reported_empty(shop, do_import):
    seller, owner = shop
    job = do_import(owner, seller, xlsx_bytes([[None] * 11, []]))
    assert job.status == ImportJob.Status.FAILED
    assert [e["code"] for e in job.errors] == ["empty_file"]
    job = do_import(owner, seller, b"\xef\xbb\xbf\r\n", name="trong.csv")
    assert [e["code"] for e in job.errors] == ["empty_file"]


def test_too_many_rows_are_refused(shop, do_import, monkeypatch):
    seller, owner = shop
    monkeypatch.setattr(parse, "MAX_ROWS", 3)
    job = do_import(owner, seller, xlsx_bytes([row(f"S-{i}") for i in range(4)]))
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["code"]) for e in job.errors] == [(5, "too_many_rows")]
    assert not Product.objects.filter(seller=seller).exists()


def test_blank_rows_are_skipped_but_keep_their_row_numbers(shop, do_import):
    seller, owner = shop
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row("A"))
    sheet.cell(row=6, column=1, value="B")  # rows 3 to 5 do not exist in the file at all
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = do_import(owner, seller, buffer.getvalue())
    assert [(e["row"], e["column"]) for e in job.errors] == [(6, c) for c in HEADER if c in REQUIRED[1:]]


def test_errors_beyond_the_listed_limit_are_counted(shop, do_import, monkeypatch):
    seller, owner = shop
    monkeypatch.setattr(write, "MAX_LISTED_ERRORS", 2)
    job = do_import(owner, seller, xlsx_bytes([row(f"S-{i}", unit="?") for i in range(5)]))
    assert [e["code"] for e in job.errors] == ["unknown_unit", "unknown_unit", "more_errors"]
    assert "3" in job.errors[-1]["message"]


def test_running_a_job_twice_does_nothing_the_second_time(shop, do_import):
    seller, owner = shop
    job = do_import(owner, seller, xlsx_bytes([row("A")]))
    write.run_import(job.pk)
    assert Product.objects.filter(seller=seller).count() == 1
    assert ImportJob.objects.get(pk=job.pk).created_count == 1


def test_errors_are_written_in_the_uploaders_language(shop, django_capture_on_commit_callbacks):
    seller, owner = shop
    with translation.override("en"):
        job = run(
            owner, seller, xlsx_bytes([row("A", price=0)]), callbacks=django_capture_on_commit_callbacks
        )
        expected = gettext("Giá phải lớn hơn 0.")
    assert job.errors[0]["code"] == "price_not_positive"
    assert job.errors[0]["message"] == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("120000", True, 120000),
        ("120.000", True, 120000),
        ("120,000", True, 120000),
        ("1.200.000 ₫", True, 1200000),
        ("120 000 VND", True, 120000),
        ("120000đ", True, 120000),
        ("120.000 đồng", True, 120000),
        (120000, True, 120000),
        (120000.0, True, 120000),
        ("12,5", True, None),
        ("1.200,50", True, None),
        ("1,200.000", True, None),
        (120.5, True, None),
        ("12k", True, None),
        ("120.000 ₫", False, None),
        ("-5", False, -5),
        ("", False, None),
    ],
)
def test_whole_numbers_are_read_the_vietnamese_way(value, currency, expected):
    assert validate.parse_whole_number(value, currency=currency) == expected


def test_start_import_checks_the_actor(shop, f):
    seller, _owner = shop
    stranger = f.user()
    with pytest.raises(PermissionDenied):
        write.start_import(
            actor=stranger, seller=seller, uploaded_file=SimpleUploadedFile("a.xlsx", xlsx_bytes([row()]))
        )
    assert not ImportJob.objects.exists()


def test_a_job_whose_actor_left_the_seller_imports_nothing(shop, f, django_capture_on_commit_callbacks):
    seller, owner = shop
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = write.start_import(
            actor=owner, seller=seller, uploaded_file=SimpleUploadedFile("a.xlsx", xlsx_bytes([row()]))
        )
    seller.memberships.filter(user=owner).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["code"] == "permission_denied"
    assert not Product.objects.filter(seller=seller).exists()


def test_export_reimports_to_the_same_data(shop, f, do_import):
    seller, owner = shop
    commune = f.commune("29242")
    f.product(
        seller,
        sku="MO-1",
        name="Mật ong",
        category=Category.objects.get(code="I.2.2"),
        unit="hũ",
        net_quantity="500 g",
        price_vnd=120000,
        stock=3,
        gtin="0" + VALID_GTIN,
        origin_commune=commune,
        description="<p>Ngọt <strong>thanh</strong></p>",
        status=Product.Status.ACTIVE,
    )
    f.product(seller, sku="0042", name="=SUM(A1)", unit="kg", stock=0, status=Product.Status.ARCHIVED)
    f.product(f.seller(), sku="NOT-MINE")
    fields = ["sku", "name", "category_id", "unit", "net_quantity", "price_vnd", "stock", "gtin"]
    fields += ["origin_commune_id", "status", "description", "updated_at"]
    before = list(Product.objects.filter(seller=seller).order_by("sku").values(*fields))

    content = export.export_products(actor=owner, seller=seller)

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER
    assert [r[0] for r in values[1:]] == ["0042", "MO-1"]
    assert values[2][5] == 120000 and values[2][7] == "0" + VALID_GTIN and values[2][9] == "Đang bán"
    assert values[1][1] == "=SUM(A1)"  # text, not a formula
    job = do_import(owner, seller, content, name="export.xlsx")
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count, job.total_rows) == (0, 0, 2)
    assert list(Product.objects.filter(seller=seller).order_by("sku").values(*fields)) == before


def test_export_after_changes_reimports_the_changes(shop, f, do_import):
    seller, owner = shop
    f.product(seller, sku="MO-1", price_vnd=120000, stock=3)
    workbook = load_workbook(io.BytesIO(export.export_products(actor=owner, seller=seller)))
    workbook.worksheets[0]["F2"] = 99000
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = do_import(owner, seller, buffer.getvalue())
    assert (job.status, job.updated_count) == (ImportJob.Status.DONE, 1)
    assert Product.objects.get(seller=seller, sku="MO-1").price_vnd == 99000
