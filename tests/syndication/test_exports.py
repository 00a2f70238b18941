"""Marketplace upload spreadsheets: every mapping file, the validation, and the pages that serve them."""

import csv
import io

import pytest
from openpyxl import load_workbook

from hangviet.catalog.models import ProductImage
from hangviet.syndication.exports import build_export, export_file, export_products, weight_grams
from hangviet.syndication.marketplaces import (
    MarketplaceFileError,
    export_targets,
    load_marketplaces,
    parse_marketplace,
)

pytestmark = pytest.mark.django_db

# The fixture product's value for each source a column may take, written out.
EXPECTED = {
    "sku": "MHD-500",
    "name": "Mật hoa dừa Cầu Ngang",
    "description": "Mật hoa dừa nguyên chất.",
    "price_vnd": 150000,
    "stock": 7,
    "gtin": "8936049501012",
    "brand": "HTX Mật hoa dừa",
    "weight_g": 500,
    "net_quantity": "500 g",
    "unit": "chai",
    "origin": "Tỉnh Vĩnh Long",
    "image_1": "https://hangviet.example.vn/media/products/mhd-1.jpg",
    "image_2": "https://hangviet.example.vn/media/products/mhd-2.jpg",
    "image_3": None,
}


def complete_product(f, **kw):
    seller = kw.pop("seller", None) or f.seller(trading_name="HTX Mật hoa dừa")
    product = f.product(
        seller,
        **{
            "name": EXPECTED["name"],
            "sku": EXPECTED["sku"],
            "description": "<p>Mật hoa dừa nguyên chất.</p>",
            "price_vnd": 150000,
            "stock": 7,
            "gtin": "08936049501012",
            "net_quantity": "500 g",
            **kw,
        },
    )
    for n in (1, 2):
        ProductImage.objects.create(product=product, image=f"products/mhd-{n}.jpg", width=800, height=800)
    return product


def test_every_marketplace_file_loads_and_names_its_domains():
    marketplaces = load_marketplaces()

    assert {"tiki", "shopee", "sendo", "lazada", "voso", "postmart", "tiktok-shop"} <= set(marketplaces)
    assert marketplaces["tiki"].owns("tiki.vn") and marketplaces["tiki"].owns("www.tiki.vn")
    assert not marketplaces["tiki"].owns("tiki.vn.evil.example")
    for target in export_targets().values():
        assert target.export.template, f"{target.code}: the template's source must be recorded"


@pytest.mark.parametrize("code", sorted(export_targets()))
def test_each_mapping_round_trips_a_complete_product_through_xlsx(f, code):
    target = export_targets()[code]
    complete_product(f)
    export = build_export(target, export_products(list(f.Seller.objects.all())))
    assert export.refused == []

    content = load_workbook(io.BytesIO(_xlsx(export)), read_only=True)[target.export.sheet]
    header, row = list(content.iter_rows(values_only=True))

    assert list(header) == target.export.headers
    row = [*row, *[None] * (len(header) - len(row))]  # a sheet stops at its last filled cell
    for column, value in zip(target.export.columns, row, strict=True):
        if column.value:
            assert value == column.value
        elif column.source == "category":
            assert value == target.export.categories["I"]  # the fixture's category is the root group I
        elif column.transform == "kg":
            assert float(value) == EXPECTED[column.source] / 1000
        else:
            assert value == EXPECTED[column.source], column.header


@pytest.mark.parametrize("code", sorted(c for c, t in export_targets().items() if "csv" in t.export.formats))
def test_each_csv_mapping_round_trips_too(f, code):
    target = export_targets()[code]
    complete_product(f)
    export = build_export(target, export_products(list(f.Seller.objects.all())))

    content, content_type, _ = export_file(export, "csv")
    header, row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    assert content_type.startswith("text/csv")
    assert header == target.export.headers
    assert row[header.index(next(c.header for c in target.export.columns if c.source == "sku"))] == "MHD-500"


def _xlsx(export):
    return export_file(export, "xlsx")[0]


