"""Hostile logos through the shop registration and profile pages: a form error, nothing saved, never a 500."""

import pytest
from PIL import Image

from hangviet.sellers.models import Seller
from tests.hostile_files import HOSTILE_IMAGES, png_with_html_payload
from tests.sellers.test_pages_register import REGISTER, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_client(f, client):
    client.force_login(f.user())
    return client


@pytest.mark.parametrize("kind", sorted(HOSTILE_IMAGES))
def test_a_hostile_logo_is_a_form_error_at_registration(f, user_client, kind):
    build, code = HOSTILE_IMAGES[kind]
    response = user_client.post(REGISTER, form_data(f, logo=build()))
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["logo"]
    assert error.code == code
    assert not Seller.objects.exists()


def test_a_broken_logo_is_a_form_error_on_the_profile_page(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(seller.memberships.get().user)
    data = form_data(f, tax_code=seller.tax_code, logo=HOSTILE_IMAGES["corrupt_idat_png"][0]())
    response = client.post(f"/seller/{seller.slug}/profile/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["logo"][0].code == "not_an_image"
    seller.refresh_from_db()
    assert not seller.logo


def test_a_png_carrying_a_script_is_stored_without_it(f, user_client):
    upload, payload = png_with_html_payload("logo.png")
    user_client.post(REGISTER, form_data(f, logo=upload))
    seller = Seller.objects.get()
    stored = seller.logo.read()
    assert payload not in stored
    with Image.open(seller.logo.path) as image:
        assert (image.format, image.size) == ("PNG", (120, 80))


def test_the_registration_service_checks_a_logo_given_to_it_directly(f):
    from hangviet.core.errors import ValidationFailed
    from hangviet.sellers import services

    com = f.commune()
    with pytest.raises(ValidationFailed) as caught:
        services.register_seller(
            actor=f.user(),
            kind="cooperative",
            legal_name="HTX Dừa",
            trading_name="Dừa sáp",
            tax_code=f.make_tax_code(912),
            street="Ấp 1",
            commune=com,
            province=com.province,
            phone="0912345678",
            email="htx@example.vn",
            representative="Trần Thị B",
            logo=HOSTILE_IMAGES["corrupt_idat_png"][0](),
        )
    assert [(e["field"], e["code"]) for e in caught.value.errors] == [("logo", "not_an_image")]
    assert not Seller.objects.exists()
