"""Targets: the plan officers set for a year, per indicator ("25 new OCOP products")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.core.files import RandomName, private_storage


class Target(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("chỉ số"), max_length=40)  # a code of reports.indicators.REGISTRY
    value = models.PositiveBigIntegerField(_("chỉ tiêu"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["year", "indicator"], name="one_target_per_indicator_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="target_year_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class YearEndReport(models.Model):
    """A year-end report an officer asked for: generated in the background (tasks.build_year_end_report),
    its progress kept here, its three files private (served to officers only)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    docx = models.FileField(storage=private_storage, upload_to=RandomName("reports/%Y/"), blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=RandomName("reports/%Y/"), blank=True)
    xlsx = models.FileField(storage=private_storage, upload_to=RandomName("reports/%Y/"), blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("báo cáo tổng kết năm")
        verbose_name_plural = _("báo cáo tổng kết năm")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
        ]
