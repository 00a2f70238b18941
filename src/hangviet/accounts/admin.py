"""Django admin for users (email or phone, no username) and API tokens (hash read-only)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hangviet.accounts import services
from hangviet.accounts.models import ApiToken, User
from hangviet.core.validators import normalize_phone


class _ContactMixin(forms.ModelForm):
    # Wider than the stored 10 digits so "+84 912 345 678" can be typed; clean_phone normalises it.
    phone = forms.CharField(label=_("số điện thoại"), max_length=20, required=False)

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        return email or None

    def clean_phone(self) -> str | None:
        phone = (self.cleaned_data.get("phone") or "").strip()
        return normalize_phone(phone) if phone else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = not data.get("email") and not data.get("phone")
        if missing and not self.has_error("email") and not self.has_error("phone"):
            raise ValidationError(_("Cần nhập email hoặc số điện thoại (ít nhất một)."))
        return data


class UserCreationAdminForm(_ContactMixin, AdminUserCreationForm):  # type: ignore[misc]
    class Meta:
        model = User
        fields = ("email", "phone", "full_name")


class UserChangeAdminForm(_ContactMixin, UserChangeForm):  # type: ignore[misc]
    class Meta:
        model = User
        fields = (
            "email",
            "phone",
            "password",
            "full_name",
            "is_active",
            "is_officer",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("__str__", "email", "phone", "is_officer", "is_staff", "is_active", "date_joined")
    list_filter = ("is_officer", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "phone", "full_name")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined", "terms_accepted_at", "anonymised_at")
    fieldsets = (
        (None, {"fields": ("email", "phone", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name",)}),
        (
            _("Vai trò và quyền"),
            {"fields": ("is_active", "is_officer", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Mốc thời gian"), {"fields": ("date_joined", "last_login", "terms_accepted_at", "anonymised_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "phone", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__email", "user__phone")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scopes",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a key is shown only once, to its owner, on the tokens page

    @admin.action(description=_("Thu hồi các khoá đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
        count = len(tokens)
        self.message_user(request, _("Đã thu hồi %(count)d khoá.") % {"count": count}, messages.SUCCESS)
