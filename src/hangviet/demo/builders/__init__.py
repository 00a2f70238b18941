"""Deterministic, idempotent builders of the demo data (also used by bench/generate.py at scale).

Everything is derived from a fixed random seed and stable natural keys (email, tax code, seller+SKU,
certificate number): a second run finds every row already there and writes nothing.

`specs` (the plan, pure functions of the seed), `writers` (accounts, sellers, products), `images`,
`certificates` (through the OCOP services), `loader` (the whole demo); the names are re-exported here.
"""

from hangviet.demo.builders.certificates import (
    CERTIFICATE_STARS,
    EXPIRED,
    EXPIRING,
    REVOKED,
    CertificatePlan,
    certificate_plans,
    ensure_certificates,
)
from hangviet.demo.builders.images import (
    GROUP_COLOURS,
    IMAGE_SIZE,
    category_image,
    ensure_images,
)
from hangviet.demo.builders.loader import (
    load_demo,
)
from hangviet.demo.builders.specs import (
    FAMILY_BY_KEY,
    SEED,
    TAX_PREFIX,
    VERIFIED_SINCE,
    ProductSpec,
    SellerSpec,
    match_seed_report,
    product_specs,
    seller_specs,
    verified_at,
)
from hangviet.demo.builders.writers import (
    DemoReport,
    UnitsNotLoaded,
    communes_by_code,
    ensure_accounts,
    ensure_products,
    ensure_sellers,
)

__all__ = [
    "CERTIFICATE_STARS",
    "EXPIRED",
    "EXPIRING",
    "FAMILY_BY_KEY",
    "GROUP_COLOURS",
    "IMAGE_SIZE",
    "REVOKED",
    "SEED",
    "TAX_PREFIX",
    "VERIFIED_SINCE",
    "CertificatePlan",
    "DemoReport",
    "ProductSpec",
    "SellerSpec",
    "UnitsNotLoaded",
    "category_image",
    "certificate_plans",
    "communes_by_code",
    "ensure_accounts",
    "ensure_certificates",
    "ensure_images",
    "ensure_products",
    "ensure_sellers",
    "load_demo",
    "match_seed_report",
    "product_specs",
    "seller_specs",
    "verified_at",
]
