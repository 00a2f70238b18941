"""OCOP demo data on top of `hangviet demo`: the rounds and scored dossiers behind the demo certificates,
and an open round with dossiers at every stage. Deterministic and idempotent (a second run writes nothing).

The foundation demo already issued the certificates ("OCOP-86-<year>-<n>"); they are linked here by number
to the dossier and score sheets that produced them, never re-issued.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hangviet.accounts.demo import DEMO_PASSWORD
from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.models import Province
from hangviet.ocop import queries, services
from hangviet.ocop.models import (
    Certificate,
    Criterion,
    Dossier,
    DossierStatusChange,
    Round,
    Rubric,
    ScoreSheet,
)
from hangviet.sellers.models import Seller

PROVINCE_CODE = "86"
COUNCIL = (
    ("hoidong1@demo.hangviet.vn", "Trần Minh Khoa (Chủ tịch Hội đồng)"),
    ("hoidong2@demo.hangviet.vn", "Lê Thị Ngọc Hân"),
    ("hoidong3@demo.hangviet.vn", "Thạch Sô Phol"),
)
ADVISORY = (("tuvan@demo.hangviet.vn", "Nguyễn Hữu Tâm (Tổ tư vấn)"),)
SPREAD = (Decimal("1.50"), Decimal("-1.50"), Decimal(0))  # three sheets whose mean is the certificate's score
PDF = b"%PDF-1.4\n% HangViet demo\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CENT = Decimal("0.01")


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _people(rows: tuple[tuple[str, str], ...]) -> list[User]:
    users = []
    for email, name in rows:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                full_name=name,
                is_officer=True,
                password=make_password(DEMO_PASSWORD),
            )
        users.append(user)
    return users


def sheet_points(criteria: list[Criterion], total: Decimal) -> dict[str, str]:
    """Points per criterion adding up to `total`: mandatory criteria met in full, the rest in proportion."""
    mandatory = [c for c in criteria if c.mandatory_for_stars]
    others = [c for c in criteria if not c.mandatory_for_stars]
    points = {c.code: c.max_points for c in mandatory}
    left = total - sum(points.values(), Decimal(0))
    room = sum((c.max_points for c in others), Decimal(0))
    for c in others:
        points[c.code] = (c.max_points * left / room).quantize(CENT, rounding=ROUND_DOWN)
    residue = total - sum(points.values(), Decimal(0))
    for c in others:  # hand out the rounding cents where there is room
        if residue <= 0:
            break
        add = min(residue, c.max_points - points[c.code])
        points[c.code] += add
        residue -= add
    return {code: str(value.quantize(CENT)) for code, value in points.items()}


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def ensure_closed_rounds(province: Province, officer: User, council: list[User], stdout: Any = None) -> int:
    """One closed round per year of issue, with a recognised dossier and 3 sheets behind each certificate."""
    certificates = list(
        Certificate.objects.filter(
            number__startswith="OCOP-86-", dossier__isnull=True, product__seller__is_demo=True
        )
        .select_related("product__category")
        .order_by("issued_on", "number")
    )
    if not certificates:
        return 0
    by_year: dict[int, list[Certificate]] = defaultdict(list)
    for cert in certificates:
        by_year[cert.issued_on.year].append(cert)
    criteria_cache: dict[int, list[Criterion]] = {}
    made = 0
    for year, certs in sorted(by_year.items()):
        first = certs[0].issued_on
        opens_on = min(datetime.date(year, 1, 10), first - datetime.timedelta(days=60))
        round_, _ = Round.objects.get_or_create(
            province=province,
            year=year,
            number=1,
            defaults={
                "title": f"Đợt 1/{year} – đánh giá, phân hạng sản phẩm OCOP tỉnh",
                "opens_on": opens_on,
                "closes_on": opens_on + datetime.timedelta(days=30),
                "status": Round.Status.CLOSED,
                "step": Round.Step.PROMOTE,
                "created_by": officer,
            },
        )
        round_.council_members.add(*council)
        dossiers, sheets, history = [], [], []
        for cert in certs:
            rubric = queries.rubric_for(cert.product.category, round_.opens_on)
            if rubric is None:
                continue
            band = services.band_for_score(cert.score)
            dossiers.append(
                Dossier(
                    round=round_,
                    seller_id=cert.product.seller_id,
                    product=cert.product,
                    product_set=cert.product.category,
                    rubric=rubric,
                    production_plan="Duy trì vùng nguyên liệu, mở rộng kênh phân phối trong và ngoài tỉnh.",
                    quality_standard="TCCS (tự công bố)",
                    samples_received_on=round_.opens_on + datetime.timedelta(days=12),
                    commune_check={k: True for k in services.LOCAL_CRITERIA},
                    status=Dossier.Status.RECOGNISED,
                    score=cert.score,
                    band_stars=band,
                    stars=cert.stars,
                    ministry_recognised=True if cert.stars == 5 else None,
                    ministry_decision="QĐ số …/QĐ-BNNMT (minh hoạ)" if cert.stars == 5 else "",
                    submitted_at=_at(round_.opens_on + datetime.timedelta(days=5)),
                )
            )
        Dossier.objects.bulk_create(dossiers)
        saved = {d.product_id: d for d in Dossier.objects.filter(round=round_).select_related("rubric")}
        for cert in certs:
            dossier = saved.get(cert.product_id)
            if dossier is None:
                continue
            criteria = criteria_cache.setdefault(
                dossier.rubric_id, list(Criterion.objects.filter(part__rubric_id=dossier.rubric_id))
            )
            scored_on = min(cert.issued_on, round_.opens_on + datetime.timedelta(days=40))
            for member, delta in zip(council, SPREAD, strict=True):
                total = min(Decimal(100), max(Decimal(0), cert.score + delta))
                if cert.score + SPREAD[0] > 100:  # keep the mean exact near 100
                    total = cert.score
                sheets.append(
                    ScoreSheet(
                        dossier=dossier,
                        member=member,
                        scores=sheet_points(criteria, total),
                        total=total,
                        submitted_at=_at(scored_on - datetime.timedelta(days=3), 15),
                    )
                )
            steps = [
                ("", Dossier.Status.DRAFT, round_.opens_on + datetime.timedelta(days=1), None),
                (
                    Dossier.Status.DRAFT,
                    Dossier.Status.SUBMITTED,
                    round_.opens_on + datetime.timedelta(days=5),
                    None,
                ),
                (
                    Dossier.Status.SUBMITTED,
                    Dossier.Status.COMMUNE_CHECKED,
                    round_.opens_on + datetime.timedelta(days=10),
                    officer,
                ),
                (
                    Dossier.Status.COMMUNE_CHECKED,
                    Dossier.Status.IN_EVALUATION,
                    round_.opens_on + datetime.timedelta(days=14),
                    officer,
                ),
            ]
            if cert.stars == 5:
                steps += [
                    (Dossier.Status.IN_EVALUATION, Dossier.Status.PROPOSED, scored_on, officer),
                    (Dossier.Status.PROPOSED, Dossier.Status.MINISTRY_DECIDED, scored_on, officer),
                    (Dossier.Status.MINISTRY_DECIDED, Dossier.Status.RECOGNISED, cert.issued_on, officer),
                ]
            else:
                steps += [
                    (Dossier.Status.IN_EVALUATION, Dossier.Status.SCORED, scored_on, officer),
                    (Dossier.Status.SCORED, Dossier.Status.RECOGNISED, cert.issued_on, officer),
                ]
            for from_status, to_status, day, actor in steps:
                history.append(
                    DossierStatusChange(
                        dossier=dossier,
                        from_status=from_status,
                        to_status=to_status,
                        actor=actor or None,
                        reason=cert.decision_number if to_status == Dossier.Status.RECOGNISED else "",
                        created_at=_at(min(day, cert.issued_on)),
                    )
                )
            cert.dossier = dossier
            cert.decision_date = cert.decision_date or cert.issued_on
            cert.issued_by_id = cert.issued_by_id or officer.pk
            made += 1
        ScoreSheet.objects.bulk_create(sheets)
        DossierStatusChange.objects.bulk_create(history)
        Certificate.objects.bulk_update(certs, ["dossier", "decision_date", "issued_by"])
    _say(stdout, f"ocop: {made} scored dossiers linked to the demo certificates")
    return made


def _uncertified(seller_ids: list[int]) -> list[Product]:
    return list(
        Product.objects.filter(
            seller_id__in=seller_ids,
            status=Product.Status.ACTIVE,
            certificates__isnull=True,
            category__code__regex=r"^(I\.[1-4]|IV)",
        )
        .select_related("seller", "category")
        .order_by("seller__slug", "sku")
    )


def ensure_open_round(
    province: Province, officer: User, council: list[User], advisory: list[User], stdout: Any = None
) -> int:
    """The current open round: one dossier at each stage of the procedure (demo producer's first)."""
    today = timezone.localdate()
    if Round.objects.filter(province=province, year=today.year, number=2).exists():
        return 0
    seller_user = User.objects.filter(email="seller@demo.hangviet.vn").first()
    demo_sellers = list(
        Seller.objects.filter(is_demo=True, status=Seller.Status.VERIFIED)
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    own_ids = (
        list(Seller.objects.filter(memberships__user=seller_user).values_list("pk", flat=True))
        if seller_user
        else []
    )
    own = _uncertified(own_ids)
    others = [p for p in _uncertified([pk for pk in demo_sellers if pk not in own_ids])]
    seen_sellers: set[int] = set()
    spread = []
    for p in others:  # one product per producer, for variety
        if p.seller_id not in seen_sellers:
            seen_sellers.add(p.seller_id)
            spread.append(p)
    products = own[:2] + spread
    stages = [
        "draft",
        "returned",
        "submitted",
        "commune_checked",
        "in_evaluation",
        "scored",
        "not_recognised",
        "proposed",
        "ministry_decided",
    ]
    if len(products) < len(stages):
        return 0
    with transaction.atomic():
        round_ = services.open_round(
            actor=officer,
            province=province,
            year=today.year,
            number=2,
            title=f"Đợt 2/{today.year} – đánh giá, phân hạng sản phẩm OCOP tỉnh",
            opens_on=today - datetime.timedelta(days=20),
            closes_on=today + datetime.timedelta(days=40),
            council_members=council,
            advisory_group=advisory,
        )
        services.set_round_stage(
            actor=officer, round_=round_, status=Round.Status.OPEN, step=Round.Step.EVALUATE
        )
        for product, stage in zip(products, stages, strict=False):
            _build_dossier(round_, product, stage, officer, council)
    _say(stdout, f"ocop: open round with {len(stages)} dossiers at every stage")
    return len(stages)


TOTALS = {"scored": "76.40", "not_recognised": "46.20", "proposed": "91.30", "ministry_decided": "90.60"}


def _build_dossier(round_: Round, product: Product, stage: str, officer: User, council: list[User]) -> None:
    owner = User.objects.filter(memberships__seller=product.seller, memberships__role="owner").first()
    if owner is None:
        return
    dossier = services.create_dossier(actor=owner, round_=round_, product=product)
    if stage == "draft":
        return
    services.update_dossier(
        actor=owner,
        dossier=dossier,
        production_plan="Mở rộng vùng nguyên liệu liên kết 15 ha; nâng cấp bao bì; bán trên HàngViệt.",
        product_story="Sản phẩm truyền thống của gia đình qua ba thế hệ.",
        quality_standard="TCCS 01:2025",
        self_assessment={},
    )
    services.add_attachment(
        actor=owner,
        dossier=dossier,
        file=SimpleUploadedFile("phieu-dang-ky.pdf", PDF),
        title="Phiếu đăng ký sản phẩm",
    )
    services.submit_dossier(actor=owner, dossier=dossier)
    if stage == "submitted":
        return
    if stage == "returned":
        services.commune_check(
            actor=officer,
            dossier=dossier,
            forward=False,
            local_criteria={"origin_of_materials": True},
            reason="Bổ sung giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm còn hiệu lực.",
        )
        return
    services.commune_check(
        actor=officer,
        dossier=dossier,
        forward=True,
        local_criteria={k: True for k in services.LOCAL_CRITERIA},
    )
    services.record_samples(actor=officer, dossier=dossier, received_on=timezone.localdate())
    if stage == "commune_checked":
        return
    dossier = services.start_evaluation(actor=officer, dossier=dossier)
    criteria = queries.criteria_of(dossier.rubric)
    if stage == "in_evaluation":
        services.save_sheet(
            actor=council[0], dossier=dossier, scores=sheet_points(criteria, Decimal("72.50")), submit=True
        )
        services.save_sheet(actor=council[1], dossier=dossier, scores={}, submit=False)
        return
    total = Decimal(TOTALS[stage])
    for member, delta in zip(council, SPREAD, strict=True):
        points = sheet_points(criteria, min(Decimal(100), total + delta))
        services.save_sheet(actor=member, dossier=dossier, scores=points, submit=True)
    dossier = services.finalise_scores(actor=officer, dossier=dossier)
    if stage == "ministry_decided":
        services.record_ministry_result(
            actor=officer,
            dossier=dossier,
            recognised=False,
            decision_number="",
            note="Chờ Bộ xem xét lại (minh hoạ)",
        )


def load_demo(stdout: Any = None) -> None:
    """Rounds, dossiers and score sheets for the demo province (after the foundation demo)."""
    province = Province.objects.filter(code=PROVINCE_CODE).first()
    officer = User.objects.filter(email="officer@demo.hangviet.vn").first()
    if province is None or officer is None or not Rubric.objects.exists():
        _say(stdout, "ocop: skipped (run the foundation demo first)")
        return
    council = _people(COUNCIL)
    advisory = _people(ADVISORY)
    ensure_closed_rounds(province, officer, council, stdout)
    ensure_open_round(province, officer, council, advisory, stdout)
