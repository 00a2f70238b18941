"""EPC URIs by the syntax of GS1's Tag Data Standard (TDS 2.x): pure identities, classes and patterns.

`epc_error(value, kind)` answers None for a well-formed URI (or one outside the `urn:epc:` space, which
this module does not judge) and otherwise what is wrong, in one sentence. `kind` says which forms the
field allows: "instance" (epcList, childEPCs, parentID…: `urn:epc:id:`), "class" (a quantity's epcClass:
`urn:epc:class:` or `urn:epc:idpat:`), "any" (every other URI field).
"""

import re
from typing import Literal

Kind = Literal["instance", "class", "any"]

_DIGITS = re.compile(r"^\d+$")
# One character of a GS1 alphanumeric component as TDS writes it in a URI ("GS3A3"): the 82-character
# set, with " % & / < > ? percent-encoded.
_GS3A3 = re.compile(r"^(?:[!'()*+,\-.0-9:;=A-Z_a-z]|%(?:2[0-9A-Fa-f]|3[CEFcef]))+$")
# CPI part references: digits, capitals, '#' and '/' (percent-encoded) and '-'.
_CPI_PART = re.compile(r"^(?:[0-9A-Z\-]|%2[3Ff])+$")


def _length(component: str) -> int:
    """Characters a component stands for once its %XX escapes are decoded."""
    return len(re.sub(r"%[0-9A-Fa-f]{2}", "_", component))


def _digits(value: str, low: int = 1, high: int = 99) -> bool:
    return bool(_DIGITS.match(value)) and low <= len(value) <= high


def _company_prefix(value: str) -> bool:
    return _digits(value, 6, 12)


def _text(value: str, high: int) -> bool:
    return bool(_GS3A3.match(value)) and 1 <= _length(value) <= high


def _fixed(total: int) -> object:
    """CompanyPrefix.Reference, together `total` digits (sscc, gsrn, gsin, pgln)."""

    def check(parts: list[str]) -> bool:
        prefix, reference = parts
        return (
            _company_prefix(prefix)
            and (reference == "" or reference.isdigit())
            and (len(prefix) + len(reference) == total)
        )

    return check


def _gtin_plus(serial_max: int | None) -> object:
    """CompanyPrefix.ItemRefAndIndicator[.Serial]: 13 digits, then the serial (or lot) component."""

    def check(parts: list[str]) -> bool:
        prefix, item, *rest = parts
        ok = _company_prefix(prefix) and (item == "" or item.isdigit()) and len(prefix) + len(item) == 13
        if serial_max is not None:
            ok = ok and len(rest) == 1 and _text(rest[0], serial_max)
        return ok

    return check


def _gln_like(extension_max: int) -> object:
    """CompanyPrefix.Reference.Extension: 12 digits, then an alphanumeric extension (sgln, grai, gdti)."""

    def check(parts: list[str]) -> bool:
        prefix, reference, extension = parts
        return (
            _company_prefix(prefix)
            and (reference == "" or reference.isdigit())
            and len(prefix) + len(reference) == 12
            and _text(extension, extension_max)
        )

    return check


def _numeric_serial(reference_digits: int, serial_max: int) -> object:
    def check(parts: list[str]) -> bool:
        prefix, reference, serial = parts
        return (
            _company_prefix(prefix)
            and (reference == "" or reference.isdigit())
            and len(prefix) + len(reference) == reference_digits
            and _digits(serial, 1, serial_max)
        )

    return check


def _alnum_reference(total_max: int) -> object:
    def check(parts: list[str]) -> bool:
        prefix, reference = parts
        return _company_prefix(prefix) and _text(reference, total_max - len(prefix))

    return check


def _cpi(parts: list[str]) -> bool:
    prefix, part, serial = parts
    return (
        _company_prefix(prefix)
        and bool(_CPI_PART.match(part))
        and 1 <= len(prefix) + _length(part) <= 30
        and _digits(serial, 1, 12)
    )


def _itip(parts: list[str]) -> bool:
    prefix, item, piece, total, serial = parts
    return (
        _gtin_plus(None)([prefix, item])  # type: ignore[operator]
        and _digits(piece, 2, 2)
        and _digits(total, 2, 2)
        and _text(serial, 20)
    )


def _upui(parts: list[str]) -> bool:
    prefix, item, tpx = parts
    return _gtin_plus(None)([prefix, item]) and _text(tpx, 28)  # type: ignore[operator]


def _gid(parts: list[str]) -> bool:
    return all(_digits(part, 1, 12) for part in parts)


