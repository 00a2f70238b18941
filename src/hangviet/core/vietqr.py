"""VietQR (NAPAS 247, EMVCo merchant-presented QR): build and parse payloads, draw them with segno.

A payload is a run of TLV objects `ID(2) LEN(2) VALUE`; ID 38 nests the NAPAS account information, whose
`01` nests the beneficiary (bank BIN, account). The payload ends with `6304` + CRC-16/CCITT-FALSE
(poly 0x1021, init 0xFFFF, no reflection, no final xor) over everything before it, `6304` included.
See docs/vietqr.md: the format, and which tags are mandatory on whose word.
"""

import io
import re
import unicodedata
from dataclasses import dataclass

import segno

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_NOTE = 25
MAX_ACCOUNT = 19
# Mandatory in a NAPAS VietQR transfer (IBFT) code: format, initiation, NAPAS account information,
# currency, country, CRC. 52 (MCC), 59 (name) and 60 (city), mandatory in EMVCo's merchant-presented
# purchase codes, are optional for a transfer to an account or card (docs/vietqr.md says on whose word).
MANDATORY_TAGS = ("00", "01", "38", "53", "58", "63")
OPTIONAL_MERCHANT_TAGS = {"52": 4, "59": 25, "60": 15}  # tag → longest value when present

BANK_NAMES = {
    "970415": "VietinBank",
    "970436": "Vietcombank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970422": "MB",
    "970407": "Techcombank",
    "970416": "ACB",
    "970432": "VPBank",
    "970423": "TPBank",
    "970403": "Sacombank",
}

_NOTE_CHARS = re.compile(r"[^A-Za-z0-9 .\-]")


class InvalidPayload(ValueError):
    """A payload that is not a well-formed VietQR: the message says what is wrong and where."""


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"value of {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_note(text: str) -> str:
    """The transfer note as banks accept it: no diacritics (đ → d), plain characters, ≤ 25 long."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", _NOTE_CHARS.sub(" ", folded)).strip()[:MAX_NOTE].rstrip()


def build_payload(
    *, bin: str, account: str, amount: int | None = None, note: str = "", service: str = SERVICE_ACCOUNT
) -> str:
    """A VietQR payload: dynamic (point of initiation 12) when an amount is given, static (11) otherwise."""
    if not (len(bin) == 6 and bin.isdigit()):
        raise ValueError("bank BIN must be 6 digits")
    if not account or len(account) > MAX_ACCOUNT or not account.isascii() or not account.isalnum():
        raise ValueError("account must be 1–19 ASCII letters or digits")
    if amount is not None and amount <= 0:
        raise ValueError("amount must be positive")
    beneficiary = _tlv("00", bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    parts = [_tlv("00", "01"), _tlv("01", "12" if amount is not None else "11"), _tlv("38", merchant)]
    parts.append(_tlv("53", CURRENCY_VND))
    if amount is not None:
        parts.append(_tlv("54", str(int(amount))))
    parts.append(_tlv("58", COUNTRY_VN))
    if note:
        clean = ascii_note(note)
        if clean:
            parts.append(_tlv("62", _tlv("08", clean)))
    body = "".join(parts) + "6304"
    payload = body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"
    parse_payload(payload)  # the builder never hands out what the parser (and NAPAS) would refuse
    return payload


def split_tlv(data: str, where: str = "payload") -> list[tuple[str, str]]:
    """TLV objects of `data` in order; InvalidPayload if an ID or length is malformed or overruns."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(data):
        head = data[i : i + 4]
        if len(head) < 4 or not head.isdigit():
            raise InvalidPayload(f"{where}: malformed ID/length at position {i}")
        tag, length = head[:2], int(head[2:])
        value = data[i + 4 : i + 4 + length]
        if len(value) != length:
            raise InvalidPayload(
                f"{where}: object {tag} declares length {length} but only {len(value)} remain"
            )
        out.append((tag, value))
        i += 4 + length
    return out


@dataclass(frozen=True)
class VietQR:
    """A parsed VietQR payload."""

    bin: str
    account: str
    service: str
    is_dynamic: bool
    amount: int | None
    note: str
    currency: str
    country: str

    @property
    def bank_name(self) -> str:
        return BANK_NAMES.get(self.bin, self.bin)


