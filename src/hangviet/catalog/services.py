"""Every write on the catalog: one function per use case, permission first, one transaction."""

import re
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product, StockMove
from hangviet.catalog.versions import catalog_changed
from hangviet.core import limits
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.money import group_thousands
from hangviet.core.text import fold, unique_slug
from hangviet.core.validators import normalize_gtin
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "blockquote"}
EDITABLE_FIELDS = (
    "name",
    "category",
    "description",
    "unit",
    "net_quantity",
    "price_vnd",
    "sku",
    "gtin",
    "origin_commune",
    "status",
)


class InsufficientStock(DomainError):
    code = "insufficient_stock"
    message = "Không đủ hàng trong kho."


def sanitize_description(html: str) -> str:
    """Keep simple formatting only; scripts, styles, attributes and links are removed."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()


def search_text_for(product: Product) -> str:
    """The folded text the search indexes besides the name: description, category, seller, origin."""
    parts = [strip_tags(product.description), product.category.name, product.seller.trading_name]
    if product.origin_commune_id:
        parts.append(product.origin_commune.name)  # type: ignore[union-attr]
    return re.sub(r"\s+", " ", fold(" ".join(parts))).strip()


def _field_error(field: str, err: ValidationError) -> dict[str, str]:
    """One model validation error as a problem entry; the (seller, sku) constraint belongs to `sku`."""
    if err.code in {"unique", "unique_together"} and field == "__all__":
        return {
            "field": "sku",
            "code": "duplicate_sku",
            "message": _("Mã SKU này đã dùng cho sản phẩm khác của cửa hàng."),
        }
    return {"field": field, "code": err.code or "invalid", "message": " ".join(err.messages)}


def _check_bound(field: str, value: int | None, bound: int) -> None:
    """The bound of core.limits, checked here too: the import and the admin write through these services."""
    if value is not None and value > bound:
        message = _("Tối đa là %(limit_value)s.") % {"limit_value": group_thousands(bound)}
        raise ValidationFailed([{"field": field, "code": "max_value", "message": message}])


def _validate_and_save(product: Product) -> Product:
    _check_bound("price_vnd", product.price_vnd, limits.PRICE_MAX_VND)
    if product.gtin:
        try:
            product.gtin = normalize_gtin(product.gtin)
        except ValidationError as exc:
            raise ValidationFailed(
                [{"field": "gtin", "code": "invalid_gtin", "message": exc.messages[0]}]
            ) from exc
    product.description = sanitize_description(product.description)
    product.name_folded = fold(product.name)
    product.search_text = search_text_for(product)
    try:
        product.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(
            [_field_error(field, err) for field, errs in exc.error_dict.items() for err in errs]
        ) from exc
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            [
                {
                    "field": "sku",
                    "code": "duplicate_sku",
                    "message": _("Mã SKU này đã dùng cho sản phẩm khác của cửa hàng."),
                }
            ]
        ) from exc
    return product


@transaction.atomic
def create_product(*, actor: User, seller: Seller, **fields: Any) -> Product:
    """A seller member adds a product (draft unless a status is given); its stock starts as given."""
    ensure_can_manage(actor, seller)
    stock = int(fields.pop("stock", 0) or 0)
    _check_bound("stock", stock, limits.STOCK_MAX)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown product fields: {sorted(unknown)}")
    product = Product(
        seller=seller,
        slug=unique_slug(Product, fields.get("name", ""), max_length=90, fallback="san-pham"),
        stock=stock,
        **fields,
    )
    _validate_and_save(product)
    if stock:
        StockMove.objects.create(
            product=product, delta=stock, stock_after=stock, reason=_("Tồn kho ban đầu"), actor=actor
        )
    return product


@transaction.atomic
def update_product(*, actor: User, product: Product, **changes: Any) -> Product:
    """A seller member edits a product's details (not its stock: see adjust_stock/set_stock)."""
    ensure_can_manage(actor, product.seller)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown product fields: {sorted(unknown)}")
    product = Product.objects.select_for_update().get(pk=product.pk)
    for field, value in changes.items():
        setattr(product, field, value)
    return _validate_and_save(product)


