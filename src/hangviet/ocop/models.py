"""The OCOP programme: versioned rubrics, evaluation rounds, dossiers, council score sheets, certificates.

Every state change (dossier status, certificate status) is kept as a row with who, when, from and to.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Category, Product
from hangviet.core.files import RandomName, private_storage
from hangviet.core.models import Province
from hangviet.sellers.models import Seller

EXPIRING_WITHIN_DAYS = 30


# --- rubrics (bộ tiêu chí) ------------------------------------------------------------------------


class Rubric(models.Model):
    """A criteria set of one instrument for some product sets, in force from `valid_from`.

    A dossier is scored on the rubric in force on the day its round opened (see queries.rubric_for).
    """

    code = models.SlugField(_("mã"), max_length=80, unique=True)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=250)
    instrument = models.CharField(_("văn bản ban hành"), max_length=80)
    instrument_date = models.DateField(_("ngày ban hành"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_until = models.DateField(_("áp dụng đến trước ngày"), null=True, blank=True)
    # Catalog category codes (prefixes) this set applies to: "I.2" covers I.2.1 and I.2.2; "" = any.
    product_sets = models.JSONField(_("nhóm sản phẩm áp dụng"), default=list, blank=True)
    source_note = models.TextField(_("nguồn và mức độ xác thực"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["-valid_from", "code"]
        verbose_name = _("bộ tiêu chí OCOP")
        verbose_name_plural = _("bộ tiêu chí OCOP")

    def __str__(self) -> str:
        return f"{self.title} ({self.instrument})"


class RubricPart(models.Model):
    """Part A, B or C of a rubric with its point total (QĐ 148: 40/25/35; QĐ 1048: 35/25/40)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=2)
    title = models.CharField(_("tên phần"), max_length=200)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["rubric", "code"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="one_part_code_per_rubric")]
        verbose_name = _("phần của bộ tiêu chí")
        verbose_name_plural = _("phần của bộ tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Criterion(models.Model):
    """One scored criterion; a mandatory one caps the stars below `mandatory_for_stars` when failed."""

    class Source(models.TextChoices):
        INSTRUMENT = "instrument", _("Theo văn bản")
        RECONSTRUCTED = "reconstructed", _("Dựng lại, chưa đối chiếu")

    part = models.ForeignKey(RubricPart, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    group = models.CharField(_("nhóm tiêu chí"), max_length=200)
    text = models.CharField(_("tiêu chí"), max_length=400)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    # 0 = not mandatory; 3 = must be met for 3★ (failing it means "not recognised"), 4 = for 4★, …
    mandatory_for_stars = models.PositiveSmallIntegerField(_("bắt buộc từ hạng sao"), default=0)
    mandatory_min_points = models.DecimalField(
        _("điểm tối thiểu để đạt tiêu chí bắt buộc"), max_digits=5, decimal_places=2, default=0
    )
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("nguồn"), max_length=15, choices=Source.choices, default=Source.RECONSTRUCTED)
    # Where the text, points or mandatory level come from ("QĐ 148/QĐ-TTg, Phụ lục III, mục …"), or what
    # partial evidence a reconstructed criterion has.
    source_ref = models.CharField(_("trích dẫn nguồn"), max_length=300, blank=True)

    class Meta:
        ordering = ["part__code", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["part", "code"], name="one_criterion_code_per_part"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive"),
            models.CheckConstraint(
                condition=Q(mandatory_min_points__lte=models.F("max_points")), name="criterion_min_within_max"
            ),
        ]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


# --- rounds and dossiers --------------------------------------------------------------------------


class Round(models.Model):
    """An evaluation round (đợt đánh giá) of a province's annual OCOP cycle."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị")
        OPEN = "open", _("Đang nhận hồ sơ")
        EVALUATING = "evaluating", _("Đang đánh giá")
        CLOSED = "closed", _("Đã kết thúc")

    class Step(models.IntegerChoices):
        PUBLICISE = 1, _("Tuyên truyền, hướng dẫn")
        IDEAS = 2, _("Nhận đăng ký ý tưởng sản phẩm")
        PLANS = 3, _("Nhận phương án, dự án sản xuất kinh doanh")
        EXECUTE = 4, _("Triển khai phương án, dự án")
        EVALUATE = 5, _("Đánh giá và xếp hạng sản phẩm")
        PROMOTE = 6, _("Xúc tiến thương mại")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt số"))
    title = models.CharField(_("tên đợt"), max_length=200, blank=True)
    opens_on = models.DateField(_("ngày mở"))
    closes_on = models.DateField(_("ngày đóng nhận hồ sơ"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN)
    step = models.PositiveSmallIntegerField(_("bước của chu trình"), choices=Step.choices, default=Step.PLANS)
    min_sheets = models.PositiveSmallIntegerField(_("số phiếu chấm tối thiểu"), default=3)
    council_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="ocop_council_rounds", blank=True, verbose_name=_("hội đồng")
    )
    advisory_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="ocop_advisory_rounds", blank=True, verbose_name=_("tổ tư vấn")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "number"], name="one_round_number_per_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after"
            ),
        ]
        verbose_name = _("đợt đánh giá OCOP")
        verbose_name_plural = _("đợt đánh giá OCOP")

    def __str__(self) -> str:
        return self.title or f"{_('Đợt')} {self.number}/{self.year}"


class Dossier(models.Model):
    """A producer's registration of one product for a round, through to the recognition decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Xã trả lại")
        COMMUNE_CHECKED = "commune_checked", _("Xã đã kiểm tra, chuyển lên")
        IN_EVALUATION = "in_evaluation", _("Hội đồng đang chấm")
        SCORED = "scored", _("Đã chấm điểm")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
        PROPOSED = "proposed", _("Đề nghị Bộ công nhận 5 sao")
        MINISTRY_DECIDED = "ministry_decided", _("Đã có kết quả của Bộ")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="dossiers")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="ocop_dossiers")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="ocop_dossiers")
    product_set = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("bộ sản phẩm"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="dossiers")
    # The registration form (phiếu đăng ký): short free text answers.
    production_plan = models.TextField(_("phương án sản xuất kinh doanh"), blank=True)
    product_story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    quality_standard = models.CharField(_("tiêu chuẩn công bố"), max_length=200, blank=True)
    self_assessment = models.JSONField(_("tự đánh giá"), default=dict, blank=True)  # {criterion code: "pts"}
    samples_received_on = models.DateField(_("ngày nhận mẫu"), null=True, blank=True)
    commune_check = models.JSONField(_("kết quả kiểm tra của xã"), default=dict, blank=True)
    commune_note = models.TextField(_("ý kiến của xã"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    band_stars = models.PositiveSmallIntegerField(_("hạng theo điểm"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    failed_mandatory = models.JSONField(_("tiêu chí bắt buộc không đạt"), default=list, blank=True)
    ministry_decision = models.CharField(_("quyết định của Bộ"), max_length=80, blank=True)
    ministry_recognised = models.BooleanField(_("Bộ công nhận 5 sao"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "product"], name="one_dossier_per_product_per_round"),
        ]
        indexes = [models.Index(fields=["round", "status"])]
        verbose_name = _("hồ sơ OCOP")
        verbose_name_plural = _("hồ sơ OCOP")

    def __str__(self) -> str:
        return f"#{self.pk} {self.product.name}"


class DossierStatusChange(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class DossierAttachment(models.Model):
    """A PDF or JPEG of the dossier (checked by content and size): private, served by views.attachment
    to whoever may open the dossier, under a random name (the producer's name is kept for downloads)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=RandomName("ocop/dossiers/%Y/%m/"))
    original_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(_("tên tài liệu"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class ScoreSheet(models.Model):
    """One council member's scores for one dossier; private until submitted, frozen once submitted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)  # {criterion code: "points"} with 2 decimals
    total = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    comment = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "pk"]
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="one_sheet_per_member")]
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


# --- certificates ---------------------------------------------------------------------------------


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        EXPIRED = "expired", _("Hết hiệu lực")
        REVOKED = "revoked", _("Bị thu hồi")

    number = models.CharField(_("số chứng nhận"), max_length=40, unique=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates")
    stars = models.PositiveSmallIntegerField(_("số sao"))
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("thay cho giấy chứng nhận"),
    )  # fmt: skip
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    expiry_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="expires_after_issue"
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.stars}★)"

    def status_on(self, day: datetime.date) -> str:
        """valid / expiring (≤ 30 days left) / expired / revoked, as of `day`."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status == self.Status.EXPIRED or day > self.expires_on:
            return "expired"
        if (self.expires_on - day).days <= EXPIRING_WITHIN_DAYS:
            return "expiring"
        return "valid"


class CertificateStatusChange(models.Model):
    """Issued (from ""), revoked, expired: who (None = the scheduler), when, from what to what, why."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
