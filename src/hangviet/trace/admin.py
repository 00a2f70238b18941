from django.contrib import admin
from django.http import HttpRequest

from hangviet.core import limits
from hangviet.core.admin import BoundedNumbersMixin
from hangviet.trace.models import ChainMember, EpcisEvent, ExportMarket, Lot, SupplyChain


@admin.register(Lot)
class LotAdmin(BoundedNumbersMixin, admin.ModelAdmin):
    number_bounds = {"quantity": limits.LOT_QUANTITY_MAX}
    list_display = ("code", "product", "produced_on", "expires_on")
    search_fields = ("code", "product__name")
    raw_id_fields = ("product", "inputs", "origin_commune", "created_by")


@admin.register(EpcisEvent)
class EpcisEventAdmin(admin.ModelAdmin):
    list_display = ("event_type", "biz_step", "event_time", "event_id")
    list_filter = ("event_type",)
    search_fields = ("event_id",)
    readonly_fields = [f.name for f in EpcisEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # events come from EPCIS capture and the lot pages; every field is read-only here


class ChainMemberInline(admin.TabularInline):
    model = ChainMember
    raw_id_fields = ("seller", "commune")
    extra = 0


class ExportMarketInline(admin.TabularInline):
    model = ExportMarket
    extra = 0


@admin.register(SupplyChain)
class SupplyChainAdmin(admin.ModelAdmin):
    list_display = ("name", "product_type", "annual_output_tonnes", "valid_until")
    list_filter = ("product_type",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ChainMemberInline, ExportMarketInline]
