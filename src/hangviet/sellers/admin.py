"""The Django admin for officers, in Vietnamese: sellers with filters and verify/reject actions.

Every change goes through sellers.services with the officer as actor (corrections, members, decisions),
so an edit here gets the checks and normalisation of the seller's own profile page."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hangviet.core import images
from hangviet.core.admin import RecordInline, ServiceAdminMixin, adopt
from hangviet.sellers import services
from hangviet.sellers.models import Membership, Seller, SellerStatusChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class StatusChangeInline(RecordInline):
    model = SellerStatusChange
    fields = ["created_at", "from_status", "to_status", "reason", "actor"]
    verbose_name = _("thay đổi trạng thái")
    verbose_name_plural = _("lịch sử trạng thái")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# Shown, never typed: the status moves by verify/reject, recorded with who and why.
VERIFICATION_FIELDS = ("status", "rejection_reason", "verified_at", "verified_by", "created_at", "updated_at")


@admin.register(Seller)
class SellerAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["trading_name", "legal_name", "kind", "tax_code", "province", "status", "created_at"]
    list_filter = ["status", "kind", "province", "is_demo"]
    search_fields = ["trading_name", "legal_name", "tax_code", "registration_number", "phone", "email"]
    # The address (slug) and the demo flag are made once.
    readonly_fields = ["slug", "is_demo", *VERIFICATION_FIELDS]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline, StatusChangeInline]
    actions = ["verify_selected", "reject_selected"]
    date_hierarchy = "created_at"
    formfield_overrides = images.ADMIN_FORMFIELDS
    fieldsets = [
        (
            _("Định danh (Điều 29 NĐ 52/2013)"),
            {
                "fields": [
                    "kind",
                    "legal_name",
                    "trading_name",
                    "slug",
                    "tax_code",
                    "registration_number",
                    "representative",
                ]
            },
        ),
        (_("Địa chỉ và liên hệ"), {"fields": ["street", "commune", "province", "phone", "email"]}),
        (_("Tài khoản nhận tiền"), {"fields": ["bank_bin", "bank_account", "bank_account_name"]}),
        (_("Giới thiệu"), {"fields": ["description", "logo", "is_demo"]}),
        (_("Xác minh"), {"fields": VERIFICATION_FIELDS}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a seller registers itself (/seller/register/), its account becoming the owner

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rejected, never deleted: orders, payouts and certificates name it

    def save_model(self, request: HttpRequest, obj: Seller, form: forms.ModelForm, change: bool) -> None:
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in services.PROFILE_FIELDS
        }
        if changes.get("logo") is False:  # the "clear" box: no logo
            changes["logo"] = ""
        adopt(obj, services.correct_seller(actor=request.user, seller=obj, **changes))  # type: ignore[arg-type]

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        formset.save(commit=False)  # what the officer asked for, written by the services below
        if formset.model is not Membership:
            return
        actor = request.user
        for membership in formset.deleted_objects:
            services.remove_member(actor=actor, membership=membership)  # type: ignore[arg-type]
        for membership, fields in formset.changed_objects:
            if "user" in fields:  # another person in this row: the former one leaves
                services.remove_member(actor=actor, membership=membership)  # type: ignore[arg-type]
                formset.new_objects.append(membership)
            else:
                services.change_member_role(actor=actor, membership=membership, role=membership.role)  # type: ignore[arg-type]
        for membership in formset.new_objects:
            services.add_member(
                actor=actor,  # type: ignore[arg-type]
                seller=form.instance,
                user=membership.user,
                role=membership.role,
            )

    @admin.action(description=_("Xác minh các người bán đã chọn"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Seller]) -> None:
        done = skipped = 0
        for seller in queryset:
            try:
                services.verify_seller(actor=request.user, seller=seller)  # type: ignore[arg-type]
                done += 1
            except services.SellerAlreadyDecided:
                skipped += 1
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
        self._report(request, done, skipped)

    @admin.action(description=_("Từ chối các người bán đã chọn (lý do: hồ sơ chưa đầy đủ)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Seller]) -> None:
        # The admin action cannot ask for a reason; the officer page (/officer/sellers/) can.
        reason = str(_("Hồ sơ chưa đầy đủ hoặc chưa chính xác. Vui lòng kiểm tra và gửi lại."))
        done = skipped = 0
        for seller in queryset:
            try:
                services.reject_seller(actor=request.user, seller=seller, reason=reason)  # type: ignore[arg-type]
                done += 1
            except services.SellerAlreadyDecided:
                skipped += 1
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
        self._report(request, done, skipped)

    def _report(self, request: HttpRequest, done: int, skipped: int) -> None:
        if done:
            self.message_user(
                request,
                ngettext("Đã xử lý %(n)d người bán.", "Đã xử lý %(n)d người bán.", done) % {"n": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Bỏ qua %(n)d người bán không ở trạng thái chờ xác minh.",
                    "Bỏ qua %(n)d người bán không ở trạng thái chờ xác minh.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )
