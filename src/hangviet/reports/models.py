"""Targets: the plan officers set for a year, per indicator ("25 new OCOP products")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
