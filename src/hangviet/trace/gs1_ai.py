"""GS1 Application Identifiers as GS1's Barcode Syntax Dictionary defines them (data/…dictionary.txt).

The dictionary (Apache-2.0, GS1 AISBL; source and version in data/README.md) is parsed at import: each
AI's components (type, length, checks), whether it may be a Digital Link data attribute (flag `?`) and,
for a primary key, its ordered key-qualifier sequences (`dlpkey=22,10,21|235`). `check_value` applies an
AI's format and the dictionary's checks ("linters") the way GS1's syntax engine does; the few linters
that need a code list this project does not carry (ISO 3166, ISO 4217, package types…) check the form
only: `FORM_ONLY_LINTERS` lists them, and a test fails if the dictionary names a linter unknown here.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stdnum import iban

DICTIONARY = Path(__file__).parent / "data" / "gs1-syntax-dictionary.txt"

CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CSET64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CHARSETS = {
    "N": frozenset("0123456789"),
    "X": frozenset(CSET82),
    "Y": frozenset(CSET39),
    "Z": frozenset(CSET64 + "="),
}
KIND_NAMES = {"N": "digits", "X": "GS1 character set 82", "Y": "GS1 character set 39", "Z": "base64url"}


class AIError(ValueError):
    """A value that does not fit its AI; `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Component:
    kind: str  # N, X, Y or Z
    min_length: int
    max_length: int
    optional: bool
    linters: tuple[str, ...]


@dataclass(frozen=True)
class AIEntry:
    ai: str
    title: str
    fixed_length: bool  # flag "*": needs no FNC1 separator
    is_data_attribute: bool  # flag "?": may stand in a Digital Link query string
    components: tuple[Component, ...]
    qualifier_sequences: tuple[tuple[str, ...], ...] | None  # None: not a Digital Link primary key

    @property
    def max_length(self) -> int:
        return sum(c.max_length for c in self.components)


_COMPONENT = re.compile(r"^(\[?)([NXYZ])(\.\.)?(\d+)\]?((?:,[a-z0-9]+)*)$")


def _component(token: str) -> Component:
    match = _COMPONENT.match(token)
    if match is None:
        raise ValueError(f"GS1 syntax dictionary: cannot read component {token!r}")
    optional, kind, variable, length, linters = match.groups()
    size = int(length)
    return Component(
        kind=kind,
        min_length=1 if variable else size,
        max_length=size,
        optional=bool(optional),
        linters=tuple(name for name in linters.split(",") if name),
    )


def _ais(token: str) -> list[str]:
    if "-" not in token:
        return [token]
    first, last = token.split("-")
    return [str(n).zfill(len(first)) for n in range(int(first), int(last) + 1)]


def parse_dictionary(text: str) -> dict[str, AIEntry]:
    """Every AI of the dictionary text: {ai: entry}."""
    table: dict[str, AIEntry] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        body, _, title = line.partition("#")
        tokens = body.split()
        flags = ""
        if len(tokens) > 1 and set(tokens[1]) <= set("*?!\"$%&'()+,-./:;<=>@[\\]^_`{|}~"):
            flags = tokens[1]
            tokens = [tokens[0], *tokens[2:]]
        components: list[Component] = []
        sequences: list[tuple[str, ...]] | None = None
        for token in tokens[1:]:
            if token == "dlpkey":  # noqa: S105 (a dictionary attribute, not a password)
                sequences = [()]
            elif token.startswith("dlpkey="):
                sequences = [tuple(alt.split(",")) for alt in token[len("dlpkey=") :].split("|")]
            elif "=" in token:
                continue  # req= / ex= pairings: judged over all of a product's carriers, not one URI
            else:
                components.append(_component(token))
        for ai in _ais(tokens[0]):
            table[ai] = AIEntry(
                ai=ai,
                title=title.strip(),
                fixed_length="*" in flags,
                is_data_attribute="?" in flags,
                components=tuple(components),
                qualifier_sequences=tuple(sequences) if sequences is not None else None,
            )
    return table


# --- linters (GS1 Barcode Syntax Tests), one function each, raising AIError --------------------------


def _fail(code: str, message: str) -> None:
    raise AIError(code, message)


def _check_digit_ok(digits: str) -> bool:
    body, check = digits[:-1], digits[-1]
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == int(check)


def _csum(value: str) -> None:
    if not _check_digit_ok(value):
        _fail("check_digit", "The check digit is wrong.")


_PRIMES = [n for n in range(2, 600) if all(n % d for d in range(2, int(n**0.5) + 1))]


def _csumalpha(value: str) -> None:
    if len(value) < 2 or any(c not in CSET32 for c in value[-2:]):
        _fail("check_pair", "The check character pair is missing or not in GS1's set of 32.")
    data = value[:-2]
    total = sum(CSET82.index(c) * _PRIMES[len(data) - 1 - i] for i, c in enumerate(data)) % 1021
    if value[-2:] != CSET32[total >> 5] + CSET32[total & 31]:
        _fail("check_pair", "The check character pair is wrong.")


def _key(value: str, offset: int = 0) -> None:
    prefix = value[offset : offset + 4]
    if len(prefix) < 4 or not prefix.isdigit():
        _fail("company_prefix", "The key does not start with a GS1 Company Prefix (4 digits or more).")


