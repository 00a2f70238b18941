"""The data the Digital Link conformance table expects; run in the test database and in the real server's."""

import datetime

from tests import factories as f


def seed() -> None:
    from hangviet.trace import services
    from hangviet.trace.models import SerialItem

    owner = f.user(email="dl-conformance@example.vn")
    seller = f.seller(owner=owner, slug="dl-conformance")
    today = datetime.date.today()
    for slug, gtin, lots in (
        ("dl-gtin-12312312312333", "12312312312333", {"ABC": ["XYZ"], "abc": ["xyz"], "A/B": ["S/1"]}),
        ("dl-gtin-09520123456788", "09520123456788", {"ABC123": [], "ABC1": ["12345"]}),
    ):
        product = f.product(seller, gtin=gtin, slug=slug)
        for code, serials in lots.items():
            lot = services.create_lot(
                actor=owner,
                product=product,
                code=code,
                produced_on=today - datetime.timedelta(days=10),
                expires_on=today + datetime.timedelta(days=300),
                quantity=100,
            )
            SerialItem.objects.bulk_create([SerialItem(lot=lot, serial=s) for s in serials])
