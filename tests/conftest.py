import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def f():
    """The factories module, as a fixture: `f.seller()`, `f.product(...)`."""
    return factories


@pytest.fixture
def client() -> Client:
    return Client()