def test_products_that_cannot_be_exported_are_listed_with_every_reason(f):
    seller = f.seller()
    f.product(seller, sku="NO-PIC", net_quantity="750 ml")  # no picture; a volume is no weight
    complete_product(f, seller=seller, sku="LONG", name=("Kẹo dừa " * 20).strip())
    complete_product(f, seller=seller, sku="OK")

    export = build_export(export_targets()["shopee"], export_products([seller]))

    refused = {r.product.sku: r.reasons for r in export.refused}
    assert set(refused) == {"NO-PIC", "LONG"}
    assert "chưa có ảnh" in refused["NO-PIC"]
    assert any("khối lượng" in reason for reason in refused["NO-PIC"])
    assert refused["LONG"] == ["“Tên sản phẩm” dài 159 ký tự, Shopee nhận tối đa 120"]
    assert len(export.rows) == 1


def test_an_unmapped_category_is_a_reason(f):
    seller = f.seller()
    complete_product(f, seller=seller, category=f.category("VI", "Du lịch"))

    export = build_export(export_targets()["tiki"], export_products([seller]))

    assert export.refused[0].reasons == ["danh mục “VI” chưa được ánh xạ sang Tiki"]


WEIGHTS = [("500 g", 500), ("1,5 kg", 1500), ("1.2kg", 1200), ("250gr", 250), ("750 ml", None), ("", None)]


@pytest.mark.parametrize(("text", "grams"), WEIGHTS)
def test_weight_is_read_from_the_net_quantity_in_grams_or_kilograms(text, grams):
    assert weight_grams(text) == grams


def _with_export(**export):
    return {"name": "X", "domains": ["x.vn"], "export": export}


MALFORMED = [
    {"domains": ["x.vn"]},
    {"name": "X", "domains": []},
    _with_export(source={"template": "t"}, columns=[{"header": "A", "source": "colour"}]),
    _with_export(source={"template": "t"}, columns=[{"header": "A", "source": "sku", "transform": "upper"}]),
    _with_export(columns=[{"header": "A", "source": "sku"}]),  # no recorded source of the template
    _with_export(source={"template": "t"}, columns=[{"header": "A", "source": "sku", "value": "x"}]),
]


@pytest.mark.parametrize("data", MALFORMED)
def test_a_malformed_marketplace_file_is_refused(data):
    with pytest.raises(MarketplaceFileError):
        parse_marketplace("x", data)


def test_a_seller_downloads_spreadsheets_for_two_marketplaces(client, f):
    owner = f.user()
    seller = f.seller(owner=owner)
    complete_product(f, seller=seller, name='=HYPERLINK("http://evil")')
    client.force_login(owner)

    page = client.get(f"/seller/{seller.slug}/marketplaces/?check=tiki")
    tiki = client.get(f"/seller/{seller.slug}/marketplaces/tiki.xlsx")
    sendo = client.get(f"/seller/{seller.slug}/marketplaces/sendo.csv")

    assert page.status_code == 200 and "1 sản phẩm xuất được" in page.content.decode()
    assert tiki["Content-Disposition"] == 'attachment; filename="hangviet-tiki.xlsx"'
    sheet = load_workbook(io.BytesIO(tiki.content))["Sản phẩm"]
    name_cell = sheet.cell(row=2, column=2)
    assert name_cell.value == '=HYPERLINK("http://evil")' and name_cell.data_type == "s"
    assert "'=HYPERLINK" in sendo.content.decode("utf-8-sig")  # neutralised in CSV too
    assert client.get(f"/seller/{seller.slug}/marketplaces/shopee.csv").status_code == 404  # XLSX only


def test_another_shops_member_cannot_export(client, f):
    seller = f.seller()
    client.force_login(f.user())

    assert client.get(f"/seller/{seller.slug}/marketplaces/tiki.xlsx").status_code == 404
    assert client.get(f"/seller/{seller.slug}/marketplaces/").status_code == 404


def test_an_officer_exports_many_sellers_at_once(client, f):
    first, second = f.seller(), f.seller()
    complete_product(f, seller=first, sku="A-1")
    complete_product(f, seller=second, sku="B-1")
    client.force_login(f.user())
    assert client.get("/officer/marketplaces/export/").status_code == 403
    client.force_login(f.officer())

    response = client.get(
        "/officer/marketplaces/export/",
        {"marketplace": "lazada", "format": "xlsx", "sellers": [first.pk, second.pk], "download": "1"},
    )

    sheet = load_workbook(io.BytesIO(response.content))["Upload Template"]
    skus = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(skus) == ["A-1", "B-1"]
    refused = client.get("/officer/marketplaces/export/", {"marketplace": "lazada", "format": "csv"})
    assert "Lazada chỉ nhận XLSX." in refused.content.decode()
