"""Helpers the promotion services share (package-private)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from hangviet.core.errors import ValidationFailed, model_errors
from hangviet.core.text import unique_slug


def _full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    """Model validation as a ValidationFailed listing every problem."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ValidationFailed(model_errors(exc)) from exc


def _ensure_authenticated(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Cần đăng nhập."))


def _apply(obj: Any, fields: dict[str, Any], allowed: Sequence[str]) -> Any:
    """Set `fields` on `obj` (a new or a locked row), refusing a field the use case does not edit."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {type(obj).__name__} fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _save(obj: Any, exclude: Sequence[str] = ()) -> Any:
    """Validate `obj` as the model does (ValidationFailed listing every problem), then save it."""
    _full_clean(obj, exclude)
    obj.save()
    return obj


def _locked(obj: Any) -> Any:
    """`obj`'s row, locked until the transaction ends."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _edit(obj: Any, fields: dict[str, Any], allowed: Sequence[str]) -> Any:
    """An edit of a record with no rule but its model's: lock its row, set `fields`, validate, save."""
    return _save(_apply(_locked(obj), fields, allowed))


def _remove(obj: Any) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).delete()


def _address(obj: Any) -> None:
    """`obj.slug`: the one given, else one from its name, made unique among the other rows."""
    model = type(obj)
    others = model._default_manager.exclude(pk=obj.pk) if obj.pk else model._default_manager.all()
    obj.slug = unique_slug(others, obj.slug or obj.name, max_length=90, fallback="muc")
