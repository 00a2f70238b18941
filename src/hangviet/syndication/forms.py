"""Forms of the syndication pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller
from hangviet.sellers.queries import own_sellers
from hangviet.syndication.marketplaces import export_targets, marketplace_choices
from hangviet.syndication.models import ExternalListing
from hangviet.syndication.services import URL_MAX


class OfficerExportForm(forms.Form):
    """An officer's export of many sellers' products for one marketplace."""

    marketplace = forms.ChoiceField(label=_("Sàn"))
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    sellers = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("several", "Người bán"),
        queryset=Seller.objects.none(),
        required=False,
        help_text=_("Không chọn ai: mọi người bán đã xác minh."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        marketplace = self.fields["marketplace"]
        assert isinstance(marketplace, forms.ChoiceField)
        marketplace.choices = [(c, m.name) for c, m in export_targets().items()]
        sellers = self.fields["sellers"]
        assert isinstance(sellers, forms.ModelMultipleChoiceField)
        sellers.queryset = own_sellers().filter(status=Seller.Status.VERIFIED).order_by("trading_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = export_targets().get(data.get("marketplace", ""))
        if target and target.export and data.get("format") not in target.export.formats:
            self.add_error(
                "format",
                _("%(marketplace)s chỉ nhận %(formats)s.")
                % {
                    "marketplace": target.name,
                    "formats": ", ".join(f.upper() for f in target.export.formats),
                },
            )
        return data


def _marketplace_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Sàn"), choices=marketplace_choices)


class ListingForm(forms.Form):
    """A seller records a product's (or the shop's) listing on a marketplace."""

    product = forms.ModelChoiceField(
        label=_("Sản phẩm"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("(cả gian hàng)"),
    )
    marketplace = _marketplace_field()
    url = forms.CharField(label=_("Đường dẫn trên sàn"), max_length=URL_MAX, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ExternalListing.Status.choices)

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ModelChoiceField)
        product.queryset = Product.objects.filter(seller=seller).order_by("name")


class ListingImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc XLSX"),
        help_text=_("Các cột: sku, marketplace (sàn), url, status (nháp / đang bán / đã gỡ)."),
    )


class GuidedListingForm(forms.Form):
    """An officer records a unit the department guided onto a marketplace."""

    seller = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Seller.objects.none())
    marketplace = _marketplace_field()
    guided_on = forms.DateField(label=_("Ngày lên sàn"), widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.CharField(
        label=_("Đường dẫn gian hàng trên sàn (nếu có)"), max_length=URL_MAX, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seller = self.fields["seller"]
        assert isinstance(seller, forms.ModelChoiceField)
        seller.queryset = own_sellers().filter(status=Seller.Status.VERIFIED).order_by("trading_name")
