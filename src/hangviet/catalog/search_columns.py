"""The folded copies of a product that the search reads, derived in one place for every writer: the
catalog services, the spreadsheet import, the demo, the bench generator and the test factories."""

import re

from django.utils.html import strip_tags

from hangviet.catalog.models import Product
from hangviet.core.text import fold


def derive_search_columns(product: Product) -> None:
    """Set `name_folded` (the folded name) and `search_text` (the folded description without tags,
    category, seller's trading name and origin commune) from what the product holds in memory.

    Reads product.category, product.seller and product.origin_commune: load them first when writing
    many products at once."""
    product.name_folded = fold(product.name)
    parts = [strip_tags(product.description), product.category.name, product.seller.trading_name]
    if product.origin_commune_id:
        parts.append(product.origin_commune.name)  # type: ignore[union-attr]
    product.search_text = re.sub(r"\s+", " ", fold(" ".join(parts))).strip()