@transaction.atomic
def archive_product(*, actor: User, product: Product) -> Product:
    return update_product(actor=actor, product=product, status=Product.Status.ARCHIVED)


@transaction.atomic
def adjust_stock(*, actor: User, product: Product, delta: int, reason: str) -> Product:
    """Add or remove stock; never below zero nor past core.limits.STOCK_MAX (a conditional UPDATE decides,
    not a read)."""
    ensure_can_manage(actor, product.seller)
    _check_bound("delta", abs(delta), limits.QUANTITY_MAX)
    updated = Product.objects.filter(
        pk=product.pk, stock__gte=-delta, stock__lte=limits.STOCK_MAX - delta
    ).update(stock=F("stock") + delta)
    if not updated:
        current = Product.objects.values_list("stock", flat=True).get(pk=product.pk)
        if delta > 0:
            message = _("Tồn kho tối đa là %(limit_value)s.") % {
                "limit_value": group_thousands(limits.STOCK_MAX)
            }
            raise ValidationFailed([{"field": "delta", "code": "max_value", "message": message}])
        raise InsufficientStock(field="delta", available=current)
    catalog_changed()  # a queryset update sends no post_save
    fresh = Product.objects.get(pk=product.pk)
    StockMove.objects.create(product=fresh, delta=delta, stock_after=fresh.stock, reason=reason, actor=actor)
    return fresh


@transaction.atomic
def set_stock(*, actor: User, product: Product, stock: int, reason: str) -> Product:
    """Set the stock to a counted value; the difference is recorded as a stock move."""
    ensure_can_manage(actor, product.seller)
    if stock < 0:
        raise ValidationFailed(
            [{"field": "stock", "code": "negative", "message": _("Tồn kho không được âm.")}]
        )
    _check_bound("stock", stock, limits.STOCK_MAX)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    delta = stock - locked.stock
    Product.objects.filter(pk=product.pk).update(stock=stock)
    catalog_changed()  # a queryset update sends no post_save
    StockMove.objects.create(product=locked, delta=delta, stock_after=stock, reason=reason, actor=actor)
    return Product.objects.get(pk=product.pk)


# --- Product images (checked and re-encoded by core.images, the one path for every picture) -------

from django.db.models import Max  # noqa: E402

from hangviet.catalog.models import ProductImage  # noqa: E402
from hangviet.core import images  # noqa: E402

MAX_IMAGES_PER_PRODUCT = 10


@transaction.atomic
def add_product_image(*, actor: User, product: Product, uploaded_file: Any, alt: str = "") -> ProductImage:
    """A seller member adds a picture to a product: checked by content, EXIF stripped, thumbnail made."""
    ensure_can_manage(actor, product.seller)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if locked.images.count() >= MAX_IMAGES_PER_PRODUCT:
        raise ValidationFailed(
            [
                {
                    "field": "image",
                    "code": "too_many_images",
                    "message": _("Mỗi sản phẩm có tối đa %(n)s ảnh.") % {"n": MAX_IMAGES_PER_PRODUCT},
                }
            ]
        )
    picture = images.checked(uploaded_file, field="image")
    thumb = images.thumbnail(picture)
    position = (locked.images.aggregate(m=Max("position"))["m"] or 0) + 1
    image = ProductImage(
        product=locked,
        alt=(alt or locked.name)[:200],
        position=position,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )
    image.image.save(picture.name or "image", picture, save=False)
    image.thumbnail.save(thumb.name or "thumb.webp", thumb, save=False)
    stored = [name for name in (image.image.name, image.thumbnail.name) if name]
    storage = image.image.storage
    # The files are written before the row: if the row cannot be saved they must not linger.
    try:
        image.save()
    except Exception:
        for name in stored:
            storage.delete(name)
        raise
    return image


@transaction.atomic
def remove_product_image(*, actor: User, image: ProductImage) -> None:
    """A seller member removes a picture; its files are deleted once the removal is committed."""
    ensure_can_manage(actor, image.product.seller)
    names = [n for n in (image.image.name, image.thumbnail.name) if n]
    storage = image.image.storage
    image.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
