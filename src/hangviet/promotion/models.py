"""Trade promotion: fairs and market sessions with booth maps, buy requests and offers, trade-connection
trips and MoUs, OCOP showrooms with consignment stock, training sessions, contests and news.

One module on purpose (about 620 lines): it is the room's schema, one section per sub-domain in the
order of services/ and views/, and the sub-domains point at each other (an MoU comes from a trip or an
accepted Offer; a booth names its BoothApplication by string), so the tables and their constraints are
read, and migrated, together. The behaviour lives in services/ and queries.py, not here."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Category, Product
from hangviet.core.files import RandomName, private_storage
from hangviet.core.models import Commune, Province
from hangviet.sellers.models import Seller

# --- fairs and market sessions -------------------------------------------------------------------


class Fair(models.Model):
    """A trade fair (hội chợ) or a rural market session (phiên chợ đưa hàng Việt về nông thôn)."""

    class Kind(models.TextChoices):
        FAIR = "fair", _("Hội chợ triển lãm")
        MARKET_SESSION = "market_session", _("Phiên chợ đưa hàng Việt về nông thôn")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.FAIR)
    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    programme = models.CharField(_("gắn với lễ hội / chương trình"), max_length=200, blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    venue = models.CharField(_("địa điểm"), max_length=200)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố"))
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("xã/phường"))
    applications_open_on = models.DateField(_("mở nhận đăng ký từ ngày"))
    applications_close_on = models.DateField(_("hạn đăng ký"))
    fee_rules = models.TextField(_("quy định phí gian hàng"), blank=True)
    is_published = models.BooleanField(_("công khai"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("hội chợ / phiên chợ")
        verbose_name_plural = _("hội chợ / phiên chợ")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="fair_ends_after_start"),
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=F("applications_open_on")),
                name="fair_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "starts_on"])]

    def __str__(self) -> str:
        return self.name


class Booth(models.Model):
    """A booth on a fair's map. `application` is set once, by a conditional UPDATE: never twice."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Tiêu chuẩn")
        PREMIUM = "premium", _("Cao cấp")
        OCOP = "ocop", _("Khu gian hàng OCOP")

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("mã gian hàng"), max_length=12)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    row = models.PositiveSmallIntegerField(_("hàng"))
    column = models.PositiveSmallIntegerField(_("cột"))
    width_m = models.PositiveSmallIntegerField(_("rộng (m)"), default=3)
    depth_m = models.PositiveSmallIntegerField(_("sâu (m)"), default=3)
    price_vnd = models.PositiveBigIntegerField(_("giá (đồng)"), default=0)
    application = models.ForeignKey(
        "BoothApplication", on_delete=models.SET_NULL, null=True, blank=True, related_name="booths"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["row", "column"]
        verbose_name = _("gian hàng")
        verbose_name_plural = _("gian hàng")
        constraints = [
            models.UniqueConstraint(fields=["fair", "code"], name="booth_code_unique_per_fair"),
            models.UniqueConstraint(fields=["fair", "row", "column"], name="booth_place_unique_per_fair"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def size_label(self) -> str:
        return f"{self.width_m}×{self.depth_m} m"


class BoothApplication(models.Model):
    """A unit's application for booths at a fair: a platform seller, or an outside organisation
    entered by an officer. Attendance and sales are recorded after the fair."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt, đã xếp gian hàng")
        WAITLISTED = "waitlisted", _("Danh sách chờ")
        REJECTED = "rejected", _("Bị từ chối")
        WITHDRAWN = "withdrawn", _("Đã rút")

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="applications")
    seller = models.ForeignKey(
        Seller, on_delete=models.PROTECT, null=True, blank=True, related_name="booth_applications"
    )
    organisation_name = models.CharField(_("tên đơn vị"), max_length=200)
    booths_wanted = models.PositiveSmallIntegerField(_("số gian hàng đăng ký"), default=1)
    booth_kind = models.CharField(
        _("loại gian hàng mong muốn"), max_length=10, choices=Booth.Kind.choices, default=Booth.Kind.STANDARD
    )
    products = models.ManyToManyField(Product, blank=True, verbose_name=_("sản phẩm trưng bày"))
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    visitors = models.PositiveIntegerField(_("lượt khách"), null=True, blank=True)
    sales_vnd = models.PositiveBigIntegerField(_("doanh số (đồng)"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("đăng ký gian hàng")
        verbose_name_plural = _("đăng ký gian hàng")
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "seller"],
                condition=Q(seller__isnull=False),
                name="one_application_per_seller",
            ),
            models.CheckConstraint(condition=Q(booths_wanted__gte=1), name="application_wants_a_booth"),
        ]
        indexes = [models.Index(fields=["fair", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation_name} @ {self.fair}"


class ApplicationStatusChange(models.Model):
    """Who moved a booth application from which status to which, when, and why."""

    application = models.ForeignKey(BoothApplication, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


# --- buy requests and offers ----------------------------------------------------------------------


class SupplierCertification(models.Model):
    """A certification a seller holds that buyers ask for (VietGAP, chain membership, organic…)."""

    class Kind(models.TextChoices):
        VIETGAP = "vietgap", _("VietGAP")
        GLOBALGAP = "globalgap", _("GlobalGAP")
        ORGANIC = "organic", _("Hữu cơ")
        HACCP = "haccp", _("HACCP / ISO 22000")
        CHAIN = "chain", _("Chuỗi cung ứng thực phẩm an toàn")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("chứng nhận của nhà cung cấp")
        verbose_name_plural = _("chứng nhận của nhà cung cấp")
        constraints = [models.UniqueConstraint(fields=["seller", "kind"], name="one_certification_kind")]

    def __str__(self) -> str:
        return f"{self.seller} · {self.get_kind_display()}"


class BuyRequest(models.Model):
    """B2B demand (nhu cầu mua) posted by a buyer organisation."""

    class BuyerKind(models.TextChoices):
        DISTRIBUTOR = "distributor", _("Nhà phân phối")
        SUPERMARKET = "supermarket", _("Chuỗi siêu thị")
        EXPORTER = "exporter", _("Doanh nghiệp xuất khẩu")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận chào giá")
        AWARDED = "awarded", _("Đã chọn nhà cung cấp")
        CLOSED = "closed", _("Đã đóng")

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="buy_requests")
    buyer_name = models.CharField(_("tên đơn vị mua"), max_length=200)
    buyer_kind = models.CharField(_("loại đơn vị"), max_length=12, choices=BuyerKind.choices)
    contact_email = models.EmailField(_("email liên hệ"))
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=10, blank=True)
    title = models.CharField(_("sản phẩm cần mua"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("danh mục")
    )
    description = models.TextField(_("mô tả yêu cầu"), blank=True)
    volume = models.PositiveIntegerField(_("khối lượng"))
    unit = models.CharField(_("đơn vị tính"), max_length=20)
    delivery_from = models.DateField(_("giao từ ngày"))
    delivery_to = models.DateField(_("giao đến ngày"))
    delivery_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố nhận hàng")
    )
    delivery_place = models.CharField(_("nơi nhận hàng"), max_length=200)
    min_ocop_stars = models.PositiveSmallIntegerField(_("OCOP tối thiểu (sao)"), default=0)
    needs_vietgap = models.BooleanField(_("cần VietGAP"), default=False)
    needs_chain = models.BooleanField(_("cần thuộc chuỗi thực phẩm an toàn"), default=False)
    price_min_vnd = models.PositiveBigIntegerField(_("giá thấp nhất (đồng/đơn vị)"), null=True, blank=True)
    price_max_vnd = models.PositiveBigIntegerField(_("giá cao nhất (đồng/đơn vị)"), null=True, blank=True)
    deadline_on = models.DateField(_("hạn chào giá"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    accepted_offer = models.OneToOneField(
        "Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nhu cầu mua")
        verbose_name_plural = _("nhu cầu mua")
        constraints = [
            models.CheckConstraint(condition=Q(volume__gte=1), name="buy_request_volume_positive"),
            models.CheckConstraint(condition=Q(min_ocop_stars__lte=5), name="buy_request_stars_at_most_5"),
            models.CheckConstraint(
                condition=Q(delivery_to__gte=F("delivery_from")), name="buy_request_window_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline_on"])]

    def __str__(self) -> str:
        return self.title


class SupplierMatch(models.Model):
    """A supplier the platform suggested for a buy request, its score and why (reason codes)."""

    buy_request = models.ForeignKey(BuyRequest, on_delete=models.CASCADE, related_name="matches")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="buy_request_matches")
    score = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)  # [{"code": ..., "params": {...}}]
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "seller__trading_name"]
        constraints = [models.UniqueConstraint(fields=["buy_request", "seller"], name="one_match_per_seller")]


class Offer(models.Model):
    """A supplier's answer to a buy request: unit price, volume, delivery date."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Đã gửi")
        ACCEPTED = "accepted", _("Được chọn")
        DECLINED = "declined", _("Không được chọn")

    buy_request = models.ForeignKey(BuyRequest, on_delete=models.CASCADE, related_name="offers")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="offers")
    unit_price_vnd = models.PositiveBigIntegerField(_("đơn giá (đồng)"))
    volume = models.PositiveIntegerField(_("khối lượng"))
    delivery_on = models.DateField(_("ngày giao"))
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_price_vnd", "created_at"]
        verbose_name = _("chào giá")
        verbose_name_plural = _("chào giá")
        constraints = [
            models.UniqueConstraint(fields=["buy_request", "seller"], name="one_offer_per_seller"),
            models.CheckConstraint(condition=Q(unit_price_vnd__gt=0), name="offer_price_positive"),
            models.CheckConstraint(condition=Q(volume__gte=1), name="offer_volume_positive"),
        ]

    @property
    def total_vnd(self) -> int:
        return self.unit_price_vnd * self.volume


# --- trade-connection trips and MoUs ----------------------------------------------------------------


class Trip(models.Model):
    """A trade-connection trip (chuyến kết nối giao thương / cung cầu)."""

    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    destination = models.CharField(_("điểm đến / thị trường"), max_length=200)
    partner_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("tỉnh đối tác")
    )
    starts_on = models.DateField(_("ngày đi"))
    ends_on = models.DateField(_("ngày về"))
    description = models.TextField(_("nội dung"), blank=True)
    meetings_held = models.PositiveSmallIntegerField(_("số buổi làm việc / giao thương"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("chuyến kết nối giao thương")
        verbose_name_plural = _("chuyến kết nối giao thương")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="trip_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name


class TripParticipant(models.Model):
    """A supplier or buyer on a trip: a platform seller, or an outside organisation with its contact."""

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("Nhà cung cấp")
        BUYER = "buyer", _("Bên mua")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, null=True, blank=True)
    organisation_name = models.CharField(_("tên đơn vị"), max_length=200)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["role", "organisation_name"]
        verbose_name = _("thành phần tham gia")
        verbose_name_plural = _("thành phần tham gia")

    def __str__(self) -> str:
        return self.organisation_name


class Mou(models.Model):
    """An MoU or contract (biên bản ghi nhớ / hợp đồng) signed on a trip or from an accepted offer."""

    class Status(models.TextChoices):
        SIGNED = "signed", _("Đã ký")
        IN_EXECUTION = "in_execution", _("Đang thực hiện")
        COMPLETED = "completed", _("Hoàn thành")
        LAPSED = "lapsed", _("Không thực hiện / hết hạn")

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, null=True, blank=True, related_name="mous")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="mou")
    supplier = models.ForeignKey(Seller, on_delete=models.PROTECT, null=True, blank=True, related_name="mous")
    supplier_name = models.CharField(_("bên cung cấp"), max_length=200)
    buyer_name = models.CharField(_("bên mua"), max_length=200)
    products = models.CharField(_("sản phẩm"), max_length=300)
    volume = models.CharField(_("khối lượng"), max_length=100, blank=True)
    value_vnd = models.PositiveBigIntegerField(_("giá trị (đồng)"), default=0)
    signed_on = models.DateField(_("ngày ký"))
    # Private: served by views.mou_document to whoever the trip page shows the link to (officers).
    document = models.FileField(
        _("bản scan (PDF)"), storage=private_storage, upload_to=RandomName("promotion/mous/%Y/"), blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=14, choices=Status.choices, default=Status.SIGNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("biên bản ghi nhớ / hợp đồng")
        verbose_name_plural = _("biên bản ghi nhớ / hợp đồng")

    def __str__(self) -> str:
        return f"{self.supplier_name} – {self.buyer_name}: {self.products}"


class MouStatusChange(models.Model):
    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=14)
    to_status = models.CharField(max_length=14)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


