"""The catalog listens to writes it does not make itself, to change the catalog version (catalog.versions)
and to keep the search text of a renamed shop's products.

The listing columns (Product.is_listed, place codes) need no receiver: database triggers keep them.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.catalog.services import refresh_search_columns
from hangviet.catalog.versions import catalog_changed
from hangviet.sellers.models import Seller
from hangviet.sellers.signals import seller_renamed, seller_status_changed


def _changed(**kwargs: Any) -> None:
    catalog_changed()


def _seller_renamed(*, seller: Seller, **kwargs: Any) -> None:
    refresh_search_columns(products=Product.objects.filter(seller=seller))


def connect() -> None:
    """Every saved or deleted product, image, category or seller (services, admin, tests), and every
    seller status change made with a queryset update, changes the catalog version; a renamed seller's
    products get their search text derived again."""
    for model in (Product, ProductImage, Category, Seller):
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalog-version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"catalog-version-delete-{model.__name__}")
    seller_status_changed.connect(_changed, sender=Seller, dispatch_uid="catalog-version-seller-status")
    seller_renamed.connect(_seller_renamed, sender=Seller, dispatch_uid="catalog-search-seller-renamed")
