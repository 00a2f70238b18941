"""Domain errors with a stable code; the API maps them to HTTP once, centrally."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError


class DomainError(Exception):
    """A rule of the domain was broken. `code` is stable; `status` is the HTTP status the API uses."""

    code = "domain_error"
    status = 409
    message: Any = "The request breaks a rule of the platform."  # a str, or a lazily translated one

    def __init__(self, message: str | None = None, *, field: str | None = None, **details: Any) -> None:
        self.message = str(message or self.message)
        self.field = field
        self.details = details
        super().__init__(self.message)


class ValidationFailed(DomainError):
    """Input was invalid; `errors` lists every problem as {"field", "code", "message"}."""

    code = "validation_error"
    status = 422
    message = "Dữ liệu không hợp lệ."

    def __init__(self, errors: list[dict[str, str]], message: str | None = None) -> None:
        super().__init__(message)
        self.errors = errors


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message = "Không tìm thấy."


def field_error(field: str, code: str, message: str) -> dict[str, str]:
    """One problem of a ValidationFailed: `errors.append(field_error("uom", "invalid_choice", _("…")))`."""
    return {"field": field, "code": code, "message": message}


def invalid(field: str, code: str, message: str) -> ValidationFailed:
    """The error of one invalid field, to raise: `raise invalid("quantity", "min_quantity", _("…"))`."""
    return ValidationFailed([field_error(field, code, message)])


def model_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """A model's full_clean() errors as problems: one per message, the form-wide ones with field ""."""
    return [
        field_error("" if field == NON_FIELD_ERRORS else field, err.code or "invalid", " ".join(err.messages))
        for field, errs in exc.error_dict.items()
        for err in errs
    ]


def message_of(error: DomainError) -> str:
    """What a page tells the person: every problem of a ValidationFailed, else the error's message."""
    if isinstance(error, ValidationFailed):
        return " ".join(e["message"] for e in error.errors)
    return error.message
