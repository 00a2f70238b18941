"""The shared template filters: money, stars, GTIN display, localised names, JSON-LD escaping."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from hangviet.catalog.models import Category
from hangviet.core.templatetags.hv import gtin_display, jsonld_text, localized_name, stars, vnd


def test_vnd_formats_whole_dong_and_ignores_junk():
    assert vnd(120000) == "120.000\u00a0₫"
    assert vnd("5000") == "5.000\u00a0₫"
    assert vnd(None) == "" and vnd("abc") == ""


def test_stars_render_glyphs_hidden_from_screen_readers_with_spoken_text():
    html = str(stars(4))
    assert '<span aria-hidden="true">★★★★</span>' in html and '<span class="sr">OCOP 4 sao</span>' in html
    assert str(stars(0)) == "" and str(stars("x")) == "" and "★★★★★<" in str(stars(9))
    with translation.override("en"):
        assert "OCOP 1 star<" in str(stars(1)) and "OCOP 3 stars<" in str(stars(3))


def test_gtin_display_prints_ean13_without_the_padding_zero():
    assert gtin_display("08934567890128") == "8934567890128"
    assert gtin_display("18934567890125") == "18934567890125"
    assert gtin_display("") == ""


@pytest.mark.django_db
def test_localized_name_uses_english_only_in_english():
    food = Category.objects.get(code="I")
    assert localized_name(food) == "Thực phẩm"
    with translation.override("en"):
        assert localized_name(food) == "Food"


def test_jsonld_text_cannot_close_the_script_element():
    text = jsonld_text({"name": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}


def test_query_tag_replaces_and_removes_parameters():
    request = RequestFactory().get("/search/", {"q": "mắm", "page": "3", "sort": "stars"})
    out = Template("{% load hv %}{% query page=4 sort=None %}").render(Context({"request": request}))
    assert out == "?q=m%E1%BA%AFm&amp;page=4"
