"""Reads of the OCOP programme reused by pages, the API, the resolver and reports."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from hangviet.catalog.models import Category, Product
from hangviet.core.text import sort_key
from hangviet.ocop.models import (
    EXPIRING_WITHIN_DAYS,
    Certificate,
    Criterion,
    Dossier,
    Round,
    Rubric,
    ScoreSheet,
)

__all__ = ["EXPIRING_WITHIN_DAYS"]


# --- certificates ---------------------------------------------------------------------------------


def in_force(today: datetime.date) -> Q:
    """A certificate in force on `today`: not revoked or marked expired, issued, not past its expiry date."""
    return Q(status=Certificate.Status.VALID, issued_on__lte=today, expires_on__gte=today)


def valid_certificates(today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates in force on `today`, the best first (most stars, then the latest expiry)."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(in_force(today)).order_by("-stars", "-expires_on", "-pk")


def current_certificate(product: Product, today: datetime.date | None = None) -> Certificate | None:
    """The product's current certificate: its best one in force (most stars, then the latest expiry), or
    None. The one rule every page and the API show (the catalog reads it through settings.HANGVIET_PROVIDERS);
    an expired or revoked certificate is never current."""
    return valid_certificates(today).filter(product=product).first()


def newest_certificate(product: Product, today: datetime.date | None = None) -> Certificate | None:
    """The product's newest issued certificate in any state: with none current, what a scan page warns
    about (revoked, expired) for a pack printed while it held."""
    today = today or timezone.localdate()
    return product.certificates.filter(issued_on__lte=today).order_by("-issued_on", "-pk").first()  # type: ignore[attr-defined]


def current_certificates(
    product_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, Certificate]:
    """{product id: its best certificate in force} for many products in one query."""
    ids = set(product_ids)
    best: dict[int, Certificate] = {}
    if not ids:
        return best
    for certificate in valid_certificates(today).filter(product_id__in=ids):
        best.setdefault(certificate.product_id, certificate)
    return best


def latest_certificate(product: Product) -> Certificate | None:
    """The product's newest certificate that was not revoked: a re-evaluation's certificate replaces it."""
    return (
        Certificate.objects.filter(product=product)
        .exclude(status=Certificate.Status.REVOKED)
        .order_by("-issued_on", "-pk")
        .first()
    )


def certificate_by_number_ignoring_case(number: str) -> Certificate | None:
    """The certificate whose number is `number` in any letter case ("ocop-86-2024-0001"), or None."""
    return Certificate.objects.filter(number__iexact=number.strip()).order_by("pk").first()


def certificate_by_number(number: str) -> Certificate | None:
    """A certificate with everything its public page and the API show, or None."""
    return (
        Certificate.objects.select_related(
            "product__seller__commune",
            "product__seller__province",
            "product__category",
            "dossier__round__province",
            "replaces",
        )
        .filter(number=number.strip())
        .first()
    )


def root_categories() -> dict[str, Category]:
    return {c.code: c for c in Category.objects.filter(parent__isnull=True)}


def group_code(category_code: str) -> str:
    """The OCOP group (ngành) of a category code: "I.2.2" → "I"."""
    return category_code.split(".", 1)[0]


@dataclass(frozen=True)
class RegistryFilters:
    stars: int | None = None
    group: str = ""  # a root category code: I … VI
    commune: str = ""  # a commune code
    year: int | None = None  # year of issue
    status: str = ""  # valid / expiring / expired / revoked / "" (in force: valid or expiring)


REGISTRY_STATUSES = ("valid", "expiring", "expired", "revoked")


def registry(filters: RegistryFilters, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """The public register of OCOP certificates, newest first, with what each row shows."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    qs = Certificate.objects.select_related(
        "product__seller__commune", "product__category", "product__origin_commune"
    ).filter(issued_on__lte=today)
    if filters.status == "valid":
        qs = qs.filter(in_force(today), expires_on__gt=soon)
    elif filters.status == "expiring":
        qs = qs.filter(in_force(today), expires_on__lte=soon)
    elif filters.status == "expired":
        qs = qs.filter(
            Q(status=Certificate.Status.EXPIRED) | Q(status=Certificate.Status.VALID, expires_on__lt=today)
        )
    elif filters.status == "revoked":
        qs = qs.filter(status=Certificate.Status.REVOKED)
    else:
        qs = qs.filter(in_force(today))
    if filters.stars:
        qs = qs.filter(stars=filters.stars)
    if filters.group:
        qs = qs.filter(
            Q(product__category__code=filters.group)
            | Q(product__category__code__startswith=filters.group + ".")
        )
    if filters.commune:
        qs = qs.filter(
            Q(product__origin_commune__code=filters.commune)
            | Q(product__origin_commune__isnull=True, product__seller__commune__code=filters.commune)
        )
    if filters.year:
        qs = qs.filter(issued_on__year=filters.year)
    return qs.order_by("-issued_on", "-pk")


def commune_of(certificate: Certificate) -> Any:
    """Where the product comes from: its origin commune, else its producer's commune."""
    product = certificate.product
    return product.origin_commune or product.seller.commune


