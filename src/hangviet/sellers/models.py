"""Sellers: the organisations (and individuals) that open shops, with their Art. 29 identity."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hangviet.core.files import RandomName, private_storage
from hangviet.core.models import Commune, Province


class Seller(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        HOUSEHOLD = "household", _("Hộ kinh doanh")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        REJECTED = "rejected", _("Bị từ chối")

    kind = models.CharField(_("loại hình"), max_length=20, choices=Kind.choices)
    legal_name = models.CharField(_("tên pháp lý"), max_length=200)
    trading_name = models.CharField(_("tên giao dịch / tên cửa hàng"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    registration_number = models.CharField(
        _("số đăng ký kinh doanh / quyết định thành lập"), max_length=50, blank=True
    )
    street = models.CharField(_("số nhà, đường, ấp"), max_length=200)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("xã/phường"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố"))
    phone = models.CharField(_("điện thoại"), max_length=10)
    email = models.EmailField(_("email"))
    representative = models.CharField(_("người đại diện"), max_length=150)
    description = models.TextField(_("giới thiệu"), blank=True)
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=6, blank=True)
    bank_account = models.CharField(_("số tài khoản"), max_length=19, blank=True)
    bank_account_name = models.CharField(_("tên chủ tài khoản"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to="sellers/logos/", blank=True)
    # The registration certificate (giấy chứng nhận đăng ký) an officer checks before verifying: private.
    # Nullable like home_node: SQLite adds a nullable column in place, where a NOT NULL one would rebuild
    # the table under the catalog's triggers that read it.
    licence = models.FileField(
        _("giấy chứng nhận đăng ký kinh doanh"),
        storage=private_storage,
        upload_to=RandomName("sellers/licences/%Y/"),
        null=True,
        blank=True,
    )
    licence_type = models.CharField(max_length=40, null=True, blank=True, editable=False)  # checked at upload
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    verified_at = models.DateTimeField(_("ngày xác minh"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    # The node a mirrored seller comes from (network room); None for this node's own sellers.
    home_node = models.CharField(_("nút gốc"), max_length=255, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["trading_name"]
        verbose_name = _("người bán")
        verbose_name_plural = _("người bán")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return self.trading_name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def address(self) -> str:
        return f"{self.street}, {self.commune.name}, {self.province.name}"


class Membership(models.Model):
    """A user's role in a seller: the owner manages members; staff manage products and orders."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ")
        STAFF = "staff", _("Nhân viên")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "seller"], name="one_membership_per_seller")]
        verbose_name = _("thành viên người bán")
        verbose_name_plural = _("thành viên người bán")

    def __str__(self) -> str:
        return f"{self.user} @ {self.seller} ({self.role})"


class SellerStatusChange(models.Model):
    """Who moved a seller from which status to which, when, and why."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
