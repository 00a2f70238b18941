"""The catalog export and template: formula-like product names stay text and re-import unchanged."""

import csv
import io

import pytest

from hangviet.catalog.models import ImportJob, Product
from hangviet.core.spreadsheets import csv_bytes
from tests.catalog.test_import import HEADER, row
from tests.catalog.test_import_pages import upload, url
from tests.hostile_files import FORMULA_NAMES, assert_no_formula

pytestmark = pytest.mark.django_db


def test_formula_names_are_exported_as_text_and_reimport_unchanged(
    f, client, seller_signed_in, django_capture_on_commit_callbacks
):
    seller, _owner = seller_signed_in
    for n, name in enumerate(FORMULA_NAMES):
        f.product(seller, sku=f"F-{n}", name=name, description=name)
    before = list(
        Product.objects.filter(seller=seller).order_by("sku").values_list("sku", "name", "description")
    )

    export = client.get(url("export", seller))

    assert export.status_code == 200
    assert_no_formula(export.content)
    response = upload(client, seller, export.content, "export.xlsx", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.updated_count) == (ImportJob.Status.DONE, 0, 0)
    after = list(
        Product.objects.filter(seller=seller).order_by("sku").values_list("sku", "name", "description")
    )
    assert after == before


def test_a_csv_written_by_the_platform_neutralises_formulas_and_imports_back(
    client, seller_signed_in, django_capture_on_commit_callbacks
):
    seller, _owner = seller_signed_in
    rows = [row(f"F-{n}", name=name, description=name) for n, name in enumerate(FORMULA_NAMES)]
    content = csv_bytes([HEADER, *rows])
    written = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in written[1:]] == ['\'=HYPERLINK("http://x","y")', "'+1", "'-1+2", "'@SUM(A1)"]
    assert [r[5] for r in written[1:]] == ["120000"] * 4

    upload(client, seller, content, "hang.csv", django_capture_on_commit_callbacks)

    names = dict(Product.objects.filter(seller=seller).values_list("sku", "name"))
    assert names == {f"F-{n}": name for n, name in enumerate(FORMULA_NAMES)}


def test_the_templates_have_no_formula(client, seller_signed_in):
    seller, _owner = seller_signed_in
    assert_no_formula(client.get(url("template_xlsx", seller)).content, [])
    csv_text = client.get(url("template_csv", seller)).content.decode("utf-8-sig")
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for line in csv_text.splitlines() for cell in line.split(";")
    )
