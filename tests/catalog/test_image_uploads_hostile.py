"""Hostile product images through the seller's image page: a form error, nothing saved, never a 500."""

import pytest

from hangviet.catalog.models import ProductImage
from hangviet.sellers.models import Seller
from tests.hostile_files import HOSTILE_IMAGES, png_with_html_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(f, client):
    owner = f.user()
    seller = f.seller(owner=owner, status=Seller.Status.VERIFIED)
    client.force_login(owner)
    return f.product(seller)


def images_url(product):
    return f"/seller/{product.seller.slug}/products/{product.pk}/images/"


@pytest.mark.parametrize("kind", sorted(HOSTILE_IMAGES))
def test_a_hostile_product_image_is_a_form_error(client, product, kind):
    build, code = HOSTILE_IMAGES[kind]
    response = client.post(images_url(product), {"image": build("anh.png")})
    assert response.status_code == 422
    [error] = response.context["form"].errors.as_data()["image"]
    assert error.code == code
    assert not ProductImage.objects.exists()


def test_a_png_carrying_a_script_is_stored_without_it(client, product):
    upload, payload = png_with_html_payload()
    assert client.post(images_url(product), {"image": upload}).status_code == 302
    image = ProductImage.objects.get()
    assert payload not in image.image.read()
