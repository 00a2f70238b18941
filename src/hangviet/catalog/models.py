"""The catalog: categories (the OCOP groups), products, their images and every stock movement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.files import RandomName, private_storage
from hangviet.core.models import Commune
from hangviet.sellers.models import Seller


class Category(models.Model):
    """A node of the category tree; the roots are the six OCOP groups (ngành)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("danh mục")
        verbose_name_plural = _("danh mục")

    def __str__(self) -> str:
        return self.name


class Unit(models.TextChoices):
    """Units of sale as Vietnamese shops write them."""

    BOTTLE = "chai", _("chai")
    JAR = "hũ", _("hũ")
    PACK = "gói", _("gói")
    KG = "kg", _("kg")
    BOX = "hộp", _("hộp")
    BAG = "túi", _("túi")
    CAN = "lon", _("lon")
    PIECE = "cái", _("cái")
    SET = "bộ", _("bộ")
    LITRE = "lít", _("lít")
    BUNCH = "bó", _("bó")
    POT = "chậu", _("chậu")
    TICKET = "vé", _("vé")
    TRAY = "khay", _("khay")
    CHUNK = "đòn", _("đòn")
    FRUIT = "trái", _("trái")
    TUBE = "tuýp", _("tuýp")


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        ACTIVE = "active", _("Đang bán")
        ARCHIVED = "archived", _("Lưu trữ")

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    description = models.TextField(
        _("mô tả"), blank=True, help_text=_("HTML đơn giản; được làm sạch khi lưu.")
    )
    unit = models.CharField(_("đơn vị bán"), max_length=10, choices=Unit.choices)
    net_quantity = models.CharField(_("khối lượng/thể tích tịnh"), max_length=40, blank=True)
    price_vnd = models.PositiveBigIntegerField(_("giá (đồng)"))
    stock = models.PositiveIntegerField(_("tồn kho"), default=0)
    sku = models.CharField(_("mã SKU"), max_length=50)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, help_text=_("Lưu dạng 14 chữ số."))
    origin_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("xã/phường xuất xứ")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Stars of the product's current valid OCOP certificate (0 = none); kept by ocop.services.
    ocop_stars = models.PositiveSmallIntegerField(_("sao OCOP"), default=0)
    # Folded copies (core.text.fold) that the search indexes; kept by catalog.services.
    name_folded = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    # What every search reads, kept by database triggers (migration 0004) whatever the way of writing:
    # listed = active and its seller verified; place = the origin commune (and its province), else the
    # seller's. Read them in querysets only: an instance in memory may hold a stale value.
    is_listed = models.BooleanField(default=False, editable=False)
    place_commune_code = models.CharField(max_length=5, default="", editable=False)
    place_province_code = models.CharField(max_length=2, default="", editable=False)
    # The node a mirrored product comes from (network room); None for this node's own products. A
    # mirrored row is written only by the network's catalog sync and never edited here. Nullable so the
    # column is added without rebuilding the table (SQLite would drop the search triggers).
    home_node = models.CharField(_("nút gốc"), max_length=255, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        constraints = [
            models.UniqueConstraint(fields=["seller", "sku"], name="sku_unique_per_seller"),
            models.CheckConstraint(condition=Q(price_vnd__gt=0), name="price_positive"),
            models.CheckConstraint(condition=Q(ocop_stars__lte=5), name="ocop_stars_at_most_5"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["status", "price_vnd"]),
            models.Index(fields=["status", "-ocop_stars"]),
            models.Index(fields=["gtin"]),
            models.Index(
                fields=["is_listed", "category", "ocop_stars", "place_province_code"],
                name="product_listed_facets",
            ),
            models.Index(fields=["is_listed", "-ocop_stars", "-created_at"], name="product_listed_stars"),
            models.Index(fields=["is_listed", "price_vnd"], name="product_listed_price"),
            models.Index(fields=["is_listed", "-created_at"], name="product_listed_newest"),
            models.Index(fields=["is_listed", "place_province_code"], name="product_listed_province"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ACTIVE and self.seller.status == Seller.Status.VERIFIED


class ProductImage(models.Model):
    """An image checked by content (JPEG/PNG/WebP ≤ 5 MB) with a generated WebP thumbnail."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    thumbnail = models.ImageField(upload_to="products/thumbs/%Y/%m/", blank=True)
    thumb_width = models.PositiveIntegerField(default=0)
    thumb_height = models.PositiveIntegerField(default=0)
    alt = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class StockMove(models.Model):
    """One change of a product's stock, with who made it and why."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stock_moves")
    delta = models.IntegerField()
    stock_after = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ImportJob(models.Model):
    """A seller's product import from XLSX/CSV: validated whole, imported all-or-nothing by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        FAILED = "failed", _("Có lỗi, chưa nhập gì")
        DONE = "done", _("Đã nhập xong")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="import_jobs")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Private (served by import_views.job_file to the seller's members), under a random name that keeps
    # only the checked extension (.xlsx or .csv); the seller's own name is `original_name`.
    file = models.FileField(storage=private_storage, upload_to=RandomName("imports/%Y/%m/"))
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True)  # of the kind checked at upload
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "code", "message"}]
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
