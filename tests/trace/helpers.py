import datetime

from django.utils import timezone

from hangviet.trace import services

GTIN = "09506000134352"  # GS1's example prefix 950: never a real product


def gtin_lot(f, code="L/01", **kw):
    """A verified seller's product with a GTIN and one lot; returns (owner, product, lot)."""
    owner = f.user()
    seller = f.seller(owner=owner)
    product = f.product(seller, gtin=kw.pop("gtin", GTIN), name=kw.pop("name", "Mật hoa dừa nguyên chất"))
    today = timezone.localdate()
    lot = services.create_lot(
        actor=owner,
        product=product,
        code=code,
        produced_on=kw.pop("produced_on", today - datetime.timedelta(days=10)),
        expires_on=kw.pop("expires_on", today + datetime.timedelta(days=300)),
        quantity=100,
        **kw,
    )
    return owner, product, lot
