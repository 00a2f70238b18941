"""The base of the API's JSON bodies (`<Thing>In` read from a request body, not from a query string)."""

import datetime
from collections.abc import Callable
from typing import Any, get_args

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError


def _takes_int(annotation: Any) -> bool:
    return annotation is int or int in get_args(annotation)


# Real time zones run from UTC-12:00 to UTC+14:00; ISO 8601 and pydantic allow ±23:59, PostgreSQL ±15:59.
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class BodyIn(Schema):
    """A JSON body, whose values every database holds as the contract says:

    - integers are JSON numbers: pydantic's lax mode, which query strings need, also reads `true` as 1 and
      `"5"` as 5 where OpenAPI says `integer`; a body field of type int refuses booleans and strings (422,
      `int_type`). A number without fraction (`9e18`) stays an integer, as JSON Schema says;
    - times are instants every database holds (`instant_error`): an offset past ±14:00 (`timezone_offset`)
      or a time outside years 1-9999 once in UTC (`datetime_range`) is refused.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _json_integer(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, bool | str) and field is not None and _takes_int(field.annotation):
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _instant(cls, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and (code := instant_error(value)):
            raise PydanticCustomError(code, INSTANT_ERRORS[code])
        return value


INSTANT_ERRORS = {
    "timezone_offset": "The time zone offset must be within ±14:00",
    "datetime_range": "The time must fall in the years 1-9999 in UTC",
}


def instant_error(value: datetime.datetime) -> str | None:
    """Why a database cannot hold `value` as the instant it names (a key of INSTANT_ERRORS), or None.

    PostgreSQL refuses an offset past ±15:59 (real zones run from -12:00 to +14:00), and a time before year 1
    or after 9999 once in UTC is stored but cannot be read back (by psycopg or Python): every later read of
    the table failed."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return "timezone_offset"
    try:  # as Django will store it: a naive time is in the platform's zone
        (value if offset is not None else timezone.make_aware(value)).astimezone(datetime.UTC)
    except OverflowError:
        return "datetime_range"
    return None


# Lists of the API: 1 000 000 rows at most at 100 a page, past any list of a provincial platform.
PAGE_MAX = 10_000
PAGE_SIZE_MAX = 100


class Paged(PageNumberPagination):
    """Every list the API answers, page by page (`@paginate(Paged)`): `page` from 1 and `page_size` (default
    20, at most 100), answered as {"count", "items"}; a list is never cut short in silence, a client reads
    `count` and asks for the next page until it has them all."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int = Field(20, ge=1, le=PAGE_SIZE_MAX)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=20, max_page_size=PAGE_SIZE_MAX, **kwargs)


class Mapped:
    """A queryset seen through a function (a model to its JSON dict), for a `Paged` list whose items are built
    by a function: the page is sliced in the database and only its rows are mapped."""

    def __init__(self, queryset: QuerySet[Any], to_json: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.to_json = queryset, to_json

    def all(self) -> "Mapped":
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [self.to_json(row) for row in self.queryset[page]]