def registry_communes() -> list[tuple[str, str]]:
    """(code, name) of the communes that have at least one certificate, for the registry filter."""
    rows = Certificate.objects.values_list(
        "product__origin_commune__code",
        "product__origin_commune__name",
        "product__seller__commune__code",
        "product__seller__commune__name",
    ).distinct()
    found = {(oc or sc): (on or sn) for oc, on, sc, sn in rows}
    return sorted(found.items(), key=lambda item: sort_key(item[1]))


def stats(year: int | None = None, today: datetime.date | None = None) -> dict[str, Any]:
    """The OCOP indicators: products recognised (in force) at the end of `year` (or today), by stars,
    group and commune; newly recognised in the year; expiring within 30 days of that day."""
    today = today or timezone.localdate()
    year = year or today.year
    as_of = min(today, datetime.date(year, 12, 31))
    in_force = (
        Certificate.objects.filter(issued_on__lte=as_of, expires_on__gte=as_of)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__isnull=True)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__date__lte=as_of)
        .order_by("product_id", "-stars", "-expires_on")
        .values_list(
            "product_id",
            "stars",
            "expires_on",
            "product__category__code",
            "product__origin_commune__code",
            "product__origin_commune__name",
            "product__seller__commune__code",
            "product__seller__commune__name",
        )
    )
    seen: set[int] = set()
    by_stars: Counter[int] = Counter()
    by_group: Counter[str] = Counter()
    by_commune: Counter[tuple[str, str]] = Counter()
    expiring = 0
    soon = as_of + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    for product_id, stars, expires_on, category, oc, on, sc, sn in in_force:
        if product_id in seen:
            continue
        seen.add(product_id)
        by_stars[stars] += 1
        by_group[group_code(category)] += 1
        by_commune[(oc or sc, on or sn)] += 1
        if expires_on <= soon:
            expiring += 1
    groups = root_categories()
    new = (
        Certificate.objects.filter(issued_on__year=year, issued_on__lte=as_of)
        .exclude(replaces__isnull=False)
        .values("product_id")
        .distinct()
        .count()
    )
    return {
        "year": year,
        "as_of": as_of,
        "recognised": len(seen),
        "by_stars": {str(s): by_stars.get(s, 0) for s in (3, 4, 5)},
        "by_group": [
            {"code": code, "name": groups[code].name if code in groups else code, "count": n}
            for code, n in sorted(by_group.items())
        ],
        "by_commune": [
            {"code": code, "name": name, "count": n}
            for (code, name), n in sorted(by_commune.items(), key=lambda kv: (-kv[1], kv[0][1]))
        ],
        "new": new,
        "certificates_issued": Certificate.objects.filter(issued_on__year=year, issued_on__lte=as_of).count(),
        "expiring_soon": expiring,
    }


# --- rubrics --------------------------------------------------------------------------------------


def _matches(product_set: str, code: str) -> int:
    """-1 when `product_set` (a category code prefix) does not cover `code`, else how specific it is."""
    if product_set == "":
        return 0
    if code == product_set or code.startswith(product_set + "."):
        return len(product_set.split("."))
    return -1


def rubric_for(category: Category, day: datetime.date) -> Rubric | None:
    """The rubric in force on `day` for the product set `category` (the most specific one wins)."""
    candidates = Rubric.objects.filter(is_active=True, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=day)
    )
    best: tuple[int, datetime.date] | None = None
    chosen = None
    for rubric in candidates:
        score = max((_matches(p, category.code) for p in rubric.product_sets or []), default=-1)
        if score < 0:
            continue
        key = (score, rubric.valid_from)
        if best is None or key > best:
            best, chosen = key, rubric
    return chosen


def criteria_of(rubric: Rubric) -> list[Criterion]:
    """The rubric's criteria in order (part A, B, C), with their part."""
    cache = getattr(rubric, "_criteria_cache", None)
    if cache is None:
        cache = list(Criterion.objects.filter(part__rubric=rubric).select_related("part"))
        rubric._criteria_cache = cache  # type: ignore[attr-defined]
    return cache


def rubric_outline(rubric: Rubric) -> list[dict[str, Any]]:
    """[{part, groups: [{name, criteria}]}] for showing a rubric or a score form."""
    outline: list[dict[str, Any]] = []
    for criterion in criteria_of(rubric):
        if not outline or outline[-1]["part"].pk != criterion.part_id:
            outline.append({"part": criterion.part, "groups": []})
        groups = outline[-1]["groups"]
        if not groups or groups[-1]["name"] != criterion.group:
            groups.append({"name": criterion.group, "criteria": []})
        groups[-1]["criteria"].append(criterion)
    return outline


# --- rounds, dossiers, sheets ---------------------------------------------------------------------


def is_council_member(user: Any, round_: Round) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return round_.council_members.filter(pk=user.pk).exists()


