"""VietQR's rejection matrix and boundaries: each `InvalidPayload` branch reached by one tampered payload
whose CRC is recomputed (so only the rule under test can refuse it), asserting the message; the smallest and
largest accepted values beside the first refused ones. Written out here, never taken from the code."""

import re

import pytest

from hangviet.core import vietqr
from hangviet.core.vietqr import InvalidPayload, parse_payload


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc(data: str) -> str:
    """CRC-16/CCITT-FALSE written out independently of the module (check value of "123456789": 29B1)."""
    value = 0xFFFF
    for byte in data.encode("ascii"):
        value ^= byte << 8
        for _ in range(8):
            value = ((value << 1) ^ 0x1021) & 0xFFFF if value & 0x8000 else (value << 1) & 0xFFFF
    return f"{value:04X}"


def seal(body: str) -> str:
    return body + "6304" + crc(body + "6304")


def payload(
    *,
    fmt="01",
    init="12",
    guid="A000000727",
    bin_="970436",
    account="0011001234567",
    service="QRIBFTTA",
    currency="704",
    amount="50000",
    country="VN",
    extra="",
    beneficiary=None,
    merchant=None,
) -> str:
    beneficiary = tlv("00", bin_) + tlv("01", account) if beneficiary is None else beneficiary
    merchant = tlv("00", guid) + tlv("01", beneficiary) + tlv("02", service) if merchant is None else merchant
    body = tlv("00", fmt) + tlv("01", init) + tlv("38", merchant) + tlv("53", currency)
    if amount is not None:
        body += tlv("54", amount)
    body += (tlv("58", country) if country is not None else "") + extra
    return seal(body)


def test_the_crc_is_ccitt_false():
    assert crc("123456789") == "29B1"
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1
    assert vietqr.crc16_ccitt_false(b"") == 0xFFFF


def test_the_untampered_payload_parses():
    qr = parse_payload(payload(extra=tlv("62", tlv("08", "HV7K2M9Q HangViet"))))
    assert (qr.bin, qr.account, qr.service, qr.amount, qr.is_dynamic) == (
        "970436",
        "0011001234567",
        "QRIBFTTA",
        50000,
        True,
    )
    assert (qr.note, qr.currency, qr.country, qr.bank_name) == (
        "HV7K2M9Q HangViet",
        "704",
        "VN",
        "Vietcombank",
    )


REJECTIONS = [
    (
        "non-ascii",
        payload()[:-8].replace("5802VN", "5802VÑ") + payload()[-8:],
        "payload: non-ASCII characters",
    ),
    ("too short for a trailer", "6304", "payload: must end with the CRC object 6304XXXX"),
    ("no 6304 trailer", payload()[:-8] + "6305" + "0000", "payload: must end with the CRC object 6304XXXX"),
    ("bad crc", payload()[:-4] + "0000", "payload: CRC 0000 does not match"),
    ("malformed id", seal("00020101X2"), "payload: malformed ID/length at position 6"),
    ("length overrun", seal("0002010199"), "payload: object 01 declares length 99 but only 8 remain"),
    ("63 twice", seal(payload()[:-8] + tlv("63", "ABCD")), "payload: the CRC object 63 must come last, once"),
    ("missing 58", payload(country=None), "payload: mandatory object(s) 58 missing"),
    ("format 02", payload(fmt="02"), "payload: format indicator 00 must be 01"),
    ("initiation 13", payload(init="13"), "payload: point of initiation 01 must be 11 or 12"),
    ("initiation 10", payload(init="10"), "payload: point of initiation 01 must be 11 or 12"),
    ("wrong guid", payload(guid="A000000728"), "38: GUID must be A000000727"),
    ("bin 5 digits", payload(bin_="97043"), "38.01.00: bank BIN must be 6 digits"),
    ("bin 7 digits", payload(bin_="9704360"), "38.01.00: bank BIN must be 6 digits"),
    ("bin letters", payload(bin_="97043A"), "38.01.00: bank BIN must be 6 digits"),
    ("account empty", payload(account=""), "38.01.01: account must be 1–19 characters"),
    ("account 20", payload(account="1" * 20), "38.01.01: account must be 1–19 characters"),
    ("bad nested length", payload(beneficiary="009"), "38.01: malformed ID/length at position 0"),
    ("service", payload(service="QRIBFTTX"), "38.02: service code must be QRIBFTTA or QRIBFTTC"),
    ("currency", payload(currency="840"), "53: currency must be 704 (VND)"),
    ("country", payload(country="LA"), "58: country code must be VN"),
    ("mcc 5 long", payload(extra=tlv("52", "59991")), "52: at most 4 characters"),
    ("mcc letters", payload(extra=tlv("52", "59A9")), "52: merchant category code must be 4 digits"),
    ("mcc 3 digits", payload(extra=tlv("52", "599")), "52: merchant category code must be 4 digits"),
    ("name 26", payload(extra=tlv("59", "N" * 26)), "59: at most 25 characters"),
    ("city 16", payload(extra=tlv("60", "C" * 16)), "60: at most 15 characters"),
    ("amount not digits", payload(amount="50.000"), "54: amount must be whole VND digits"),
    ("dynamic without amount", payload(amount=None), "54: a dynamic QR (01=12) needs an amount"),
]


