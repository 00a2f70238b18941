"""The signature of docs/network.md, checked against the Beckn specification's test vector."""

import base64

import pytest

from hangviet.network import signing

BODY = (
    b'{"context":{"domain":"nic2004:60212","country":"IND","city":"Kochi","action":"search",'
    b'"core_version":"0.9.1","bap_id":"bap.stayhalo.in","bap_uri":"https://8f9f-49-207-209-131.ngrok.io/protocol/",'
    b'"transaction_id":"e6d9f908-1d26-4ff3-a6d1-3af3d3721054","message_id":"a2fe6d52-9fe4-4d1a-9d0b-dccb8b48522d",'
    b'"timestamp":"2022-01-04T09:17:55.971Z","ttl":"P1M"},"message":{"intent":{"fulfillment":{"start":{"location":'
    b'{"gps":"10.108768, 76.347517"}},"end":{"location":{"gps":"10.102997, 76.353480"}}}}}}'
)
PRIVATE = "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ=="
PUBLIC = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk="
CREATED, EXPIRES = 1641287875, 1641291475
DIGEST = "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw=="
SIGNATURE = "cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ=="


def _key():
    return signing.private_key_from_seed(base64.b64decode(PRIVATE)[:32])


def _lookup(node_id, key_id):
    return signing.public_key_from_b64(PUBLIC) if (node_id, key_id) == ("bap.stayhalo.in", "k1") else None


def test_beckn_test_vector_digest_and_signature():
    assert signing.digest(BODY) == DIGEST
    assert signing.signing_string(BODY, CREATED, EXPIRES) == (
        f"(created): {CREATED}\n(expires): {EXPIRES}\ndigest: BLAKE-512={DIGEST}"
    )
    assert signing.sign(BODY, _key(), CREATED, EXPIRES) == SIGNATURE


def test_beckn_test_vector_header_verifies_within_its_validity():
    header = signing.header(
        BODY, node_id="bap.stayhalo.in", key_id="k1", private_key=_key(), created=CREATED, expires=EXPIRES
    )
    assert header == (
        'Signature keyId="bap.stayhalo.in|k1|ed25519",algorithm="ed25519",created="1641287875",'
        f'expires="1641291475",headers="(created) (expires) digest",signature="{SIGNATURE}"'
    )
    parsed = signing.verify(header, BODY, _lookup, now=CREATED + 10)
    assert (parsed.node_id, parsed.key_id) == ("bap.stayhalo.in", "k1")


def _header(**overrides):
    fields = {"created": CREATED, "expires": EXPIRES}
    fields.update(overrides)
    return signing.header(BODY, node_id="bap.stayhalo.in", key_id="k1", private_key=_key(), **fields)


@pytest.mark.parametrize(
    ("header", "body", "now", "code"),
    [
        (_header(), BODY.replace(b"Kochi", b"Kochy"), CREATED, "bad_signature"),
        (_header(), BODY, EXPIRES + 1, "expired"),
        (_header(), BODY, CREATED - 6, "created_in_future"),
        (_header().replace("bap.stayhalo.in|k1", "bap.stayhalo.in|k2"), BODY, CREATED, "unknown_key"),
        (_header().replace("|ed25519", "|rsa"), BODY, CREATED, "algorithm_mismatch"),
        (_header().replace('algorithm="ed25519"', 'algorithm="hmac"'), BODY, CREATED, "algorithm_mismatch"),
        (_header().replace("(created) (expires) digest", "digest"), BODY, CREATED, "bad_signature_header"),
        (_header().replace("Signature ", "Bearer "), BODY, CREATED, "bad_signature_header"),
        ("", BODY, CREATED, "missing_signature"),
        (_header().replace(SIGNATURE, "!!!"), BODY, CREATED, "bad_signature_header"),
        (_header(expires=CREATED - 1), BODY, CREATED - 2, "bad_signature_header"),
    ],
)
def test_what_does_not_verify(header, body, now, code):
    with pytest.raises(signing.SignatureError) as caught:
        signing.verify(header, body, _lookup, now=now)
    assert caught.value.code == code


def test_created_up_to_five_seconds_ahead_is_accepted():
    assert signing.verify(_header(), BODY, _lookup, now=CREATED - 5).created == CREATED


def test_another_key_does_not_verify():
    other = signing.private_key_from_seed(bytes(32))
    header = signing.header(
        BODY, node_id="bap.stayhalo.in", key_id="k1", private_key=other, created=CREATED, expires=EXPIRES
    )
    with pytest.raises(signing.SignatureError) as caught:
        signing.verify(header, BODY, _lookup, now=CREATED)
    assert caught.value.code == "bad_signature"


def test_fingerprint_is_sha256_of_the_raw_key_in_groups():
    assert signing.fingerprint(PUBLIC) == (
        "b98f:4a2c:3108:3bff:7253:fd82:1e36:ceba:1859:943a:c05f:96c2:3b2b:a4d4:e634:e290"
    )
