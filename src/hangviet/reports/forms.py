"""Forms of the reports pages: they read and check input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import WholeNumberField
from hangviet.reports import indicators
from hangviet.reports.services import target_bound


class TargetsForm(forms.Form):
    """A year's plan: one optional whole number per indicator (empty = no target)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in indicators.all_indicators():
            self.fields[indicator.code] = WholeNumberField(
                label=f"{indicator.name} ({indicator.unit_label})",
                max_value=target_bound(indicator.code),
                required=False,
            )

    def sections(self) -> list[tuple[str, list[Any]]]:
        out: dict[str, list[Any]] = {}
        for indicator in indicators.all_indicators():
            out.setdefault(indicator.section, []).append(self[indicator.code])
        return [(str(indicators.SECTIONS[code]), out[code]) for code in indicators.SECTIONS if code in out]


class PeriodForm(forms.Form):
    """The dashboard's period picker (read by periods.from_params; this form only draws it)."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        choices=[("", "–"), *[(q, q) for q in range(1, 5)]],
        required=False,
        coerce=int,
        widget=forms.Select(attrs={"id": "p-q"}),
    )
    month = forms.TypedChoiceField(
        label=_("Tháng"),
        choices=[("", "–"), *[(m, m) for m in range(1, 13)]],
        required=False,
        coerce=int,
        widget=forms.Select(attrs={"id": "p-m"}),
    )
