"""Admin pieces shared by the rooms."""

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.http import HttpRequest

from hangviet.core.forms import AtMost, WholeNumberField, WholeNumberInput


class RecordInline(admin.TabularInline):  # type: ignore[type-arg]
    """A record of what happened (status history, stock moves, an order's lines): shown in the admin,
    never added, changed or deleted there; the services write it with who and when."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(str(field) for field in self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A model seen in the admin, never added, changed or deleted there: no service lets an officer do it
    (it changes through its own flow, which records who and when)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input for a private file: the current file links to `download_url` (the room's
    view that checks who asks, set by the form), never to a /media/ address that serves nothing."""

    template_name = "core/widgets/private_file_input.html"
    download_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        return context


class BoundedNumbersMixin:
    """For a ModelAdmin or an inline: the amounts and quantities it edits keep the bound of core.limits
    (`number_bounds = {"price_vnd": limits.PRICE_MAX_VND}`), and whole numbers are typed the Vietnamese
    way ("125.000") as in every other form; the database's own range is far too wide to stop a 500."""

    number_bounds: ClassVar[dict[str, int]] = {}

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        bound = self.number_bounds.get(db_field.name)
        if bound is None:
            return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if isinstance(db_field, models.DecimalField):
            field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
            field.validators.append(AtMost(bound))
            return field
        return db_field.formfield(
            **{**kwargs, "form_class": WholeNumberField, "max_value": bound, "widget": WholeNumberInput}
        )
