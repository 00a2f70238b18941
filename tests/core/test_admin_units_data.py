"""The shipped data file and what the data migration loads from it."""

import pytest

from hangviet.core.models import Commune, LegacyDistrict, LegacyProvince, LegacyWard, Province
from hangviet.core.text import fold
from hangviet.core.unit_data import load_admin_units, read_data_file

pytestmark = pytest.mark.usefixtures("admin_units")

DATA = read_data_file()


def test_data_file_has_34_provinces_and_3321_communes_of_each_kind():
    assert len(DATA["provinces"]) == 34
    assert len(DATA["communes"]) == 3321
    kinds = [c[2] for c in DATA["communes"]]
    assert (kinds.count("xã"), kinds.count("phường"), kinds.count("đặc khu")) == (2621, 687, 13)
    assert {p[2] for p in DATA["provinces"]} == {"tỉnh", "thành phố"}


def test_data_file_codes_are_unique_and_every_parent_exists():
    province_codes = [p[0] for p in DATA["provinces"]]
    commune_codes = [c[0] for c in DATA["communes"]]
    assert len(set(province_codes)) == len(province_codes)
    assert len(set(commune_codes)) == len(commune_codes)
    assert all(len(code) == 2 for code in province_codes)
    assert all(len(code) == 5 for code in commune_codes)
    assert {c[3] for c in DATA["communes"]} <= set(province_codes)
    # Every province has communes, and every legacy ward maps only to communes that exist.
    assert {c[3] for c in DATA["communes"]} == set(province_codes)
    assert {t for w in DATA["legacy_wards"] for t in w[4]} <= set(commune_codes)
    assert {d[3] for d in DATA["legacy_districts"]} <= {p[0] for p in DATA["legacy_provinces"]}


def test_legacy_lists_have_the_63_old_provinces():
    assert len(DATA["legacy_provinces"]) == 63
    assert len(DATA["legacy_districts"]) == 696
    assert len(DATA["legacy_wards"]) == 10051


def test_migration_loaded_every_unit_with_folded_names():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() == 696
    assert LegacyWard.objects.count() == 10051
    assert not Commune.objects.exclude(province__in=Province.objects.all()).exists()
    commune = Commune.objects.get(code="29242")
    assert (commune.name, commune.kind, commune.province_id) == ("Phường Trà Vinh", "phường", "86")
    assert commune.name_folded == fold(commune.name) == "phuong tra vinh"


def test_new_vinh_long_contains_the_communes_of_former_tra_vinh():
    vinh_long = Province.objects.get(code="86")
    assert vinh_long.name == "Tỉnh Vĩnh Long"
    tra_vinh = LegacyProvince.objects.get(code="84")
    assert tra_vinh.name == "Tỉnh Trà Vinh"
    assert tra_vinh.province == vinh_long
    assert set(LegacyProvince.objects.filter(province=vinh_long).values_list("code", flat=True)) == {
        "83",
        "84",
        "86",
    }
    # The wards of the former Trà Vinh city (district 842) are now communes of Vĩnh Long.
    city = LegacyDistrict.objects.get(code="842")
    assert city.name == "Thành phố Trà Vinh"
    successors = Commune.objects.filter(legacy_wards__district=city).distinct()
    assert set(successors.values_list("name", flat=True)) == {
        "Phường Trà Vinh",
        "Phường Nguyệt Hóa",
        "Phường Long Đức",
        "Phường Hòa Thuận",
    }
    assert set(successors.values_list("province_id", flat=True)) == {"86"}
    assert set(LegacyWard.objects.filter(commune__code="29242").values_list("name", flat=True)) == {
        "Phường 1",
        "Phường 3",
        "Phường 9",
    }


def test_split_ward_maps_to_every_successor_and_has_no_single_commune():
    split = LegacyWard.objects.filter(commune__isnull=True, communes__isnull=False).distinct()
    assert split.count() == sum(1 for w in DATA["legacy_wards"] if len(w[4]) > 1)
    ward = split.first()
    assert ward is not None
    assert ward.communes.count() > 1


def test_loading_again_changes_nothing_and_update_restores_names():
    Commune.objects.filter(code="29242").update(name="Sai tên", name_folded="sai ten")
    load_admin_units()
    assert Commune.objects.count() == 3321
    assert LegacyWard.communes.through.objects.count() == sum(len(w[4]) for w in DATA["legacy_wards"])
    assert Commune.objects.get(code="29242").name == "Sai tên"  # kept without update=True

    load_admin_units(update=True)
    commune = Commune.objects.get(code="29242")
    assert (commune.name, commune.name_folded) == ("Phường Trà Vinh", "phuong tra vinh")
    assert Commune.objects.count() == 3321