def _date(value: str, *, century: bool, day_zero: bool) -> None:
    year = int(value[:4]) if century else 2000 + int(value[:2])
    rest = value[4:] if century else value[2:]
    month, day = int(rest[:2]), int(rest[2:4])
    if not 1 <= month <= 12:
        _fail("bad_date", "The month is not 01–12.")
    if day == 0 and day_zero:
        return
    last = (31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= last:
        _fail("bad_date", "Not a calendar date.")


def _range(low: int, high: int, what: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        if not low <= int(value) <= high:
            _fail("out_of_range", f"The {what} must be {low}–{high}.")

    return check


def _hhmi(value: str) -> None:
    _range(0, 23, "hour")(value[:2])
    _range(0, 59, "minute")(value[2:4])


def _choice(allowed: str, what: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        if value not in allowed.split():
            _fail("out_of_range", f"The {what} must be one of {allowed}.")

    return check


def _nonzero(value: str) -> None:
    if int(value) == 0:
        _fail("out_of_range", "The value must not be zero.")


def _nozeroprefix(value: str) -> None:
    if len(value) > 1 and value[0] == "0":
        _fail("zero_prefix", "The value must not start with 0.")


def _pieceoftotal(value: str) -> None:
    half = len(value) // 2
    piece, total = int(value[:half]), int(value[half:])
    if piece == 0 or total == 0 or piece > total:
        _fail("out_of_range", "The piece number must be 1 up to the total.")


def _posinseqslash(value: str) -> None:
    match = re.fullmatch(r"([1-9])/([1-9])", value)
    if match is None or int(match[1]) > int(match[2]):
        _fail("out_of_range", "A position in sequence is 'n/m' with 1 ≤ n ≤ m ≤ 9.")


def _pcenc(value: str) -> None:
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        _fail("bad_percent_encoding", "A '%' must be followed by two hexadecimal digits.")


def _hasnondigit(value: str) -> None:
    if value.isdigit():
        _fail("all_digits", "The value must contain a character other than a digit.")


def _iban(value: str) -> None:
    if not iban.is_valid(value):
        _fail("bad_iban", "Not a valid IBAN.")


def _form_only(value: str) -> None:
    """A check that needs a code list this project does not carry: the component's form is checked."""


LINTERS: dict[str, Callable[[str], None]] = {
    "csum": _csum,
    "csumalpha": _csumalpha,
    "key": _key,
    "keyoff1": lambda value: _key(value, 1),
    "yymmd0": lambda value: _date(value, century=False, day_zero=True),
    "yymmdd": lambda value: _date(value, century=False, day_zero=False),
    "yyyymmdd": lambda value: _date(value, century=True, day_zero=False),
    "hh": _range(0, 23, "hour"),
    "mi": _range(0, 59, "minute"),
    "ss": _range(0, 59, "second"),
    "hhmi": _hhmi,
    "nonzero": _nonzero,
    "zero": _choice("0", "digit"),
    "nozeroprefix": _nozeroprefix,
    "yesno": _choice("0 1", "flag"),
    "winding": _choice("0 1 9", "winding direction"),
    "iso5218": _choice("0 1 2 9", "sex code (ISO/IEC 5218)"),
    "hyphen": _choice("-", "sign"),
    "pieceoftotal": _pieceoftotal,
    "posinseqslash": _posinseqslash,
    "pcenc": _pcenc,
    "hasnondigit": _hasnondigit,
    "latitude": _range(0, 1_800_000_000, "latitude (+90°, in 10⁻⁷ degrees)"),
    "longitude": _range(0, 3_600_000_000, "longitude (+180°, in 10⁻⁷ degrees)"),
    "iban": _iban,
}
# Code-list checks (ISO 3166 countries, ISO 4217 currencies, UN/ECE package types, the importer index,
# coupon layouts, media types): the form is checked (type and length), the code itself is not.
FORM_ONLY_LINTERS = frozenset(
    {
        "iso3166",
        "iso3166999",
        "iso3166alpha2",
        "iso4217",
        "packagetype",
        "importeridx",
        "couponcode",
        "couponposoffer",
        "mediatype",
    }
)
for _name in FORM_ONLY_LINTERS:
    LINTERS.setdefault(_name, _form_only)


def check_value(ai: str, value: str) -> str:
    """`value` as AI `ai` accepts it (its components in order, each linted); raises AIError."""
    entry = TABLE.get(ai)
    if entry is None:
        raise AIError("unknown_ai", f"{ai} is not a GS1 Application Identifier.")
    if not value:
        raise AIError("empty_value", f"AI {ai} needs a value.")
    position = 0
    for component in entry.components:
        if position == len(value):
            if component.optional:
                break
            raise AIError("too_short", f"AI {ai} ({entry.title}) is too short.")
        part = value[position : position + component.max_length]
        if component.min_length == component.max_length and len(part) < component.max_length:
            raise AIError("too_short", f"AI {ai} ({entry.title}) is too short.")
        bad = sorted({ch for ch in part if ch not in CHARSETS[component.kind]})
        if bad:
            raise AIError(
                "bad_characters",
                f"AI {ai} ({entry.title}) takes {KIND_NAMES[component.kind]}, not {''.join(bad)!r}.",
            )
        for name in component.linters:
            try:
                LINTERS[name](part)
            except AIError as exc:
                raise AIError(exc.code, f"AI {ai} ({entry.title}): {exc.message}") from None
        position += len(part)
    if position < len(value):
        raise AIError("too_long", f"AI {ai} ({entry.title}) is at most {entry.max_length} characters.")
    return value


def primary_keys() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Digital Link primary keys and their qualifier sequences: {"01": (("22", "10", "21"), ("235",))}."""
    return {ai: e.qualifier_sequences for ai, e in TABLE.items() if e.qualifier_sequences is not None}


TABLE: dict[str, AIEntry] = parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))
PRIMARY_KEYS = primary_keys()
