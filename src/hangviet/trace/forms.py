"""Producer forms in plain Vietnamese: a new lot, a step of its journey, serial numbers."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.core import limits, units
from hangviet.core.forms import AtMost
from hangviet.core.models import Commune
from hangviet.sellers.models import Seller
from hangviet.trace.labels import DEFAULT_PAPER, MAX_LABELS, PAPERS
from hangviet.trace.models import Lot

STEP_CHOICES = [
    ("harvested", _("Thu hoạch / nhận nguyên liệu")),
    ("processed", _("Chế biến")),
    ("packed", _("Đóng gói")),
    ("shipped", _("Xuất hàng đi")),
    ("received", _("Nhận hàng")),
]
INPUT_CHOICES_MAX = 200  # ingredient lots offered on the lot form (the most recent)
UOM_CHOICES = [("KGM", _("kg")), ("LTR", _("lít")), ("H87", _("cái / chai / hũ")), ("TNE", _("tấn"))]


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> Any:
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class LotForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Sản phẩm"))
    code = forms.CharField(
        label=_("Mã lô"),
        max_length=40,
        help_text=_("1–20 ký tự: chữ không dấu, chữ số, dấu - . / _ (không dấu cách)."),
    )
    produced_on = forms.DateField(label=_("Ngày sản xuất"), widget=DateInput)
    expires_on = forms.DateField(label=_("Hạn sử dụng"), required=False, widget=DateInput)
    best_before_on = forms.DateField(label=_("Sử dụng tốt nhất trước"), required=False, widget=DateInput)
    quantity = forms.DecimalField(
        label=_("Số lượng"),
        min_value=0,
        validators=[AtMost(limits.LOT_QUANTITY_MAX)],
        max_digits=14,
        decimal_places=3,
    )
    uom = forms.ChoiceField(label=_("Đơn vị"), choices=UOM_CHOICES, initial="H87")
    origin = forms.CharField(
        label=_("Vùng trồng / trang trại"), max_length=limits.max_length(Lot, "origin"), required=False
    )
    origin_commune = forms.ModelChoiceField(
        queryset=Commune.objects.none(), label=_("Xã/phường xuất xứ"), required=False
    )
    inputs = forms.ModelMultipleChoiceField(
        queryset=Lot.objects.none(), label=_("Lô nguyên liệu đã dùng"), required=False
    )
    input_notes = forms.CharField(
        label=_("Nguyên liệu khác"), max_length=limits.max_length(Lot, "input_notes"), required=False
    )
    certifications = forms.CharField(
        label=_("Chứng nhận"),
        max_length=300,
        required=False,
        help_text=_("Cách nhau bởi dấu phẩy: VietGAP, Hữu cơ…"),
    )
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(seller=seller).order_by("name")  # type: ignore[attr-defined]
        self.fields["origin_commune"].queryset = units.communes_of(seller.province_id)  # type: ignore[attr-defined]
        # The 200 most recent lots are offered; the queryset stays unsliced so a choice validates.
        mine = Lot.objects.filter(product__seller=seller).order_by("-produced_on", "-pk")
        recent = mine[:INPUT_CHOICES_MAX].values("pk")
        self.fields["inputs"].queryset = (  # type: ignore[attr-defined]
            mine.filter(pk__in=recent).select_related("product")
        )

    def certification_list(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data.get("certifications", "").split(",") if c.strip()]


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Công đoạn"), choices=STEP_CHOICES, widget=forms.RadioSelect)
    occurred_at = forms.DateTimeField(label=_("Thời điểm"), widget=DateTimeInput)
    quantity = forms.DecimalField(
        label=_("Số lượng"),
        required=False,
        min_value=0,
        validators=[AtMost(limits.LOT_QUANTITY_MAX)],
        max_digits=14,
        decimal_places=3,
    )
    uom = forms.ChoiceField(label=_("Đơn vị"), choices=UOM_CHOICES, initial="KGM")
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class SerialsForm(forms.Form):
    serials = forms.CharField(
        label=_("Số sê-ri (mỗi dòng một số)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=25000
    )

    def serial_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["serials"].splitlines() if line.strip()]


class LabelsForm(forms.Form):
    paper = forms.ChoiceField(
        label=_("Khổ giấy nhãn"), choices=[(k, p.name) for k, p in PAPERS.items()], initial=DEFAULT_PAPER
    )
    count = forms.IntegerField(label=_("Số nhãn"), min_value=1, max_value=MAX_LABELS, initial=24)
