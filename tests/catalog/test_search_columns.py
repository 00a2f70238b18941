"""The folded copies the search reads (name_folded, search_text): the same whoever writes the product."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.catalog import services
from hangviet.catalog.imports import write
from hangviet.catalog.models import Category, ImportJob, Product
from hangviet.sellers import services as seller_services
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db

NAME = "Mật ong Hoa Nhãn"
DESCRIPTION = "<p>Ngọt <strong>thanh</strong>,  đặc sánh</p>"
# Folded description without its tags, then the category, the shop's trading name and the origin commune.
SEARCH_TEXT = "ngot thanh, dac sanh mat ong, mat hoa va san pham khac dac san dong thap phuong tra vinh"


@pytest.fixture
def honey(f):
    """A shop, the honey category and the commune the product comes from."""
    owner = f.user()
    shop = f.seller(owner=owner, trading_name="Đặc sản Đồng Tháp")
    return owner, shop, Category.objects.get(code="I.2.2"), f.commune("29242", "Phường Trà Vinh")


def columns(product: Product) -> tuple[str, str]:
    return tuple(Product.objects.filter(pk=product.pk).values_list("name_folded", "search_text").get())


def test_the_service_derives_the_search_columns(honey):
    owner, shop, category, commune = honey
    product = services.create_product(
        actor=owner,
        seller=shop,
        name=NAME,
        category=category,
        description=DESCRIPTION,
        unit="hũ",
        price_vnd=120000,
        sku="MO-1",
        origin_commune=commune,
    )
    assert columns(product) == ("mat ong hoa nhan", SEARCH_TEXT)


def test_the_import_derives_the_same_search_columns(honey, django_capture_on_commit_callbacks):
    owner, shop, _category, _commune = honey
    content = (
        "SKU;Tên sản phẩm;Mã danh mục;Đơn vị;Quy cách;Giá (VND);Tồn kho;GTIN;Mã xã xuất xứ;Trạng thái;Mô tả\n"
        f"MO-1;{NAME};I.2.2;hũ;;120000;;;29242;;{DESCRIPTION}\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        job = write.start_import(
            actor=owner, seller=shop, uploaded_file=SimpleUploadedFile("san-pham.csv", content)
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert columns(Product.objects.get(seller=shop, sku="MO-1")) == ("mat ong hoa nhan", SEARCH_TEXT)


def test_factory_products_carry_the_columns_production_writes(honey, f):
    """Tests search what production would have stored: the factory derives the columns the same way."""
    _owner, shop, category, commune = honey
    product = f.product(shop, name=NAME, category=category, description=DESCRIPTION, origin_commune=commune)
    assert columns(product) == ("mat ong hoa nhan", SEARCH_TEXT)


def test_a_renamed_shops_products_are_found_by_its_new_name(honey, f):
    """The trading name is in every product's search text: a new name is derived into them."""
    owner, shop, category, commune = honey
    Seller.objects.filter(pk=shop.pk).update(status=Seller.Status.PENDING)  # may still change its name
    product = f.product(shop, name=NAME, category=category, description=DESCRIPTION, origin_commune=commune)
    other = f.product(name="Gạo ST25")

    seller_services.update_seller_profile(actor=owner, seller=shop, trading_name="Ong Mật Cồn Phụng")

    assert columns(product) == (
        "mat ong hoa nhan",
        "ngot thanh, dac sanh mat ong, mat hoa va san pham khac ong mat con phung phuong tra vinh",
    )
    assert "ong mat con phung" not in columns(other)[1]


def test_an_officers_correction_of_the_name_reaches_the_products_too(honey, f):
    _owner, shop, category, commune = honey
    product = f.product(shop, name=NAME, category=category, description=DESCRIPTION, origin_commune=commune)

    seller_services.correct_seller(actor=f.officer(), seller=shop, trading_name="HTX Ong Mật")

    assert columns(product)[1].endswith("mat ong, mat hoa va san pham khac htx ong mat phuong tra vinh")
