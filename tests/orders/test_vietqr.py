import pytest

from hangviet.core import vietqr

DYNAMIC = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)
STATIC = "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4"


def test_crc_check_value():
    assert f"{vietqr.crc16_ccitt_false(b'123456789'):04X}" == "29B1"


def test_dynamic_vector_is_built_exactly():
    payload = vietqr.build_payload(bin="970415", account="0011001932418", amount=120000, note="ung ho lu lut")
    assert payload == DYNAMIC


def test_static_vector_is_built_exactly():
    assert vietqr.build_payload(bin="970423", account="0099999999") == STATIC


@pytest.mark.parametrize("payload", [DYNAMIC, STATIC])
def test_vectors_round_trip(payload):
    parsed = vietqr.parse_payload(payload)
    rebuilt = vietqr.build_payload(
        bin=parsed.bin, account=parsed.account, amount=parsed.amount, note=parsed.note, service=parsed.service
    )
    assert rebuilt == payload


def test_parse_reads_every_field():
    parsed = vietqr.parse_payload(DYNAMIC)
    assert (parsed.bin, parsed.account, parsed.amount, parsed.note) == (
        "970415",
        "0011001932418",
        120000,
        "ung ho lu lut",
    )
    assert parsed.is_dynamic and parsed.bank_name == "VietinBank"
    static = vietqr.parse_payload(STATIC)
    assert not static.is_dynamic and static.amount is None and static.bin == "970423"


def test_corrupted_crc_is_rejected():
    with pytest.raises(vietqr.InvalidPayload, match="CRC"):
        vietqr.parse_payload(DYNAMIC[:-1] + "D")


def test_changed_amount_breaks_the_crc():
    with pytest.raises(vietqr.InvalidPayload, match="CRC"):
        vietqr.parse_payload(DYNAMIC.replace("5406120000", "5406920000"))


def _with_crc(body: str) -> str:
    body += "6304"
    return body + f"{vietqr.crc16_ccitt_false(body.encode()):04X}"


def test_wrong_length_is_rejected_even_with_a_valid_crc():
    # account object declares 14 characters but the beneficiary holds 13: nesting no longer adds up
    broken = _with_crc(DYNAMIC[:-8].replace("011300110019324180208", "011400110019324180208"))
    with pytest.raises(vietqr.InvalidPayload):
        vietqr.parse_payload(broken)


def test_length_overrunning_the_payload_is_rejected():
    with pytest.raises(vietqr.InvalidPayload, match="length"):
        vietqr.parse_payload(_with_crc("000201010212389900"))


def test_dynamic_without_amount_is_rejected():
    body = STATIC[:-8].replace("010211", "010212")
    with pytest.raises(vietqr.InvalidPayload, match="amount"):
        vietqr.parse_payload(_with_crc(body))


def test_note_is_ascii_without_diacritics_and_at_most_25():
    payload = vietqr.build_payload(
        bin="970436", account="123", amount=5, note="Đơn HV7K3M9P thanh toán tiền hàng"
    )
    note = vietqr.parse_payload(payload).note
    assert note.isascii() and len(note) <= 25 and note.startswith("Don HV7K3M9P thanh toan")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bin": "97041", "account": "1"}, "BIN"),
        ({"bin": "970415", "account": "12345678901234567890"}, "account"),
        ({"bin": "970415", "account": "1", "amount": 0}, "amount"),
    ],
)
def test_builder_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        vietqr.build_payload(**kwargs)


def test_qr_image_renders_as_svg_and_png():
    assert vietqr.qr_svg(DYNAMIC).startswith("<svg")
    assert vietqr.qr_png(DYNAMIC).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_parse_endpoint(client):
    ok = client.post("/api/v1/vietqr/parse", {"payload": DYNAMIC}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["amount_vnd"] == 120000
    bad = client.post(
        "/api/v1/vietqr/parse", {"payload": DYNAMIC[:-1] + "0"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.payload"


# --- mandatory tags (NAPAS VietQR, docs/vietqr.md; issue 12, point 12) -------------------------------

WITHOUT_COUNTRY = _with_crc(DYNAMIC[:-8].replace("5802VN", ""))


@pytest.mark.parametrize(
    ("drop", "tag"),
    [("5802VN", "58"), ("5303704", "53"), ("010212", "01"), ("000201", "00")],
)
def test_a_payload_missing_a_mandatory_tag_is_refused(drop, tag):
    body = DYNAMIC[:-8].replace(drop, "")
    with pytest.raises(vietqr.InvalidPayload, match=f"mandatory object\\(s\\) {tag} missing"):
        vietqr.parse_payload(_with_crc(body))


def test_a_country_other_than_vn_is_refused():
    with pytest.raises(vietqr.InvalidPayload, match="58: country code must be VN"):
        vietqr.parse_payload(_with_crc(DYNAMIC[:-8].replace("5802VN", "5802TH")))


def test_merchant_category_name_and_city_are_optional_for_a_transfer_but_checked_when_present():
    with_merchant = DYNAMIC[:-8].replace("5802VN", "5802VN5915CONG TY HANG VI6008VINHLONG")
    assert vietqr.parse_payload(_with_crc(with_merchant.replace("5303704", "520400005303704"))).amount
    with pytest.raises(vietqr.InvalidPayload, match="52: merchant category code must be 4 digits"):
        vietqr.parse_payload(_with_crc(with_merchant.replace("5303704", "5204AB125303704")))
    too_long_city = DYNAMIC[:-8].replace("5802VN", "5802VN6016VINH LONG PROVIN")
    with pytest.raises(vietqr.InvalidPayload, match="60: at most 15"):
        vietqr.parse_payload(_with_crc(too_long_city))


@pytest.mark.parametrize("amount", [None, 1, 120000, 10**12])
def test_every_generated_payload_carries_every_mandatory_tag(amount):
    payload = vietqr.build_payload(bin="970436", account="0011001932418", amount=amount, note="DH-1")
    tags = [tag for tag, _ in vietqr.split_tlv(payload)]
    assert [t for t in ("00", "01", "38", "53", "58", "63") if t not in tags] == []
    assert tags[0] == "00" and tags[-1] == "63"


@pytest.mark.django_db
def test_parse_endpoint_refuses_a_payload_without_country_with_a_clear_problem(client):
    response = client.post(
        "/api/v1/vietqr/parse", {"payload": WITHOUT_COUNTRY}, content_type="application/json"
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "body.payload" and error["code"] == "invalid_vietqr"
    assert "58" in error["message"] and "missing" in error["message"]