def rounds_visible_to(user: Any) -> QuerySet[Round]:
    """Officers see every round; other signed-in users the open ones and those they have a part in: on its
    council or advisory group, or with a dossier of one of their shops. The list and the page ask this."""
    from hangviet.sellers.permissions import is_officer

    if is_officer(user):
        return Round.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Round.objects.none()
    theirs = Round.objects.filter(
        Q(council_members=user) | Q(advisory_group=user) | Q(dossiers__seller__memberships__user=user)
    )
    return Round.objects.filter(Q(status=Round.Status.OPEN) | Q(pk__in=theirs.values("pk")))


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Officers see every dossier; council/advisory members those of their rounds; producers their own."""
    from hangviet.sellers.permissions import is_officer

    qs = Dossier.objects.select_related("round", "seller", "product", "product_set")
    if is_officer(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(
        Q(seller__memberships__user=user) | Q(round__council_members=user) | Q(round__advisory_group=user)
    ).distinct()


def visible_sheets(user: Any, dossier: Dossier) -> list[ScoreSheet]:
    """The sheets `user` may read: their own always; others' only once submitted and, for a council
    member, only after their own is submitted (independent scoring). Officers read submitted sheets."""
    from hangviet.sellers.permissions import is_officer

    sheets = list(ScoreSheet.objects.filter(dossier=dossier).select_related("member").order_by("pk"))
    own = next((s for s in sheets if s.member_id == getattr(user, "pk", None)), None)
    if own is not None and own.submitted_at is None:
        return [own]
    if own is None and is_council_member(user, dossier.round):
        return []  # a member (even an officer) who has not scored yet reads no one else's sheet
    if own is not None or is_officer(user):
        return [s for s in sheets if s.submitted_at is not None or s is own]
    return []


def dossier_history(dossier: Dossier) -> list[Any]:
    labels = dict(Dossier.Status.choices)
    rows = list(dossier.status_changes.select_related("actor"))
    for row in rows:
        row.from_label = labels.get(row.from_status, "")  # type: ignore[attr-defined]
        row.to_label = labels.get(row.to_status, row.to_status)  # type: ignore[attr-defined]
    return rows


def certificate_history(certificate: Certificate) -> list[Any]:
    labels = dict(Certificate.Status.choices)
    rows = list(certificate.status_changes.select_related("actor"))
    for row in rows:
        row.from_label = labels.get(row.from_status, "")  # type: ignore[attr-defined]
        row.to_label = labels.get(row.to_status, row.to_status)  # type: ignore[attr-defined]
    return rows


def producer_products(user: Any) -> QuerySet[Product]:
    """Products of the verified sellers `user` is a member of (what they may register for OCOP)."""
    from hangviet.sellers.models import Seller

    return (
        Product.objects.filter(seller__memberships__user=user, seller__status=Seller.Status.VERIFIED)
        .select_related("seller", "category")
        .order_by("seller__trading_name", "name")
    )


def open_rounds(today: datetime.date | None = None) -> QuerySet[Round]:
    today = today or timezone.localdate()
    return Round.objects.filter(status=Round.Status.OPEN, opens_on__lte=today, closes_on__gte=today)


# --- for the campaign indicators (reports) -------------------------------------------------------


def certificates_in_force_on(as_of: datetime.date) -> QuerySet[Certificate]:
    """One certificate per product recognised (in force) on `as_of`: its highest star, then the latest
    expiry. The same rule as `stats`, as rows the indicator's records page can list."""
    in_force = (
        Certificate.objects.filter(issued_on__lte=as_of, expires_on__gte=as_of)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__isnull=True)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__date__lte=as_of)
    )
    best = in_force.filter(product=OuterRef("product")).order_by("-stars", "-expires_on", "-pk")
    return (
        in_force.filter(pk=Subquery(best.values("pk")[:1]))
        .select_related("product__seller__commune", "product__category", "product__origin_commune")
        .order_by("product__name", "pk")
    )


def certificates_first_issued_between(start: datetime.date, end: datetime.date) -> QuerySet[Certificate]:
    """Products recognised for the first time in [start, end]: each one's first certificate issued in
    the period that replaces none (a renewal is not a new product)."""
    new = Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end, replaces__isnull=True)
    first = new.filter(product=OuterRef("product")).order_by("issued_on", "pk")
    return (
        new.filter(pk=Subquery(first.values("pk")[:1]))
        .select_related("product__seller__commune", "product__category", "product__origin_commune")
        .order_by("issued_on", "pk")
    )


# The stages of a dossier at which the department has work to do, in the order the work flows.
OFFICER_STAGES = (
    Dossier.Status.SUBMITTED,
    Dossier.Status.COMMUNE_CHECKED,
    Dossier.Status.IN_EVALUATION,
    Dossier.Status.SCORED,
    Dossier.Status.PROPOSED,
)


def dossiers_by_stage() -> list[tuple[str, str, int]]:
    """(status, label, count) of dossiers at each stage the department works on (officer workspace)."""
    counts = dict(
        Dossier.objects.filter(status__in=OFFICER_STAGES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    return [(stage.value, str(stage.label), counts.get(stage.value, 0)) for stage in OFFICER_STAGES]
