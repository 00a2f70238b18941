"""GS1 Digital Link URIs (standard 1.4): build `/01/{gtin14}[/10/{lot}][/21/{serial}][?17=YYMMDD]`, and
parse any primary key with its registered qualifiers and data attributes, as GS1's syntax dictionary
(trace/gs1_ai.py) defines them.

Products without a GTIN get the platform's own lot URI (`/scan/p/{product}/{lot}`), which claims
nothing about GS1. Path values are percent-encoded here (the `biip` package would not do it).
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urlencode, urlsplit

from stdnum import ean

from hangviet.trace import gs1_ai

DATE_AIS = {"11": "production", "13": "packing", "15": "best_before", "17": "expiry"}
SCAN_PREFIX = "/scan/p/"
GTIN_FORMS = (8, 12, 13, 14)  # GTIN-8/12/13/14: a Digital Link may carry any, read as 14 digits


class DigitalLinkError(ValueError):
    """A malformed Digital Link; `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def gtin_check_digit(body: str) -> str:
    return ean.calc_check_digit(body)


def is_valid_gtin(value: str) -> bool:
    return value.isdigit() and len(value) in GTIN_FORMS and ean.is_valid(value)


def normalize_gtin14(value: str) -> str:
    if not is_valid_gtin(value):
        raise DigitalLinkError(
            "invalid_gtin", "GTIN must be 8, 12, 13 or 14 digits with a correct check digit."
        )
    return value.zfill(14)


def check_ai_value(value: str, ai: str = "10") -> str:
    """`value` as AI `ai` accepts it (GS1's syntax dictionary: e.g. a lot is 1–20 characters of set 82)."""
    try:
        return gs1_ai.check_value(ai, value)
    except gs1_ai.AIError as exc:
        raise DigitalLinkError(exc.code, exc.message) from None


def reads_back_from_decoded_path(value: str, key: str = "01") -> bool:
    """Whether a value holding '/' reads back whole where the server decodes %2F (granian, see parse_path).

    No empty piece ('A//B', '/A', 'A/'), and no piece after a '/' that is a qualifier AI of the key:
    'A/21/B' would read as the lot A and the serial B.
    """
    qualifiers = {ai for sequence in gs1_ai.PRIMARY_KEYS[key] for ai in sequence}
    pieces = value.split("/")
    return all(pieces) and not any(piece in qualifiers for piece in pieces[1:])


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
            datetime.date(year, mm, 1)  # month 00 or 13 is no month (else 000000 read as 31 December)
            next_month = datetime.date(year + (mm == 12), mm % 12 + 1, 1)
            return next_month - datetime.timedelta(days=1)
        return datetime.date(year, mm, dd)
    except ValueError as exc:
        raise DigitalLinkError("bad_date", "Not a calendar date.") from exc


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: primary key, its qualifiers (path) and data attributes (query string)."""

    key: str  # the primary key's AI: "01" (GTIN), "00" (SSCC), "414" (GLN)…
    value: str  # the key's value; a GTIN as 14 digits
    qualifiers: tuple[tuple[str, str], ...] = ()  # (AI, value) in path order
    attributes: tuple[tuple[str, str], ...] = ()  # (AI, value) of the query string, in order
    query: tuple[tuple[str, str], ...] = ()  # other query parameters (linkType…), in order

    @property
    def gtin(self) -> str:
        return self.value if self.key == "01" else ""

    def qualifier(self, ai: str) -> str:
        return dict(self.qualifiers).get(ai, "")

    @property
    def cpv(self) -> str:
        return self.qualifier("22")

    @property
    def lot(self) -> str:
        return self.qualifier("10")

    @property
    def serial(self) -> str:
        return self.qualifier("21")

    @property
    def dates(self) -> dict[str, datetime.date]:
        """The date attributes: AI → date ("17": expiry)."""
        return {ai: parse_yymmdd(value) for ai, value in self.attributes if ai in DATE_AIS}

    @property
    def path(self) -> str:
        """The canonical path: every value percent-encoded (all but GS1's unreserved characters)."""
        pairs = [(self.key, self.value), *self.qualifiers]
        return "".join(f"/{ai}/{quote(value, safe='')}" for ai, value in pairs)

    def uri(self, base: str, *, with_dates: bool = True) -> str:
        params = list(self.attributes) if with_dates else []
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
    qualifiers = tuple(
        (ai, check_ai_value(value, ai)) for ai, value in (("22", cpv), ("10", lot), ("21", serial)) if value
    )
    attributes = []
    for ai, day in sorted((dates or {}).items()):
        if ai not in DATE_AIS:
            raise DigitalLinkError("unknown_ai", f"AI {ai} is not a date attribute.")
        attributes.append((ai, yymmdd(day)))
    link = DigitalLink(
        key="01", value=normalize_gtin14(gtin), qualifiers=qualifiers, attributes=tuple(attributes)
    )
    return link.uri(base)


def _check_key_value(ai: str, value: str) -> str:
    if ai == "01" and value.isdigit() and len(value) in GTIN_FORMS:
        value = value.zfill(14)  # GTIN-8/12/13 → GTIN-14, as GS1's toolkits read them
    try:
        return gs1_ai.check_value(ai, value)
    except gs1_ai.AIError as exc:
        code = "invalid_gtin" if ai == "01" else exc.code
        raise DigitalLinkError(code, exc.message) from None


def _check_sequence(key: str, ais: list[str]) -> None:
    """The path's qualifiers: a subsequence, in order, of one of the key's registered sequences."""
    sequences = gs1_ai.PRIMARY_KEYS[key]
    for sequence in sequences:
        position = 0
        for ai in ais:
            if ai not in sequence[position:]:
                break
            position = sequence.index(ai, position) + 1
        else:
            return
    known = {ai for sequence in sequences for ai in sequence}
    unknown = [ai for ai in ais if ai not in known]
    allowed = " | ".join(" → ".join(sequence) for sequence in sequences if sequence) or "none"
    if unknown:
        raise DigitalLinkError(
            "unknown_qualifier", f"{unknown[0]} is not a qualifier of AI {key} (qualifiers: {allowed})."
        )
    raise DigitalLinkError(
        "qualifier_order", f"The qualifiers of AI {key} come once each, in the order {allowed}."
    )


def _decoded_pairs(key: str, segments: list[str]) -> list[tuple[str, str]] | None:
    """(AI, value) pairs of a path whose %2F were already decoded (a server that gives no raw path).

    Every '/' separates, when that reads as key/value pairs of the key's qualifiers; only when it
    does not, a piece that is not one of those qualifier AIs joins the value before it ('L/01').
    """
    qualifiers = {ai for sequence in gs1_ai.PRIMARY_KEYS[key] for ai in sequence}
    rest = segments[1:]
    if len(rest) % 2 == 0 and all(rest[i] in qualifiers for i in range(0, len(rest), 2)):
        return [(key, segments[0]), *((rest[i], rest[i + 1]) for i in range(0, len(rest), 2))]
    pairs = [(key, segments[0])]
    index = 1
    while index < len(segments):
        piece = segments[index]
        if piece in qualifiers:
            if index + 1 == len(segments):
                return None
            pairs.append((piece, segments[index + 1]))
            index += 2
        else:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + "/" + piece)
            index += 1
    return pairs


def _check_path(key: str, pairs: list[tuple[str, str]]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The key's value and its qualifiers, checked: their sequence, then each value."""
    _check_sequence(key, [ai for ai, _ in pairs[1:]])
    return _check_key_value(key, pairs[0][1]), tuple((ai, check_ai_value(v, ai)) for ai, v in pairs[1:])


def parse_path(path: str, query_string: str = "", *, raw: bool = True) -> DigitalLink:
    """Parse a Digital Link path (from its primary key: `/01/…`) and query string.

    `raw`: the path is still percent-encoded (every '/' separates); else it was decoded by the server.
    GS1's syntax dictionary decides: primary keys and their qualifier sequences, each value's format,
    which AIs may stand in the query string. Raises DigitalLinkError.
    """
    segments = path.split("/")[1:] if path.startswith("/") else []
    if len(segments) < 2 or segments[0] not in gs1_ai.PRIMARY_KEYS:
        raise DigitalLinkError("not_digital_link", "A Digital Link path starts with a GS1 primary key: /01/…")
    key = segments[0]
    if any(not piece for piece in segments):
        raise DigitalLinkError("malformed_path", "Empty path segment (a doubled or trailing '/').")
    split = [(segments[i], segments[i + 1]) for i in range(0, len(segments) - 1, 2)]
    if raw:
        if len(segments) % 2:
            raise DigitalLinkError("malformed_path", "The path is AI/value pairs.")
        value, qualifiers = _check_path(key, [(ai, unquote(v)) for ai, v in split])
    else:
        decoded = _decoded_pairs(key, segments[1:])
        if decoded is None:
            raise DigitalLinkError("malformed_path", "The path is AI/value pairs.")
        try:
            value, qualifiers = _check_path(key, decoded)
        except DigitalLinkError:
            if decoded != split and len(segments) % 2 == 0:
                _check_path(key, split)  # report what the raw path would: /01/…/89/X is an unknown AI
            raise
    seen = {ai: v for ai, v in [(key, value), *qualifiers]}
    attributes: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for part in query_string.split("&"):
        name, has_value, encoded = part.partition("=")
        if not part or not has_value:
            continue  # empty or a singleton without '=': ignored, as GS1's syntax engine does
        if not name.isdigit():
            others.append((unquote_plus(name), unquote_plus(encoded)))
            continue
        entry = gs1_ai.TABLE.get(name)
        if entry is None:
            raise DigitalLinkError("unknown_ai", f"{name} is not a GS1 Application Identifier.")
        if not entry.is_data_attribute:
            raise DigitalLinkError(
                "not_data_attribute", f"AI {name} ({entry.title}) may not stand in the query string."
            )
        attribute = _check_key_value(name, unquote_plus(encoded))
        if seen.setdefault(name, attribute) != attribute:
            raise DigitalLinkError("conflicting_ai", f"AI {name} is given twice with different values.")
        attributes.append((name, attribute))
    return DigitalLink(
        key=key, value=value, qualifiers=qualifiers, attributes=tuple(attributes), query=tuple(others)
    )


def parse(uri: str) -> DigitalLink:
    """Parse a whole Digital Link URI (any host, any path before the key: identity does not depend on it)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DigitalLinkError("not_digital_link", "A Digital Link is an http(s) URI.")
    segments = parts.path.split("/")
    # As GS1's syntax engine: walk back over AI/value pairs to the rightmost primary key.
    start = None
    for index in range(len(segments) - 2, 0, -2):
        if segments[index] not in gs1_ai.TABLE:
            break
        if segments[index] in gs1_ai.PRIMARY_KEYS:
            start = index
            break
    if start is None:
        raise DigitalLinkError("not_digital_link", "No GS1 primary key in the path.")
    return parse_path("/" + "/".join(segments[start:]), parts.query, raw=True)


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
