"""Queries on administrative units: today's provinces and communes, and old addresses converted to them.

Names are matched folded (hangviet.core.text.fold: no tone marks, no case), with or without the kind
word ("Tỉnh Trà Vinh", "tra vinh", "TP. Trà Vinh"); codes are the official codes, leading zeros optional.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from hangviet.core.errors import DomainError, NotFound, ValidationFailed
from hangviet.core.models import Commune, LegacyDistrict, LegacyProvince, LegacyWard, Province
from hangviet.core.text import fold

MAX_QUERY_LENGTH = 100


class UnitNotFound(NotFound):
    """No administrative unit matches the code or name given."""

    code = "unit_not_found"


class AmbiguousUnit(DomainError):
    """Several units match (or an old ward was split): `candidates` lists them to choose from."""

    code = "ambiguous_unit"
    status = 409

    def __init__(self, message: str, *, field: str, candidates: Sequence[dict[str, str]]) -> None:
        super().__init__(message, field=field, candidates=list(candidates))
        self.candidates = list(candidates)


class _Unit(Protocol):
    code: str
    name: str
    kind: str
    name_folded: str


# Kind words as written before a name, folded; longest first so "thi xa" wins over "xa".
_KIND_WORDS = (
    "thanh pho",
    "thi tran",
    "dac khu",
    "thi xa",
    "phuong",
    "huyen",
    "tinh",
    "quan",
    "xa",
)
# Common abbreviations in addresses, folded and without dots.
_ABBREVIATIONS = {
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "p": "phuong",
    "q": "quan",
    "h": "huyen",
}
# Everyday names of provinces (province lookups only: "Phường Sài Gòn" is a commune's real name).
PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "thua thien hue": "hue",
}
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_GLUED_NUMBER = re.compile(r"^(p|q)(\d+)$")  # "p1" → "phuong 1", "q10" → "quan 10"


def name_key(text: str) -> str:
    """A name for matching: folded, punctuation as spaces, abbreviations expanded.

    "TP. Huế" → "thanh pho hue", "P.3" → "phuong 3".
    """
    folded = fold(text).replace("'", "").replace("’", "")
    words = _SEPARATORS.sub(" ", folded).split()
    if len(words) == 1 and (glued := _GLUED_NUMBER.match(words[0])):
        words = [_ABBREVIATIONS[glued.group(1)], str(int(glued.group(2)))]
    elif words and words[0] in _ABBREVIATIONS and len(words) > 1:
        words = [_ABBREVIATIONS[words[0]], *words[1:]]
    return " ".join(str(int(w)) if w.isdigit() else w for w in words)


def _split_kind(key: str) -> tuple[str, str]:
    """("thanh pho", "hue") from "thanh pho hue"; ("", "hue") when no kind word leads."""
    for word in _KIND_WORDS:
        if key.startswith(word + " "):
            return word, key[len(word) + 1 :]
    return "", key


def _matches(unit: _Unit, kind: str, core: str) -> bool:
    """Does the unit's name match the query (kind word, name)? No kind word in the query matches any kind."""
    unit_kind, unit_core = _split_kind(name_key(unit.name))
    return core == unit_core and (not kind or kind == unit_kind)


def _code(text: str, width: int) -> str | None:
    """The official code as stored ("86", "00004") when the text is a code, else None."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped.lstrip("0")) <= width:
        return stripped.zfill(width)[-width:]
    return None


def candidate(unit: Any) -> dict[str, str]:
    """A unit as offered to choose from: code, name, kind, and its province's name (old one for old units)."""
    out = {"code": unit.code, "name": unit.name, "kind": unit.kind}
    if isinstance(unit, LegacyWard | LegacyDistrict):
        out["province"] = unit.legacy_province.name
    elif isinstance(unit, Commune):
        out["province"] = unit.province.name
    return out


def _describe(units: Iterable[Any]) -> str:
    return "; ".join(
        f"{c['name']} ({_('mã')} {c['code']}{', ' + c['province'] if 'province' in c else ''})"
        for c in map(candidate, units)
    )


