"""The OCOP admin: certificates are issued and rounds opened and changed through ocop.services (the
rules of the officer pages); rubrics are versioned data files and dossiers the producers' records, both
shown here, never edited."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.accounts.models import User
from hangviet.core.admin import ReadOnlyAdmin, RecordInline, ServiceAdminMixin, adopt
from hangviet.core.errors import DomainError
from hangviet.ocop import services
from hangviet.ocop.models import (
    Certificate,
    CertificateStatusChange,
    Criterion,
    Dossier,
    DossierStatusChange,
    Round,
    Rubric,
    RubricPart,
    ScoreSheet,
)


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
class CertificateAdmin(ServiceAdminMixin, admin.ModelAdmin):
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


class CertificateHistoryInline(RecordInline):
    model = CertificateStatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "reason")


def _certificate_inlines(
    self: CertificateAdmin, request: HttpRequest, obj: Certificate | None = None
) -> list:
    return [CertificateHistoryInline] if obj is not None else []  # the add form has no history yet


CertificateAdmin.get_inlines = _certificate_inlines  # type: ignore[method-assign,assignment]


# --- rubrics: versioned data files (ocop/data/rubrics/, loaded by a migration and `hangviet
# load_ocop_rubrics`, which rewrites an unscored rubric from its file): an edit here would be lost at the
# next load, or change the criteria old scores were given on. A correction ships as a new version.


class RubricPartInline(RecordInline):
    model = RubricPart
    fields = ["code", "title", "max_points"]


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "instrument", "valid_from", "valid_until", "is_active"]
    list_filter = ["instrument", "is_active"]
    search_fields = ["code", "title"]
    inlines = [RubricPartInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "text",
        "part",
        "max_points",
        "mandatory_for_stars",
        "mandatory_min_points",
        "source",
    ]
    list_filter = ["part__rubric", "part__code", "mandatory_for_stars", "source"]
    search_fields = ["code", "text", "group"]
    list_select_related = ["part__rubric"]


@admin.register(Round)
class RoundAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "year", "number", "opens_on", "closes_on", "status", "step"]
    list_filter = ["status", "year"]
    filter_horizontal = ["council_members", "advisory_group"]

    def get_readonly_fields(self, request: HttpRequest, obj: Round | None = None) -> list[str]:
        # A round is named by its province, year and number; the service records who opened it.
        return ["province", "year", "number", "created_by"] if obj else ["created_by"]

    def save_model(self, request: HttpRequest, obj: Round, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        people = {name: data.get(name, []) for name in ("council_members", "advisory_group")}
        details = {name: data[name] for name in ("opens_on", "closes_on", "title", "min_sheets")}
        actor: User = request.user  # type: ignore[assignment]  # the admin is for signed-in officers
        if change:
            saved = services.update_round(actor=actor, round_=obj, **details, **people)
        else:
            where = {name: data[name] for name in ("province", "year", "number")}
            saved = services.open_round(actor=actor, **where, **details, **people)
        if (saved.status, saved.step) != (data["status"], data["step"]):
            saved = services.set_round_stage(
                actor=actor, round_=saved, status=data["status"], step=data["step"]
            )
        adopt(obj, saved)

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        pass  # the council and the advisory group were set by the service; a round has no inlines


class DossierHistoryInline(RecordInline):
    model = DossierStatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "reason")


class ScoreSheetInline(admin.TabularInline):
    model = ScoreSheet
    extra = 0
    can_delete = False
    fields = ("member", "total", "submitted_at", "scores", "comment")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    """Read-only record: dossiers change through the OCOP pages (services check every rule)."""

    list_display = ["pk", "product", "seller", "round", "status", "score", "stars"]
    list_filter = ["status", "round"]
    search_fields = ["product__name", "seller__trading_name"]
    inlines = [ScoreSheetInline, DossierHistoryInline]
