"""Finding units and converting old (pre-July-2025) addresses to today's province and commune."""

import pytest

from hangviet.core import units
from hangviet.core.errors import ValidationFailed

pytestmark = pytest.mark.usefixtures("admin_units")


def test_convert_by_codes():
    found = units.convert_legacy_address(province="84", district="842", ward="29242")
    assert (found.province.code, found.commune.code) == ("86", "29242")  # type: ignore[union-attr]
    assert found.commune.name == "Phường Trà Vinh"  # type: ignore[union-attr]
    assert (found.legacy_province.code, found.legacy_district.code, found.legacy_ward.code) == (  # type: ignore[union-attr]
        "84",
        "842",
        "29242",
    )


def test_convert_by_names_without_tone_marks_or_kind_words():
    found = units.convert_legacy_address(province="tra vinh", district="TP. TRA VINH", ward="phuong 8")
    assert found.province.name == "Tỉnh Vĩnh Long"
    assert found.commune is not None
    assert found.commune.name == "Phường Nguyệt Hóa"
    assert found.legacy_ward is not None
    assert found.legacy_ward.code == "29257"


def test_convert_with_tone_marks_and_leading_zeros_in_codes():
    found = units.convert_legacy_address(province="Thành phố Hà Nội", district="001", ward="Phường Phúc Xá")
    assert (found.province.code, found.commune.name) == ("01", "Phường Hồng Hà")  # type: ignore[union-attr]
    assert units.convert_legacy_address(ward="1").legacy_ward.name == "Phường Phúc Xá"  # type: ignore[union-attr]


def test_ward_code_alone_is_enough():
    found = units.convert_legacy_address(ward="29263")  # Xã Long Đức, Trà Vinh city
    assert found.commune is not None
    assert (found.commune.name, found.province.code) == ("Phường Long Đức", "86")


def test_province_or_district_alone_gives_the_province_without_commune():
    found = units.convert_legacy_address(province="Ben Tre")
    assert (found.province.code, found.commune) == ("86", None)
    found = units.convert_legacy_address(province="tra vinh", district="cau ke")
    assert (found.province.code, found.legacy_district.name, found.commune) == ("86", "Huyện Cầu Kè", None)  # type: ignore[union-attr]


def test_same_name_in_two_districts_is_ambiguous_and_lists_both():
    with pytest.raises(units.AmbiguousUnit) as caught:
        units.convert_legacy_address(province="tra vinh", ward="phuong 1")
    assert caught.value.field == "ward"
    assert {c["code"] for c in caught.value.candidates} == {"29239", "29512"}
    assert "29239" in caught.value.message and "29512" in caught.value.message
    # Naming the district settles it.
    found = units.convert_legacy_address(province="tra vinh", district="thi xa duyen hai", ward="phuong 1")
    assert found.legacy_ward.code == "29512"  # type: ignore[union-attr]


def test_common_district_name_without_province_is_ambiguous():
    with pytest.raises(units.AmbiguousUnit) as caught:
        units.convert_legacy_address(district="Châu Thành")
    assert len(caught.value.candidates) >= 5
    assert {"code": "847", "name": "Huyện Châu Thành", "kind": "huyện", "province": "Tỉnh Trà Vinh"} in (
        caught.value.candidates
    )


def test_split_ward_lists_its_successor_communes():
    with pytest.raises(units.AmbiguousUnit) as caught:
        units.convert_legacy_address(ward="00016")  # Phường Điện Biên (Ba Đình), split in 2025
    assert {c["code"] for c in caught.value.candidates} == {"00004", "00008"}


def test_ward_missing_from_official_table_offers_its_district_successors():
    with pytest.raises(units.AmbiguousUnit) as caught:
        units.convert_legacy_address(ward="01651")  # Xã Mỹ Hưng, Cao Bằng
    assert caught.value.candidates
    assert {c["province"] for c in caught.value.candidates} == {"Tỉnh Cao Bằng"}


def test_ward_outside_the_given_province_is_not_found():
    with pytest.raises(units.UnitNotFound) as caught:
        units.convert_legacy_address(province="83", ward="29242")  # a Trà Vinh ward, asked in Bến Tre
    assert caught.value.field == "ward"
    assert "Tỉnh Bến Tre" in caught.value.message


def test_unknown_names_and_codes_are_not_found():
    for kwargs in (
        {"province": "Atlantis"},
        {"province": "99"},
        {"province": "84", "district": "Huyện Không Có"},
    ):
        with pytest.raises(units.UnitNotFound):
            units.convert_legacy_address(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({}, "province", "required"),
        ({"province": "  "}, "province", "required"),
        ({"ward": "x" * 101}, "ward", "too_long"),
    ],
)
def test_nothing_usable_is_a_validation_error(kwargs, field, code):
    with pytest.raises(ValidationFailed) as caught:
        units.convert_legacy_address(**kwargs)
    assert caught.value.errors[0]["field"] == field
    assert caught.value.errors[0]["code"] == code


def test_find_province_by_code_or_folded_name():
    assert units.find_province("86").name == "Tỉnh Vĩnh Long"
    assert units.find_province("1").code == "01"
    assert units.find_province("vinh long").code == "86"
    assert units.find_province("TỈNH VĨNH LONG").code == "86"
    assert units.find_province("TP HCM").code == "79"
    assert units.find_province("Thành phố Hồ Chí Minh").code == "79"
    with pytest.raises(units.UnitNotFound):
        units.find_province("tinh ho chi minh")  # wrong kind word
    with pytest.raises(units.UnitNotFound):
        units.find_province("Trà Vinh")  # no longer a province


def test_find_commune_scoped_to_a_province():
    vinh_long = units.find_province("86")
    assert units.find_commune("tra vinh", province=vinh_long).code == "29242"
    assert units.find_commune("29242").province_id == "86"
    with pytest.raises(units.UnitNotFound):
        units.find_commune("phuong tra vinh", province=units.find_province("01"))


def test_communes_of_a_province_and_province_list():
    communes = list(units.communes_of("86"))
    assert len(communes) == 124
    assert all(c.province_id == "86" for c in communes)
    names = [p.name for p in units.provinces()]
    assert len(names) == 34
    assert names[0] == "Tỉnh An Giang"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("P.3", "phuong 3"),
        ("p3", "phuong 3"),
        ("Phường 03", "phuong 3"),
        ("TP. Huế", "thanh pho hue"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "tinh ba ria vung tau"),
        ("Xã Đạ M'ri", "xa da mri"),
    ],
)
def test_name_key_folds_abbreviations_and_punctuation(text, key):
    assert units.name_key(text) == key
