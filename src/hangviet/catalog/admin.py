"""The Django admin for officers, in Vietnamese: categories, products (with filters), stock moves."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Category, Product, ProductImage, StockMove
from hangviet.core import limits
from hangviet.core.admin import BoundedNumbersMixin, ReadOnlyAdmin, RecordInline


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["position", "code"]


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "width", "height", "thumbnail", "alt", "position"]
    readonly_fields = ["image", "width", "height", "thumbnail"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # images are added through the seller's page, which checks and re-encodes them


class StockMoveInline(RecordInline):
    model = StockMove
    fields = ["created_at", "delta", "stock_after", "reason", "actor"]
    verbose_name = _("thay đổi tồn kho")
    verbose_name_plural = _("lịch sử tồn kho")


@admin.register(Product)
class ProductAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"price_vnd": limits.PRICE_MAX_VND}
    list_display = ["name", "seller", "category", "price_vnd", "stock", "status", "ocop_stars", "created_at"]
    list_filter = ["status", "seller__status", "ocop_stars", "category", "unit"]
    search_fields = ["name", "sku", "gtin", "seller__trading_name", "seller__tax_code"]
    list_select_related = ["seller", "category"]
    autocomplete_fields = ["seller"]
    raw_id_fields = ["origin_commune"]
    # Stock changes only through stock moves (recorded with who and why), never by editing the number.
    readonly_fields = ["stock", "ocop_stars", "created_at", "updated_at"]
    exclude = ["name_folded", "search_text"]
    inlines = [ProductImageInline, StockMoveInline]


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "product", "delta", "stock_after", "reason", "actor"]
    list_select_related = ["product", "actor"]
    search_fields = ["product__name", "product__sku", "reason"]
    date_hierarchy = "created_at"
