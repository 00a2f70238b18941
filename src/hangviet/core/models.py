"""Administrative units: today's provinces and communes, and the pre-July-2025 units mapped to them; the
periodic tasks' slots."""

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


# Pre-July-2025 units (three tiers). Kept to read, migrate and search data entered before the
# reorganisation (old addresses, OCOP codes, product origins); new data uses Province and Commune.


class LegacyProvince(models.Model):
    """A province before 01/07/2025 (63 of them), and the current province it became part of."""

    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40)  # "tỉnh" or "thành phố"
    name_folded = models.CharField(max_length=100, editable=False)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="legacy_provinces",
        verbose_name=_("nay thuộc tỉnh/thành phố"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh/thành phố cũ")
        verbose_name_plural = _("tỉnh/thành phố cũ")

    def __str__(self) -> str:
        return self.name


class LegacyDistrict(models.Model):
    """A district-level unit before 01/07/2025 (huyện, quận, thị xã, thành phố thuộc tỉnh)."""

    code = models.CharField(_("mã"), max_length=3, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40)
    name_folded = models.CharField(max_length=100, editable=False)
    legacy_province = models.ForeignKey(
        LegacyProvince, on_delete=models.CASCADE, related_name="districts", verbose_name=_("tỉnh cũ")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="legacy_districts",
        verbose_name=_("nay thuộc tỉnh/thành phố"),
    )

    class Meta:
        ordering = ["legacy_province_id", "name"]
        verbose_name = _("quận/huyện cũ")
        verbose_name_plural = _("quận/huyện cũ")

    def __str__(self) -> str:
        return self.name


class LegacyWard(models.Model):
    """A ward-level unit before 01/07/2025 (xã, phường, thị trấn) and the commune(s) it became part of.

    `commune` is set when the whole ward went into one commune (the usual case); `communes` lists every
    successor, several when the ward was split, none for the few wards the official table omits.
    """

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=40)
    name_folded = models.CharField(max_length=100, editable=False)
    district = models.ForeignKey(
        LegacyDistrict, on_delete=models.CASCADE, related_name="wards", verbose_name=_("quận/huyện cũ")
    )
    legacy_province = models.ForeignKey(
        LegacyProvince, on_delete=models.CASCADE, related_name="wards", verbose_name=_("tỉnh cũ")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="whole_legacy_wards",
        verbose_name=_("nay là xã/phường"),
    )
    communes = models.ManyToManyField(
        Commune, related_name="legacy_wards", blank=True, verbose_name=_("nay thuộc các xã/phường")
    )

    class Meta:
        ordering = ["district_id", "name"]
        verbose_name = _("xã/phường cũ")
        verbose_name_plural = _("xã/phường cũ")

    def __str__(self) -> str:
        return self.name


class PeriodicSlot(models.Model):
    """A periodic task enqueued for one time slot (core.scheduler): the unique row is what makes two
    schedulers, on one machine or several, enqueue it once, whatever the cache."""

    task = models.CharField(max_length=200)
    slot = models.BigIntegerField()  # the Unix time divided by the task's interval
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "slot"], name="core_periodic_slot_once")]
