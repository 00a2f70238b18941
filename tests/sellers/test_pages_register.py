"""Seller registration and the seller's own pages, through the Django test client."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db

REGISTER = "/sell/register/"


def png_upload(name="logo.png", size=(120, 80), exif=False, fmt="PNG"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    img = Image.new("RGB", size, (200, 30, 30))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "CameraMaker"  # Make
        kwargs["exif"] = data
    img.save(buf, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def form_data(f, **overrides):
    com = f.commune()
    data = {
        "kind": "cooperative",
        "legal_name": "Hợp tác xã Dừa sáp Cầu Kè",
        "trading_name": "Dừa sáp Cầu Kè",
        "tax_code": f.make_tax_code(911),
        "registration_number": "58A8001234",
        "street": "Ấp Trà Mẹt",
        "province": com.province_id,
        "commune": com.pk,
        "phone": "0912 345 678",
        "email": "htx@example.vn",
        "representative": "Trần Thị B",
        "description": "Dừa sáp đặc sản",
        "bank_bin": "970405",
        "bank_account": "7300205123456",
        "bank_account_name": "HTX DUA SAP CAU KE",
    }
    data.update(overrides)
    return data


@pytest.fixture
def user_client(f, client):
    user = f.user()
    client.force_login(user)
    client.user = user
    return client


def test_registration_needs_a_login(client):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_registration_form_lists_only_the_chosen_provinces_communes(f, user_client):
    home = f.commune()
    other = f.commune("25999", "Xã Ở Tỉnh Khác", f.province("80", "Tây Ninh"))
    page = user_client.get(REGISTER).content.decode()
    assert home.name in page and other.name not in page
    page = user_client.get(REGISTER + "?province=80").content.decode()
    assert other.name in page and home.name not in page


def test_choosing_a_province_rerenders_without_saving(f, user_client):
    other = f.commune("25999", "Xã Ở Tỉnh Khác", f.province("80", "Tây Ninh"))
    data = form_data(f, province="80", commune="")
    data["choose_province"] = "1"
    response = user_client.post(REGISTER, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert other.name in page
    assert 'value="Dừa sáp Cầu Kè"' in page  # what was typed is kept
    assert not Seller.objects.exists()


def test_registration_happy_path_creates_a_pending_seller_owned_by_the_user(f, user_client):
    response = user_client.post(REGISTER, form_data(f, logo=png_upload()))
    seller = Seller.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sellers:dashboard", kwargs={"shop": seller.slug})
    assert seller.status == Seller.Status.PENDING
    assert seller.phone == "0912345678"
    assert seller.logo.name.endswith(".png")
    assert Membership.objects.get(seller=seller).user == user_client.user
    page = user_client.get(response["Location"]).content.decode()
    assert "Chờ xác minh" in page
    assert "đang chờ cán bộ Sở Công Thương xác minh" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0101245487", "Mã số thuế không hợp lệ"),
        ("phone", "0212345678", "Số điện thoại di động Việt Nam không hợp lệ"),
        ("bank_bin", "97040A", "Mã ngân hàng (BIN) gồm đúng 6 chữ số"),
        ("bank_account", "12", "Số tài khoản gồm 6 đến 19 chữ số"),
        ("email", "khong-phai-email", "email"),
        ("representative", "", "bắt buộc"),
    ],
)
def test_a_bad_field_is_reported_next_to_it_and_nothing_is_created(f, user_client, field, value, message):
    response = user_client.post(REGISTER, form_data(f, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message.lower() in " ".join(errors[field]).lower()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Seller.objects.exists()
    assert not Membership.objects.exists()


def test_a_commune_of_another_province_is_refused(f, user_client):
    other = f.commune("25999", "Xã Ở Tỉnh Khác", f.province("80", "Tây Ninh"))
    response = user_client.post(REGISTER, form_data(f, commune=other.pk))
    assert response.context["form"].errors["commune"] == ["Xã/phường không thuộc tỉnh/thành phố đã chọn."]
    assert not Seller.objects.exists()


def test_a_tax_code_already_registered_is_refused(f, user_client):
    existing = f.seller()
    response = user_client.post(REGISTER, form_data(f, tax_code=existing.tax_code))
    assert response.context["form"].errors["tax_code"] == ["Mã số thuế này đã được đăng ký."]
    assert Seller.objects.count() == 1


def test_a_text_file_named_jpg_is_refused_as_logo(f, user_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = user_client.post(REGISTER, form_data(f, logo=fake))
    assert "không phải ảnh" in " ".join(response.context["form"].errors["logo"])
    assert not Seller.objects.exists()


def test_an_oversize_logo_is_refused(f, user_client, settings):
    settings.HANGVIET_MAX_IMAGE_BYTES = 200
    response = user_client.post(REGISTER, form_data(f, logo=png_upload(size=(300, 300))))
    assert "quá lớn" in " ".join(response.context["form"].errors["logo"])
    assert not Seller.objects.exists()


def test_a_gif_logo_is_refused(f, user_client):
    response = user_client.post(REGISTER, form_data(f, logo=png_upload("a.gif", fmt="GIF")))
    assert response.context["form"].errors["logo"] == ["Chỉ nhận ảnh JPEG, PNG hoặc WebP."]


def test_the_logo_is_stored_without_exif(f, user_client):
    user_client.post(REGISTER, form_data(f, logo=png_upload("logo.jpg", exif=True, fmt="JPEG")))
    seller = Seller.objects.get()
    with Image.open(seller.logo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


def test_a_rejected_seller_sees_the_reason_and_resubmits_corrected_details(f, client):
    seller = f.seller(status=Seller.Status.REJECTED, rejection_reason="Tên pháp lý không khớp giấy phép.")
    client.force_login(seller.memberships.get().user)
    dashboard = client.get(f"/seller/{seller.slug}/").content.decode()
    assert "Bị từ chối" in dashboard
    assert "Tên pháp lý không khớp giấy phép." in dashboard
    profile_url = f"/seller/{seller.slug}/profile/"
    assert "Lưu và gửi xác minh lại" in client.get(profile_url).content.decode()
    data = form_data(f, tax_code=seller.tax_code, legal_name="HTX Tên Đúng")
    response = client.post(profile_url, data)
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING
    assert seller.legal_name == "HTX Tên Đúng"


def test_a_bad_correction_keeps_the_seller_rejected(f, client):
    seller = f.seller(status=Seller.Status.REJECTED, rejection_reason="Sai")
    client.force_login(seller.memberships.get().user)
    response = client.post(
        f"/seller/{seller.slug}/profile/", form_data(f, tax_code=seller.tax_code, phone="12")
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    seller.refresh_from_db()
    assert seller.status == Seller.Status.REJECTED


def test_a_verified_seller_edits_only_contact_fields(f, client):
    seller = f.seller(status=Seller.Status.VERIFIED)
    client.force_login(seller.memberships.get().user)
    response = client.get(f"/seller/{seller.slug}/profile/")
    assert "tax_code" not in response.context["form"].fields
    response = client.post(
        f"/seller/{seller.slug}/profile/",
        {"phone": "0987654321", "email": "moi@example.vn", "legal_name": "Đổi tên lén"},
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.phone == "0987654321"
    assert seller.legal_name != "Đổi tên lén"
    assert seller.status == Seller.Status.VERIFIED


def test_another_users_shop_is_not_found(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(f.user())
    assert client.get(f"/seller/{seller.slug}/").status_code == 404
    assert client.get(f"/seller/{seller.slug}/profile/").status_code == 404
    assert client.post(f"/seller/{seller.slug}/resubmit/").status_code == 404


def test_the_picker_lists_several_shops_and_skips_itself_for_one(f, client):
    user = f.user()
    first = f.seller(owner=user, trading_name="Cửa hàng Một")
    client.force_login(user)
    response = client.get("/seller/")
    assert response.status_code == 302 and response["Location"] == f"/seller/{first.slug}/"
    f.seller(owner=user, trading_name="Cửa hàng Hai")
    page = client.get("/seller/").content.decode()
    assert "Cửa hàng Một" in page and "Cửa hàng Hai" in page
