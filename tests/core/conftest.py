import pytest

from hangviet.core.models import Province
from hangviet.core.unit_data import load_admin_units


@pytest.fixture
def admin_units(db):
    """The units the data migration loads; reloaded if a transactional test elsewhere flushed them."""
    if Province.objects.count() < 34:
        load_admin_units()
