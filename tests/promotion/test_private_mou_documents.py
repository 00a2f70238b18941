"""MoU scans are private: stored outside MEDIA_ROOT under names nobody can guess, and served only to
whoever the trip page shows the PDF link to (officers)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hangviet.promotion.models import Mou
from hangviet.promotion.services import trips
from tests.factories import owner_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORED_NAME = re.compile(r"^promotion/mous/\d{4}/[A-Za-z0-9_-]{32}\.pdf$")


@pytest.fixture
def case(f, client):
    officer = f.officer()
    supplier = f.seller()
    trip = trips.create_trip(
        actor=officer,
        name="Kết nối Cần Thơ",
        organiser="Sở Công Thương",
        destination="Cần Thơ",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    client.force_login(officer)
    response = client.post(
        reverse("promotion:trip", args=[trip.slug]),
        {
            "supplier": supplier.pk,
            "supplier_name": "HTX A",
            "buyer_name": "Bách hoá Xanh",
            "products": "Gạo",
            "value_vnd": 5,
            "signed_on": str(timezone.localdate()),
            "document": SimpleUploadedFile("Biên bản ký.pdf", PDF),
        },
    )
    assert response.status_code == 302
    client.logout()
    mou = Mou.objects.get(trip=trip)
    return {
        "trip": trip,
        "mou": mou,
        "url": reverse("promotion:mou_document", args=[mou.pk]),
        "officer": officer,
        "buyer": f.user(),
        "supplier_member": owner_of(supplier),
        "other_seller_member": owner_of(f.seller()),
    }


def test_the_old_guessable_media_url_is_not_served_even_if_the_file_is_there(client):
    old = Path(settings.MEDIA_ROOT) / "promotion/mous/2026/mou-3f2a9c1b7d4e.pdf"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(PDF)

    assert client.get("/media/promotion/mous/2026/mou-3f2a9c1b7d4e.pdf").status_code == 404


def test_a_scan_is_stored_outside_media_root_under_a_random_name(case):
    name = case["mou"].document.name
    assert STORED_NAME.match(name), name
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == PDF


def test_anonymous_is_sent_to_log_in(client, case):
    response = client.get(case["url"])
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={case['url']}"


@pytest.mark.parametrize("role", ["buyer", "supplier_member", "other_seller_member"])
def test_who_is_not_shown_the_pdf_link_gets_403(client, case, role):
    client.force_login(case[role])
    page = client.get(reverse("promotion:trip", args=[case["trip"].slug])).content.decode()
    assert case["url"] not in page
    assert client.get(case["url"]).status_code == 403


def test_officers_read_the_scan_on_screen(client, case):
    client.force_login(case["officer"])
    page = client.get(reverse("promotion:trip", args=[case["trip"].slug])).content.decode()
    assert f'href="{case["url"]}"' in page and "/media/" not in page
    response = client.get(case["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="bien-ban-{case["mou"].pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_mou_without_a_scan_has_no_file(client, case):
    bare = Mou.objects.create(
        trip=case["trip"], supplier_name="B", buyer_name="C", products="Rau", signed_on=timezone.localdate()
    )
    client.force_login(case["officer"])
    assert client.get(reverse("promotion:mou_document", args=[bare.pk])).status_code == 404


def test_the_admin_links_the_scan_to_the_checked_view(client, case, f):
    admin = f.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/promotion/mou/{case['mou'].pk}/change/").content.decode()
    assert f'href="{case["url"]}"' in page
    assert "/media/promotion" not in page
