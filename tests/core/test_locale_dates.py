"""Dates come from the language's formats (core/formats): day/month/year in Vietnamese, the month as a word in
English, on the same page."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from hangviet.promotion.models import NewsPost
from hangviet.promotion.services import news

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(f):
    published = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    return news.save_news_post(
        actor=f.officer(), post=NewsPost(title="Phiên chợ hàng Việt", body="<p>x</p>", published_at=published)
    )


def test_a_page_shows_a_date_the_vietnamese_way(client, post):
    html = client.get(reverse("promotion:news"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert ">05/03/2026</time>" in html


def test_the_same_page_in_english_shows_the_date_the_english_way(client, post):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("promotion:news")).content.decode()
    assert ">5 Mar 2026</time>" in html and "05/03/2026" not in html
