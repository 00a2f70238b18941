"""The demo's OCOP certificates, issued, revoked and lapsed through the OCOP services."""

import datetime
import random
from dataclasses import dataclass

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.demo import content as c
from hangviet.demo.builders.specs import SEED, ProductSpec, SellerSpec
from hangviet.demo.builders.writers import DemoReport
from hangviet.ocop import services as ocop_services
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Seller


@dataclass
class CertificatePlan:
    product_key: tuple[int, str]  # (seller index, SKU)
    stars: int
    score: str
    issued_on: datetime.date
    decision_number: str
    revoke_reason: str = ""


# The seed article's 2022 tally for Trà Vinh: 104 recognised products, 83 × 3★, 15 × 4★, 6 × 5★.
CERTIFICATE_STARS = {3: 83, 4: 15, 5: 6}


EXPIRED, EXPIRING, REVOKED = 14, 6, 2


def certificate_plans(
    sellers: list[SellerSpec], products: list[ProductSpec], today: datetime.date
) -> list[CertificatePlan]:
    """~104 certificates on distinct public products, dates spread so some expire soon or have lapsed."""
    rng = random.Random(SEED + 7)  # noqa: S311
    verified = {s.index for s in sellers if s.status == Seller.Status.VERIFIED}
    public = [p for p in products if p.seller_index in verified and p.status == Product.Status.ACTIVE]
    starry = [p for p in public if p.family in c.STAR_FAMILIES]
    rng.shuffle(starry)
    chosen: list[tuple[ProductSpec, int]] = []
    used: set[tuple[int, str]] = set()
    for stars in (5, 4):
        for p in starry:
            if len([1 for _, s in chosen if s == stars]) == CERTIFICATE_STARS[stars]:
                break
            if (p.seller_index, p.sku) not in used:
                used.add((p.seller_index, p.sku))
                chosen.append((p, stars))
    rest = [p for p in public if (p.seller_index, p.sku) not in used]
    rng.shuffle(rest)
    chosen += [(p, 3) for p in rest[: CERTIFICATE_STARS[3]]]
    rng.shuffle(chosen)

    lapse_day = ocop_services.add_months(today, -ocop_services.VALIDITY_MONTHS)
    plans = []
    for i, (p, stars) in enumerate(chosen):
        low, high = ocop_services.STAR_BANDS[stars]
        score = rng.uniform(float(low), float(high) - 0.01 if stars < 5 else float(high))
        if i < EXPIRED:
            issued = lapse_day - datetime.timedelta(days=rng.randint(20, 420))
        elif i < EXPIRED + EXPIRING:
            issued = lapse_day + datetime.timedelta(days=rng.randint(1, 28))
        else:
            issued = lapse_day + datetime.timedelta(days=rng.randint(40, 1060))
        plans.append(
            CertificatePlan(
                product_key=(p.seller_index, p.sku),
                stars=stars,
                score=f"{score:.2f}",
                issued_on=min(issued, today - datetime.timedelta(days=7)),
                decision_number=f"QĐ số {rng.randint(1000, 3999)}/QĐ-UBND",
                revoke_reason=(
                    "Cơ sở không duy trì điều kiện sản xuất; thu hồi theo đề nghị của Hội đồng OCOP tỉnh."
                    if EXPIRED + EXPIRING <= i < EXPIRED + EXPIRING + REVOKED
                    else ""
                ),
            )
        )
    plans.sort(key=lambda plan: (plan.issued_on, plan.product_key))
    return plans


def ensure_certificates(
    plans: list[CertificatePlan], sellers: dict[int, Seller], officer: User, report: DemoReport
) -> None:
    """Issue the planned certificates through the OCOP service, once (numbered per year of issue)."""
    if Certificate.objects.filter(product__seller__in=list(sellers.values())).exists():
        return
    products = {
        (p.seller_id, p.sku): p
        for p in Product.objects.filter(seller__in=list(sellers.values())).select_related("seller")
    }
    per_year: dict[int, int] = {}
    for plan in plans:
        seller_index, sku = plan.product_key
        product = products[(sellers[seller_index].pk, sku)]
        per_year[plan.issued_on.year] = per_year.get(plan.issued_on.year, 0) + 1
        certificate = ocop_services.issue_certificate(
            actor=officer,
            product=product,
            number=f"OCOP-86-{plan.issued_on.year}-{per_year[plan.issued_on.year]:04d}",
            stars=plan.stars,
            score=plan.score,
            issued_on=plan.issued_on,
            decision_number=plan.decision_number,
        )
        if plan.revoke_reason:
            ocop_services.revoke_certificate(
                actor=officer, certificate=certificate, reason=plan.revoke_reason
            )
        report.add("certificates", 1)