@pytest.mark.parametrize(("case", "text", "message"), REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_each_rejection_branch_says_what_is_wrong(case, text, message):
    with pytest.raises(InvalidPayload, match="^" + re.escape(message)):
        parse_payload(text)


def test_a_missing_tag_list_names_each_missing_tag_in_order():
    body = tlv("00", "01") + tlv("01", "11")
    with pytest.raises(InvalidPayload, match=r"^payload: mandatory object\(s\) 38, 53, 58 missing"):
        parse_payload(seal(body))


ACCEPTED = [
    ("lower-case crc", lambda: payload()[:-4] + payload()[-4:].lower()),
    ("static without amount", lambda: payload(init="11", amount=None)),
    ("card service", lambda: payload(service="QRIBFTTC")),
    ("account of 1", lambda: payload(account="1")),
    ("account of 19", lambda: payload(account="1" * 19)),
    ("mcc of 4 digits", lambda: payload(extra=tlv("52", "5999"))),
    ("name of 25", lambda: payload(extra=tlv("59", "N" * 25))),
    ("city of 15", lambda: payload(extra=tlv("60", "C" * 15))),
    ("amount of 1", lambda: payload(amount="1")),
]


@pytest.mark.parametrize(("case", "make"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_the_edges_of_each_rule_are_accepted(case, make):
    parse_payload(make())


def test_a_static_code_has_no_amount_and_a_code_without_62_no_note():
    qr = parse_payload(payload(init="11", amount=None))
    assert (qr.is_dynamic, qr.amount, qr.note) == (False, None, "")


BUILDER_REFUSALS = [
    ({"bin": "97043", "account": "1"}, "bank BIN must be 6 digits"),
    ({"bin": "9704361", "account": "1"}, "bank BIN must be 6 digits"),
    ({"bin": "97043x", "account": "1"}, "bank BIN must be 6 digits"),
    ({"bin": "970436", "account": ""}, "account must be 1–19"),
    ({"bin": "970436", "account": "1" * 20}, "account must be 1–19"),
    ({"bin": "970436", "account": "12-34"}, "account must be 1–19"),
    ({"bin": "970436", "account": "１２"}, "account must be 1–19"),
    ({"bin": "970436", "account": "1", "amount": 0}, "amount must be positive"),
    ({"bin": "970436", "account": "1", "amount": -1}, "amount must be positive"),
]


@pytest.mark.parametrize(("kwargs", "message"), BUILDER_REFUSALS)
def test_the_builder_refuses(kwargs, message):
    with pytest.raises(ValueError, match="^" + message):  # the builder's own words, not the parser's
        vietqr.build_payload(**kwargs)


def test_the_builder_accepts_the_smallest_amount_and_the_longest_account():
    text = vietqr.build_payload(bin="970436", account="1" * 19, amount=1, note="HV7K2M9Q HangViet")
    assert text == payload(account="1" * 19, amount="1", extra=tlv("62", tlv("08", "HV7K2M9Q HangViet")))
    static = vietqr.build_payload(bin="970436", account="1")
    assert static == payload(account="1", init="11", amount=None)


def test_a_value_over_99_characters_is_refused_by_the_builder():
    assert vietqr._tlv("62", "x" * 99) == "6299" + "x" * 99
    with pytest.raises(ValueError, match="value of 62 longer than 99 characters"):
        vietqr._tlv("62", "x" * 100)


def test_a_note_that_folds_to_nothing_is_left_out():
    assert vietqr.build_payload(bin="970436", account="1", note="!!!") == payload(
        account="1", init="11", amount=None
    )


def test_ascii_note_folds_diacritics_and_cuts_at_25():
    assert vietqr.ascii_note("Đơn  hàng: Mật ong") == "Don hang Mat ong"
    assert vietqr.ascii_note("A" * 24 + " B") == "A" * 24
    assert vietqr.ascii_note("B" * 30) == "B" * 25


@pytest.mark.parametrize(
    ("bin_", "name"),
    [
        ("970415", "VietinBank"),
        ("970436", "Vietcombank"),
        ("970418", "BIDV"),
        ("970405", "Agribank"),
        ("970422", "MB"),
        ("970407", "Techcombank"),
        ("970416", "ACB"),
        ("970432", "VPBank"),
        ("970423", "TPBank"),
        ("970403", "Sacombank"),
        ("970499", "970499"),  # a BIN not in the list shows as itself
    ],
)
def test_bank_names_by_bin(bin_, name):
    assert parse_payload(payload(bin_=bin_)).bank_name == name


def test_a_parsed_code_cannot_be_changed():
    qr = parse_payload(payload())
    with pytest.raises(AttributeError):
        qr.amount = 1  # type: ignore[misc]