def parse_payload(payload: str) -> VietQR:
    """Parse and validate a payload (CRC, lengths, nesting, required fields); InvalidPayload otherwise."""
    if not payload.isascii():
        raise InvalidPayload("payload: non-ASCII characters")
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise InvalidPayload("payload: must end with the CRC object 6304XXXX")
    expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise InvalidPayload(f"payload: CRC {payload[-4:]} does not match {expected}")
    objects = split_tlv(payload)
    if [tag for tag, _ in objects].count("63") != 1 or objects[-1][0] != "63":
        raise InvalidPayload("payload: the CRC object 63 must come last, once")
    fields = dict(objects)
    missing = [tag for tag in MANDATORY_TAGS if tag not in fields]
    if missing:
        raise InvalidPayload(
            f"payload: mandatory object(s) {', '.join(missing)} missing (NAPAS VietQR: "
            "00 format, 01 initiation, 38 account, 53 currency, 58 country, 63 CRC)"
        )
    if fields.get("00") != "01":
        raise InvalidPayload("payload: format indicator 00 must be 01")
    if fields.get("01") not in {"11", "12"}:
        raise InvalidPayload("payload: point of initiation 01 must be 11 or 12")
    merchant = dict(split_tlv(fields["38"], "38"))
    if merchant.get("00") != NAPAS_GUID:
        raise InvalidPayload(f"38: GUID must be {NAPAS_GUID}")
    beneficiary = dict(split_tlv(merchant.get("01", ""), "38.01"))
    bin_, account = beneficiary.get("00", ""), beneficiary.get("01", "")
    if not (len(bin_) == 6 and bin_.isdigit()):
        raise InvalidPayload("38.01.00: bank BIN must be 6 digits")
    if not account or len(account) > MAX_ACCOUNT:
        raise InvalidPayload("38.01.01: account must be 1–19 characters")
    service = merchant.get("02", "")
    if service not in {SERVICE_ACCOUNT, SERVICE_CARD}:
        raise InvalidPayload("38.02: service code must be QRIBFTTA or QRIBFTTC")
    if fields.get("53") != CURRENCY_VND:
        raise InvalidPayload("53: currency must be 704 (VND)")
    if fields["58"] != COUNTRY_VN:
        raise InvalidPayload("58: country code must be VN")
    for tag, longest in OPTIONAL_MERCHANT_TAGS.items():
        if tag in fields and len(fields[tag]) > longest:
            raise InvalidPayload(f"{tag}: at most {longest} characters")
    if "52" in fields and not (len(fields["52"]) == 4 and fields["52"].isdigit()):
        raise InvalidPayload("52: merchant category code must be 4 digits")
    amount = None
    if "54" in fields:
        if not fields["54"].isdigit():
            raise InvalidPayload("54: amount must be whole VND digits")
        amount = int(fields["54"])
    is_dynamic = fields["01"] == "12"
    if is_dynamic and amount is None:
        raise InvalidPayload("54: a dynamic QR (01=12) needs an amount")
    note = ""
    if "62" in fields:
        note = dict(split_tlv(fields["62"], "62")).get("08", "")
    return VietQR(
        bin=bin_,
        account=account,
        service=service,
        is_dynamic=is_dynamic,
        amount=amount,
        note=note,
        currency=fields["53"],
        country=fields["58"],
    )


def qr_svg(payload: str, *, scale: int = 4, title: str = "VietQR") -> str:
    """The payload as an inline <svg> (no XML declaration, no style attributes: CSP-safe)."""
    return str(
        segno.make(payload, error="m", micro=False).svg_inline(
            scale=scale, title=title, omitsize=False, border=4
        )
    )


def qr_svg_data_uri(payload: str, *, scale: int = 4, title: str = "VietQR") -> str:
    """The payload as a `data:image/svg+xml` URI for an <img>: a standalone SVG, with its namespace."""
    return str(segno.make(payload, error="m", micro=False).svg_data_uri(scale=scale, title=title, border=4))


def qr_png(payload: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
