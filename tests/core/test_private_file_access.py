"""Who gets each private file: the private-file rows of the authorisation matrix, every role of the issue
against every address a private file has (its view, and the old /media/ address it had), with a public
picture as the control row. Seller A owns the files (its dossier, its import, the MoU it supplies)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from hangviet.catalog import imports
from hangviet.catalog import services as catalog_services
from hangviet.ocop import services as ocop_services
from hangviet.promotion import services as promotion_services
from tests.catalog.test_import import row, xlsx_bytes
from tests.ocop.helpers import PDF, draft, food_product, make_round

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "buyer", "seller_a", "seller_b", "officer", "council", "administrator")
LOGIN = "login"  # redirected to the login page

# address → {role: expected answer}
MATRIX = {
    "dossier_attachment": {
        "anonymous": LOGIN,
        "buyer": 404,
        "seller_a": 200,
        "seller_b": 404,
        "officer": 200,
        "council": 200,
        "administrator": 200,
    },
    "import_file": {
        "anonymous": LOGIN,
        "buyer": 403,
        "seller_a": 200,
        "seller_b": 403,
        "officer": 403,
        "council": 403,
        "administrator": 403,
    },
    "mou_document": {
        "anonymous": LOGIN,
        "buyer": 403,
        "seller_a": 403,
        "seller_b": 403,
        "officer": 200,
        "council": 403,
        "administrator": 200,
    },
    "old_media_dossier": dict.fromkeys(ROLES, 404),
    "old_media_import": dict.fromkeys(ROLES, 404),
    "old_media_mou": dict.fromkeys(ROLES, 404),
    "public_picture": dict.fromkeys(ROLES, 200),
}


def owner_of(seller):
    return seller.memberships.get().user


def jpeg() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 10)).save(buf, "JPEG")
    return SimpleUploadedFile("anh.jpg", buf.getvalue())


def put_in_media_root(name: str, content: bytes) -> str:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


@pytest.fixture
def world(f):
    """Seller A's private files, the addresses they had and have, and one user per role."""
    product = food_product()
    seller_a = product.seller
    owner = owner_of(seller_a)
    officer = f.officer()
    council = f.user(full_name="Thành viên Hội đồng")
    round_ = make_round(members=0)
    round_.council_members.add(council)
    dossier = draft(round_, product)
    attachment = ocop_services.add_attachment(
        actor=owner, dossier=dossier, file=SimpleUploadedFile("hoso.pdf", PDF), title="Phiếu đăng ký"
    )
    job = imports.start_import(
        actor=owner, seller=seller_a, uploaded_file=SimpleUploadedFile("hang.xlsx", xlsx_bytes([row("A")]))
    )
    trip = promotion_services.create_trip(
        actor=officer,
        name="Kết nối Cần Thơ",
        organiser="Sở Công Thương",
        destination="Cần Thơ",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    mou = promotion_services.record_mou(
        actor=officer,
        trip=trip,
        document=SimpleUploadedFile("mou.pdf", PDF),
        supplier=seller_a,
        supplier_name=seller_a.legal_name,
        buyer_name="Bách hoá Xanh",
        products="Mật ong",
        signed_on=timezone.localdate(),
    )
    picture = catalog_services.add_product_image(actor=owner, product=product, uploaded_file=jpeg())
    urls = {
        "dossier_attachment": reverse("ocop:attachment", args=[dossier.pk, attachment.pk]),
        "import_file": reverse("imports:job_file", kwargs={"shop": seller_a.slug, "job_id": job.pk}),
        "mou_document": reverse("promotion:mou_document", args=[mou.pk]),
        "old_media_dossier": put_in_media_root(f"ocop/dossiers/2026/12/hoso-{dossier.pk}.pdf", PDF),
        "old_media_import": put_in_media_root("imports/2026/12/hang.xlsx", b"PK\x03\x04"),
        "old_media_mou": put_in_media_root("promotion/mous/2026/mou-3f2a9c1b7d4e.pdf", PDF),
        "public_picture": picture.image.url,
    }
    users = {
        "anonymous": None,
        "buyer": f.user(),
        "seller_a": owner,
        "seller_b": owner_of(f.seller()),
        "officer": officer,
        "council": council,
        "administrator": f.user(is_staff=True, is_superuser=True),
    }
    return urls, users


def test_every_role_gets_the_expected_answer_for_every_private_file(client, world):
    urls, users = world
    assert set(MATRIX) == set(urls)
    answers = {}
    for address, expected in MATRIX.items():
        assert set(expected) == set(ROLES), address
        for role in ROLES:
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            response = client.get(urls[address])
            if response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="):
                answers[address, role] = LOGIN
            else:
                answers[address, role] = response.status_code
    expected_answers = {(address, role): MATRIX[address][role] for address in MATRIX for role in ROLES}
    assert answers == expected_answers
