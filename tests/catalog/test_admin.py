"""The catalog's admin writes through the catalog services: an officer's edit gets the same checks and
sanitiser as a seller's, and the same search columns."""

import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hangviet.catalog import services
from hangviet.catalog.models import Category, Product, ProductImage
from tests.catalog.test_images import upload

pytestmark = pytest.mark.django_db

SCRIPT = '<p>Ngọt <strong>thanh</strong></p><script>alert("xss")</script><img src=x onerror="alert(1)">'
CLEAN = "<p>Ngọt <strong>thanh</strong></p>"
NO_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("images", "stock_moves")
    for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"))
}


def form(product: Product | None = None, **over: object) -> dict[str, object]:
    """What the admin's product form posts: the product's values, then `over`."""
    data: dict[str, object] = {
        "category": product.category_id if product else Category.objects.get(code="I.2.2").pk,
        "name": product.name if product else "Mật ong hoa nhãn",
        "slug": product.slug if product else "mat-ong-hoa-nhan",
        "description": product.description if product else "",
        "unit": product.unit if product else "hũ",
        "net_quantity": product.net_quantity if product else "",
        "price_vnd": product.price_vnd if product else 120000,
        "sku": product.sku if product else "MO-1",
        "gtin": product.gtin if product else "",
        "origin_commune": "",
        "status": product.status if product else Product.Status.ACTIVE,
        **NO_INLINES,
    }
    if product:
        data["seller"] = product.seller_id
    data.update(over)
    return data


def change_url(product: Product) -> str:
    return reverse("admin:catalog_product_change", args=[product.pk])


def test_an_officer_saving_a_script_in_the_admin_gets_it_sanitised(f, client, admin_officer):
    product = f.product(name="Mật ong", description="<p>Cũ</p>")

    response = client.post(change_url(product), form(product, description=SCRIPT))

    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.description == CLEAN
    page = client.get(reverse("catalog:product", args=[product.slug])).content.decode()
    assert CLEAN in page
    assert "<script>alert" not in page and "onerror" not in page


def test_an_officers_rename_in_the_admin_is_searchable_by_the_new_name(f, client, admin_officer):
    product = f.product(name="Mật ong", description="<p>Ngọt</p>")

    response = client.post(change_url(product), form(product, name="Bánh pía Sóc Trăng"))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.name_folded) == ("Bánh pía Sóc Trăng", "banh pia soc trang")


def test_an_officer_adds_a_product_through_the_service(f, client, admin_officer):
    shop = f.seller(trading_name="Ong Mật Cồn Phụng")

    response = client.post(
        reverse("admin:catalog_product_add"), form(seller=shop.pk, description=SCRIPT, slug="")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(seller=shop, sku="MO-1")
    assert product.description == CLEAN
    assert product.slug == "mat-ong-hoa-nhan"
    assert product.name_folded == "mat ong hoa nhan"
    assert product.search_text == "ngot thanh mat ong, mat hoa va san pham khac ong mat con phung"


def test_the_services_refusal_shows_next_to_the_field_and_nothing_changes(f, client, admin_officer):
    product = f.product(name="Mật ong", gtin="")

    response = client.post(change_url(product), form(product, gtin="8934563138017", name="Tên mới"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["gtin"]
    assert "kiểm tra" in errors["gtin"][0]
    product.refresh_from_db()
    assert (product.name, product.gtin) == ("Mật ong", "")


def test_the_admin_cannot_move_a_product_to_another_shop_nor_change_its_address(f, client, admin_officer):
    shop = f.seller()
    product = f.product(shop, slug="mat-ong")
    other = f.seller()

    response = client.post(change_url(product), form(product, seller=other.pk, slug="khac"))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.seller_id, product.slug) == (shop.pk, "mat-ong")


def test_an_image_removed_in_the_admin_goes_with_its_files(
    f, client, admin_officer, django_capture_on_commit_callbacks
):
    owner = f.user()
    product = f.product(f.seller(owner=owner))
    image = services.add_product_image(actor=owner, product=product, uploaded_file=upload(size=(100, 100)))
    storage, names = image.image.storage, [image.image.name, image.thumbnail.name]
    data = form(product, **{
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "1",
        "images-0-id": image.pk, "images-0-product": product.pk, "images-0-DELETE": "on",
        "images-0-alt": image.alt, "images-0-position": image.position,
    })  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(product), data)

    assert response.status_code == 302
    assert not ProductImage.objects.filter(pk=image.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_products_are_archived_not_deleted_in_the_admin(f, client, admin_officer):
    product = f.product()
    response = client.post(reverse("admin:catalog_product_delete", args=[product.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


def test_a_renamed_category_renames_what_its_products_are_found_by(f, client, admin_officer):
    category = f.category("IX", "Đồ thủ công")
    product = f.product(category=category, description="<p>Đan tay</p>")
    url = reverse("admin:catalog_category_change", args=[category.pk])

    response = client.post(
        url, {"code": "IX", "slug": "cat-ix", "name": "Mây tre đan", "name_en": "", "position": 0}
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert "may tre dan" in product.search_text and "do thu cong" not in product.search_text


def test_the_officers_corrections_are_for_officers_and_the_members_services_for_members(f):
    owner = f.user()
    product = f.product(f.seller(owner=owner))
    with pytest.raises(PermissionDenied):
        services.correct_product(actor=owner, product=product, name="Tên khác")
    with pytest.raises(PermissionDenied):
        services.update_product(actor=f.officer(), product=product, name="Tên khác")
    product.refresh_from_db()
    assert product.name != "Tên khác"


def test_descriptions_stored_unsanitised_before_are_cleaned_by_the_migration(f):
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("hangviet.catalog.migrations.0006_sanitise_stored_descriptions")
    product = f.product(description="<p>Cũ</p>")
    Product.objects.filter(pk=product.pk).update(description=SCRIPT)  # as the admin stored it before
    untouched = f.product(description=CLEAN)

    migration.sanitise(apps, SimpleNamespace(connection=connection))

    assert Product.objects.get(pk=product.pk).description == CLEAN
    assert Product.objects.get(pk=untouched.pk).description == CLEAN
