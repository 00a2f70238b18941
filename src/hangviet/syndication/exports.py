"""A seller's products in a national marketplace's upload spreadsheet, per its mapping file.

`build_export` turns products into the mapping's rows and lists the products it cannot export with
every reason (no picture, no weight, an unmapped category, a name too long for the marketplace…);
`export_file` writes the rows through core.spreadsheets (formulas neutralised), with the refused
products on a second sheet of the XLSX.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product, ProductImage
from hangviet.catalog.views import plain_text
from hangviet.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, XlsxWriter, csv_bytes
from hangviet.sellers.models import Seller
from hangviet.syndication.feeds import absolute, feed_value, is_real_gtin
from hangviet.syndication.marketplaces import Column, Marketplace

# An officer's export of many sellers at once stops here (the page says so).
MAX_EXPORT_PRODUCTS = 20_000
_WEIGHT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kg|g|gr|gram|gam)\b", re.IGNORECASE)
# What a missing required value means, said the way a seller fixes it.
_MISSING = {
    "weight_g": lambda: _("chưa ghi khối lượng tịnh theo g hoặc kg (ví dụ “500 g”)"),
    "image_1": lambda: _("chưa có ảnh"),
    "description": lambda: _("chưa có mô tả"),
    "gtin": lambda: _("chưa có mã GTIN thật"),
}


@dataclass
class Refusal:
    product: Product
    reasons: list[str] = field(default_factory=list)


@dataclass
class Export:
    marketplace: Marketplace
    rows: list[list[Any]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    truncated: bool = False  # more products than MAX_EXPORT_PRODUCTS were asked for


def weight_grams(net_quantity: str) -> int | None:
    """The weight a net quantity states in g or kg ("500 g" → 500, "1,5 kg" → 1500); None otherwise
    (a volume says nothing of the packed weight)."""
    match = _WEIGHT.search(net_quantity or "")
    if not match:
        return None
    number = Decimal(match.group(1).replace(",", "."))
    grams = number * 1000 if match.group(2).lower() == "kg" else number
    return int(grams) if grams >= 1 else None


def export_products(sellers: QuerySet[Seller] | list[Seller]) -> QuerySet[Product]:
    """The products sellers may list elsewhere: their active ones, with everything a row reads."""
    return (
        Product.objects.filter(seller__in=sellers, status=Product.Status.ACTIVE)
        .select_related("seller__province", "category", "origin_commune__province")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
        .order_by("seller__trading_name", "sku", "pk")
    )


def product_values(product: Product) -> dict[str, Any]:
    """Every value a column may take (marketplaces.SOURCES), None where the product has none."""
    images = [absolute(img.image.url) for img in product.images.all()]
    origin = product.origin_commune.province if product.origin_commune else product.seller.province
    values: dict[str, Any] = {
        "sku": product.sku,
        "name": product.name,
        "description": feed_value(plain_text(product.description)) or None,
        "price_vnd": product.price_vnd,
        "stock": product.stock,
        "gtin": product.gtin.lstrip("0").zfill(13) if is_real_gtin(product.gtin) else None,
        "brand": product.seller.trading_name,
        "category": product.category.code,
        "weight_g": weight_grams(product.net_quantity),
        "net_quantity": product.net_quantity or None,
        "unit": product.unit,
        "origin": origin.name if origin else None,
        "link": absolute(reverse("catalog:product", args=[product.slug])),
        "ocop_stars": product.ocop_stars or None,
    }
    for n in range(1, 10):
        values[f"image_{n}"] = images[n - 1] if len(images) >= n else None
    return values


def mapped_category(code: str, categories: dict[str, str]) -> str | None:
    """The marketplace's category for ours: its own entry, else its nearest ancestor's ("I.4.1" → "I.4")."""
    parts = code.split(".")
    for depth in range(len(parts), 0, -1):
        found = categories.get(".".join(parts[:depth]))
        if found:
            return found
    return None


def _cell(column: Column, value: Any, marketplace: Marketplace, reasons: list[str]) -> Any:
    if column.value:
        return column.value
    if column.source == "category" and value is not None:
        assert marketplace.export is not None
        mapped = mapped_category(value, marketplace.export.categories)
        if mapped is None and column.required:
            reasons.append(
                _("danh mục “%(category)s” chưa được ánh xạ sang %(marketplace)s")
                % {"category": value, "marketplace": marketplace.name}
            )
        value = mapped
    if value is None or value == "":
        if column.required and column.source != "category":
            reason = _MISSING.get(column.source)
            reasons.append(reason() if reason else _("thiếu “%(column)s”") % {"column": column.header})
        return None
    if column.transform == "kg":
        return Decimal(value) / 1000
    if column.transform == "integer":
        return int(value)
    if isinstance(value, str) and column.max_length and len(value) > column.max_length:
        if column.cut:
            return feed_value(value, column.max_length)
        reasons.append(
            _("“%(column)s” dài %(length)s ký tự, %(marketplace)s nhận tối đa %(max)s")
            % {"column": column.header, "length": len(value), "marketplace": marketplace.name,
               "max": column.max_length}
        )  # fmt: skip
    return value


def build_export(marketplace: Marketplace, products: QuerySet[Product]) -> Export:
    """The marketplace's rows for the products it can take, and the others with every reason."""
    assert marketplace.export is not None, f"{marketplace.code} has no export mapping"
    result = Export(marketplace=marketplace)
    chosen = list(products[: MAX_EXPORT_PRODUCTS + 1])
    if len(chosen) > MAX_EXPORT_PRODUCTS:
        chosen, result.truncated = chosen[:MAX_EXPORT_PRODUCTS], True
    for product in chosen:
        values = product_values(product)
        reasons: list[str] = []
        row = [_cell(c, values.get(c.source), marketplace, reasons) for c in marketplace.export.columns]
        if reasons:
            result.refused.append(Refusal(product, reasons))
        else:
            result.rows.append(row)
    return result


def export_file(export: Export, fmt: str) -> tuple[bytes, str, str]:
    """The spreadsheet (content, content type, file name); the XLSX lists refused products on a sheet."""
    mapping = export.marketplace.export
    assert mapping is not None and fmt in mapping.formats
    name = f"hangviet-{export.marketplace.code}.{fmt}"
    if fmt == "csv":
        return csv_bytes([mapping.headers, *export.rows], delimiter=","), CSV_CONTENT_TYPE, name
    book = XlsxWriter()
    sheet = book.add_sheet(mapping.sheet, freeze="A2")
    sheet.append(mapping.headers, bold=True)
    for row in export.rows:
        sheet.append(row)
    if export.refused:
        refused = book.add_sheet(_("Không xuất được"), widths={"A": 20, "B": 40, "C": 80}, freeze="A2")
        refused.append([_("Mã SKU"), _("Sản phẩm"), _("Lý do")], bold=True)
        for refusal in export.refused:
            refused.append([refusal.product.sku, refusal.product.name, "; ".join(refusal.reasons)])
    return book.to_bytes(), XLSX_CONTENT_TYPE, name
