"""Address fields (province then commune, no JavaScript) and the old-address conversion page."""

import pytest
from django import forms
from django.utils import translation

from hangviet.core.forms import AddressFieldsMixin, AddressForm

pytestmark = pytest.mark.usefixtures("admin_units")


def test_address_form_accepts_a_commune_of_the_chosen_province():
    form = AddressForm({"province": "86", "commune": "29242"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].name == "Phường Trà Vinh"
    assert form.cleaned_data["province"].code == "86"


def test_address_form_rejects_a_commune_of_another_province():
    form = AddressForm({"province": "01", "commune": "29242"})  # Hà Nội + a Vĩnh Long commune
    assert not form.is_valid()
    assert form.has_error("commune", code="commune_not_in_province")
    assert "Phường Trà Vinh không thuộc Thành phố Hà Nội" in form.errors["commune"][0]
    assert "province" not in form.errors


def test_address_form_error_is_translated():
    with translation.override("en"):
        form = AddressForm({"province": "01", "commune": "29242"})
        assert not form.is_valid()
        assert (
            form.errors["commune"][0]
            == "Phường Trà Vinh is not in Thành phố Hà Nội. Please choose the commune again."
        )


def test_address_form_requires_both_and_rejects_unknown_codes():
    form = AddressForm({"province": "", "commune": ""})
    assert not form.is_valid()
    assert set(form.errors) == {"province", "commune"}
    form = AddressForm({"province": "99", "commune": "99999"})
    assert not form.is_valid()
    assert set(form.errors) == {"province", "commune"}


def test_commune_select_lists_only_the_chosen_province_in_an_optgroup():
    html = str(AddressForm({"province": "01", "commune": ""})["commune"])
    assert '<optgroup label="Thành phố Hà Nội">' in html
    assert "Phường Ba Đình" in html
    assert "Phường Trà Vinh" not in html
    assert html.count("<optgroup") == 1


def test_commune_select_offers_the_platform_province_before_a_choice(settings):
    settings.HANGVIET_PROVINCE_CODE = "86"
    html = str(AddressForm()["commune"])
    assert '<optgroup label="Tỉnh Vĩnh Long">' in html
    assert 'value="29242"' in html
    html = str(AddressForm(commune_provinces=["01", "86"])["commune"])
    assert html.count("<optgroup") == 2


def test_refresh_button_is_detected():
    assert AddressForm({"province": "01", "address_refresh": "1"}).wants_commune_list()
    assert not AddressForm({"province": "01"}).wants_commune_list()


def test_mixin_works_on_a_form_with_other_fields():
    class ShopAddressForm(AddressFieldsMixin, forms.Form):
        street = forms.CharField()

    form = ShopAddressForm({"street": "Ấp 1", "province": "86", "commune": "00004"})
    assert not form.is_valid()
    assert list(form.errors) == ["commune"]


def test_legacy_page_renders_an_empty_form(client):
    response = client.get("/units/legacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="province"' in html and 'name="district"' in html and 'name="ward"' in html
    assert '<label for="id_ward">' in html
    assert '<option value="Tỉnh Trà Vinh">' in html  # suggestions without JavaScript


def test_legacy_page_converts_an_old_address(client):
    response = client.get(
        "/units/legacy/", {"province": "tra vinh", "district": "tp tra vinh", "ward": "phuong 3"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Trà Vinh, Tỉnh Vĩnh Long" in html
    assert "Phường 3, Thành phố Trà Vinh, Tỉnh Trà Vinh" in html


def test_legacy_page_shows_candidates_next_to_the_field(client):
    response = client.get("/units/legacy/", {"province": "tra vinh", "ward": "phuong 1"})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_ward_err"' in html
    assert "29239" in html and "29512" in html
    assert "Phường Trà Vinh, Tỉnh Vĩnh Long" not in html


def test_legacy_page_reports_unknown_and_empty_input(client):
    html = client.get("/units/legacy/", {"province": "Atlantis"}).content.decode()
    assert "Không tìm thấy tỉnh/thành phố cũ “Atlantis”" in html
    html = client.get("/units/legacy/", {"province": "", "ward": ""}).content.decode()
    assert "Nhập ít nhất tỉnh, huyện hoặc xã cũ" in html
    assert client.post("/units/legacy/").status_code == 405
