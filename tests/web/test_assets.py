"""The icon every browser asks for, and the API docs page saying its language (issue 10 bug 15)."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".ico")
    path = finders.find("web/favicon.ico")
    with Image.open(path) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    home = client.get("/").content.decode()
    assert 'rel="icon"' in home and "favicon.svg" in home


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_api_docs_page_says_its_language(client, lang):
    html = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'<html lang="{lang}">' in html and "swagger-ui-bundle.js" in html
