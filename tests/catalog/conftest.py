import pytest


@pytest.fixture
def seller_signed_in(f, client):
    """A verified shop with its owner signed in on `client` (and the commune its example rows name)."""
    f.commune("29242")
    owner = f.user()
    seller = f.seller(owner=owner)
    client.force_login(owner)
    return seller, owner