# --- OCOP showrooms -----------------------------------------------------------------------------------


class Showroom(models.Model):
    """An OCOP showroom at a tourist site (cửa hàng giới thiệu sản phẩm OCOP), selling on consignment."""

    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    site = models.CharField(_("điểm du lịch"), max_length=200)
    street = models.CharField(_("địa chỉ"), max_length=200)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("xã/phường"))
    opening_hours = models.CharField(_("giờ mở cửa"), max_length=100)
    # Commission kept by the showroom on consignment sales, in basis points (1000 = 10 %).
    commission_bp = models.PositiveIntegerField(_("hoa hồng (phần vạn)"), default=1000)
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=6, blank=True)
    bank_account = models.CharField(_("số tài khoản"), max_length=19, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="showrooms")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    opened_on = models.DateField(_("ngày khai trương"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cửa hàng giới thiệu sản phẩm OCOP")
        verbose_name_plural = _("cửa hàng giới thiệu sản phẩm OCOP")
        constraints = [
            models.CheckConstraint(condition=Q(commission_bp__lte=10000), name="commission_at_most_100")
        ]

    def __str__(self) -> str:
        return self.name


class ShowroomItem(models.Model):
    """A product on display in a showroom and the showroom's own stock of it (never below zero)."""

    showroom = models.ForeignKey(Showroom, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="showroom_items")
    quantity = models.PositiveIntegerField(_("tồn tại cửa hàng"), default=0)
    price_vnd = models.PositiveBigIntegerField(_("giá bán (đồng)"))

    class Meta:
        ordering = ["product__name"]
        constraints = [
            models.UniqueConstraint(fields=["showroom", "product"], name="one_item_per_showroom_product"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="showroom_stock_not_negative"),
        ]


class ConsignmentReceipt(models.Model):
    """Goods a producer leaves with a showroom on consignment (phiếu nhận hàng ký gửi)."""

    showroom = models.ForeignKey(Showroom, on_delete=models.PROTECT, related_name="receipts")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="consignment_receipts")
    number = models.CharField(_("số phiếu"), max_length=30, unique=True)
    received_on = models.DateField(_("ngày nhận"))
    note = models.TextField(_("ghi chú"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]


class ConsignmentLine(models.Model):
    receipt = models.ForeignKey(ConsignmentReceipt, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="consignment_qty_positive")]


class ShowroomSale(models.Model):
    """A sale at the showroom counter, paid in cash or by VietQR transfer."""

    class Payment(models.TextChoices):
        CASH = "cash", _("Tiền mặt")
        VIETQR = "vietqr", _("Chuyển khoản VietQR")

    showroom = models.ForeignKey(Showroom, on_delete=models.PROTECT, related_name="sales")
    number = models.CharField(_("số hoá đơn"), max_length=30, unique=True)
    payment = models.CharField(_("thanh toán"), max_length=8, choices=Payment.choices)
    total_vnd = models.PositiveBigIntegerField(_("tổng tiền"))
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sold_at = models.DateTimeField(_("thời điểm bán"))

    class Meta:
        ordering = ["-sold_at", "-pk"]
        indexes = [models.Index(fields=["showroom", "sold_at"])]


class ShowroomSaleLine(models.Model):
    sale = models.ForeignKey(ShowroomSale, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    unit_price_vnd = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="sale_qty_positive")]

    @property
    def amount_vnd(self) -> int:
        return self.quantity * self.unit_price_vnd


