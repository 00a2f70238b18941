"""The indicators API: every indicator of a period, with its target, the same period a year earlier, its
definition and the page listing its records. Anonymous callers get the public indicators; an officer's
token (scope `read`) gets all of them."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError

from hangviet.accounts.auth import READ_TOKEN
from hangviet.reports import queries
from hangviet.reports.indicators import Value
from hangviet.reports.periods import from_dates
from hangviet.sellers.permissions import is_officer

router = Router()


class IndicatorsQuery(Schema):
    from_: str = Field(..., alias="from", max_length=10, description="First day, YYYY-MM-DD (local time).")
    to: str = Field(..., max_length=10, description="Last day, YYYY-MM-DD, included.")


class IndicatorOut(Schema):
    code: str
    name: str
    value: float | None = Field(description="null: not yet recorded on the platform (never 0 for that).")
    unit: str
    target: int | None
    previous: float | None = Field(description="The same period a year earlier.")
    definition: str
    records_url: str


class IndicatorsOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    items: list[IndicatorOut]


def _number(value: Value) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def _caller(request: HttpRequest) -> Any:
    """The token's user when an Authorization header is sent (401 when it is not a valid token), else None."""
    if not request.headers.get("Authorization"):
        return None
    user = READ_TOKEN(request)
    if not user:
        raise AuthenticationError
    return user


@router.get(
    "/indicators",
    response=IndicatorsOut,
    by_alias=True,
    summary="Campaign indicators of a period",
    description="Every indicator of the period [from, to] (dates in Asia/Ho_Chi_Minh): its value, unit, "
    "the year's target (when the period is a whole year), the same period a year earlier, its definition "
    "and the page listing the records it counts. Without a token: the public indicators; with an "
    "officer's token (scope `read`): all of them. `value` null means not yet recorded.",
    openapi_extra={"responses": {401: {"description": "An Authorization header that is not a valid token."}}},
)
def list_indicators(request: HttpRequest, params: Query[IndicatorsQuery]) -> dict[str, Any]:
    period = from_dates({"from": params.from_, "to": params.to})
    officer = is_officer(_caller(request))
    base = settings.HANGVIET_BASE_URL
    items = [
        {
            "code": fig.indicator.code,
            "name": str(fig.indicator.name),
            "value": _number(fig.value),
            "unit": fig.indicator.unit,
            "target": fig.target,
            "previous": _number(fig.previous),
            "definition": str(fig.indicator.definition),
            "records_url": f"{base}{reverse('reports:records', args=[fig.indicator.code])}?{period.query()}",
        }
        for fig in queries.figures(period, public_only=not officer)
    ]
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "items": items}
