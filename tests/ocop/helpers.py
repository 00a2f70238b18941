"""Builders for OCOP tests: a round with a council, a dossier at a given stage, sheets with a given total."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hangviet.catalog.models import Category
from hangviet.core.models import Province
from hangviet.ocop import queries, services
from hangviet.ocop.models import Dossier, Round
from tests import factories as f
from tests.factories import owner_of

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_round(officer=None, members=3, opens_on=None, **kw) -> Round:
    officer = officer or f.officer()
    council = [f.officer(full_name=f"Thành viên {i + 1}") for i in range(members)]
    return services.open_round(
        actor=officer,
        province=kw.pop("province", None) or f.province(),
        year=kw.pop("year", TODAY.year),
        number=kw.pop("number", 1),
        opens_on=opens_on or TODAY - datetime.timedelta(days=5),
        closes_on=kw.pop("closes_on", TODAY + datetime.timedelta(days=30)),
        council_members=council,
        **kw,
    )


def food_product(seller=None, code="I.2.2"):
    return f.product(seller, category=Category.objects.get(code=code))


def draft(round_: Round, product=None) -> Dossier:
    product = product or food_product()
    return services.create_dossier(actor=owner_of(product.seller), round_=round_, product=product)


def in_evaluation(round_: Round, product=None) -> Dossier:
    """A dossier submitted, checked by the commune, samples received, handed to the council."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = draft(round_, product)
    owner = owner_of(dossier.seller)
    services.update_dossier(
        actor=owner,
        dossier=dossier,
        production_plan="Mở rộng vùng nguyên liệu 20 ha.",
        product_story="",
        quality_standard="TCCS 01:2024",
        self_assessment={},
    )
    services.add_attachment(
        actor=owner, dossier=dossier, file=SimpleUploadedFile("a.pdf", PDF), title="Phiếu đăng ký"
    )
    services.submit_dossier(actor=owner, dossier=dossier)
    officer = f.officer()
    services.commune_check(
        actor=officer, dossier=dossier, forward=True, local_criteria={"origin_of_materials": True}
    )
    services.record_samples(actor=officer, dossier=dossier, received_on=TODAY)
    return services.start_evaluation(actor=officer, dossier=dossier)


def points_for(dossier: Dossier, total: str, *, zero: tuple[str, ...] = ()) -> dict[str, str]:
    """Scores adding up to `total`: mandatory criteria first at their maximum (unless in `zero`)."""
    criteria = queries.criteria_of(dossier.rubric)
    left = Decimal(total)
    scores = {c.code: Decimal(0) for c in criteria}
    ordered = sorted(criteria, key=lambda c: (not c.mandatory_for_stars, c.position))
    for c in ordered:
        if c.code in zero:
            continue
        take = min(c.max_points, left)
        scores[c.code] = take
        left -= take
    assert left == 0, f"cannot reach {total}"
    return {code: str(v) for code, v in scores.items()}


def score_all(dossier: Dossier, totals: list[str], **kw) -> list:
    members = list(dossier.round.council_members.order_by("pk"))
    return [
        services.save_sheet(actor=m, dossier=dossier, scores=points_for(dossier, t, **kw), submit=True)
        for m, t in zip(members, totals, strict=False)
    ]


def province() -> Province:
    return f.province()
