"""Forms of the syndication pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.sellers.models import Seller
from hangviet.syndication.marketplaces import export_targets


class OfficerExportForm(forms.Form):
    """An officer's export of many sellers' products for one marketplace."""

    marketplace = forms.ChoiceField(label=_("Sàn"))
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    sellers = forms.ModelMultipleChoiceField(
        label=_("Người bán"),
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
        sellers.queryset = Seller.objects.filter(status=Seller.Status.VERIFIED).order_by("trading_name")

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
