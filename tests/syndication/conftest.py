import pytest

from hangviet.catalog.models import ProductImage


@pytest.fixture(autouse=True)
def _feeds_dir(settings, tmp_path):
    """Each test builds its feed files in its own directory, and a changed catalog is rebuilt at once."""
    settings.HANGVIET_FEEDS_DIR = tmp_path / "feeds"
    settings.HANGVIET_FEED_REFRESH_SECONDS = 0
    settings.HANGVIET_BASE_URL = "https://hangviet.example.vn"


@pytest.fixture
def pictured(f):
    """A product with one picture (a feed lists only those): `pictured(seller, name=…)`."""

    def make(seller=None, **kw):
        product = f.product(seller, **kw)
        name = f"products/{product.slug}.jpg"
        ProductImage.objects.create(product=product, image=name, width=800, height=800)
        return product

    return make
