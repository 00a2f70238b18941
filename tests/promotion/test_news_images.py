"""A news picture goes through the one checked image path, in the admin and in the service."""

import pytest
from PIL import Image

from hangviet.core.errors import ValidationFailed
from hangviet.promotion.models import NewsPost
from hangviet.promotion.services import news
from tests.hostile_files import HOSTILE_IMAGES, png_with_html_payload

pytestmark = pytest.mark.django_db

ADD = "/admin/promotion/newspost/add/"


@pytest.fixture
def officer_client(f, client):
    client.force_login(f.officer(is_staff=True))
    return client


def news_data(**overrides):
    data = {
        "title": "Khai mạc hội chợ OCOP",
        "slug": "khai-mac",
        "body": "<p>Mời bà con.</p>",
        "image_alt": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("kind", sorted(HOSTILE_IMAGES))
def test_a_hostile_news_image_is_a_form_error_in_the_admin(officer_client, kind):
    build, code = HOSTILE_IMAGES[kind]
    response = officer_client.post(ADD, news_data(image=build("anh.png")))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors.as_data()["image"]
    assert error.code == code
    assert not NewsPost.objects.exists()


def test_a_news_image_is_re_encoded_without_its_payload(officer_client):
    upload, payload = png_with_html_payload()
    response = officer_client.post(ADD, news_data(image=upload))
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert payload not in post.image.read()
    with Image.open(post.image.path) as stored:
        assert stored.format == "PNG"


def test_the_news_service_checks_an_image_given_to_it_directly(f):
    post = NewsPost(title="Tin", body="x", image=HOSTILE_IMAGES["corrupt_idat_png"][0]("anh.png"))
    with pytest.raises(ValidationFailed) as caught:
        news.save_news_post(actor=f.officer(), post=post)
    assert [(e["field"], e["code"]) for e in caught.value.errors] == [("image", "not_an_image")]
    assert not NewsPost.objects.exists()
