import datetime

import pytest

from hangviet.trace import digital_link as dl


@pytest.mark.parametrize("gtin", ["8931234567897", "8936045123454", "9506000134352", "4006381333931"])
def test_valid_gtins_are_accepted_and_padded_to_14(gtin):
    assert dl.is_valid_gtin(gtin)
    assert dl.normalize_gtin14(gtin) == gtin.zfill(14)


@pytest.mark.parametrize("gtin", ["8931234567895", "893123456789", "abc", "", "89312345678970"])
def test_invalid_gtins_are_rejected(gtin):
    assert not dl.is_valid_gtin(gtin) or len(gtin) not in (8, 12, 13, 14)
    with pytest.raises(dl.DigitalLinkError):
        dl.build(gtin, lot="A1")


def test_check_digit_rule():
    assert dl.gtin_check_digit("893123456789") == "7"


def test_build_and_parse_round_trip_with_percent_encoded_lot():
    lot = "AB/12%&(x)"
    uri = dl.build(
        "9506000134352", lot=lot, serial="S:1", dates={"17": datetime.date(2027, 5, 31)}, base="https://h.vn"
    )
    assert uri == "https://h.vn/01/09506000134352/10/AB%2F12%25%26%28x%29/21/S%3A1?17=270531"
    parsed = dl.parse(uri)
    assert (parsed.gtin, parsed.lot, parsed.serial) == ("09506000134352", lot, "S:1")
    assert parsed.dates == {"17": datetime.date(2027, 5, 31)}
    assert (
        dl.build(parsed.gtin, lot=parsed.lot, serial=parsed.serial, dates=parsed.dates, base="https://h.vn")
        == uri
    )


def test_decoded_path_with_slash_in_lot_still_parses():
    parsed = dl.parse_path("/01/09506000134352/10/AB/12/21/X", raw=False)
    assert (parsed.lot, parsed.serial) == ("AB/12", "X")


def test_cpv_lot_serial_order_is_kept():
    parsed = dl.parse("https://x.vn/01/09506000134352/22/V1/10/L1/21/S1")
    assert (parsed.cpv, parsed.lot, parsed.serial) == ("V1", "L1", "S1")


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/01/09506000134352/21/S1/10/L1", "qualifier_order"),
        ("/01/09506000134352/10/L1/22/V", "qualifier_order"),
        ("/01/09506000134352/10/L1/10/L2", "qualifier_order"),
        ("/01/09506000134352/99/X", "unknown_qualifier"),
        ("/01/09506000134352/10", "malformed_path"),
        ("/01/09506000134353/10/L1", "invalid_gtin"),
        ("/01/950600013435/10/L1", "invalid_gtin"),
        ("/01/09506000134352/235/T/21/S", "qualifier_order"),
        ("/01/09506000134352/", "malformed_path"),
        ("/01/09506000134352/10/L%C3%B4", "bad_characters"),
        ("/01/09506000134352/10/A%20B", "bad_characters"),
        ("/01/09506000134352/10/" + "A" * 21, "too_long"),
    ],
)
def test_malformed_links_are_rejected_with_a_code(path, code):
    with pytest.raises(dl.DigitalLinkError) as info:
        dl.parse_path(path)
    assert info.value.code == code


def test_lot_of_exactly_20_characters_is_fine():
    assert dl.parse_path("/01/09506000134352/10/" + "A" * 20).lot == "A" * 20


@pytest.mark.parametrize("query", ["17=271332", "17=27013", "89=1", "999=1", "21=S1", "3103=12345"])
def test_bad_date_attributes_are_rejected(query):
    with pytest.raises(dl.DigitalLinkError):
        dl.parse_path("/01/09506000134352/10/L1", query)


def test_day_00_means_last_day_of_month():
    assert dl.parse_path("/01/09506000134352", "15=270200").dates["15"] == datetime.date(2027, 2, 28)


def test_platform_uri_for_products_without_gtin_is_not_gs1():
    uri = dl.platform_uri("https://h.vn", "mat-hoa-dua", "L/1", "S1")
    assert "/01/" not in uri
    assert uri == "https://h.vn/scan/p/mat-hoa-dua/L%2F1?serial=S1"
    assert dl.parse_platform_uri(uri, "https://h.vn") == ("mat-hoa-dua", "L/1", "S1")
    with pytest.raises(dl.DigitalLinkError):
        dl.parse(uri)
