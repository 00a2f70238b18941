"""The national marketplaces, each one a data file: `syndication/marketplaces/<code>.toml`.

A file names the marketplace and its web domains (a listing's URL must be on one of them) and, when
HàngViệt can fill its bulk-upload spreadsheet, an `[export]` table: the columns in order (header, the
product value it takes, whether the marketplace requires it, a length bound, a transform), the mapping
of our categories to the marketplace's, and where the template came from. Adding a marketplace is
adding a file; `load_marketplaces` checks every file when first read and refuses a malformed one.
"""

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).resolve().parent / "marketplaces"

# The product values a column may take (syndication.exports.product_values computes them).
SOURCES = frozenset(
    {
        "sku",
        "name",
        "description",
        "price_vnd",
        "stock",
        "gtin",
        "brand",
        "category",
        "weight_g",
        "net_quantity",
        "unit",
        "origin",
        "link",
        "ocop_stars",
        *(f"image_{n}" for n in range(1, 10)),
    }
)
# How a value is written: as is; grams as kilograms; whole number.
TRANSFORMS = frozenset({"none", "kg", "integer"})
FORMATS = frozenset({"xlsx", "csv"})


class MarketplaceFileError(ValueError):
    """A marketplace file that cannot be used (named, with the reason)."""


@dataclass(frozen=True)
class Column:
    header: str
    source: str = ""
    value: str = ""  # a constant, when the column has no source
    required: bool = False
    max_length: int | None = None
    cut: bool = False  # longer text is cut (a description), rather than refused (a name)
    transform: str = "none"


@dataclass(frozen=True)
class ExportMapping:
    columns: tuple[Column, ...]
    categories: dict[str, str]
    formats: tuple[str, ...]
    sheet: str
    template: str
    template_url: str
    checked_on: str
    note: str

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass(frozen=True)
class Marketplace:
    code: str
    name: str
    domains: tuple[str, ...]
    export: ExportMapping | None = field(default=None)

    def owns(self, host: str) -> bool:
        """Whether a URL host is one of the marketplace's (a sub-domain counts)."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise MarketplaceFileError(f"{where}: `{key}` must be a non-empty {kind.__name__}")
    return value


def _column(data: dict[str, Any], where: str) -> Column:
    unknown = set(data) - {"header", "source", "value", "required", "max_length", "cut", "transform"}
    if unknown:
        raise MarketplaceFileError(f"{where}: unknown keys {sorted(unknown)}")
    column = Column(
        header=_require(data, "header", str, where),
        source=str(data.get("source", "")),
        value=str(data.get("value", "")),
        required=bool(data.get("required", False)),
        max_length=data.get("max_length"),
        cut=bool(data.get("cut", False)),
        transform=str(data.get("transform", "none")),
    )
    if column.source and column.value:
        raise MarketplaceFileError(f"{where}: give `source` or `value`, not both")
    if column.source and column.source not in SOURCES:
        raise MarketplaceFileError(f"{where}: unknown source {column.source!r}")
    if column.transform not in TRANSFORMS:
        raise MarketplaceFileError(f"{where}: unknown transform {column.transform!r}")
    if column.max_length is not None and (not isinstance(column.max_length, int) or column.max_length < 1):
        raise MarketplaceFileError(f"{where}: `max_length` must be a positive whole number")
    return column


def parse_marketplace(code: str, data: dict[str, Any]) -> Marketplace:
    where = f"marketplaces/{code}.toml"
    name = _require(data, "name", str, where)
    domains = _require(data, "domains", list, where)
    if not domains or not all(isinstance(d, str) and "." in d for d in domains):
        raise MarketplaceFileError(f"{where}: `domains` must list host names")
    export = None
    if "export" in data:
        raw = _require(data, "export", dict, where)
        source = _require(raw, "source", dict, where + " [export]")
        columns = tuple(
            _column(c, f"{where} column {i + 1}") for i, c in enumerate(_require(raw, "columns", list, where))
        )
        headers = [c.header for c in columns]
        if len(set(headers)) != len(headers):
            raise MarketplaceFileError(f"{where}: two columns have the same header")
        formats = tuple(raw.get("formats", ["xlsx", "csv"]))
        if not formats or not set(formats) <= FORMATS:
            raise MarketplaceFileError(f"{where}: `formats` must be among {sorted(FORMATS)}")
        categories = raw.get("categories", {})
        if not isinstance(categories, dict) or not all(isinstance(v, str) for v in categories.values()):
            raise MarketplaceFileError(f"{where}: `categories` maps our category codes to text")
        export = ExportMapping(
            columns=columns,
            categories=dict(categories),
            formats=formats,
            sheet=str(raw.get("sheet", name))[:31],
            template=_require(source, "template", str, where + " [export.source]"),
            template_url=str(source.get("url", "")),
            checked_on=str(source.get("checked_on", "")),
            note=str(source.get("note", "")),
        )
    return Marketplace(code=code, name=name, domains=tuple(d.lower() for d in domains), export=export)


@functools.cache
def load_marketplaces(directory: Path = DIRECTORY) -> dict[str, Marketplace]:
    """Every marketplace file, by code (the file name), in name order."""
    found = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as exc:
                raise MarketplaceFileError(f"marketplaces/{path.name}: {exc}") from exc
        found[path.stem] = parse_marketplace(path.stem, data)
    return dict(sorted(found.items(), key=lambda item: item[1].name.casefold()))


def marketplace(code: str) -> Marketplace | None:
    return load_marketplaces().get(code)


def marketplace_choices() -> list[tuple[str, str]]:
    return [(code, m.name) for code, m in load_marketplaces().items()]


def export_targets() -> dict[str, Marketplace]:
    """The marketplaces whose upload spreadsheet HàngViệt can fill."""
    return {code: m for code, m in load_marketplaces().items() if m.export is not None}
