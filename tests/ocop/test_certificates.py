"""OCOP certificate rules: who issues, 36-month validity, star bands, revocation, expiry, product stars."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed
from hangviet.ocop import queries, services, tasks
from hangviet.ocop.models import Certificate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def issue(f, product, *, number="OCOP-86-2025-0001", stars=3, score="62.50", issued_on=None, actor=None):
    return services.issue_certificate(
        actor=actor or f.officer(),
        product=product,
        number=number,
        stars=stars,
        score=score,
        issued_on=issued_on or TODAY - datetime.timedelta(days=10),
        decision_number="QĐ số 1234/QĐ-UBND",
    )


def stars_of(product: Product) -> int:
    return Product.objects.values_list("ocop_stars", flat=True).get(pk=product.pk)


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (datetime.date(2024, 3, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),  # leap day clamps
        (datetime.date(2023, 8, 31), datetime.date(2026, 8, 31)),
        (datetime.date(2023, 12, 31), datetime.date(2026, 12, 31)),
    ],
)
def test_certificate_is_valid_36_months_from_issue(f, issued, expires):
    cert = issue(f, f.product(), issued_on=issued, stars=4, score=75)
    assert cert.expires_on == expires
    assert Certificate.objects.get(pk=cert.pk).expires_on == expires


def test_add_months_clamps_to_end_of_month():
    assert services.add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert services.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert services.add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("stars", "score"),
    [(3, "50"), (3, "69.99"), (4, "70"), (4, "89.99"), (5, "90"), (5, "100")],
)
def test_stars_within_their_score_band_are_accepted(f, stars, score):
    cert = issue(f, f.product(), stars=stars, score=score)
    assert cert.stars == stars
    assert cert.score == Decimal(score)


@pytest.mark.parametrize(
    ("stars", "score", "field", "code"),
    [
        (3, "70", "stars", "stars_score_mismatch"),
        (4, "69.99", "stars", "stars_score_mismatch"),
        (4, "90", "stars", "stars_score_mismatch"),
        (5, "89.99", "stars", "stars_score_mismatch"),
        (3, "49.99", "score", "score_too_low"),
        (2, "40", "stars", "invalid_stars"),
        (6, "95", "stars", "invalid_stars"),
        (5, "100.5", "score", "invalid_score"),
        (3, "abc", "score", "invalid_score"),
    ],
)
def test_stars_outside_their_band_are_refused_and_nothing_is_written(f, stars, score, field, code):
    product = f.product()
    with pytest.raises(ValidationFailed) as exc:
        issue(f, product, stars=stars, score=score)
    assert (field, code) in [(e["field"], e["code"]) for e in exc.value.errors]
    assert not Certificate.objects.exists()
    assert stars_of(product) == 0


def test_blank_number_and_future_issue_date_are_refused(f):
    with pytest.raises(ValidationFailed) as exc:
        issue(f, f.product(), number="  ", issued_on=TODAY + datetime.timedelta(days=1))
    assert {e["field"] for e in exc.value.errors} == {"number", "issued_on"}
    assert not Certificate.objects.exists()


def test_duplicate_number_is_refused(f):
    issue(f, f.product(), number="OCOP-86-2025-0007")
    with pytest.raises(ValidationFailed) as exc:
        issue(f, f.product(), number="OCOP-86-2025-0007")
    assert exc.value.errors[0]["code"] == "duplicate"
    assert Certificate.objects.count() == 1


def test_only_officers_issue_certificates(f):
    product = f.product()
    member = product.seller.memberships.get().user
    for actor in (f.user(), member):
        with pytest.raises(PermissionDenied):
            issue(f, product, actor=actor)
    assert not Certificate.objects.exists()
    assert stars_of(product) == 0


def test_issuing_sets_the_product_stars_to_the_best_valid_certificate(f):
    product = f.product()
    issue(f, product, number="A-1", stars=3, score=55)
    assert stars_of(product) == 3
    issue(f, product, number="A-2", stars=4, score=80)
    assert stars_of(product) == 4
    issue(f, product, number="A-3", stars=3, score=65)  # a weaker one does not lower the stars
    assert stars_of(product) == 4
    assert queries.current_certificate(product).number == "A-2"


def test_an_already_expired_certificate_gives_no_stars(f):
    product = f.product()
    issue(f, product, issued_on=TODAY - datetime.timedelta(days=4 * 365), stars=5, score=95)
    assert stars_of(product) == 0
    assert queries.current_certificate(product) is None


def test_revoke_needs_an_officer_and_a_reason_and_drops_the_stars(f):
    product = f.product()
    cert = issue(f, product, stars=4, score=72)
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(actor=f.user(), certificate=cert, reason="Vi phạm")
    with pytest.raises(ValidationFailed):
        services.revoke_certificate(actor=f.officer(), certificate=cert, reason="   ")
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.Status.VALID
    assert stars_of(product) == 4

    revoked = services.revoke_certificate(actor=f.officer(), certificate=cert, reason="Không tái đánh giá")
    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revoked_reason == "Không tái đánh giá"
    assert stars_of(product) == 0
    with pytest.raises(services.CertificateAlreadyRevoked):
        services.revoke_certificate(actor=f.officer(), certificate=cert, reason="Lần nữa")


def test_revoking_one_certificate_falls_back_to_the_next_best(f):
    product = f.product()
    issue(f, product, number="B-1", stars=3, score=60)
    best = issue(f, product, number="B-2", stars=5, score=92)
    assert stars_of(product) == 5
    services.revoke_certificate(actor=f.officer(), certificate=best, reason="Sai hồ sơ")
    assert stars_of(product) == 3


def test_expire_due_certificates_marks_only_lapsed_ones(f):
    lapsing, fresh = f.product(), f.product()
    old = issue(f, lapsing, number="C-1", stars=4, score=80, issued_on=datetime.date(2023, 11, 1))
    new = issue(f, fresh, number="C-2", stars=3, score=60, issued_on=datetime.date(2025, 1, 10))
    # the day before expiry the certificate still holds; after expires_on it lapses
    assert services.expire_due_certificates(old.expires_on) == 0
    assert services.expire_due_certificates(old.expires_on + datetime.timedelta(days=1)) == 1
    assert Certificate.objects.get(pk=old.pk).status == Certificate.Status.EXPIRED
    assert Certificate.objects.get(pk=new.pk).status == Certificate.Status.VALID
    assert stars_of(lapsing) == 0
    assert stars_of(fresh) == 3
    assert services.expire_due_certificates(old.expires_on + datetime.timedelta(days=1)) == 0


def test_daily_task_expires_certificates(f):
    product = f.product()
    cert = issue(f, product, stars=3, score=60, issued_on=TODAY - datetime.timedelta(days=3 * 366))
    Product.objects.filter(pk=product.pk).update(ocop_stars=3)  # stale stars, as if yesterday
    result = tasks.expire_certificates.enqueue()
    assert result.return_value == 1
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.Status.EXPIRED
    assert stars_of(product) == 0


def test_current_certificates_maps_each_product_to_its_best(f, django_assert_num_queries):
    a, b, c = f.product(), f.product(), f.product()
    issue(f, a, number="D-1", stars=3, score=60)
    issue(f, a, number="D-2", stars=4, score=85)
    issue(f, b, number="D-3", stars=5, score=96)
    revoked = issue(f, c, number="D-4", stars=3, score=51)
    services.revoke_certificate(actor=f.officer(), certificate=revoked, reason="Thu hồi")
    with django_assert_num_queries(1):
        best = queries.current_certificates([a.pk, b.pk, c.pk])
    assert {pk: cert.number for pk, cert in best.items()} == {a.pk: "D-2", b.pk: "D-3"}
    assert queries.current_certificates([]) == {}


def test_refresh_product_stars_repairs_stale_values(f):
    product = f.product()
    issue(f, product, stars=4, score=88)
    Product.objects.filter(pk=product.pk).update(ocop_stars=0)
    services.refresh_product_stars([product.pk])
    assert stars_of(product) == 4
