import pytest

from hangviet.sellers.models import Seller
from tests.orders.helpers import SECRET


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.HANGVIET_PAYMENT_WEBHOOK_SECRET = SECRET


@pytest.fixture
def shops(f):
    """Two verified shops that take transfers (VietinBank, Vietcombank), a product each."""
    f.commune()
    a = f.seller(
        trading_name="HTX Mật hoa dừa",
        bank_bin="970415",
        bank_account="0011001932418",
        bank_account_name="HTX MAT HOA DUA",
    )
    b = f.seller(
        trading_name="Cơ sở Bánh tét",
        bank_bin="970436",
        bank_account="1234567890",
        kind=Seller.Kind.HOUSEHOLD,
        bank_account_name="CO SO BANH TET",
    )
    pa = f.product(a, name="Mật hoa dừa 250 ml", price_vnd=85000, stock=10)
    pb = f.product(b, name="Bánh tét Trà Cuôn", price_vnd=120000, stock=5)
    return a, b, pa, pb
