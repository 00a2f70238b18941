"""A seller's import files are private: stored outside MEDIA_ROOT under names nobody can guess, and
served only to whoever may open the import's page (the seller's own members)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hangviet.catalog.models import ImportJob
from hangviet.sellers.models import Membership
from tests.catalog.test_import import row, xlsx_bytes
from tests.factories import owner_of

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STORED_NAME = re.compile(r"^imports/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.(xlsx|csv)$")


@pytest.fixture
def case(f, client):
    f.commune("29242")
    seller = f.seller()
    owner = owner_of(seller)
    staff = f.user()
    Membership.objects.create(user=staff, seller=seller, role=Membership.Role.STAFF)
    content = xlsx_bytes([row("A")])
    client.force_login(owner)
    response = client.post(
        reverse("imports:index", kwargs={"shop": seller.slug}),
        {"file": SimpleUploadedFile("hàng tháng 12.xlsx", content)},
    )
    assert response.status_code == 302
    client.logout()
    job = ImportJob.objects.get(seller=seller)
    return {
        "job": job,
        "content": content,
        "page": reverse("imports:job", kwargs={"shop": seller.slug, "job_id": job.pk}),
        "url": reverse("imports:job_file", kwargs={"shop": seller.slug, "job_id": job.pk}),
        "owner": owner,
        "staff": staff,
        "officer": f.officer(),
        "buyer": f.user(),
        "other_seller_member": owner_of(f.seller()),
    }


def test_the_old_guessable_media_url_is_not_served_even_if_the_file_is_there(client):
    old = Path(settings.MEDIA_ROOT) / "imports/2026/12/san-pham.xlsx"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"PK\x03\x04")

    assert client.get("/media/imports/2026/12/san-pham.xlsx").status_code == 404


def test_an_import_file_is_stored_outside_media_root_under_a_random_name(case):
    name = case["job"].file.name
    assert STORED_NAME.match(name), name
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == case["content"]
    assert case["job"].original_name == "hàng tháng 12.xlsx"


def test_anonymous_is_sent_to_log_in(client, case):
    response = client.get(case["url"])
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={case['url']}"


@pytest.mark.parametrize("role", ["buyer", "other_seller_member", "officer"])
def test_who_may_not_open_the_import_page_gets_404_for_its_file_as_for_the_page(client, case, role):
    """The import pages belong to the seller's members; officers work on sellers through other pages."""
    client.force_login(case[role])
    assert client.get(case["page"]).status_code == 404
    assert client.get(case["url"]).status_code == 404


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_the_sellers_members_download_the_file(client, case, role):
    client.force_login(case[role])
    response = client.get(case["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == case["content"]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''h%C3%A0ng%20th%C3%A1ng%2012.xlsx"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_import_page_links_to_the_checked_view(client, case):
    client.force_login(case["owner"])
    page = client.get(case["page"]).content.decode()
    assert f'href="{case["url"]}"' in page
    assert "/media/" not in page


def test_a_csv_is_served_as_csv(client, f):
    f.commune("29242")
    seller = f.seller()
    client.force_login(owner_of(seller))
    body = "SKU,Tên sản phẩm,Mã danh mục,Đơn vị,Giá (VND)\nA,Mật ong,I.2.2,hũ,120000\n".encode()
    client.post(
        reverse("imports:index", kwargs={"shop": seller.slug}), {"file": SimpleUploadedFile("a.csv", body)}
    )
    job = ImportJob.objects.get(seller=seller)
    response = client.get(reverse("imports:job_file", kwargs={"shop": seller.slug, "job_id": job.pk}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
