"""Admin for trade promotion: officers keep trips, training, contests, showrooms and news here; the pages
do the rest. Every add, change and delete goes through the promotion services (core.admin's
ServiceAdminMixin shows what a service refuses on the form); a model no service writes from here is
read-only, and says why."""

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from hangviet.accounts.models import User
from hangviet.core import images, limits
from hangviet.core.admin import (
    BoundedNumbersMixin,
    MoneyColumnsAdmin,
    PrivateFileWidget,
    ReadOnlyAdmin,
    ServiceAdminMixin,
)
from hangviet.core.errors import ValidationFailed
from hangviet.promotion import models
from hangviet.promotion.errors import InvalidTransition
from hangviet.promotion.services import events, fairs, news, showrooms, sourcing, trips


def _actor(request: HttpRequest) -> User:
    """The officer at the admin (only officers and administrators enter the promotion admin)."""
    return cast(User, request.user)


def _fields(form: forms.ModelForm[Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The form's values of the fields a service takes."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def _values(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _save_rows(
    formset: Any,
    names: tuple[str, ...],
    *,
    add: Callable[..., Any],
    update: Callable[..., Any],
    remove: Callable[[Any], None],
) -> None:
    """An inline's rows through the services: deleted rows removed, changed rows updated with what changed,
    new rows added (`names`: the fields the service takes)."""
    formset.save(commit=False)  # sorts the rows into new, changed and deleted; writes nothing
    for row in formset.deleted_objects:
        remove(row)
    for row, changed in formset.changed_objects:
        update(row, **_values(row, tuple(changed)))
    for row in formset.new_objects:
        ServiceAdminMixin.adopt(row, add(**_values(row, names)))


# --- fairs -------------------------------------------------------------------------------------------


@admin.register(models.Fair)
class FairAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "commune", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("name", "organiser")
    raw_id_fields = ("commune",)
    readonly_fields = ("province", "created_by")  # the commune's province; the officer who opened it
    date_hierarchy = "starts_on"

    def save_model(self, request: HttpRequest, obj: models.Fair, form: Any, change: bool) -> None:
        if change:
            saved = fairs.update_fair(actor=_actor(request), fair=obj, **self.edited(form))
        else:
            saved = fairs.create_fair(actor=_actor(request), **_fields(form, fairs.FAIR_FIELDS))
        self.adopt(obj, saved)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # booths, applications and results hang on a fair: unpublish it instead


@admin.register(models.Booth)
class BoothAdmin(ReadOnlyAdmin):
    """Booths are laid out on the officer's fair page (add_booth_grid) and given only by deciding an
    application (approve_application): never typed in here."""

    list_display = ("code", "fair", "kind", "row", "column", "price_vnd", "application")
    list_filter = ("kind",)
    search_fields = ("code", "fair__name")


@admin.register(models.BoothApplication)
class BoothApplicationAdmin(ServiceAdminMixin, BoundedNumbersMixin, MoneyColumnsAdmin):
    """Adding enters a unit that applied on paper (register_outside_unit); after the fair, an approved
    unit's visitors and sales are recorded (record_results). Sellers apply, and officers decide, on the
    fair pages."""

    number_bounds = {"visitors": limits.QUANTITY_MAX, "sales_vnd": limits.AMOUNT_MAX_VND}
    list_display = ("organisation_name", "fair", "status", "booths_wanted", "visitors", "sales_vnd")
    list_filter = ("status",)
    search_fields = ("organisation_name", "fair__name")
    raw_id_fields = ("fair",)
    ADD_FIELDS = ("fair", "organisation_name", "booths_wanted", "note")
    RESULT_FIELDS = ("visitors", "sales_vnd")
    SHOWN = ("fair", "seller", "organisation_name", "booths_wanted", "booth_kind", "products", "note")
    DECISION = ("status", "rejection_reason", "decided_by", "decided_at", "applied_by")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.ADD_FIELDS if obj is None else (*self.SHOWN, *self.DECISION, *self.RESULT_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else (*self.SHOWN, *self.DECISION)

    def save_model(self, request: HttpRequest, obj: models.BoothApplication, form: Any, change: bool) -> None:
        actor = _actor(request)
        if not change:
            saved = fairs.register_outside_unit(actor=actor, **_fields(form, self.ADD_FIELDS))
        elif self.edited(form):
            results = _fields(form, self.RESULT_FIELDS)
            saved = fairs.record_results(actor=actor, application=obj, **results)
        else:
            return
        self.adopt(obj, saved)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the seller withdraws, or the officer rejects, on the fair pages (booths freed)


# --- trips and MoUs -------------------------------------------------------------------------------------


class ParticipantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.TripParticipant
    raw_id_fields = ("seller",)
    extra = 1


@admin.register(models.Trip)
class TripAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "destination", "starts_on", "ends_on", "meetings_held")
    search_fields = ("name", "destination")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ParticipantInline]

    def save_model(self, request: HttpRequest, obj: models.Trip, form: Any, change: bool) -> None:
        if change:
            saved = trips.update_trip(actor=_actor(request), trip=obj, **self.edited(form))
        else:
            saved = trips.create_trip(actor=_actor(request), **_fields(form, trips.TRIP_FIELDS))
        self.adopt(obj, saved)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor = _actor(request)
        _save_rows(
            formset,
            trips.PARTICIPANT_FIELDS,
            add=partial(trips.add_trip_participant, actor=actor, trip=form.instance),
            update=lambda row, **edits: trips.update_trip_participant(actor=actor, participant=row, **edits),
            remove=lambda row: trips.remove_trip_participant(actor=actor, participant=row),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its MoUs and participants are the record of the trip


class MouAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = models.Mou
        fields = (*trips.MOU_FIELDS, "document", "status")
        widgets = {"document": PrivateFileWidget}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            widget = self.fields["document"].widget
            widget.download_url = reverse("promotion:mou_document", args=[self.instance.pk])  # type: ignore[attr-defined]
            if self.instance.document:
                widget.is_required = True  # a scan is replaced, never removed: no "clear" box

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if (
            document
            and hasattr(document, "read")
            and not isinstance(document, str)
            and hasattr(document, "size")
        ):
            try:
                trips.check_pdf(document)
            except ValidationFailed as exc:
                raise forms.ValidationError(exc.errors[0]["message"]) from exc
        return document


@admin.register(models.Mou)
class MouAdmin(ServiceAdminMixin, BoundedNumbersMixin, MoneyColumnsAdmin):
    """Details through record_mou / update_mou (the scan checked there too); a new status through
    change_mou_status, so the follow-up keeps its order and its record."""

    number_bounds = {"value_vnd": limits.AMOUNT_MAX_VND}
    form = MouAdminForm
    list_display = ("supplier_name", "buyer_name", "products", "value_vnd", "signed_on", "status", "trip")
    list_filter = ("status",)
    search_fields = ("supplier_name", "buyer_name", "products")
    raw_id_fields = ("trip", "offer", "supplier")

    def save_model(self, request: HttpRequest, obj: models.Mou, form: Any, change: bool) -> None:
        actor = _actor(request)
        upload = form.cleaned_data.get("document")
        document = upload if isinstance(upload, UploadedFile) else None
        if change:
            details = self.edited(form, leave=("document", "status"))
            saved = trips.update_mou(actor=actor, mou=obj, document=document, **details)
            if "status" in form.changed_data:
                status = form.cleaned_data["status"]
                try:
                    saved = trips.change_mou_status(actor=actor, mou=saved, to_status=status)
                except InvalidTransition as exc:
                    raise InvalidTransition(str(exc.message), field="status") from exc
        else:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "document"}
            saved = trips.record_mou(actor=actor, document=document, **fields)
        self.adopt(obj, saved)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a signed MoU stays on record; one not carried out is marked lapsed


