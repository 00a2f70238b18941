"""Seller product pages: list, create, edit, archive, stock, images; no shop reaches another's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hangviet.catalog.models import Product, ProductImage, StockMove
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


def jpeg(size=(640, 480)):
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buf, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def shop(f, client):
    """A verified shop with its owner signed in."""
    owner = f.user()
    seller = f.seller(owner=owner, status=Seller.Status.VERIFIED)
    client.force_login(owner)
    return seller


def base(seller):
    return f"/seller/{seller.slug}/products/"


def product_data(f, **overrides):
    data = {
        "name": "Mật hoa dừa Sokfarm",
        "category": f.category().pk,
        "description": "<p>Ngọt thanh</p><script>alert(1)</script>",
        "unit": "chai",
        "net_quantity": "250 ml",
        "price_vnd": "120000",
        "stock": "12",
        "sku": "MHD-250",
        "gtin": "8938505974194",
        "origin_commune": f.commune().pk,
        "status": "active",
    }
    data.update(overrides)
    return data


def test_the_list_shows_every_status_and_filters(f, client, shop):
    f.product(shop, name="Kẹo dừa", status=Product.Status.DRAFT, sku="KD-1")
    f.product(shop, name="Bánh pía", status=Product.Status.ACTIVE, sku="BP-1")
    f.product(shop, name="Trà cũ", status=Product.Status.ARCHIVED, sku="TC-1")
    f.product(f.seller(), name="Hàng người khác")
    page = client.get(base(shop)).content.decode()
    assert all(n in page for n in ("Kẹo dừa", "Bánh pía", "Trà cũ"))
    assert "Hàng người khác" not in page
    drafts = client.get(base(shop) + "?status=draft").content.decode()
    assert "Kẹo dừa" in drafts and "Bánh pía" not in drafts
    by_name = client.get(base(shop) + "?q=keo dua").content.decode()
    assert "Kẹo dừa" in by_name and "Bánh pía" not in by_name
    by_sku = client.get(base(shop) + "?q=bp-1").content.decode()
    assert "Bánh pía" in by_sku and "Kẹo dừa" not in by_sku


def test_the_list_does_not_query_per_product(f, client, shop, django_assert_max_num_queries):
    for _ in range(5):
        f.product(shop)
    with django_assert_max_num_queries(12):
        assert client.get(base(shop)).status_code == 200


def test_creating_a_product(f, client, shop):
    response = client.post(base(shop) + "new/", product_data(f))
    product = Product.objects.get(seller=shop)
    assert response.status_code == 302
    assert response["Location"] == f"{base(shop)}{product.pk}/"
    assert product.stock == 12 and product.price_vnd == 120000
    assert product.gtin == "08938505974194"
    assert "<script>" not in product.description
    assert StockMove.objects.get(product=product).delta == 12


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("gtin", "8938505974195", "GTIN không hợp lệ"),
        ("price_vnd", "0", "Giá phải lớn hơn 0"),
        ("price_vnd", "12.5", "không rõ là bao nhiêu"),
        ("stock", "-1", "Tồn kho không được âm"),
        ("name", "", "bắt buộc"),
        ("unit", "thùng", "lựa chọn"),
        ("category", "999999", "lựa chọn"),
    ],
)
def test_a_bad_field_is_shown_next_to_it_and_nothing_is_saved(f, client, shop, field, value, message):
    response = client.post(base(shop) + "new/", product_data(f, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message.lower() in " ".join(errors[field]).lower()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Product.objects.exists()
    assert not StockMove.objects.exists()


def test_a_sku_already_used_by_the_shop_is_an_error_on_the_sku(f, client, shop):
    f.product(shop, sku="MHD-250")
    response = client.post(base(shop) + "new/", product_data(f))
    assert response.context["form"].errors["sku"] == ["Mã SKU này đã dùng cho sản phẩm khác của cửa hàng."]
    assert Product.objects.filter(seller=shop).count() == 1


def test_another_shop_may_use_the_same_sku(f, client, shop):
    f.product(f.seller(), sku="MHD-250")
    assert client.post(base(shop) + "new/", product_data(f)).status_code == 302


def test_editing_a_product(f, client, shop):
    product = f.product(shop, status=Product.Status.DRAFT, stock=7)
    data = product_data(f, name="Tên mới", price_vnd="99000")
    del data["stock"]
    response = client.post(f"{base(shop)}{product.pk}/", data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Tên mới" and product.price_vnd == 99000
    assert product.stock == 7  # editing never touches the stock


def test_editing_to_a_duplicate_sku_changes_nothing(f, client, shop):
    f.product(shop, sku="TAKEN")
    product = f.product(shop, sku="MINE", name="Giữ nguyên")
    data = product_data(f, sku="TAKEN", name="Đổi tên")
    response = client.post(f"{base(shop)}{product.pk}/", data)
    assert "sku" in response.context["form"].errors
    product.refresh_from_db()
    assert (product.sku, product.name) == ("MINE", "Giữ nguyên")


def test_archiving_a_product(f, client, shop):
    product = f.product(shop)
    assert client.get(f"{base(shop)}{product.pk}/archive/").status_code == 405
    assert client.post(f"{base(shop)}{product.pk}/archive/").status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED


def test_adjusting_stock_records_a_move_shown_in_the_history(f, client, shop):
    product = f.product(shop, stock=10)
    url = f"{base(shop)}{product.pk}/stock/"
    assert client.post(url, {"delta": "-3", "reason": "Hàng vỡ"}).status_code == 302
    product.refresh_from_db()
    assert product.stock == 7
    page = client.get(url).content.decode()
    assert "Hàng vỡ" in page and "-3" in page


def test_the_stock_history_is_paged_not_cut_off(f, client, shop):
    product = f.product(shop, stock=10)
    StockMove.objects.bulk_create(
        StockMove(product=product, delta=1, stock_after=10, reason=f"nhap-{i:03}") for i in range(51)
    )
    url = f"{base(shop)}{product.pk}/stock/"
    first = client.get(url).content.decode()
    assert first.count("nhap-") == 50 and "nhap-000" not in first and 'rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count("nhap-") == 1 and "nhap-000" in second


def test_stock_never_goes_negative(f, client, shop):
    product = f.product(shop, stock=2)
    response = client.post(f"{base(shop)}{product.pk}/stock/", {"delta": "-5", "reason": "Bán ngoài"})
    assert response.status_code == 422
    assert "Không đủ hàng" in " ".join(response.context["form"].errors["delta"])
    product.refresh_from_db()
    assert product.stock == 2
    assert not StockMove.objects.filter(product=product).exists()


def test_a_stock_change_needs_a_reason_and_a_non_zero_delta(f, client, shop):
    product = f.product(shop, stock=2)
    response = client.post(f"{base(shop)}{product.pk}/stock/", {"delta": "0", "reason": ""})
    assert set(response.context["form"].errors) == {"delta", "reason"}
    assert not StockMove.objects.exists()


def test_uploading_and_removing_an_image(f, client, shop, django_capture_on_commit_callbacks):
    product = f.product(shop)
    url = f"{base(shop)}{product.pk}/images/"
    assert client.post(url, {"image": jpeg(), "alt": "Chai mật"}).status_code == 302
    image = ProductImage.objects.get(product=product)
    assert (image.width, image.height, image.alt) == (640, 480, "Chai mật")
    assert image.thumbnail.name.endswith(".webp")
    page = client.get(url).content.decode()
    assert image.thumbnail.url in page
    storage, names = image.image.storage, [image.image.name, image.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}{image.pk}/delete/")
    assert response.status_code == 302
    assert not ProductImage.objects.exists()
    assert not any(storage.exists(n) for n in names)


def test_a_fake_image_is_refused_on_the_page(f, client, shop):
    product = f.product(shop)
    fake = SimpleUploadedFile("anh.jpg", b"just text", content_type="image/jpeg")
    response = client.post(f"{base(shop)}{product.pk}/images/", {"image": fake})
    assert response.status_code == 422
    assert "không phải ảnh" in " ".join(response.context["form"].errors["image"])
    assert not ProductImage.objects.exists()


# --- One shop never reaches another's products --------------------------------------------------


@pytest.fixture
def other(f):
    """Seller B with a draft product that seller A must never read or change."""
    seller_b = f.seller(status=Seller.Status.VERIFIED)
    draft = f.product(seller_b, name="Bí mật của B", status=Product.Status.DRAFT, stock=5, sku="B-1")
    return seller_b, draft


def _urls(shop_slug, pk):
    root = f"/seller/{shop_slug}/products/"
    return root, f"{root}{pk}/"


def test_seller_a_cannot_read_seller_bs_products(f, client, shop, other):
    seller_b, draft = other
    for shop_slug in (seller_b.slug, shop.slug):  # B's shop, or B's product id under A's shop
        _root, item = _urls(shop_slug, draft.pk)
        for url in (item, f"{item}stock/", f"{item}images/"):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/seller/{seller_b.slug}/products/").status_code == 404
    assert "Bí mật của B" not in client.get(f"/seller/{shop.slug}/products/").content.decode()


def test_seller_a_cannot_change_seller_bs_products(f, client, shop, other):
    seller_b, draft = other
    for shop_slug in (seller_b.slug, shop.slug):
        _root, item = _urls(shop_slug, draft.pk)
        data = product_data(f, name="Bị sửa", sku="B-1")
        assert client.post(item, data).status_code == 404
        assert client.post(f"{item}archive/").status_code == 404
        assert client.post(f"{item}stock/", {"delta": "-5", "reason": "x"}).status_code == 404
        assert client.post(f"{item}images/", {"image": jpeg()}).status_code == 404
    assert client.post(f"/seller/{seller_b.slug}/products/new/", product_data(f)).status_code == 404
    draft.refresh_from_db()
    assert (draft.name, draft.status, draft.stock) == ("Bí mật của B", Product.Status.DRAFT, 5)
    assert not ProductImage.objects.filter(product=draft).exists()
    assert not StockMove.objects.filter(product=draft).exists()
    assert not Product.objects.filter(seller=seller_b).exclude(pk=draft.pk).exists()


def test_seller_a_cannot_remove_seller_bs_images(f, client, shop, other):
    from hangviet.catalog import services

    seller_b, draft = other
    image = services.add_product_image(
        actor=seller_b.memberships.get().user, product=draft, uploaded_file=jpeg()
    )
    for shop_slug in (seller_b.slug, shop.slug):
        _root, item = _urls(shop_slug, draft.pk)
        assert client.post(f"{item}images/{image.pk}/delete/").status_code == 404
    # Even pairing A's own product with B's image id does not reach it.
    mine = f.product(shop)
    assert client.post(f"/seller/{shop.slug}/products/{mine.pk}/images/{image.pk}/delete/").status_code == 404
    assert ProductImage.objects.filter(pk=image.pk).exists()


def test_anonymous_users_are_sent_to_login(f, client, other):
    client.logout()
    seller_b, draft = other
    response = client.get(f"/seller/{seller_b.slug}/products/{draft.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_several_pictures_are_uploaded_at_once_each_read_by_content(f, client, shop):
    product = f.product(shop)
    url = f"{base(shop)}{product.pk}/images/"
    page = client.get(url).content.decode()
    assert 'type="file" name="image"' in page and "multiple" in page.split('name="image"')[1].split(">")[0]
    response = client.post(url, {"image": [jpeg(), jpeg((800, 600)), jpeg((300, 300))]})
    assert response.status_code == 302
    assert product.images.count() == 3


def test_one_bad_file_among_several_adds_none(f, client, shop):
    product = f.product(shop)
    fake = SimpleUploadedFile("anh.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = client.post(f"{base(shop)}{product.pk}/images/", {"image": [jpeg(), fake]})
    assert response.status_code == 422
    assert product.images.count() == 0


def test_a_new_product_takes_its_pictures_from_the_same_form(f, client, shop):
    data = product_data(f)
    response = client.post(base(shop) + "new/", {**data, "images": [jpeg(), jpeg((500, 500))]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Product.objects.get(seller=shop, sku=data["sku"]).images.count() == 2
