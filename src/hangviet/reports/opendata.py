"""Open data: the public indicators of a year as CSV and JSON at stable URLs, described by a data
dictionary in the form of a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/).

Only public indicators leave here (OCOP products, fairs, trips, showrooms, chains…: the kinds of figure the
committee's report gave the press); nothing personal, nothing commercially sensitive (orders, sales).
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from hangviet.core.spreadsheets import csv_bytes
from hangviet.reports import indicators, queries
from hangviet.reports.periods import Period

FIELDS = ("year", "period_start", "period_end", "section", "code", "name", "value", "unit", "definition")


def schema() -> dict[str, Any]:
    """The data dictionary of indicators.csv and indicators.json (one row per indicator and year)."""
    codes = [i.code for i in indicators.all_indicators(public_only=True)]
    return {
        "title": "HàngViệt – chỉ số Cuộc vận động (dữ liệu mở)",
        "description": "Public indicators of the campaign 'Người Việt Nam ưu tiên dùng hàng Việt Nam' for "
        "one year, computed from the platform's records. An empty value: not yet recorded on the platform.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "fields": [
            {
                "name": "year",
                "type": "integer",
                "constraints": {"required": True, "minimum": 2000, "maximum": 2100},
            },
            {"name": "period_start", "type": "date", "format": "default", "constraints": {"required": True}},
            {"name": "period_end", "type": "date", "format": "default", "constraints": {"required": True}},
            {
                "name": "section",
                "type": "string",
                "constraints": {"required": True, "enum": list(indicators.SECTIONS)},
            },
            {"name": "code", "type": "string", "constraints": {"required": True, "enum": codes}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
            {
                "name": "value",
                "type": "number",
                "description": "Empty (CSV) or null (JSON): not yet recorded on the platform.",
                "constraints": {"minimum": 0},
            },
            {
                "name": "unit",
                "type": "string",
                "constraints": {"required": True, "enum": list(indicators.UNITS)},
            },
            {"name": "definition", "type": "string", "constraints": {"required": True}},
        ],
        "primaryKey": ["year", "code"],
        "missingValues": [""],
    }


def rows(period: Period) -> list[dict[str, Any]]:
    out = []
    for fig in queries.figures(period, public_only=True):
        value = fig.value
        out.append(
            {
                "year": period.year,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "section": fig.indicator.section,
                "code": fig.indicator.code,
                "name": str(fig.indicator.name),
                "value": None if value is None else (int(value) if value == int(value) else float(value)),
                "unit": fig.indicator.unit,
                "definition": str(fig.indicator.definition),
            }
        )
    return out


def as_csv(period: Period) -> bytes:
    """Comma-separated, UTF-8 without BOM (what open-data tools expect), the header first."""
    return csv_bytes(
        [FIELDS, *([("" if r[f] is None else r[f]) for f in FIELDS] for r in rows(period))],
        delimiter=",",
        bom=False,
    )


def as_json(period: Period) -> dict[str, Any]:
    return {
        "schema": settings.HANGVIET_BASE_URL + reverse("reports:open_data_schema"),
        "year": period.year,
        "rows": rows(period),
    }