# --- showrooms ----------------------------------------------------------------------------------------


class ItemInline(BoundedNumbersMixin, admin.TabularInline):  # type: ignore[type-arg]
    """A showroom's price of each product it has on display; products come onto the shelf by
    consignment receipts, and stock changes only through receipts, sales, returns and adjustments."""

    number_bounds = {"price_vnd": limits.PRICE_MAX_VND}
    model = models.ShowroomItem
    fields = ("product", "quantity", "price_vnd")
    readonly_fields = ("product", "quantity")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Showroom)
class ShowroomAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "site", "commune", "opening_hours", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("commune",)
    filter_horizontal = ("staff",)
    inlines = [ItemInline]

    def save_model(self, request: HttpRequest, obj: models.Showroom, form: Any, change: bool) -> None:
        actor = _actor(request)
        staff = form.cleaned_data.get("staff")
        if change:
            staff = staff if "staff" in form.changed_data else None
            edits = self.edited(form, leave=("staff",))
            saved = showrooms.update_showroom(actor=actor, showroom=obj, staff=staff, **edits)
        else:
            fields = _fields(form, showrooms.SHOWROOM_FIELDS)
            saved = showrooms.create_showroom(actor=actor, staff=staff or (), **fields)
        self.adopt(obj, saved)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.save(commit=False)
        for item, _changed in formset.changed_objects:
            showrooms.set_showroom_price(actor=_actor(request), item=item, price_vnd=item.price_vnd)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its stock, receipts and sales are on record: mark it inactive instead


