"""A signed-in buyer's address book: addresses checked as checkout checks them, at most
SAVED_ADDRESSES_MAX, each the buyer's own."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core.errors import invalid
from hangviet.orders.models import SAVED_ADDRESSES_MAX, SavedAddress
from hangviet.orders.services.checkout import BuyerDetails, validate_buyer


@transaction.atomic
def save_address(*, user: Any, details: BuyerDetails) -> SavedAddress:
    """Add an address to the user's book (the same address twice is kept once)."""
    clean, commune, province = validate_buyer(details)
    # Lock the user's row so two saves at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = SavedAddress.objects.filter(
        user=user, name=clean.name, phone=clean.phone, street=clean.street, commune=commune
    ).first()
    if existing is not None:
        return existing
    if SavedAddress.objects.filter(user=user).count() >= SAVED_ADDRESSES_MAX:
        raise invalid(
            "address",
            "too_many",
            _("Sổ địa chỉ có tối đa %(n)s địa chỉ; hãy xoá bớt.") % {"n": SAVED_ADDRESSES_MAX},
        )
    return SavedAddress.objects.create(
        user=user, name=clean.name, phone=clean.phone, street=clean.street, commune=commune, province=province
    )


def delete_address(*, user: Any, address_id: int) -> bool:
    """Remove one of the user's own addresses; another's (or none) removes nothing."""
    deleted, _rows = SavedAddress.objects.filter(user=user, pk=address_id).delete()
    return bool(deleted)
