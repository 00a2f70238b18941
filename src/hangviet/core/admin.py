"""Admin pieces shared by the rooms."""

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.http import HttpRequest

from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import AtMost, WholeNumberField, WholeNumberInput, show_service_errors


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


_REFUSAL = "_hangviet_service_refusal"


class ServiceAdminMixin:
    """For a ModelAdmin whose saves go through a room's service (its save_model, save_formset and
    delete_model call the service with the officer as actor): when the service refuses, with
    ValidationFailed or another DomainError, the form is shown again with what was typed and the
    service's errors next to the fields they name, and nothing is saved, as on the room's own pages."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except DomainError as refusal:
            # Raised inside the view's transaction, which rolled back: the same form again, now invalid.
            setattr(request, _REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        refusal: DomainError | None = getattr(request, _REFUSAL, None)
        if refusal is None:
            return form_class
        failure = refusal

        class Refused(form_class):  # type: ignore[misc,valid-type]
            def clean(self) -> Any:
                data = super().clean()
                if isinstance(failure, ValidationFailed):
                    show_service_errors(self, failure)
                else:
                    self.add_error(None, failure.message)
                return data

        return Refused


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Give the admin's own instance (its log entry, its redirect) what the service stored."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db