def _by_name[T: Model](queryset: QuerySet[T], text: str, aliases: dict[str, str]) -> list[T]:
    kind, core = _split_kind(name_key(text))
    core = aliases.get(core, core)
    if not core:
        return []
    # A cheap filter on the longest word narrows the rows compared in Python; names with an apostrophe
    # ("Đạ M'ri") escape it, so an empty result is checked once more without it.
    longest = max(core.split(), key=len)
    if longest.isalpha():
        found = [u for u in queryset.filter(name_folded__contains=longest) if _matches(u, kind, core)]  # type: ignore[arg-type]
        if found:
            return found
    return [u for u in queryset if _matches(u, kind, core)]  # type: ignore[arg-type]


def _pick[T: Model](
    queryset: QuerySet[T],
    text: str,
    *,
    width: int,
    field: str,
    what: str,
    scope: str = "",
    aliases: dict[str, str] | None = None,
) -> T:
    """The one unit of `queryset` whose code or name is `text`; UnitNotFound / AmbiguousUnit otherwise."""
    code = _code(text, width)
    found = list(queryset.filter(pk=code)) if code is not None else _by_name(queryset, text, aliases or {})
    if not found:
        where = _(" trong %(scope)s") % {"scope": scope} if scope else ""
        raise UnitNotFound(
            _("Không tìm thấy %(what)s “%(text)s”%(where)s.") % {"what": what, "text": text, "where": where},
            field=field,
        )
    if len(found) > 1:
        raise AmbiguousUnit(
            _("Có nhiều %(what)s khớp với “%(text)s”: %(list)s. Hãy ghi rõ hơn hoặc dùng mã.")
            % {"what": what, "text": text, "list": _describe(found)},
            field=field,
            candidates=[candidate(u) for u in found],
        )
    return found[0]


def _sort_key(unit: _Unit) -> str:
    return _split_kind(name_key(unit.name))[1]


# --- Current units --------------------------------------------------------------------------------


def provinces() -> list[Province]:
    """All current provincial units, by name without the kind word (An Giang, Bắc Ninh, Cà Mau, …)."""
    return sorted(Province.objects.all(), key=_sort_key)


def communes_of(province: Province | str) -> QuerySet[Commune]:
    """The communes of a province (a Province or its code), phường/xã/đặc khu by name."""
    code = province.pk if isinstance(province, Province) else province
    return Commune.objects.filter(province_id=code).order_by("name_folded", "name")


def province_by_code(code: str) -> Province:
    """The current province with this official code ("86", "1" = "01"); UnitNotFound otherwise."""
    normalized = _code(code, 2)
    found = Province.objects.filter(pk=normalized).first() if normalized else None
    if found is None:
        raise UnitNotFound(_("Không có tỉnh/thành phố mã “%(code)s”.") % {"code": code}, field="code")
    return found


def find_province(text: str) -> Province:
    """The current province whose code or name (any tone marks, kind word optional) is `text`."""
    return _pick(
        Province.objects.all(),
        text,
        width=2,
        field="province",
        what=_("tỉnh/thành phố"),
        aliases=PROVINCE_ALIASES,
    )


def find_commune(text: str, *, province: Province | None = None) -> Commune:
    """The current commune whose code or name is `text`, within `province` when given."""
    queryset = Commune.objects.select_related("province")
    if province is not None:
        queryset = queryset.filter(province=province)
    return _pick(
        queryset,
        text,
        width=5,
        field="commune",
        what=_("xã/phường"),
        scope=province.name if province is not None else "",
    )


# --- Old addresses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyConversion:
    """An old address read and converted: today's province, and commune when an old ward was given."""

    province: Province
    commune: Commune | None
    legacy_province: LegacyProvince | None
    legacy_district: LegacyDistrict | None
    legacy_ward: LegacyWard | None


