"""The seller's import pages: upload form, progress page, template and export downloads, permissions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hangviet.catalog.models import ImportJob, Product
from tests.catalog.test_import import HEADER, row, xlsx_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def shop(seller_signed_in):
    return seller_signed_in


def url(name: str, seller, **kw) -> str:
    return reverse(f"imports:{name}", kwargs={"shop": seller.slug, **kw})


def upload(client, seller, content: bytes, name: str, callbacks):
    with callbacks(execute=True):
        return client.post(url("index", seller), {"file": SimpleUploadedFile(name, content)})


def test_upload_runs_the_import_and_redirects_to_its_progress_page(
    shop, client, django_capture_on_commit_callbacks
):
    seller, _owner = shop
    response = upload(
        client, seller, xlsx_bytes([row("A"), row("B")]), "hang.xlsx", django_capture_on_commit_callbacks
    )

    job = ImportJob.objects.get(seller=seller)
    assert response.status_code == 302
    assert response["Location"] == url("job", seller, job_id=job.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã nhập xong" in html
    assert "2 sản phẩm mới" in html
    assert 'http-equiv="refresh"' not in html
    assert Product.objects.filter(seller=seller).count() == 2
    listing = client.get(url("index", seller)).content.decode()
    assert "hang.xlsx" in listing


def test_progress_page_lists_every_bad_row(shop, client, django_capture_on_commit_callbacks):
    seller, _owner = shop
    content = xlsx_bytes([row("A", unit="thùng"), row("B", price="abc"), row("C")])
    response = upload(client, seller, content, "loi.xlsx", django_capture_on_commit_callbacks)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Có lỗi, chưa nhập gì" in html
    assert "<td>2</td><td>Đơn vị</td>" in html
    assert "thùng" in html
    assert "<td>3</td><td>Giá (VND)</td>" in html
    assert "abc" in html
    assert not Product.objects.filter(seller=seller).exists()


def test_progress_page_refreshes_and_shows_a_bar_while_running(shop, client):
    seller, owner = shop
    job = ImportJob.objects.create(
        seller=seller,
        actor=owner,
        file="imports/x.xlsx",
        original_name="x.xlsx",
        status=ImportJob.Status.RUNNING,
        total_rows=400,
        processed_rows=100,
    )
    html = client.get(url("job", seller, job_id=job.pk)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'max="400" value="100"' in html
    assert "100/400" in html

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.PENDING, total_rows=0, processed_rows=0
    )
    html = client.get(url("job", seller, job_id=job.pk)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "<progress" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hang.xlsx", "SKU,Tên sản phẩm\nA,B\n".encode(), "không phải bảng tính Excel .xlsx hợp lệ"),
        ("hang.xlsx", b"PK\x03\x04 not really a zip", "không phải bảng tính Excel .xlsx hợp lệ"),
        ("hang.csv", "SKU;Tên\nA;Đơn giá\n".encode("cp1258"), "UTF-8"),
        ("hang.xls", b"\xd0\xcf\x11\xe0", "Chỉ nhận tệp Excel .xlsx hoặc .csv"),
        ("hang.csv", b"", "trống"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_with_a_form_error(
    shop, client, django_capture_on_commit_callbacks, name, content, message
):
    seller, _owner = shop
    response = upload(client, seller, content, name, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not ImportJob.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(shop, client, django_capture_on_commit_callbacks):
    import zipfile

    seller, _owner = shop
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    response = upload(client, seller, buffer.getvalue(), "hang.xlsx", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "không phải bảng tính Excel .xlsx hợp lệ" in response.content.decode()


def test_a_file_over_10_mb_is_refused(shop, client, django_capture_on_commit_callbacks):
    seller, _owner = shop
    content = b"a" * (10 * 1024 * 1024 + 1)
    response = upload(client, seller, content, "to.csv", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_xlsx_template_downloads_and_imports_after_filling(
    shop, client, django_capture_on_commit_callbacks
):
    seller, _owner = shop
    response = client.get(url("template_xlsx", seller))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    products, lists = workbook.worksheets
    assert [c.value for c in products[1]] == HEADER
    list_values = {c.value for r in lists.iter_rows() for c in r}
    assert {"I.2.2", "hũ", "kg", "Nháp", "Đang bán", "Lưu trữ"} <= list_values
    products.append(["GAO-1", "Gạo ST25", "I.2.1", "kg", "5 kg", "180.000", 40, "", "", "Đang bán", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    redirect = upload(client, seller, buffer.getvalue(), "mau.xlsx", django_capture_on_commit_callbacks)

    job = ImportJob.objects.get(pk=int(redirect["Location"].rstrip("/").rsplit("/", 1)[-1]))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert sorted(Product.objects.filter(seller=seller).values_list("sku", flat=True)) == [
        "GAO-1",
        "MAT-ONG-500",
    ]


def test_the_csv_template_downloads_and_imports(shop, client, django_capture_on_commit_callbacks):
    seller, _owner = shop
    response = client.get(url("template_csv", seller))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADER)

    upload(client, seller, response.content, "mau.csv", django_capture_on_commit_callbacks)

    job = ImportJob.objects.get(seller=seller)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Product.objects.get(seller=seller).sku == "MAT-ONG-500"


def test_export_downloads_the_sellers_products(shop, client, f):
    seller, _owner = shop
    f.product(seller, sku="MINE")
    f.product(f.seller(), sku="THEIRS")
    response = client.get(url("export", seller))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert f"san-pham-{seller.slug}-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["MINE"]


def test_another_sellers_member_gets_404_everywhere(shop, client, f, django_capture_on_commit_callbacks):
    seller_b, _owner_b = shop
    f.product(seller_b, sku="B-1", name="Của B")
    job_b = ImportJob.objects.create(seller=seller_b, file="imports/b.xlsx", original_name="b.xlsx")
    owner_a = f.user()
    f.seller(owner=owner_a)
    client.force_login(owner_a)

    for name, kw in [
        ("index", {}),
        ("job", {"job_id": job_b.pk}),
        ("template_xlsx", {}),
        ("template_csv", {}),
        ("export", {}),
    ]:
        assert client.get(url(name, seller_b, **kw)).status_code == 404, name
    response = upload(
        client,
        seller_b,
        xlsx_bytes([row("B-1", name="Đổi bởi A")]),
        "a.xlsx",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 404
    assert ImportJob.objects.filter(seller=seller_b).count() == 1
    assert Product.objects.get(sku="B-1").name == "Của B"


def test_a_job_of_another_seller_is_not_found_under_my_shop(shop, client, f):
    seller, _owner = shop
    other = f.seller()
    job = ImportJob.objects.create(seller=other, file="imports/b.xlsx", original_name="b.xlsx")
    assert client.get(url("job", seller, job_id=job.pk)).status_code == 404


def test_unknown_shop_is_404_and_anonymous_is_sent_to_login(shop, client):
    seller, _owner = shop
    assert client.get(reverse("imports:index", kwargs={"shop": "khong-co"})).status_code == 404
    client.logout()
    response = client.get(url("export", seller))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_list_of_imports_is_paged_not_cut_off(shop, client):
    ImportJob.objects.bulk_create(
        ImportJob(seller=shop[0], file="imports/x.xlsx", original_name=f"tep-{i:03}.xlsx") for i in range(31)
    )
    first = client.get(url("index", shop[0])).content.decode()
    assert first.count("tep-0") == 30 and "tep-000" not in first and 'rel="next"' in first
    second = client.get(url("index", shop[0]), {"page": "2"}).content.decode()
    assert second.count("tep-0") == 1 and "tep-000" in second
