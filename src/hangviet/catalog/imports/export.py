"""A seller's products out to spreadsheets: the export (it re-imports unchanged) and the templates."""

from collections.abc import Iterable
from typing import Any

from hangviet.accounts.models import User
from hangviet.catalog.imports.parse import HEADER, STATUS_TITLES
from hangviet.catalog.models import Category, Product, Unit
from hangviet.core import spreadsheets
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage

_WIDTHS = (16, 40, 14, 10, 14, 14, 10, 16, 14, 12, 50)
_EXAMPLE_CATEGORY = "I.2.2"


def product_cells(product: Product) -> list[Any]:
    """A product as a row of the file format (the inverse of RowValidator.validate)."""
    return [
        product.sku,
        product.name,
        product.category.code,
        product.unit,
        product.net_quantity,
        product.price_vnd,
        product.stock,
        product.gtin,
        product.origin_commune_id or "",
        STATUS_TITLES.get(product.status, product.status),  # type: ignore[call-overload]
        product.description,
    ]


def _workbook(rows: Iterable[list[Any]]) -> bytes:
    """The product sheet (header in bold, then `rows`) and a second sheet listing the valid values."""
    workbook = spreadsheets.XlsxWriter()
    sheet = workbook.add_sheet("Sản phẩm", widths=dict(zip("ABCDEFGHIJK", _WIDTHS, strict=True)), freeze="A2")
    sheet.append(HEADER, bold=True)
    for row in rows:
        sheet.append(row)

    lists = workbook.add_sheet("Danh sách", widths={"A": 12, "B": 50, "D": 10, "F": 14})
    lists.append(["Mã danh mục", "Tên danh mục", "", "Đơn vị", "", "Trạng thái"])
    categories = list(Category.objects.order_by("code").values_list("code", "name"))
    units = [u.value for u in Unit]
    statuses = list(STATUS_TITLES.values())
    for i in range(max(len(categories), len(units), len(statuses))):
        code, name = categories[i] if i < len(categories) else ("", "")
        lists.append(
            [
                code,
                name,
                "",
                units[i] if i < len(units) else "",
                "",
                statuses[i] if i < len(statuses) else "",
            ]
        )
    return workbook.to_bytes()


def export_products(*, actor: User, seller: Seller) -> bytes:
    """Every product of the seller as an XLSX in the import format: it re-imports unchanged."""
    ensure_can_manage(actor, seller)
    products = (
        Product.objects.filter(seller=seller)
        .select_related("category")
        .order_by("sku")
        .iterator(chunk_size=2000)
    )
    return _workbook(product_cells(p) for p in products)


def _example_row(seller: Seller) -> list[Any]:
    category = (
        Category.objects.filter(code=_EXAMPLE_CATEGORY).first() or Category.objects.order_by("code").first()
    )
    return [
        "MAT-ONG-500",
        "Mật ong hoa nhãn 500 g",
        category.code if category else "",
        "hũ",
        "500 g",
        120000,
        50,
        "",
        seller.commune_id,
        STATUS_TITLES[Product.Status.DRAFT],
        "Mật ong nguyên chất từ vườn nhãn của hợp tác xã.",
    ]


def template_xlsx(*, actor: User, seller: Seller) -> bytes:
    """The empty import file: the header, one example row, and the lists of valid values."""
    ensure_can_manage(actor, seller)
    return _workbook([_example_row(seller)])


def template_csv(*, actor: User, seller: Seller) -> bytes:
    """The template as CSV: UTF-8 with a BOM and ";" (how Excel opens it in Vietnamese settings)."""
    ensure_can_manage(actor, seller)
    return spreadsheets.csv_bytes([HEADER, _example_row(seller)])
