"""Where a seller's products are listed outside HàngViệt (the national marketplaces)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller


class ExternalListing(models.Model):
    """A product (or, without one, the shop itself) on a national marketplace: its URL there and status.

    Entered by the seller, imported from a CSV, or recorded by an officer for a unit the department
    guided onto the marketplace (`guided_by`, `guided_on`). `listed_on` and `removed_on` bound when it
    was live: the indicator "units on national marketplaces" reads them (queries.units_on_marketplaces).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        LIVE = "live", _("Đang bán")
        REMOVED = "removed", _("Đã gỡ")

    class Source(models.TextChoices):
        SELLER = "seller", _("Người bán nhập")
        IMPORT = "import", _("Nhập từ tệp CSV")
        OFFICER = "officer", _("Cán bộ ghi nhận")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="external_listings")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="external_listings"
    )
    marketplace = models.CharField(_("sàn"), max_length=30)  # the code of a syndication/marketplaces/*.toml
    url = models.URLField(_("đường dẫn trên sàn"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices)
    listed_on = models.DateField(_("ngày lên sàn"), null=True, blank=True)
    removed_on = models.DateField(_("ngày gỡ"), null=True, blank=True)
    guided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guided_on = models.DateField(_("ngày hướng dẫn"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["marketplace", "pk"]
        verbose_name = _("liên kết trên sàn khác")
        verbose_name_plural = _("liên kết trên sàn khác")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "marketplace"],
                condition=Q(product__isnull=False),
                name="one_listing_per_product_and_marketplace",
            ),
            models.UniqueConstraint(
                fields=["seller", "marketplace"],
                condition=Q(product__isnull=True),
                name="one_shop_listing_per_marketplace",
            ),
        ]
        indexes = [models.Index(fields=["status", "listed_on"])]

    def __str__(self) -> str:
        return f"{self.seller} @ {self.marketplace_name}"

    @property
    def marketplace_name(self) -> str:
        from hangviet.syndication.marketplaces import marketplace

        found = marketplace(self.marketplace)
        return found.name if found else self.marketplace