def _clean(value: str | None, field: str, errors: list[dict[str, str]]) -> str:
    text = (value or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        errors.append(
            {
                "field": field,
                "code": "too_long",
                "message": _("Tối đa %(n)d ký tự.") % {"n": MAX_QUERY_LENGTH},
            }
        )
    return text


def convert_legacy_address(
    *, province: str | None = None, district: str | None = None, ward: str | None = None
) -> LegacyConversion:
    """Convert an old (pre-July-2025) province / district / ward, given as codes or names, to today's units.

    Raises ValidationFailed when nothing usable is given, UnitNotFound when a part matches no old unit (in
    the scope of the parts above it), AmbiguousUnit with candidates when a name matches several old units or
    the old ward was split between several communes (or is missing from the official table).
    """
    errors: list[dict[str, str]] = []
    province_text = _clean(province, "province", errors)
    district_text = _clean(district, "district", errors)
    ward_text = _clean(ward, "ward", errors)
    if not errors and not (province_text or district_text or ward_text):
        errors.append(
            {
                "field": "province",
                "code": "required",
                "message": _("Nhập ít nhất tỉnh, huyện hoặc xã cũ (tên hoặc mã)."),
            }
        )
    if errors:
        raise ValidationFailed(errors)

    old_province = old_district = old_ward = None
    if province_text:
        old_province = _pick(
            LegacyProvince.objects.select_related("province"),
            province_text,
            width=2,
            field="province",
            what=_("tỉnh/thành phố cũ"),
            aliases=PROVINCE_ALIASES,
        )
    if district_text:
        districts = LegacyDistrict.objects.select_related("province", "legacy_province")
        if old_province is not None:
            districts = districts.filter(legacy_province=old_province)
        old_district = _pick(
            districts,
            district_text,
            width=3,
            field="district",
            what=_("quận/huyện cũ"),
            scope=old_province.name if old_province else "",
        )
    if ward_text:
        wards = LegacyWard.objects.select_related("commune__province", "district", "legacy_province")
        scope = ""
        if old_district is not None:
            wards, scope = wards.filter(district=old_district), old_district.name
        elif old_province is not None:
            wards, scope = wards.filter(legacy_province=old_province), old_province.name
        old_ward = _pick(wards, ward_text, width=5, field="ward", what=_("xã/phường cũ"), scope=scope)
        return _ward_conversion(old_ward)

    if old_district is not None:
        return LegacyConversion(old_district.province, None, old_district.legacy_province, old_district, None)
    assert old_province is not None  # one of the three was given and resolved above
    return LegacyConversion(old_province.province, None, old_province, None, None)


def _ward_conversion(old_ward: LegacyWard) -> LegacyConversion:
    district = old_ward.district
    if old_ward.commune is not None:
        commune = old_ward.commune
        return LegacyConversion(commune.province, commune, old_ward.legacy_province, district, old_ward)
    successors = list(old_ward.communes.select_related("province").order_by("name_folded"))
    if successors:
        message = _(
            "%(ward)s (%(district)s) đã được chia cho nhiều xã/phường mới: %(list)s. "
            "Hãy chọn theo địa chỉ cụ thể (thôn, ấp, đường)."
        )
    else:
        # The official table omits a few wards: offer the communes its district's wards went to.
        successors = list(
            Commune.objects.filter(legacy_wards__district=district)
            .select_related("province")
            .distinct()
            .order_by("name_folded")
        )
        message = _(
            "Bảng chuyển đổi chính thức không ghi %(ward)s (%(district)s). Xã/phường mới có thể là một "
            "trong: %(list)s."
        )
    raise AmbiguousUnit(
        message % {"ward": old_ward.name, "district": district.name, "list": _describe(successors)},
        field="ward",
        candidates=[candidate(c) for c in successors],
    )


def legacy_provinces() -> list[LegacyProvince]:
    """The 63 old provinces by name without the kind word (for suggestions on the conversion page)."""
    return sorted(LegacyProvince.objects.all(), key=_sort_key)
