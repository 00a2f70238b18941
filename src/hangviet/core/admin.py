"""Admin pieces shared by the rooms."""

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.http import HttpRequest, HttpResponse

from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import AtMost, WholeNumberField, WholeNumberInput, show_service_errors
from hangviet.core.money import format_vnd


def vnd_column(model: type[models.Model], name: str) -> Any:
    """A list column showing the amount field `name` as "244.000 ₫" (core.money), headed by the
    field's verbose name and sorting by it."""
    field = model._meta.get_field(name)

    @admin.display(description=getattr(field, "verbose_name", name), ordering=name)
    def column(obj: Any) -> str:
        value = getattr(obj, name)
        return "" if value is None else format_vnd(value)

    column.__name__ = name
    return column


class MoneyColumnsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose list shows every `…_vnd` column as money ("244.000 ₫"), not "244000"."""

    def get_list_display(self, request: HttpRequest) -> Any:
        return [
            vnd_column(self.model, c) if isinstance(c, str) and c.endswith("_vnd") else c
            for c in super().get_list_display(request)
        ]


class RecordInline(admin.TabularInline):  # type: ignore[type-arg]
    """A record of what happened (status history, stock moves, an order's lines): shown in the admin,
    never added, changed or deleted there; the services write it with who and when."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(str(field) for field in self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(MoneyColumnsAdmin):
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


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Give the admin's own instance (its log entry, its redirect) what the service stored."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


class ServiceAdminMixin:
    """For a ModelAdmin whose writes go through the room's services: it overrides `save_model` (and
    `save_formset` for its inlines, `delete_model` and `delete_queryset` when it deletes), and the
    form's many-to-many fields are the services' to write (`form.save_m2m()` is never called).

    A DomainError a service raises is shown on the form, next to its field when the form has it, and
    nothing is written (the admin's transaction rolls back): the officer sees the page's own rules."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except DomainError as refusal:  # the same POST again: its form now carries the refusal
            request._service_refusal = refusal  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        if getattr(request, "_service_refusal", None) is None:
            return form_class
        refusal: DomainError = request._service_refusal  # type: ignore[attr-defined]

        class Refused(form_class):  # type: ignore[misc,valid-type]
            def clean(self) -> Any:
                data = super().clean()
                if isinstance(refusal, ValidationFailed):
                    show_service_errors(self, refusal)
                else:
                    self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)
                return data

        return Refused

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)  # type: ignore[attr-defined]

    @staticmethod
    def edited(form: forms.ModelForm[Any], *, leave: tuple[str, ...] = ()) -> dict[str, Any]:
        """The fields the officer changed, as the services take them (less those in `leave`)."""
        return {
            n: form.cleaned_data[n] for n in form.changed_data if n in form.cleaned_data and n not in leave
        }

    adopt = staticmethod(adopt)
