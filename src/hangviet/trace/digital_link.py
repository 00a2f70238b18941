"""GS1 Digital Link URIs: build and parse `/01/{gtin14}[/22/…][/10/{lot}][/21/{serial}][?17=YYMMDD]`.

Products without a GTIN get the platform's own lot URI (`/scan/p/{product}/{lot}`), which claims
nothing about GS1. Path values are percent-encoded here (the `biip` package would not do it).
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from stdnum import ean

# GS1 AI encodable character set 82 (no space, no non-ASCII).
CSET82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
QUALIFIER_ORDER = ("22", "10", "21")
DATE_AIS = {"11": "production", "13": "packing", "15": "best_before", "17": "expiry"}
SCAN_PREFIX = "/scan/p/"


class DigitalLinkError(ValueError):
    """A malformed Digital Link; `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def gtin_check_digit(body: str) -> str:
    return ean.calc_check_digit(body)


def is_valid_gtin(value: str) -> bool:
    return value.isdigit() and len(value) in (8, 12, 13, 14) and ean.is_valid(value)


def normalize_gtin14(value: str) -> str:
    if not is_valid_gtin(value):
        raise DigitalLinkError(
            "invalid_gtin", "GTIN must be 8, 12, 13 or 14 digits with a correct check digit."
        )
    return value.zfill(14)


def check_ai_value(value: str, ai: str = "10") -> str:
    """A lot/serial/CPV value: 1–20 characters of GS1's 82-character set."""
    if not value:
        raise DigitalLinkError("empty_value", f"AI {ai} needs a value.")
    if len(value) > 20:
        raise DigitalLinkError("too_long", f"AI {ai} is at most 20 characters.")
    bad = sorted({ch for ch in value if ch not in CSET82})
    if bad:
        raise DigitalLinkError(
            "bad_characters", f"AI {ai} has characters outside GS1's set: {''.join(bad)!r}."
        )
    return value


def yymmdd(day: datetime.date) -> str:
    return day.strftime("%y%m%d")


def parse_yymmdd(value: str) -> datetime.date:
    """GS1 dates: YY in a sliding window around this year (−49…+50); DD 00 = the month's last day."""
    if not re.fullmatch(r"\d{6}", value):
        raise DigitalLinkError("bad_date", "Dates are YYMMDD.")
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    this_year = datetime.date.today().year
    century = this_year // 100 * 100
    year = century + yy
    if year - this_year > 50:
        year -= 100
    elif this_year - year > 49:
        year += 100
    try:
        if dd == 0:
            next_month = datetime.date(year + (mm == 12), mm % 12 + 1, 1)
            return next_month - datetime.timedelta(days=1)
        return datetime.date(year, mm, dd)
    except ValueError as exc:
        raise DigitalLinkError("bad_date", "Not a calendar date.") from exc


@dataclass(frozen=True)
class DigitalLink:
    gtin: str  # 14 digits
    cpv: str = ""
    lot: str = ""
    serial: str = ""
    dates: dict[str, datetime.date] = field(default_factory=dict)  # AI → date ("17": expiry)
    query: tuple[tuple[str, str], ...] = ()  # other query parameters, in order (linkType…)

    @property
    def path(self) -> str:
        parts = ["", "01", self.gtin]
        for ai, value in (("22", self.cpv), ("10", self.lot), ("21", self.serial)):
            if value:
                parts += [ai, quote(value, safe="")]
        return "/".join(parts)

    def uri(self, base: str, *, with_dates: bool = True) -> str:
        params = [(ai, yymmdd(day)) for ai, day in sorted(self.dates.items())] if with_dates else []
        return base.rstrip("/") + self.path + (f"?{urlencode(params)}" if params else "")

    def param(self, name: str) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return None


def build(
    gtin: str,
    *,
    lot: str = "",
    serial: str = "",
    cpv: str = "",
    dates: dict[str, datetime.date] | None = None,
    base: str = "https://id.gs1.org",
) -> str:
    """A Digital Link URI; raises DigitalLinkError on a bad GTIN or value."""
    link = DigitalLink(
        gtin=normalize_gtin14(gtin),
        cpv=check_ai_value(cpv, "22") if cpv else "",
        lot=check_ai_value(lot, "10") if lot else "",
        serial=check_ai_value(serial, "21") if serial else "",
        dates=dict(dates or {}),
    )
    for ai in link.dates:
        if ai not in DATE_AIS:
            raise DigitalLinkError("unknown_ai", f"AI {ai} is not a date attribute.")
    return link.uri(base)


def _split_path(segments: list[str], raw: bool) -> list[tuple[str, str]] | None:
    """Key/value pairs after the GTIN. With a decoded path a '/' inside a value splits it: try joins."""
    if raw:
        if len(segments) % 2:
            return None
        return [(segments[i], unquote(segments[i + 1])) for i in range(0, len(segments), 2)]

    def walk(rest: list[str], allowed: tuple[str, ...]) -> list[tuple[str, str]] | None:
        if not rest:
            return []
        key = rest[0]
        if key not in allowed:
            return None
        later = allowed[allowed.index(key) + 1 :]
        for end in range(2, len(rest) + 1):
            tail = walk(rest[end:], later)
            if tail is not None:
                return [(key, "/".join(rest[1:end])), *tail]
        return None

    if segments and segments[0] not in QUALIFIER_ORDER:
        return [(segments[0], "")]  # reported as an unknown qualifier below
    return walk(segments, QUALIFIER_ORDER)


def parse_path(path: str, query_string: str = "", *, raw: bool = True) -> DigitalLink:
    """Parse the path (from `/01/`) and query of a Digital Link. `raw`: the path is still percent-encoded."""
    if not path.startswith("/01/"):
        raise DigitalLinkError("not_digital_link", "A Digital Link path starts with /01/.")
    trimmed = path[len("/01/") :]
    if trimmed.endswith("/"):
        trimmed = trimmed[:-1]
    segments = trimmed.split("/")
    gtin = segments[0]
    if not is_valid_gtin(gtin):
        raise DigitalLinkError("invalid_gtin", "The GTIN is not 8–14 digits with a correct check digit.")
    if len(gtin) != 14:
        raise DigitalLinkError("gtin_not_14", "A Digital Link carries the GTIN as 14 digits.")
    pairs = _split_path(segments[1:], raw)
    if pairs is None:
        raise DigitalLinkError(
            "malformed_path", "Qualifiers come as key/value pairs in the order 22, 10, 21."
        )
    values: dict[str, str] = {}
    last = -1
    for key, value in pairs:
        if key not in QUALIFIER_ORDER:
            raise DigitalLinkError("unknown_qualifier", f"{key} is not a qualifier of GTIN (22, 10, 21).")
        position = QUALIFIER_ORDER.index(key)
        if position <= last:
            raise DigitalLinkError("qualifier_order", "Qualifiers must keep the order 22 → 10 → 21.")
        last = position
        values[key] = check_ai_value(value, key)
    dates: dict[str, datetime.date] = {}
    others: list[tuple[str, str]] = []
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key in DATE_AIS:
            dates[key] = parse_yymmdd(value)
        elif key.isdigit():
            raise DigitalLinkError("unknown_ai", f"AI {key} is not supported as a data attribute.")
        else:
            others.append((key, value))
    return DigitalLink(
        gtin=gtin,
        cpv=values.get("22", ""),
        lot=values.get("10", ""),
        serial=values.get("21", ""),
        dates=dates,
        query=tuple(others),
    )


def parse(uri: str) -> DigitalLink:
    """Parse a whole Digital Link URI (any host: the identity does not depend on it)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https"):
        raise DigitalLinkError("not_digital_link", "A Digital Link is an http(s) URI.")
    path = parts.path
    index = path.find("/01/")
    if index < 0:
        raise DigitalLinkError("not_digital_link", "A Digital Link path contains /01/.")
    return parse_path(path[index:], parts.query, raw=True)


def platform_uri(base: str, product_slug: str, lot: str = "", serial: str = "") -> str:
    """The platform's own identifier for a product without a GTIN (not a GS1 identifier)."""
    uri = f"{base.rstrip('/')}{SCAN_PREFIX}{product_slug}/"
    if lot:
        uri += quote(lot, safe="")
    if serial:
        uri += "?" + urlencode({"serial": serial})
    return uri


def parse_platform_uri(uri: str, base: str) -> tuple[str, str, str] | None:
    """(product slug, lot, serial) of one of this platform's own lot URIs, else None."""
    prefix = base.rstrip("/") + SCAN_PREFIX
    if not uri.startswith(prefix):
        return None
    parts = urlsplit(uri)
    rest = parts.path[len(SCAN_PREFIX) :]
    slug, _, lot = rest.partition("/")
    serial = dict(parse_qsl(parts.query)).get("serial", "")
    return slug, unquote(lot), serial
