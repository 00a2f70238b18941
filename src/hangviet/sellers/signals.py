"""Signals the sellers app sends; other apps (the catalog) receive them. The sellers app imports none."""

from django.dispatch import Signal

# Sent (sender=Seller) after a seller's status changed through sellers.services, inside the transaction,
# with seller, from_status and to_status.
seller_status_changed = Signal()

# Sent (sender=Seller) after a seller's trading name changed through sellers.services, inside the
# transaction, with seller: the catalog derives it again into the search text of the seller's products.
seller_renamed = Signal()
