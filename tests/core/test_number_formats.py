"""Issue 10, bug 10: one localisation (Django's, core/formats) for numbers: "5.00" and "72,50" and
"410252" read the same way on every page, in each language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from hangviet.core.money import format_number
from hangviet.trace.models import SupplyChain


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("vi", "5.00", "5"),
        ("vi", Decimal("72.50"), "72,50"),
        ("vi", 410252, "410.252"),
        ("vi", Decimal("1234.5"), "1.234,50"),
        ("en", "5.00", "5"),
        ("en", Decimal("72.50"), "72.50"),
        ("en", 410252, "410,252"),
        ("vi", "không phải số", ""),
        ("vi", None, ""),
    ],
)
def test_numbers_read_as_the_language_writes_them(lang, value, shown):
    with translation.override(lang):
        assert format_number(value) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "shown"), [("vi", "410.252 tấn/năm"), ("en", "410,252 tonnes/year")])
def test_chain_tonnes_are_grouped(client, lang, shown):
    SupplyChain.objects.create(
        name="Chuỗi lúa gạo",
        slug="chuoi-lua-gao",
        product_type="rice",
        decision_number="112/QĐ-SCT",
        certified_on=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2099, 1, 1),
        annual_output_tonnes=Decimal(410252),
    )
    html = client.get("/chains/chuoi-lua-gao/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert shown in html
