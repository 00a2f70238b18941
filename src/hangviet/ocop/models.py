"""OCOP certificates (the minimal model the catalog needs; the OCOP programme grows around it)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product

EXPIRING_WITHIN_DAYS = 30


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
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)

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
