"""The catalog listens to writes it does not make itself, to change the catalog version (catalog.versions)
and to keep the search text of a renamed shop's products.

The listing columns (Product.is_listed, place codes) need no receiver: database triggers keep them.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.catalog.services import refresh_search_columns
from hangviet.catalog.versions import catalog_changed
from hangviet.sellers.models import Seller
from hangviet.sellers.signals import seller_renamed, seller_status_changed


def _category_changed(**kwargs: Any) -> None:
    catalog_changed()  # every page shows its category: all of them


def _product_changed(*, instance: Product, **kwargs: Any) -> None:
    catalog_changed(products=[instance.pk])  # a save may hide, reprice or rename it: searches too


def _image_changed(*, instance: ProductImage, **kwargs: Any) -> None:
    # Its product's page; a search result reads its pictures fresh, and membership does not change.
    catalog_changed(products=[instance.product_id], listing=False)


def _seller_changed(*, instance: Seller | None = None, seller: Seller | None = None, **kwargs: Any) -> None:
    shop = instance or seller
    assert shop is not None
    catalog_changed(sellers=[shop.pk])  # its products' pages; a status change lists or unlists them


def _seller_renamed(*, seller: Seller, **kwargs: Any) -> None:
    refresh_search_columns(products=Product.objects.filter(seller=seller))


def connect() -> None:
    """Every saved or deleted product, image, category or seller (services, admin, tests), and every
    seller status change made with a queryset update, changes the versions of what it shows (a product's,
    a seller's, every page's for a category: catalog.versions); a renamed seller's
    products get their search text derived again."""
    receivers: dict[type[Model], Callable[..., None]] = {
        Product: _product_changed,
        ProductImage: _image_changed,
        Category: _category_changed,
        Seller: _seller_changed,
    }
    for model, receiver in receivers.items():
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"catalog-version-save-{name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"catalog-version-delete-{name}")
    seller_status_changed.connect(
        _seller_changed, sender=Seller, dispatch_uid="catalog-version-seller-status"
    )
    seller_renamed.connect(_seller_renamed, sender=Seller, dispatch_uid="catalog-search-seller-renamed")
