"""Signals the sellers app sends; other apps (the catalog) receive them. The sellers app imports none."""

from django.dispatch import Signal

# Sent (sender=Seller) after a seller's status changed through sellers.services, inside the transaction,
# with seller, from_status and to_status.
seller_status_changed = Signal()