class ShowroomStockMove(models.Model):
    """One change of a showroom's stock of a product: received, sold, returned to the producer, adjusted."""

    class Kind(models.TextChoices):
        RECEIVE = "receive", _("Nhận ký gửi")
        SELL = "sell", _("Bán tại quầy")
        RETURN = "return", _("Trả lại nhà sản xuất")
        ADJUST = "adjust", _("Điều chỉnh")

    showroom = models.ForeignKey(Showroom, on_delete=models.CASCADE, related_name="stock_moves")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    delta = models.IntegerField()
    quantity_after = models.PositiveIntegerField()
    reason = models.CharField(max_length=200, blank=True)
    receipt = models.ForeignKey(ConsignmentReceipt, on_delete=models.SET_NULL, null=True, blank=True)
    sale = models.ForeignKey(ShowroomSale, on_delete=models.SET_NULL, null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["showroom", "created_at"])]


# --- campaign activities ---------------------------------------------------------------------------


class TrainingSession(models.Model):
    """A training or briefing on the campaign: topic, date, audience, how many attended."""

    topic = models.CharField(_("chủ đề"), max_length=200)
    series = models.CharField(_("thuộc đợt / chuỗi"), max_length=200, blank=True)
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=200)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    audience = models.CharField(_("đối tượng"), max_length=200)
    attendance = models.PositiveIntegerField(_("số người tham dự"), default=0)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("buổi tập huấn")
        verbose_name_plural = _("buổi tập huấn")

    def __str__(self) -> str:
        return self.topic


class Contest(models.Model):
    name = models.CharField(_("tên cuộc thi"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    description = models.TextField(_("giới thiệu"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")

    def __str__(self) -> str:
        return self.name


class ContestEntry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    entrant = models.CharField(_("người / đơn vị dự thi"), max_length=200)
    title = models.CharField(_("tên bài dự thi"), max_length=200)
    prize = models.CharField(_("giải"), max_length=100, blank=True)  # empty = not a winner

    class Meta:
        ordering = ["contest", "-prize", "entrant"]
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")

    @property
    def is_winner(self) -> bool:
        return bool(self.prize)


class NewsPost(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), help_text=_("HTML đơn giản; được làm sạch khi lưu."))
    image = models.ImageField(_("ảnh"), upload_to="promotion/news/%Y/", blank=True)
    image_alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)  # None = draft
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        indexes = [models.Index(fields=["-published_at"])]

    def __str__(self) -> str:
        return self.title
