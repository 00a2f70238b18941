"""Every write on the catalog's products: one function per use case, permission first, one transaction (stock:
catalog/stock.py)."""

from collections.abc import Sequence
from typing import Any

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, Product
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.stock import record_initial_stock
from hangviet.catalog.versions import catalog_changed
from hangviet.core import limits
from hangviet.core.errors import ValidationFailed, field_error, invalid, model_errors
from hangviet.core.text import unique_slug
from hangviet.core.validators import normalize_gtin
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer

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


def sanitize_description(html: str) -> str:
    """Keep simple formatting only; scripts, styles, attributes and links are removed."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()


def _field_error(field: str, err: ValidationError) -> dict[str, str]:
    """One model validation error as a problem entry; the (seller, sku) constraint belongs to `sku`."""
    if err.code in {"unique", "unique_together"} and field == "__all__":
        return field_error("sku", "duplicate_sku", _("Mã SKU này đã dùng cho sản phẩm khác của cửa hàng."))
    return field_error(field, err.code or "invalid", " ".join(err.messages))


def _validate_and_save(product: Product) -> Product:
    limits.ensure_within("price_vnd", product.price_vnd, limits.PRICE_MAX_VND)
    if product.gtin:
        try:
            product.gtin = normalize_gtin(product.gtin)
        except ValidationError as exc:
            raise invalid("gtin", "invalid_gtin", exc.messages[0]) from exc
    product.description = sanitize_description(product.description)
    derive_search_columns(product)
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
        raise invalid(
            "sku", "duplicate_sku", _("Mã SKU này đã dùng cho sản phẩm khác của cửa hàng.")
        ) from exc
    return product


@transaction.atomic
def create_product(*, actor: User, seller: Seller, images: Sequence[Any] = (), **fields: Any) -> Product:
    """A seller member adds a product (draft unless a status is given); its stock starts as given, with
    the pictures chosen on the same form."""
    ensure_can_manage(actor, seller)
    product = _create_product(actor, seller, fields)
    if images:
        add_product_images(actor=actor, product=product, uploaded_files=images)
    return product


def _create_product(actor: User, seller: Seller, fields: dict[str, Any]) -> Product:
    stock = int(fields.pop("stock", 0) or 0)
    limits.ensure_within("stock", stock, limits.STOCK_MAX)
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
    record_initial_stock([product], actor=actor)
    return product


@transaction.atomic
def update_product(*, actor: User, product: Product, **changes: Any) -> Product:
    """A seller member edits a product's details (not its stock: see catalog.stock)."""
    ensure_can_manage(actor, product.seller)
    return _update_product(product, changes)


def _update_product(product: Product, changes: dict[str, Any]) -> Product:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown product fields: {sorted(unknown)}")
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.home_node:  # mirrored from another province's node: it changes only there
        raise PermissionDenied(_("Sản phẩm này do tỉnh khác quản lý; chỉ sửa được ở nút của tỉnh đó."))
    for field, value in changes.items():
        setattr(product, field, value)
    return _validate_and_save(product)


@transaction.atomic
def archive_product(*, actor: User, product: Product) -> Product:
    return update_product(actor=actor, product=product, status=Product.Status.ARCHIVED)


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
        alt=(alt or locked.name)[: limits.max_length(ProductImage, "alt")],
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
def add_product_images(
    *, actor: User, product: Product, uploaded_files: Sequence[Any], alt: str = ""
) -> list[ProductImage]:
    """Several pictures at once, all or none: each checked by content as `add_product_image` does; the
    files of those already written are deleted when a later one fails."""
    ensure_can_manage(actor, product.seller)
    held = Product.objects.select_for_update().get(pk=product.pk).images.count()
    if held + len(uploaded_files) > MAX_IMAGES_PER_PRODUCT:
        raise ValidationFailed(
            [
                {
                    "field": "image",
                    "code": "too_many_images",
                    "message": _("Mỗi sản phẩm có tối đa %(n)s ảnh.") % {"n": MAX_IMAGES_PER_PRODUCT},
                }
            ]
        )
    pictures = [images.checked(upload, field="image") for upload in uploaded_files]  # all, before writing
    added: list[ProductImage] = []
    try:
        for picture in pictures:
            added.append(add_product_image(actor=actor, product=product, uploaded_file=picture, alt=alt))
    except Exception:
        for image in added:
            for file in (image.image, image.thumbnail):
                if file.name:
                    file.storage.delete(file.name)
        raise
    return added


@transaction.atomic
def remove_product_image(*, actor: User, image: ProductImage) -> None:
    """A seller member removes a picture; its files are deleted once the removal is committed."""
    ensure_can_manage(actor, image.product.seller)
    _remove_image(image)


def _remove_image(image: ProductImage) -> None:
    names = [n for n in (image.image.name, image.thumbnail.name) if n]
    storage = image.image.storage
    image.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


# --- The department's corrections, made in the admin: an officer, any shop, a member's rules ----------
# (Not the member services with a wider check: the API and the shop's pages lean on those refusing
# anyone outside the shop.)


@transaction.atomic
def add_product_for_seller(*, actor: User, seller: Seller, **fields: Any) -> Product:
    """An officer adds a product to a shop, with every rule of create_product."""
    ensure_officer(actor)
    return _create_product(actor, seller, fields)


@transaction.atomic
def correct_product(*, actor: User, product: Product, **changes: Any) -> Product:
    """An officer corrects a product's details (the department answers for what the platform lists),
    with every rule of update_product: checks, sanitised description, search columns."""
    ensure_officer(actor)
    return _update_product(product, changes)


@transaction.atomic
def take_down_product_image(*, actor: User, image: ProductImage) -> None:
    """An officer removes a picture from a product; its files go once the removal is committed."""
    ensure_officer(actor)
    _remove_image(image)


# --- Categories (the OCOP classification, loaded by a migration; officers correct it in the admin) ----


@transaction.atomic
def save_category(*, actor: User, category: Category) -> Category:
    """An officer adds or corrects a category. Its products are found by its name (their search_text):
    a new name is derived into them in the same transaction."""
    ensure_officer(actor)
    try:
        category.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(model_errors(exc)) from exc
    renamed = (
        category.pk is not None and not Category.objects.filter(pk=category.pk, name=category.name).exists()
    )
    category.save()
    if renamed:
        refresh_search_columns(products=Product.objects.filter(category=category))
    return category


def refresh_search_columns(*, products: QuerySet[Product]) -> None:
    """Derive the search columns of `products` again, after a name they hold (their category's, their
    shop's) changed; called inside the transaction of that change."""
    batch = list(products.select_related("category", "seller", "origin_commune"))
    for product in batch:
        derive_search_columns(product)
    Product.objects.bulk_update(batch, ["search_text"], batch_size=1000)
    catalog_changed()  # bulk_update sends no post_save
