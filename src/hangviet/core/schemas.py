"""The base of the API's JSON bodies (`<Thing>In` read from a request body, not from a query string)."""

from typing import Any, get_args

from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError


def _takes_int(annotation: Any) -> bool:
    return annotation is int or int in get_args(annotation)


class BodyIn(Schema):
    """A JSON body, whose integers are JSON numbers. pydantic's lax mode, which query strings need, also
    reads `true` as 1 and `"5"` as 5 where the contract (OpenAPI `integer`) says a number: a body field of
    type int refuses booleans and strings (422, `int_type`). A number without fraction (`9e18`) stays an
    integer, as JSON Schema says."""

    @field_validator("*", mode="before")
    @classmethod
    def _json_integer(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, bool | str) and field is not None and _takes_int(field.annotation):
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        return value
