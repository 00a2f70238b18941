"""Traceability: lots and serial items, scans, EPCIS 2.0 events and capture jobs, safe-food supply chains."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.core.models import Commune
from hangviet.sellers.models import Seller


class Lot(models.Model):
    """A production lot (lô sản xuất) of one product, identified by its GS1 lot code (AI 10)."""

    class Uom(models.TextChoices):
        KGM = "KGM", _("kg")
        LTR = "LTR", _("lít")
        H87 = "H87", _("cái / chai / hũ")
        TNE = "TNE", _("tấn")

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("mã lô"), max_length=20)
    produced_on = models.DateField(_("ngày sản xuất"))
    expires_on = models.DateField(_("hạn sử dụng"), null=True, blank=True)
    best_before_on = models.DateField(_("sử dụng tốt nhất trước"), null=True, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=3)
    uom = models.CharField(_("đơn vị"), max_length=3, choices=Uom.choices, default=Uom.H87)
    origin = models.CharField(_("vùng trồng / trang trại"), max_length=200, blank=True)
    origin_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("xã/phường xuất xứ")
    )
    inputs = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="used_in", verbose_name=_("lô nguyên liệu")
    )
    input_notes = models.CharField(_("nguyên liệu khác"), max_length=300, blank=True)
    certifications = models.JSONField(_("chứng nhận"), default=list, blank=True)  # ["VietGAP", "Hữu cơ"]
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-produced_on", "-pk"]
        verbose_name = _("lô sản xuất")
        verbose_name_plural = _("lô sản xuất")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="lot_code_unique_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.code}"


class SerialItem(models.Model):
    """One serialised item of a lot (AI 21), for high-value products."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="serials")
    serial = models.CharField(_("số sê-ri"), max_length=20)
    last_scanned_at = models.DateTimeField(null=True, blank=True)
    # Country (ISO 3166 alpha-2, from the proxy's header) of the last scan: coarse, never personal.
    last_country = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["serial"]
        constraints = [models.UniqueConstraint(fields=["lot", "serial"], name="serial_unique_per_lot")]

    def __str__(self) -> str:
        return f"{self.lot.code}/{self.serial}"


