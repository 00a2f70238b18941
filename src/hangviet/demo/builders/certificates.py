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
    is_renewal: bool = False  # issued when the product's previous certificate ran out (replaces it)


# The seed article's 2022 tally for Trà Vinh: 104 recognised products, 83 × 3★, 15 × 4★, 6 × 5★, of which
# 28 recognised for the first time in 2022 (the others in 2021). Each certificate is renewed when it runs
# out, so the products are still recognised today, except: EXPIRED never renewed, EXPIRING whose last
# renewal runs out within 30 days, REVOKED whose last certificate was revoked.
CERTIFICATE_STARS = {3: 83, 4: 15, 5: 6}
NEW_IN_2022 = 28
EXPIRED, EXPIRING, REVOKED = 14, 6, 2


def _history(first: datetime.date, today: datetime.date, *, renew: bool, expiring_in: int | None) -> list:
    """Issue dates of a product's certificates: the first, then a renewal each time one runs out, until
    one covers today; an expiring product's last renewal is dated so that it runs out `expiring_in` days
    from today."""
    months = ocop_services.VALIDITY_MONTHS
    dates = [first]
    if not renew:
        return dates
    if expiring_in is None:
        while ocop_services.add_months(dates[-1], months) <= today:  # ran out: renewed that day
            dates.append(ocop_services.add_months(dates[-1], months))
    else:
        last = ocop_services.add_months(today + datetime.timedelta(days=expiring_in), -months)
        while ocop_services.add_months(dates[-1], months) < last:
            dates.append(ocop_services.add_months(dates[-1], months))
        if last > dates[-1]:
            dates.append(last)
    return [d for d in dates if d <= today - datetime.timedelta(days=7)]


def certificate_plans(
    sellers: list[SellerSpec], products: list[ProductSpec], today: datetime.date
) -> list[CertificatePlan]:
    """104 products' certificates with their renewals: all 104 recognised at the end of 2022 (28 of them
    new that year), and today's mix of valid, expiring, expired and revoked."""
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

    plans = []
    for i, (p, stars) in enumerate(chosen):
        low, high = ocop_services.STAR_BANDS[stars]
        if i < NEW_IN_2022:  # the last one on the evening of 31 December counts in 2022
            first = datetime.date(2022, 1, 10) + datetime.timedelta(days=i * 355 // (NEW_IN_2022 - 1))
        else:
            first = datetime.date(2021, 1, 5) + datetime.timedelta(days=rng.randint(0, 355))
        expired = NEW_IN_2022 <= i < NEW_IN_2022 + EXPIRED
        expiring = NEW_IN_2022 + EXPIRED <= i < NEW_IN_2022 + EXPIRED + EXPIRING
        revoked = NEW_IN_2022 + EXPIRED + EXPIRING <= i < NEW_IN_2022 + EXPIRED + EXPIRING + REVOKED
        dates = _history(
            first, today, renew=not expired, expiring_in=rng.randint(1, 28) if expiring else None
        )
        for n, issued in enumerate(dates):
            score = rng.uniform(float(low), float(high) - 0.01 if stars < 5 else float(high))
            plans.append(
                CertificatePlan(
                    product_key=(p.seller_index, p.sku),
                    stars=stars,
                    score=f"{score:.2f}",
                    issued_on=issued,
                    decision_number=f"QĐ số {rng.randint(1000, 3999)}/QĐ-UBND",
                    revoke_reason=(
                        "Cơ sở không duy trì điều kiện sản xuất; thu hồi theo đề nghị của Hội đồng OCOP tỉnh."
                        if revoked and n == len(dates) - 1
                        else ""
                    ),
                    is_renewal=n > 0,
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
