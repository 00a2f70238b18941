"""Issue 10, bug 11: /ocop/ in English names the OCOP groups in English, and one seller is "Seller"
(a room's "Sellers" for the admin section no longer wins over every page's "Seller")."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from hangviet.catalog.models import Category
from hangviet.ocop import services

pytestmark = pytest.mark.django_db


def test_the_registry_in_english_shows_english_group_names(client, f):
    food = Category.objects.get(code="I")
    services.issue_certificate(
        actor=f.officer(),
        product=f.product(category=food),
        number="EN-1",
        stars=3,
        score="60",
        issued_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    english = client.get("/ocop/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<td>{food.name_en}</td>" in english and f"<td>{food.name}</td>" not in english
    assert f">{food.name_en}</option>" in english  # the group filter too
    vietnamese = client.get("/ocop/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"<td>{food.name}</td>" in vietnamese


def test_one_seller_is_a_seller_in_english():
    with translation.override("en"):
        assert gettext("Người bán") == "Seller"
        from django.apps import apps

        assert str(apps.get_app_config("sellers").verbose_name) == "Sellers"