@admin.register(models.ShowroomStockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    """Every move comes from a receipt, a sale, a return or an adjustment (the showroom pages)."""

    list_display = ("created_at", "showroom", "product", "kind", "delta", "quantity_after", "actor")
    list_filter = ("kind", "showroom")


# --- sourcing ---------------------------------------------------------------------------------------------


@admin.register(models.SupplierCertification)
class CertificationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("seller", "kind", "number", "valid_until")
    list_filter = ("kind",)
    raw_id_fields = ("seller",)

    def save_model(
        self, request: HttpRequest, obj: models.SupplierCertification, form: Any, change: bool
    ) -> None:
        actor = _actor(request)
        if change:
            edits = self.edited(form)
            saved = sourcing.update_certification(actor=actor, certification=obj, **edits)
        else:
            saved = sourcing.record_certification(actor=actor, **_fields(form, sourcing.CERTIFICATION_FIELDS))
        self.adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: models.SupplierCertification) -> None:
        sourcing.remove_certification(actor=_actor(request), certification=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.SupplierCertification]) -> None:
        for certification in queryset:
            self.delete_model(request, certification)


@admin.register(models.BuyRequest)
class BuyRequestAdmin(ReadOnlyAdmin):
    """Buyers post their requests, and close them (or an officer does), on the buy-request pages;
    suppliers are matched and notified there."""

    list_display = ("title", "buyer_name", "volume", "unit", "deadline_on", "status")
    list_filter = ("status", "buyer_kind")
    search_fields = ("title", "buyer_name")


# --- training, contests, news -------------------------------------------------------------------------


@admin.register(models.TrainingSession)
class TrainingAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("topic", "held_on", "audience", "attendance", "series")
    search_fields = ("topic", "series")
    date_hierarchy = "held_on"

    def save_model(self, request: HttpRequest, obj: models.TrainingSession, form: Any, change: bool) -> None:
        actor = _actor(request)
        if change:
            saved = events.update_training(actor=actor, session=obj, **self.edited(form))
        else:
            saved = events.record_training(actor=actor, **_fields(form, events.TRAINING_FIELDS))
        self.adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: models.TrainingSession) -> None:
        events.delete_training(actor=_actor(request), session=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.TrainingSession]) -> None:
        for session in queryset:
            self.delete_model(request, session)


class EntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.ContestEntry
    extra = 1


@admin.register(models.Contest)
class ContestAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organiser", "starts_on", "ends_on")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EntryInline]

    def save_model(self, request: HttpRequest, obj: models.Contest, form: Any, change: bool) -> None:
        if change:
            saved = events.update_contest(actor=_actor(request), contest=obj, **self.edited(form))
        else:
            saved = events.create_contest(actor=_actor(request), **_fields(form, events.CONTEST_FIELDS))
        self.adopt(obj, saved)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor = _actor(request)
        _save_rows(
            formset,
            events.ENTRY_FIELDS,
            add=partial(events.add_contest_entry, actor=actor, contest=form.instance),
            update=lambda row, **edits: events.update_contest_entry(actor=actor, entry=row, **edits),
            remove=lambda row: events.remove_contest_entry(actor=actor, entry=row),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its entries and winners are the campaign's record


@admin.register(models.NewsPost)
class NewsPostAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("title", "published_at", "author")
    search_fields = ("title",)
    exclude = ("author",)
    formfield_overrides = images.ADMIN_FORMFIELDS

    def save_model(self, request: HttpRequest, obj: models.NewsPost, form: Any, change: bool) -> None:
        news.save_news_post(actor=_actor(request), post=obj)

    def delete_model(self, request: HttpRequest, obj: models.NewsPost) -> None:
        news.delete_news_post(actor=_actor(request), post=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.NewsPost]) -> None:
        for post in queryset:
            self.delete_model(request, post)
