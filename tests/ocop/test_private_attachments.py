"""Dossier attachments are private: stored outside MEDIA_ROOT under names nobody can guess, and served
only to whoever may open the dossier's page (producer's members, officers, the round's council and
advisory group)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hangviet.ocop import services
from hangviet.ocop.models import DossierAttachment
from tests.ocop.helpers import PDF, draft, make_round, owner_of

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^ocop/dossiers/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.pdf$")


@pytest.fixture
def case(f):
    """A draft dossier with one attachment, and one user of each role around it."""
    round_ = make_round(members=0)
    council, adviser = f.user(full_name="Thành viên Hội đồng"), f.user(full_name="Tổ tư vấn")
    round_.council_members.add(council)
    round_.advisory_group.add(adviser)
    dossier = draft(round_)
    owner = owner_of(dossier.seller)
    attachment = services.add_attachment(
        actor=owner, dossier=dossier, file=SimpleUploadedFile("Hồ sơ đăng ký.pdf", PDF), title="Phiếu đăng ký"
    )
    other_round = make_round(members=0, number=2)
    other_council = f.user()
    other_round.council_members.add(other_council)
    return {
        "dossier": dossier,
        "attachment": attachment,
        "url": reverse("ocop:attachment", args=[dossier.pk, attachment.pk]),
        "owner": owner,
        "officer": f.officer(),
        "council": council,
        "adviser": adviser,
        "buyer": f.user(),
        "other_seller_member": owner_of(f.seller()),
        "other_council": other_council,
    }


def test_the_old_guessable_media_url_is_not_served_even_if_the_file_is_there(client):
    """The issue's probe: /media/ocop/dossiers/2026/12/hoso-107.pdf downloaded without login."""
    old = Path(settings.MEDIA_ROOT) / "ocop/dossiers/2026/12/hoso-107.pdf"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(PDF)

    assert client.get("/media/ocop/dossiers/2026/12/hoso-107.pdf").status_code == 404


def test_an_attachment_is_stored_outside_media_root(case):
    name = case["attachment"].file.name
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == PDF


def test_attachment_names_cannot_be_guessed(case):
    again = services.add_attachment(
        actor=case["owner"], dossier=case["dossier"], file=SimpleUploadedFile("hoso.pdf", PDF), title="Bản 2"
    )
    first, second = case["attachment"].file.name, again.file.name
    assert first != second
    for name in (first, second):
        assert STORED_NAME.match(name), name
        assert "hoso" not in name  # neither the uploaded name nor the old "hoso-<dossier id>" pattern


def test_anonymous_is_sent_to_log_in(client, case):
    response = client.get(case["url"])
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={case['url']}"


@pytest.mark.parametrize("role", ["buyer", "other_seller_member", "other_council"])
def test_who_may_not_open_the_dossier_gets_404_for_its_file_as_for_its_page(client, case, role):
    client.force_login(case[role])
    assert client.get(reverse("ocop:dossier", args=[case["dossier"].pk])).status_code == 404
    assert client.get(case["url"]).status_code == 404


@pytest.mark.parametrize("role", ["owner", "officer", "council", "adviser"])
def test_who_may_open_the_dossier_gets_its_file(client, case, role):
    client.force_login(case[role])
    response = client.get(case["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''H%E1%BB%93%20s%C6%A1%20%C4%91%C4%83ng%20k%C3%BD.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_an_attachment_of_another_dossier_is_not_served_through_this_one(client, case, f):
    """The file is looked up within the dossier the rule was checked on, not by its id alone."""
    mine = draft(case["dossier"].round)
    client.force_login(owner_of(mine.seller))
    url = reverse("ocop:attachment", args=[mine.pk, case["attachment"].pk])
    assert client.get(url).status_code == 404


def test_the_dossier_page_links_to_the_checked_view(client, case):
    client.force_login(case["owner"])
    page = client.get(reverse("ocop:dossier", args=[case["dossier"].pk])).content.decode()
    assert f'href="{case["url"]}"' in page
    assert "/media/" not in page


def test_a_stored_content_type_is_served_whatever_the_file_was_called(client, case):
    """A JPEG uploaded as "x.pdf" is served as image/jpeg: the type comes from the content check."""
    jpeg = b"\xff\xd8\xff\xe0" + b"0" * 100
    attachment = services.add_attachment(
        actor=case["owner"], dossier=case["dossier"], file=SimpleUploadedFile("x.pdf", jpeg), title="Ảnh"
    )
    assert DossierAttachment.objects.get(pk=attachment.pk).file.name.endswith(".jpg")
    client.force_login(case["owner"])
    response = client.get(reverse("ocop:attachment", args=[case["dossier"].pk, attachment.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
