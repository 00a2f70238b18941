"""Users sign in with an email or a Vietnamese mobile number; roles come from flags and memberships."""

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        password: str | None = None,
        **extra: object,
    ) -> "User":
        if not email and not phone:
            raise ValueError("A user needs an email or a phone number.")
        user = self.model(email=self.normalize_email(email) if email else None, phone=phone or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        return self.create_user(
            email=email, password=password, is_staff=True, is_superuser=True, is_officer=True
        )


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Buyer by default; officer by flag; seller member through sellers.Membership."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=10, unique=True, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("vào được trang quản trị"), default=False)
    is_officer = models.BooleanField(
        _("cán bộ Sở Công Thương"),
        default=False,
        help_text=_("Xác minh người bán, điều hành OCOP, xem chỉ số."),
    )
    date_joined = models.DateTimeField(_("ngày tham gia"), default=timezone.now)
    terms_accepted_at = models.DateTimeField(
        _("đồng ý điều khoản lúc"),
        null=True,
        blank=True,
        help_text=_("Thời điểm người dùng đồng ý điều khoản sử dụng và chính sách dữ liệu cá nhân."),
    )
    anonymised_at = models.DateTimeField(
        _("ẩn danh hoá lúc"),
        null=True,
        blank=True,
        help_text=_("Tài khoản đã bị xoá theo yêu cầu: thông tin cá nhân đã được xoá, chỉ giữ bản ghi."),
    )

    objects = UserManager()  # type: ignore[misc]

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_has_email_or_phone"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    # An officer (with is_staff, to enter the admin) holds every permission on the domain's rooms
    # (settings.HANGVIET_OFFICER_APPS): sellers, catalog, OCOP, traceability, promotion, orders; accounts and
    # the platform's own settings stay with administrators.
    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        if self._is_active_officer() and perm.split(".", 1)[0] in settings.HANGVIET_OFFICER_APPS:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self._is_active_officer() and app_label in settings.HANGVIET_OFFICER_APPS:
            return True
        return super().has_module_perms(app_label)

    def _is_active_officer(self) -> bool:
        return self.is_active and self.is_officer


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the key is stored; the key is shown once.

    Its scopes (chosen at creation, at least one) bound what it may do on its user's behalf: each
    authenticated API operation names the one scope it needs (hangviet.accounts.auth.TokenAuth).
    """

    class Scope(models.TextChoices):
        READ = "read", _("Đọc dữ liệu riêng: sản phẩm nháp, đơn hàng, thanh toán")
        CATALOG = "catalog", _("Sản phẩm: tạo, sửa, giá, tồn kho, ảnh")
        ORDERS = "orders", _("Đơn hàng: xác nhận, giao, huỷ, đối soát thanh toán, chào giá")
        TRACE = "trace", _("Truy xuất nguồn gốc: lô hàng, ghi sự kiện EPCIS")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    scopes = models.JSONField(
        _("phạm vi"), default=list, help_text=_("Những việc khoá được làm thay người dùng (ít nhất một).")
    )
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def scope_values(self) -> list[str]:
        """The token's scopes in the order of ApiToken.Scope."""
        return [value for value in self.Scope.values if value in self.scopes]

    def scope_labels(self) -> list[str]:
        """The token's scopes as their translated labels, in the order of ApiToken.Scope."""
        return [str(label) for value, label in self.Scope.choices if value in self.scopes]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "hv_" + secrets.token_urlsafe(32)
