"""The Django admin for officers, in Vietnamese: sellers with filters and verify/reject actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hangviet.core import images
from hangviet.core.admin import RecordInline
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


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["trading_name", "legal_name", "kind", "tax_code", "province", "status", "created_at"]
    list_filter = ["status", "kind", "province", "is_demo"]
    search_fields = ["trading_name", "legal_name", "tax_code", "registration_number", "phone", "email"]
    readonly_fields = ["status", "rejection_reason", "verified_at", "verified_by", "created_at", "updated_at"]
    raw_id_fields = ["commune"]
    prepopulated_fields = {"slug": ["trading_name"]}
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
        (
            _("Xác minh"),
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    "verified_at",
                    "verified_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

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
