"""The Django admin for officers, in Vietnamese: categories, products (with filters), stock moves.

Every change goes through catalog.services with the officer as actor, so an edit here gets the checks,
the description sanitiser and the search columns a seller's edit gets."""

from typing import Any

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hangviet.catalog import services
from hangviet.catalog.models import Category, Product, ProductImage, StockMove
from hangviet.core import limits
from hangviet.core.admin import (
    BoundedNumbersMixin,
    MoneyColumnsAdmin,
    ReadOnlyAdmin,
    RecordInline,
    ServiceAdminMixin,
    adopt,
)


@admin.register(Category)
class CategoryAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["position", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the OCOP classification (catalog/data/ocop_categories.json): corrected, never removed

    def save_model(self, request: HttpRequest, obj: Category, form: forms.ModelForm, change: bool) -> None:
        services.save_category(actor=request.user, category=obj)  # type: ignore[arg-type]


class ProductImageInline(admin.TabularInline):
    """Pictures are added on the seller's page (checked and re-encoded there); an officer may remove one,
    through the service, which deletes its files too."""

    model = ProductImage
    extra = 0
    fields = ["image", "width", "height", "thumbnail", "alt", "position"]
    readonly_fields = ["image", "width", "height", "thumbnail", "alt", "position"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StockMoveInline(RecordInline):
    model = StockMove
    fields = ["created_at", "delta", "stock_after", "reason", "actor"]
    verbose_name = _("thay đổi tồn kho")
    verbose_name_plural = _("lịch sử tồn kho")


@admin.register(Product)
class ProductAdmin(ServiceAdminMixin, BoundedNumbersMixin, MoneyColumnsAdmin):
    number_bounds = {"price_vnd": limits.PRICE_MAX_VND}
    list_display = ["name", "seller", "category", "price_vnd", "stock", "status", "ocop_stars", "created_at"]
    list_filter = ["status", "seller__status", "ocop_stars", "category", "unit"]
    search_fields = ["name", "sku", "gtin", "seller__trading_name", "seller__tax_code"]
    list_select_related = ["seller", "category"]
    autocomplete_fields = ["seller"]
    raw_id_fields = ["origin_commune"]
    # Stock changes only through stock moves (recorded with who and why), never by editing the number;
    # the address (slug) is made once by the service, from the name.
    readonly_fields = ["slug", "stock", "ocop_stars", "created_at", "updated_at"]
    exclude = ["name_folded", "search_text"]
    inlines = [ProductImageInline, StockMoveInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> list[str]:
        # A product stays in the shop that made it: the services change its details only.
        return [*self.readonly_fields, "seller"] if obj else list(self.readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # archived (status "Lưu trữ"), never deleted: orders, lots and certificates name it

    def save_model(self, request: HttpRequest, obj: Product, form: forms.ModelForm, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data
        }
        if change:
            changed = {name: value for name, value in fields.items() if name in form.changed_data}
            saved = services.correct_product(actor=request.user, product=obj, **changed)  # type: ignore[arg-type]
        else:
            saved = services.add_product_for_seller(actor=request.user, seller=obj.seller, **fields)  # type: ignore[arg-type]
        adopt(obj, saved)

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        formset.save(commit=False)  # what the officer asked for, written by the services below
        for image in formset.deleted_objects if formset.model is ProductImage else []:
            services.take_down_product_image(actor=request.user, image=image)  # type: ignore[arg-type]


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "product", "delta", "stock_after", "reason", "actor"]
    list_select_related = ["product", "actor"]
    search_fields = ["product__name", "product__sku", "reason"]
    date_hierarchy = "created_at"
