"""The demo's 24 units guided onto Tiki, Voso and Sendo in 2022 (the seed report's figure)."""

import datetime

import pytest

from hangviet.core.models import Commune
from hangviet.demo import builders
from hangviet.syndication import demo
from hangviet.syndication.models import ExternalListing
from hangviet.syndication.queries import units_by_marketplace, units_on_marketplaces

pytestmark = pytest.mark.django_db
YEAR_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


def test_the_demo_counts_24_units_on_national_marketplaces_in_2022(client):
    if not Commune.objects.exists():
        pytest.fail("administrative units not loaded: the demo needs them")
    builders.load_demo(images=False)

    demo.load_demo()
    listings = list(ExternalListing.objects.values_list("pk", "updated_at"))
    demo.load_demo()  # a second run writes nothing

    assert units_on_marketplaces(*YEAR_2022) == 24
    assert units_by_marketplace(*YEAR_2022) == {"sendo": 6, "tiki": 10, "voso": 8}
    assert units_on_marketplaces(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)) == 0
    assert list(ExternalListing.objects.values_list("pk", "updated_at")) == listings
    assert set(ExternalListing.objects.values_list("source", "guided_by__email")) == {
        ("officer", "officer@demo.hangviet.vn")
    }
    seller = ExternalListing.objects.order_by("pk").first().seller
    assert "Cũng có trên:" in client.get(f"/shops/{seller.slug}/").content.decode()
