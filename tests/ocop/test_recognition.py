"""Recognition and certificates: only officers issue, history, expiry notices, public check, API, stats."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hangviet.catalog.models import Product
from hangviet.ocop import services, tasks
from hangviet.ocop.models import Certificate, CertificateStatusChange, Dossier
from tests.ocop.helpers import TODAY, in_evaluation, make_round, owner_of, score_all

pytestmark = pytest.mark.django_db


ROUND_NUMBERS = itertools.count(1)


def scored(f, totals=("75", "75", "75")) -> Dossier:
    dossier = in_evaluation(make_round(number=next(ROUND_NUMBERS)))
    score_all(dossier, list(totals))
    return services.finalise_scores(actor=f.officer(), dossier=dossier)


def recognise(f, dossier, number="OCOP-86-2026-0900", actor=None):
    return services.recognise_dossier(
        actor=actor or f.officer(),
        dossier=dossier,
        number=number,
        decision_number="QĐ số 1500/QĐ-UBND",
        decision_date=TODAY,
    )


def test_only_officers_issue_the_certificate(f):
    dossier = scored(f)
    for actor in (owner_of(dossier.seller), f.user()):
        with pytest.raises(PermissionDenied):
            recognise(f, dossier, actor=actor)
    assert not Certificate.objects.exists()


def test_recognition_issues_a_certificate_with_the_dossier_score_and_history(f):
    dossier = scored(f, ("70", "80", "75.5"))
    officer = f.officer()
    cert = recognise(f, dossier, actor=officer)
    assert (cert.stars, cert.score, cert.dossier_id) == (4, Decimal("75.17"), dossier.pk)
    assert cert.expires_on == services.expiry_for(TODAY)
    assert (cert.issued_by, cert.decision_date) == (officer, TODAY)
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.RECOGNISED
    assert Product.objects.get(pk=dossier.product_id).ocop_stars == 4
    change = CertificateStatusChange.objects.get(certificate=cert)
    assert (change.from_status, change.to_status, change.actor) == ("", "valid", officer)
    with pytest.raises(services.InvalidTransition):  # a dossier is recognised once
        recognise(f, dossier, number="OCOP-86-2026-0901")


def test_a_capped_dossier_gets_the_capped_stars(f):
    dossier = in_evaluation(make_round())
    score_all(dossier, ["85"] * 3, zero=("B1.4",))
    dossier = services.finalise_scores(actor=f.officer(), dossier=dossier)
    assert recognise(f, dossier).stars == 3


def test_not_recognised_and_proposed_dossiers_get_no_provincial_certificate(f):
    low = scored(f, ("40", "45", "49"))
    with pytest.raises(services.InvalidTransition):
        recognise(f, low)
    high = scored(f, ("92", "95", "91"))
    assert high.status == Dossier.Status.PROPOSED
    with pytest.raises(services.InvalidTransition):
        recognise(f, high, number="X-2")
    decided = services.record_ministry_result(
        actor=f.officer(), dossier=high, recognised=True, decision_number="QĐ số 99/QĐ-BNNMT"
    )
    assert decided.stars == 5
    assert recognise(f, decided, number="X-3").stars == 5


def test_re_evaluation_links_the_new_certificate_to_the_old(f):
    dossier = scored(f)
    old = services.issue_certificate(
        actor=f.officer(),
        product=dossier.product,
        number="OLD-1",
        stars=3,
        score="60",
        issued_on=TODAY - datetime.timedelta(days=1000),
    )
    new = recognise(f, dossier)
    assert new.replaces == old
    assert list(old.replaced_by.all()) == [new]


def test_revocation_records_who_when_and_why(f, client):
    cert = recognise(f, scored(f))
    officer = f.officer()
    services.revoke_certificate(actor=officer, certificate=cert, reason="Vi phạm an toàn thực phẩm")
    cert.refresh_from_db()
    assert (cert.revoked_by, cert.status) == (officer, "revoked")
    assert cert.revoked_at is not None
    change = CertificateStatusChange.objects.filter(certificate=cert).last()
    assert (change.from_status, change.to_status, change.actor) == ("valid", "revoked", officer)
    page = client.get(f"/ocop/certificates/{cert.number}/").content.decode()
    assert "đã bị thu hồi" in page
    body = client.get(f"/api/v1/ocop/certificates/{cert.number}").json()
    assert (body["status"], body["is_valid"], body["revoked_reason"]) == (
        "revoked",
        False,
        "Vi phạm an toàn thực phẩm",
    )


def test_officer_revokes_from_the_certificate_page_and_others_cannot(f, client):
    cert = recognise(f, scored(f))
    client.force_login(f.user())
    assert client.post(f"/ocop/certificates/{cert.number}/revoke/", {"reason": "x"}).status_code == 403
    client.force_login(f.officer())
    assert client.post(f"/ocop/certificates/{cert.number}/revoke/", {"reason": ""}).status_code == 422
    assert Certificate.objects.get(pk=cert.pk).status == "valid"
    response = client.post(f"/ocop/certificates/{cert.number}/revoke/", {"reason": "Không tái đánh giá"})
    assert response.status_code == 302
    assert Certificate.objects.get(pk=cert.pk).status == "revoked"


def issue(f, number, issued_on, stars=3, score="60", product=None):
    return services.issue_certificate(
        actor=f.officer(),
        product=product or f.product(),
        number=number,
        stars=stars,
        score=score,
        issued_on=issued_on,
    )


def test_producers_are_told_once_30_days_before_expiry(f, django_capture_on_commit_callbacks):
    lapse = services.add_months(TODAY, -36)
    soon = issue(f, "N-1", lapse + datetime.timedelta(days=20))  # expires in 20 days
    issue(f, "N-2", lapse + datetime.timedelta(days=45))  # in 45 days: not yet
    revoked = issue(f, "N-3", lapse + datetime.timedelta(days=10))
    services.revoke_certificate(actor=f.officer(), certificate=revoked, reason="Thu hồi")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.notify_expiring_certificates.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert soon.product.seller.email in message.to
    assert "N-1" in message.subject
    assert "/ocop/certificates/N-1/" in message.body
    assert Certificate.objects.get(pk=soon.pk).expiry_notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_expiring_certificates.enqueue().return_value == 0  # never twice
    assert len(mail.outbox) == 1


def test_expiry_is_recorded_in_the_history(f):
    cert = issue(f, "E-1", services.add_months(TODAY, -36) - datetime.timedelta(days=3))
    assert services.expire_due_certificates(TODAY) == 1
    change = CertificateStatusChange.objects.filter(certificate=cert).last()
    assert (change.from_status, change.to_status, change.actor) == ("valid", "expired", None)


# --- the public check, registry and statistics -------------------------------------------------------


def test_anyone_checks_a_certificate_and_an_unknown_number_is_404(f, client):
    cert = recognise(f, scored(f))
    body = client.get(f"/api/v1/ocop/certificates/{cert.number}").json()
    assert body["number"] == cert.number
    assert (body["stars"], body["status"], body["is_valid"]) == (4, "valid", True)
    assert body["product"] == {"slug": cert.product.slug, "name": cert.product.name}
    assert body["decision_number"] == "QĐ số 1500/QĐ-UBND"
    missing = client.get("/api/v1/ocop/certificates/OCOP-86-2099-9999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    page = client.get(f"/ocop/certificates/{cert.number}/")
    assert page.status_code == 200
    assert "Giấy chứng nhận thật, đang có hiệu lực." in page.content.decode()
    assert client.get("/ocop/certificates/GIA-MAO-1/").status_code == 404
    printable = client.get(f"/ocop/certificates/{cert.number}/print/").content.decode()
    assert cert.number in printable and cert.product.name in printable


def test_registry_api_filters_and_shape(f, client, django_assert_max_num_queries):
    a = issue(f, "R-1", TODAY - datetime.timedelta(days=30), stars=3, score="55")
    b = issue(f, "R-2", TODAY - datetime.timedelta(days=400), stars=4, score="75")
    expiring = issue(
        f, "R-3", services.add_months(TODAY, -36) + datetime.timedelta(days=10), stars=4, score="80"
    )
    expired = issue(f, "R-4", services.add_months(TODAY, -36) - datetime.timedelta(days=10))
    services.expire_due_certificates(TODAY)
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/ocop/products").json()
    assert body["count"] == 3
    item = next(i for i in body["items"] if i["certificate"]["number"] == "R-1")
    assert item["product"] == {"slug": a.product.slug, "name": a.product.name}
    assert item["producer"] == a.product.seller.trading_name
    assert item["group"] == "Thực phẩm"
    assert set(item["certificate"]) == {"number", "stars", "score", "issued_on", "expires_on", "status"}

    def numbers(q):
        return {i["certificate"]["number"] for i in client.get(f"/api/v1/ocop/products?{q}").json()["items"]}

    assert numbers("stars=4") == {b.number, expiring.number}
    assert numbers("status=expiring") == {expiring.number}
    assert numbers("status=expired") == {expired.number}
    assert numbers(f"year={TODAY.year}") >= {a.number}
    assert numbers("group=IV") == set()
    assert numbers("commune=29242") == {a.number, b.number, expiring.number}
    bad = client.get("/api/v1/ocop/products?stars=7&status=nope")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"query.stars", "query.status"}


def test_registry_page_lists_and_filters(f, client):
    issue(f, "P-1", TODAY - datetime.timedelta(days=30), stars=3, score="55")
    issue(f, "P-2", TODAY - datetime.timedelta(days=30), stars=4, score="75")
    page = client.get("/ocop/?stars=4").content.decode()
    assert "P-2" in page and "P-1" not in page
    assert client.get("/ocop/?stars=abc").status_code == 200  # bad filters are ignored


def test_stats_count_recognised_products(f, client):
    issue(f, "S-1", TODAY - datetime.timedelta(days=5), stars=3, score="55")
    p = f.product()
    issue(f, "S-2", TODAY - datetime.timedelta(days=5), stars=4, score="75", product=p)
    issue(f, "S-3", TODAY - datetime.timedelta(days=4), stars=3, score="65", product=p)  # same product
    gone = issue(f, "S-4", TODAY - datetime.timedelta(days=5), stars=5, score="95")
    services.revoke_certificate(actor=f.officer(), certificate=gone, reason="Thu hồi")
    body = client.get(f"/api/v1/ocop/stats?year={TODAY.year}").json()
    assert body["recognised"] == 2
    assert body["by_stars"] == {"3": 1, "4": 1, "5": 0}
    assert body["by_group"] == [{"code": "I", "name": "Thực phẩm", "count": 2}]
    assert body["by_commune"][0]["count"] == 2
    assert body["new"] == 3  # S-1, p (S-2 first), S-4's product: products newly recognised in the year
    assert client.get("/api/v1/ocop/stats?year=1900").status_code == 422
    last_year = client.get(f"/api/v1/ocop/stats?year={TODAY.year - 1}").json()
    assert last_year["recognised"] == 0
