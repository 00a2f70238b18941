"""The whole foundation demo in one call: accounts, sellers, products, images, certificates."""

import datetime

from django.db import transaction
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.catalog.versions import catalog_changed
from hangviet.core.models import Province
from hangviet.demo import content as c
from hangviet.demo.builders.certificates import certificate_plans, ensure_certificates
from hangviet.demo.builders.images import ensure_images
from hangviet.demo.builders.specs import match_seed_report, product_specs, seller_specs
from hangviet.demo.builders.writers import (
    DemoReport,
    UnitsNotLoaded,
    communes_by_code,
    ensure_accounts,
    ensure_products,
    ensure_sellers,
)
from hangviet.ocop import services as ocop_services
from hangviet.sellers.models import Membership


@transaction.atomic
def load_demo(*, images: bool = True, today: datetime.date | None = None) -> DemoReport:
    """Load the demo (accounts, producers, products, certificates); a second run writes nothing."""
    today = today or timezone.localdate()
    report = DemoReport()
    if not Province.objects.filter(code=c.PROVINCE_CODE).exists():
        raise UnitsNotLoaded("administrative units not loaded: province 86 (Vĩnh Long) is missing")
    communes_by_code(c.COMMUNES)
    accounts = ensure_accounts(report)
    officer = accounts["officer@demo.hangviet.vn"]
    s_specs = seller_specs()
    sellers = ensure_sellers(s_specs, officer, report)
    _, made = Membership.objects.get_or_create(
        user=accounts["seller@demo.hangviet.vn"], seller=sellers[0], defaults={"role": Membership.Role.OWNER}
    )
    if made:
        report.add("memberships", 1)
    p_specs = match_seed_report(product_specs(s_specs), s_specs)
    ensure_products(p_specs, sellers, accounts["seller@demo.hangviet.vn"], report)
    if images:
        ensure_images(
            Product.objects.filter(seller__in=list(sellers.values())).values_list("pk", flat=True), report
        )
    ensure_certificates(certificate_plans(s_specs, p_specs, today), sellers, officer, report)
    lapsed = ocop_services.expire_due_certificates(today)
    if lapsed:
        report.add("expired certificates", lapsed)
    catalog_changed()  # bulk writes send no post_save: cached catalog reads must not outlive them
    return report
