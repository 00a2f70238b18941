"""Certificates in the admin: issued through the service (officer check, 36-month expiry, stars refresh)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.core.errors import DomainError
from hangviet.ocop import services
from hangviet.ocop.models import Certificate


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["number", "product", "stars", "score", "decision_number", "issued_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        score, stars = data.get("score"), data.get("stars")
        if score is not None and stars is not None and services.stars_for_score(score) != stars:
            self.add_error("stars", _("Số sao không khớp với điểm (3★: 50–<70, 4★: 70–<90, 5★: ≥ 90)."))
        issued_on = data.get("issued_on")
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", _("Ngày cấp không được ở tương lai."))
        return data


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    form = CertificateForm
    list_display = ["number", "product", "stars", "score", "issued_on", "expires_on", "status"]
    list_filter = ["status", "stars", "issued_on"]
    search_fields = ["number", "decision_number", "product__name", "product__seller__trading_name"]
    raw_id_fields = ["product"]
    date_hierarchy = "issued_on"
    actions = ["expire_due"]

    def get_readonly_fields(self, request: HttpRequest, obj: Certificate | None = None) -> list[str]:
        if obj is None:
            return []
        # A certificate is a legal record: once issued it changes only through revoke/expire.
        return [
            "number",
            "product",
            "stars",
            "score",
            "decision_number",
            "issued_on",
            "expires_on",
            "status",
            "revoked_reason",
        ]

    def has_delete_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Certificate, form: forms.ModelForm, change: bool) -> None:
        if change:
            return
        issued = services.issue_certificate(
            actor=request.user,  # type: ignore[arg-type]
            product=obj.product,
            number=obj.number,
            stars=obj.stars,
            score=obj.score,
            issued_on=obj.issued_on,
            decision_number=obj.decision_number,
        )
        obj.pk, obj.expires_on, obj.status = issued.pk, issued.expires_on, issued.status

    @admin.action(description=_("Cho hết hiệu lực các giấy chứng nhận đã quá hạn"))
    def expire_due(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        try:
            count = services.expire_due_certificates()
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(request, _("%(n)s giấy chứng nhận đã hết hiệu lực.") % {"n": count})
