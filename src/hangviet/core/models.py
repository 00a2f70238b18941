"""Administrative units: today's provinces and communes, and the pre-July-2025 units mapped to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A provincial unit (tỉnh / thành phố trực thuộc trung ương) with its official code."""

    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40)  # "tỉnh" or "thành phố"
    name_folded = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune-level unit (xã, phường, đặc khu) of a province, with its official code."""

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40)  # "xã", "phường", "đặc khu"
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    name_folded = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["province_id", "name"]
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")

    def __str__(self) -> str:
        return self.name
