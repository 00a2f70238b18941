"""Admin for trade promotion: officers keep trips, training, contests and news here; the pages do the rest."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from hangviet.core import images, limits
from hangviet.core.admin import BoundedNumbersMixin, PrivateFileWidget
from hangviet.core.errors import ValidationFailed
from hangviet.promotion import models
from hangviet.promotion.services import news, trips


@admin.register(models.Fair)
class FairAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "commune", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("name", "organiser")
    raw_id_fields = ("commune", "province", "created_by")
    date_hierarchy = "starts_on"


@admin.register(models.Booth)
class BoothAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"price_vnd": limits.PRICE_MAX_VND}
    list_display = ("code", "fair", "kind", "row", "column", "price_vnd", "application")
    list_filter = ("kind",)
    search_fields = ("code", "fair__name")
    raw_id_fields = ("fair", "application")
    readonly_fields = ("application", "assigned_at")  # assigned only through the officer pages (services)


@admin.register(models.BoothApplication)
class BoothApplicationAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"visitors": limits.QUANTITY_MAX, "sales_vnd": limits.AMOUNT_MAX_VND}
    list_display = ("organisation_name", "fair", "status", "booths_wanted", "visitors", "sales_vnd")
    list_filter = ("status",)
    search_fields = ("organisation_name", "fair__name")
    raw_id_fields = ("fair", "seller", "decided_by", "applied_by", "products")
    readonly_fields = ("status", "decided_by", "decided_at")


class ParticipantInline(admin.TabularInline):
    model = models.TripParticipant
    raw_id_fields = ("seller",)
    extra = 1


@admin.register(models.Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ("name", "destination", "starts_on", "ends_on", "meetings_held")
    search_fields = ("name", "destination")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ParticipantInline]


class MouAdminForm(forms.ModelForm):
    class Meta:
        model = models.Mou
        fields = (
            "trip",
            "offer",
            "supplier",
            "supplier_name",
            "buyer_name",
            "products",
            "volume",
            "value_vnd",
            "signed_on",
            "document",
            "status",
        )
        widgets = {"document": PrivateFileWidget}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            widget = self.fields["document"].widget
            widget.download_url = reverse("promotion:mou_document", args=[self.instance.pk])  # type: ignore[attr-defined]

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
class MouAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"value_vnd": limits.AMOUNT_MAX_VND}
    form = MouAdminForm
    list_display = ("supplier_name", "buyer_name", "products", "value_vnd", "signed_on", "status", "trip")
    list_filter = ("status",)
    search_fields = ("supplier_name", "buyer_name", "products")
    raw_id_fields = ("trip", "offer", "supplier")


class ItemInline(BoundedNumbersMixin, admin.TabularInline):
    number_bounds = {"price_vnd": limits.PRICE_MAX_VND}
    model = models.ShowroomItem
    raw_id_fields = ("product",)
    readonly_fields = ("quantity",)  # stock changes only through receipts, sales, returns, adjustments
    extra = 0


@admin.register(models.Showroom)
class ShowroomAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "commune", "opening_hours", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("commune",)
    filter_horizontal = ("staff",)
    inlines = [ItemInline]


@admin.register(models.ShowroomStockMove)
class StockMoveAdmin(admin.ModelAdmin):
    list_display = ("created_at", "showroom", "product", "kind", "delta", "quantity_after", "actor")
    list_filter = ("kind", "showroom")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(models.SupplierCertification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("seller", "kind", "number", "valid_until")
    list_filter = ("kind",)
    raw_id_fields = ("seller",)


@admin.register(models.BuyRequest)
class BuyRequestAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {
        "volume": limits.QUANTITY_MAX,
        "price_min_vnd": limits.PRICE_MAX_VND,
        "price_max_vnd": limits.PRICE_MAX_VND,
    }
    list_display = ("title", "buyer_name", "volume", "unit", "deadline_on", "status")
    list_filter = ("status", "buyer_kind")
    search_fields = ("title", "buyer_name")
    raw_id_fields = ("buyer", "category", "accepted_offer")


@admin.register(models.TrainingSession)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("topic", "held_on", "audience", "attendance", "series")
    search_fields = ("topic", "series")
    date_hierarchy = "held_on"


class EntryInline(admin.TabularInline):
    model = models.ContestEntry
    extra = 1


@admin.register(models.Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("name", "organiser", "starts_on", "ends_on")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EntryInline]


@admin.register(models.NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ("title", "published_at", "author")
    search_fields = ("title",)
    exclude = ("author",)
    formfield_overrides = images.ADMIN_FORMFIELDS

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        news.save_news_post(actor=request.user, post=obj)  # type: ignore[arg-type]
