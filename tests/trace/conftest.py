import pytest

from hangviet.accounts.services import create_api_token


@pytest.fixture
def member(f):
    """A seller's owner with an API token: (user, seller, auth headers)."""
    user = f.user()
    seller = f.seller(owner=user)
    _token, key = create_api_token(actor=user, name="test", scopes=["trace"])
    return user, seller, {"HTTP_AUTHORIZATION": f"Bearer {key}"}