# scheme → (components, check, what a person should write)
_IDENTITIES: dict[str, tuple[int, object, str]] = {
    "sgtin": (
        3,
        _gtin_plus(20),
        "CompanyPrefix.ItemReference.Serial (13 digits, then a 1–20 character serial)",
    ),
    "sscc": (2, _fixed(17), "CompanyPrefix.SerialReference (17 digits)"),
    "sgln": (3, _gln_like(20), "CompanyPrefix.LocationReference.Extension (12 digits, then the extension)"),
    "grai": (3, _gln_like(16), "CompanyPrefix.AssetType.Serial (12 digits, then a 1–16 character serial)"),
    "giai": (2, _alnum_reference(30), "CompanyPrefix.IndividualAssetReference (at most 30 characters)"),
    "gsrn": (2, _fixed(17), "CompanyPrefix.ServiceReference (17 digits)"),
    "gsrnp": (2, _fixed(17), "CompanyPrefix.ServiceReference (17 digits)"),
    "gdti": (3, _gln_like(17), "CompanyPrefix.DocumentType.Serial (12 digits, then a 1–17 character serial)"),
    "cpi": (3, _cpi, "CompanyPrefix.ComponentPartReference.Serial"),
    "sgcn": (3, _numeric_serial(12, 12), "CompanyPrefix.CouponReference.Serial (12 digits, then digits)"),
    "ginc": (2, _alnum_reference(30), "CompanyPrefix.ConsignmentReference (at most 30 characters)"),
    "gsin": (2, _fixed(16), "CompanyPrefix.ShipperReference (16 digits)"),
    "itip": (5, _itip, "CompanyPrefix.ItemReference.Piece.Total.Serial"),
    "upui": (3, _upui, "CompanyPrefix.ItemReference.TPX (13 digits, then at most 28 characters)"),
    "pgln": (2, _fixed(12), "CompanyPrefix.PartyReference (12 digits)"),
    "gid": (3, _gid, "ManagerNumber.ObjectClass.Serial (decimal numbers)"),
}
_CLASSES: dict[str, tuple[int, object, str]] = {
    "lgtin": (3, _gtin_plus(20), "CompanyPrefix.ItemReference.Lot (13 digits, then a 1–20 character lot)"),
}
_OTHER_ID_SCHEMES = frozenset(("usdod", "adi", "bic", "imovn"))  # not GS1 keys: their own syntaxes


def _check(parts: list[str], spec: tuple[int, object, str]) -> bool:
    count, check, _hint = spec
    return len(parts) == count and bool(check(parts))  # type: ignore[operator]


# Digits that the company prefix and the next component make together, where TDS fixes them.
_PREFIX_TOTALS = {
    "sgtin": 13, "itip": 13, "upui": 13, "sscc": 17, "gsrn": 17, "gsrnp": 17, "gsin": 16,
    "sgln": 12, "grai": 12, "gdti": 12, "sgcn": 12, "pgln": 12,
}  # fmt: skip


def _pattern_ok(scheme: str, parts: list[str], spec: tuple[int, object, str]) -> bool:
    """An idpat: trailing components may be '*' (once one is, the rest are too)."""
    if len(parts) != spec[0]:
        return False
    stars = [part == "*" for part in parts]
    if True not in stars:
        return _check(parts, spec)
    first = stars.index(True)
    given = parts[:first]
    if not all(stars[first:]) or (given and not _company_prefix(given[0])):
        return False
    if len(given) >= 2:
        if not given[1].isdigit() and scheme in _PREFIX_TOTALS:
            return False
        if scheme in _PREFIX_TOTALS and len(given[0]) + len(given[1]) != _PREFIX_TOTALS[scheme]:
            return False
    return all(_GS3A3.match(part) for part in given[1:])


def epc_error(value: str, kind: Kind = "any") -> str | None:
    """What is wrong with an EPC URI by TDS syntax, or None (also for URIs outside `urn:epc:`)."""
    if not value.startswith("urn:epc:"):
        return None
    head, _, body = value.partition(":")[2].partition(":")[2].partition(":")  # "id", "sgtin:…"
    scheme, _, rest = body.partition(":")
    parts = rest.split(".") if rest else []
    if head == "id":
        if kind == "class":
            return "an epcClass is a class (urn:epc:class:…) or a pattern (urn:epc:idpat:…), not an instance"
        if scheme in _OTHER_ID_SCHEMES:
            return None if rest else f"urn:epc:id:{scheme} needs its value"
        spec = _IDENTITIES.get(scheme)
        if spec is None:
            return f"unknown EPC scheme urn:epc:id:{scheme}"
        return None if _check(parts, spec) else f"urn:epc:id:{scheme} is written {spec[2]}"
    if head in ("class", "idpat"):
        if kind == "instance":
            return "this list names instances (urn:epc:id:…), not classes or patterns"
        table = _CLASSES if head == "class" else _IDENTITIES
        spec = table.get(scheme)
        if spec is None:
            return f"unknown EPC scheme urn:epc:{head}:{scheme}"
        if head == "class":
            return None if _check(parts, spec) else f"urn:epc:class:{scheme} is written {spec[2]}"
        return (
            None
            if _pattern_ok(scheme, parts, spec)
            else f"urn:epc:idpat:{scheme} is written {spec[2]}, '*' ending it"
        )
    if head in ("raw", "tag", "pat"):
        return f"urn:epc:{head}: is a tag encoding; EPCIS uses the pure identity (urn:epc:id:…)"
    return f"unknown EPC URI form urn:epc:{head}"