class ScanCount(models.Model):
    """How many times a lot's scan page was opened on a day (no personal data)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="scan_counts")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["lot", "day"], name="one_scan_count_per_lot_day")]


class SerialScanCount(models.Model):
    """Scans of one serialised item on a day: the counterfeit rule reads these."""

    item = models.ForeignKey(SerialItem, on_delete=models.CASCADE, related_name="scan_counts")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="one_scan_count_per_serial_day")]


class CounterfeitFlag(models.Model):
    """A serial scanned unusually often or in far-apart places: shown to the producer to check."""

    class Reason(models.TextChoices):
        TOO_MANY_SCANS = "too_many_scans", _("Quét quá nhiều lần trong ngày")
        FAR_APART = "far_apart", _("Quét ở hai quốc gia khác nhau trong thời gian ngắn")

    item = models.ForeignKey(SerialItem, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "reason"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_flag_per_reason",
            )
        ]


class CaptureJob(models.Model):
    """One EPCIS capture (a whole document, stored all or nothing)."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Thành công")
        FAILED = "failed", _("Thất bại")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUCCEEDED)
    event_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    document_id = models.CharField(max_length=500, blank=True)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class EpcisEvent(models.Model):
    """An EPCIS 2.0 event: the columns the query filters on, plus the event's JSON as received.

    An error declaration (EPCIS 2.0 §7.4.1.5) repeats the eventID of the event it declares wrong: it is
    a row of its own (`declared_at` set), so one eventID has at most one event and one declaration.
    """

    event_id = models.CharField(max_length=500, db_index=True)
    event_type = models.CharField(max_length=200, db_index=True)
    action = models.CharField(max_length=8, blank=True)
    biz_step = models.CharField(max_length=300, blank=True, db_index=True)
    disposition = models.CharField(max_length=300, blank=True)
    read_point = models.CharField(max_length=500, blank=True)
    biz_location = models.CharField(max_length=500, blank=True)
    event_time = models.DateTimeField(db_index=True)
    event_time_zone_offset = models.CharField(max_length=6)
    record_time = models.DateTimeField(auto_now_add=True)
    original = models.JSONField()  # the event exactly as captured (with its own @context, if it had one)
    # The @context of the document that carried the event, as a list ([] for an event posted on its own):
    # with the event's own @context it gives the event its JSON-LD meaning when it is queried back.
    context = models.JSONField(default=list, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)  # errorDeclaration.declarationTime
    error_reason = models.CharField(max_length=300, blank=True)  # errorDeclaration.reason
    job = models.ForeignKey(
        CaptureJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    seller = models.ForeignKey(Seller, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A short note in Vietnamese for events recorded from the producer pages ("Thu hoạch tại vườn…").
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["event_time", "pk"]
        indexes = [models.Index(fields=["event_time", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id"], condition=Q(declared_at__isnull=True), name="one_event_per_event_id"
            ),
            models.UniqueConstraint(
                fields=["event_id"],
                condition=Q(declared_at__isnull=False),
                name="one_declaration_per_event_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.biz_step} {self.event_time:%Y-%m-%d}"


class EventIdentifier(models.Model):
    """Every identifier an event names, by role, for MATCH_* queries; `lot` when it is one of ours."""

    class Role(models.TextChoices):
        EPC = "epc"  # epcList, childEPCs
        PARENT = "parent"
        INPUT_EPC = "input_epc"
        OUTPUT_EPC = "output_epc"
        EPC_CLASS = "epc_class"  # quantityList, childQuantityList
        INPUT_CLASS = "input_class"
        OUTPUT_CLASS = "output_class"

    event = models.ForeignKey(EpcisEvent, on_delete=models.CASCADE, related_name="identifiers")
    role = models.CharField(max_length=12, choices=Role.choices)
    value = models.CharField(max_length=500)
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers")

    class Meta:
        indexes = [models.Index(fields=["value", "role"])]


class SupplyChain(models.Model):
    """A certified safe-food supply chain (chuỗi cung ứng thực phẩm an toàn)."""

    class ProductType(models.TextChoices):
        COCONUT_NECTAR = "coconut_nectar", _("Mật hoa dừa")
        RICE = "rice", _("Lúa gạo")
        VEGETABLES = "vegetables", _("Rau củ quả")
        MEAT = "meat", _("Thịt")
        FRUIT = "fruit", _("Trái cây")
        SEAFOOD = "seafood", _("Thủy sản")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên chuỗi"), max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    product_type = models.CharField(_("loại sản phẩm"), max_length=20, choices=ProductType.choices)
    decision_number = models.CharField(_("số quyết định chứng nhận"), max_length=60)
    certified_on = models.DateField(_("ngày chứng nhận"))
    valid_until = models.DateField(_("hiệu lực đến"))
    annual_output_tonnes = models.DecimalField(_("sản lượng (tấn/năm)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("giới thiệu"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product_type", "name"]
        verbose_name = _("chuỗi cung ứng thực phẩm an toàn")
        verbose_name_plural = _("chuỗi cung ứng thực phẩm an toàn")
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_output_tonnes__gte=0), name="chain_output_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("certified_on")), name="chain_valid_after"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ChainMember(models.Model):
    class Role(models.TextChoices):
        GROWER = "grower", _("Trồng trọt / chăn nuôi")
        PROCESSOR = "processor", _("Sơ chế / chế biến")
        DISTRIBUTOR = "distributor", _("Phân phối")

    chain = models.ForeignKey(SupplyChain, on_delete=models.CASCADE, related_name="members")
    seller = models.ForeignKey(
        Seller, on_delete=models.SET_NULL, null=True, blank=True, related_name="chain_memberships"
    )
    name = models.CharField(_("tên thành viên"), max_length=200)
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]


class ExportMarket(models.Model):
    chain = models.ForeignKey(SupplyChain, on_delete=models.CASCADE, related_name="export_markets")
    country_code = models.CharField(_("mã quốc gia"), max_length=2)  # ISO 3166-1 alpha-2
    country_name = models.CharField(_("quốc gia"), max_length=100)
    volume_tonnes = models.DecimalField(_("sản lượng xuất khẩu (tấn/năm)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-volume_tonnes"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "country_code"], name="one_market_per_country"),
        ]
