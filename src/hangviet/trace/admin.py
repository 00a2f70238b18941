"""The traceability admin for officers. Supply chains are recorded and corrected through
trace.services; lots and EPCIS events are records their own flows make (the lot pages, EPCIS capture),
shown here and never edited: their QR codes are printed and their history is what a scan shows."""

from typing import Any

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from hangviet.accounts.models import User
from hangviet.core.admin import ReadOnlyAdmin, ServiceAdminMixin, adopt
from hangviet.trace import services
from hangviet.trace.models import ChainMember, EpcisEvent, ExportMarket, Lot, SupplyChain


@admin.register(Lot)
class LotAdmin(ReadOnlyAdmin):
    """Lots are recorded by their shop on the lot pages (trace.services.create_lot)."""

    list_display = ("code", "product", "produced_on", "expires_on")
    search_fields = ("code", "product__name")
    raw_id_fields = ("product", "inputs", "origin_commune", "created_by")


@admin.register(EpcisEvent)
class EpcisEventAdmin(ReadOnlyAdmin):
    """Events come from EPCIS capture and the lot pages; EPCIS events are never rewritten."""

    list_display = ("event_type", "biz_step", "event_time", "event_id")
    list_filter = ("event_type",)
    search_fields = ("event_id",)


class ChainMemberInline(admin.TabularInline):
    model = ChainMember
    raw_id_fields = ("seller", "commune")
    extra = 0


class ExportMarketInline(admin.TabularInline):
    model = ExportMarket
    extra = 0


def _rows(formset: BaseInlineFormSet) -> list[dict[str, Any]]:
    """The rows an inline holds once the officer's changes apply (deleted and empty rows left out)."""
    return [
        form.cleaned_data for form in formset.forms if form.cleaned_data and form not in formset.deleted_forms
    ]


@admin.register(SupplyChain)
class SupplyChainAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "product_type", "annual_output_tonnes", "valid_until")
    list_filter = ("product_type",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("is_demo",)
    inlines = [ChainMemberInline, ExportMarketInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a certification is a public record: it ends with its validity, it is not erased

    def save_model(self, request: HttpRequest, obj: SupplyChain, form: forms.ModelForm, change: bool) -> None:
        pass  # written with its members and markets by one service call, in save_related

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        rows = {}
        for formset in formsets:
            formset.save(commit=False)  # what the officer asked for (the change message); not written
            rows[formset.model] = _rows(formset)
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "name",
                "slug",
                "product_type",
                "decision_number",
                "certified_on",
                "valid_until",
                "annual_output_tonnes",
                "description",
            )
        }
        members = [
            {
                "seller": r.get("seller"),
                "name": r.get("name", ""),
                "role": r.get("role"),
                "commune": r.get("commune"),
            }
            for r in rows[ChainMember]
        ]
        markets = [
            {
                "country_code": r["country_code"],
                "country_name": r.get("country_name", ""),
                "volume_tonnes": r["volume_tonnes"],
            }
            for r in rows[ExportMarket]
        ]
        actor: User = request.user  # type: ignore[assignment]  # the admin is for signed-in officers
        if change:
            saved = services.correct_chain(
                actor=actor, chain=form.instance, members=members, markets=markets, **fields
            )
        else:
            saved = services.certify_chain(actor=actor, members=members, markets=markets, **fields)
        adopt(form.instance, saved)
