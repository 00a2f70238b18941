"""The issue's "done when" through the pages: round → dossier → three sheets → 4★ certificate → checks."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.ocop.models import Certificate, Dossier, Round
from tests.ocop.helpers import PDF, TODAY, food_product, owner_of, points_for

pytestmark = pytest.mark.django_db


def test_officer_round_producer_dossier_council_certificate_badge_check_stats(client, f):
    officer = f.officer(full_name="Cán bộ Sở")
    members = [f.officer(full_name=f"Hội đồng {i}") for i in range(3)]
    product = food_product()
    producer = owner_of(product.seller)

    client.force_login(officer)
    response = client.post(
        "/ocop/rounds/new/",
        {
            "year": TODAY.year,
            "number": 2,
            "title": "Đợt 2",
            "opens_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "min_sheets": 3,
            "council_members": [m.pk for m in members],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(number=2)
    assert "Đánh giá và xếp hạng sản phẩm" in client.get(f"/ocop/rounds/{round_.pk}/").content.decode()

    client.force_login(producer)
    assert client.post(f"/ocop/rounds/{round_.pk}/apply/", {"product": product.pk}).status_code == 302
    dossier = Dossier.objects.get(round=round_)
    edit = {"production_plan": "Mở rộng sản xuất.", "product_story": "Chuyện dừa", "quality_standard": "TCCS"}
    assert client.post(f"/ocop/dossiers/{dossier.pk}/edit/", edit | {"c_A1.1": "9"}).status_code == 422
    assert client.post(f"/ocop/dossiers/{dossier.pk}/edit/", edit | {"c_A1.1": "4"}).status_code == 302
    upload = {"action": "attach", "title": "Phiếu đăng ký", "file": SimpleUploadedFile("p.pdf", PDF)}
    assert client.post(f"/ocop/dossiers/{dossier.pk}/", upload).status_code == 302
    bad = {"action": "attach", "title": "Ảnh", "file": SimpleUploadedFile("x.pdf", b"GIF89a")}
    assert (
        "Chỉ nhận tệp PDF hoặc ảnh JPEG" in client.post(f"/ocop/dossiers/{dossier.pk}/", bad).content.decode()
    )
    assert client.post(f"/ocop/dossiers/{dossier.pk}/", {"action": "submit"}).status_code == 302

    client.force_login(officer)
    for data in (
        {"action": "commune", "decision": "forward", "origin_of_materials": "on", "reason": ""},
        {"action": "samples", "received_on": TODAY.isoformat()},
        {"action": "evaluate"},
    ):
        assert client.post(f"/ocop/dossiers/{dossier.pk}/", data).status_code == 302, data
    dossier.refresh_from_db()
    for member, total in zip(members, ("78", "80", "76.5"), strict=True):
        client.force_login(member)
        data = {f"c_{k}": v for k, v in points_for(dossier, total).items()} | {"submit": "1"}
        assert client.post(f"/ocop/dossiers/{dossier.pk}/sheet/", data).status_code == 302

    client.force_login(officer)
    assert client.post(f"/ocop/dossiers/{dossier.pk}/", {"action": "finalise"}).status_code == 302
    recognise = {
        "action": "recognise",
        "number": "OCOP-86-2026-0777",
        "decision_number": "QĐ số 2100/QĐ-UBND",
        "decision_date": TODAY.isoformat(),
    }
    assert client.post(f"/ocop/dossiers/{dossier.pk}/", recognise).status_code == 302
    cert = Certificate.objects.get(number="OCOP-86-2026-0777")
    assert (cert.stars, str(cert.score)) == (4, "78.17")
    history = list(dossier.status_changes.values_list("to_status", flat=True))
    assert history == [
        "draft",
        "submitted",
        "commune_checked",
        "in_evaluation",
        "scored",
        "recognised",
    ]

    client.logout()
    product_page = client.get(f"/p/{product.slug}/").content.decode()
    assert "OCOP-86-2026-0777" in product_page
    assert (
        "Giấy chứng nhận thật, đang có hiệu lực."
        in client.get("/ocop/certificates/OCOP-86-2026-0777/").content.decode()
    )
    stats = client.get(f"/api/v1/ocop/stats?year={TODAY.year}").json()
    assert (stats["recognised"], stats["by_stars"]["4"], stats["new"]) == (1, 1, 1)
