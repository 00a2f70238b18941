import datetime

import pytest
from django.utils import timezone

from hangviet.accounts.models import ApiToken
from hangviet.promotion.models import Fair
from hangviet.promotion.services import fairs


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def make_fair(f, today):
    """A published fair whose application window is open today, with `booths` booths in one row."""

    def make(booths: int = 10, officer=None, **kw) -> Fair:
        officer = officer or f.officer()
        fields = {
            "kind": Fair.Kind.FAIR,
            "name": kw.pop("name", "Hội chợ OCOP thử nghiệm"),
            "organiser": "Sở Công Thương",
            "venue": "Quảng trường",
            "commune": f.commune(),
            "starts_on": today + datetime.timedelta(days=20),
            "ends_on": today + datetime.timedelta(days=24),
            "applications_open_on": today - datetime.timedelta(days=5),
            "applications_close_on": today + datetime.timedelta(days=10),
            "is_published": True,
        }
        fields.update(kw)
        fair = fairs.create_fair(actor=officer, **fields)
        if booths:
            fairs.add_booth_grid(
                actor=officer, fair=fair, rows=1, columns=booths, prefix="A", price_vnd=1_500_000
            )
        return fair

    return make


@pytest.fixture
def api_token():
    def make(user) -> str:
        key = ApiToken.new_key()
        ApiToken.objects.create(
            user=user, name="test", scopes=["orders"], prefix=key[:8], key_hash=ApiToken.hash_key(key)
        )
        return key

    return make
