"""Seller forms: registration and profile (Art. 29 identity), officer decisions."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from hangviet.core.images import CheckedImage, ImageUploadField
from hangviet.core.models import Commune, Province
from hangviet.core.validators import normalize_phone, normalize_tax_code
from hangviet.sellers.models import Seller
from hangviet.sellers.services import PROFILE_FIELDS, VERIFIED_EDITABLE_FIELDS


def _province_of(form: "SellerForm", province_code: str | None) -> str:
    if form.is_bound:
        return str(form.data.get(form.add_prefix("province")) or "")
    if province_code:
        return province_code
    initial = form.initial.get("province")
    if isinstance(initial, Province):
        return initial.pk
    return str(initial or settings.HANGVIET_PROVINCE_CODE)


class SellerForm(forms.ModelForm):
    """Registration and correction of a seller's identity. The commune select lists the communes of the
    chosen province only (a province has ~100, the country 3,321); "Hiện xã/phường" re-renders the form
    for another province without JavaScript, and the commune is checked against the province."""

    province = forms.ModelChoiceField(
        queryset=Province.objects.all(), label=_("Tỉnh/thành phố"), empty_label=_("— Chọn tỉnh/thành phố —")
    )
    commune = forms.ModelChoiceField(
        queryset=Commune.objects.all(),
        label=_("Xã/phường"),
        empty_label=_("— Chọn xã/phường —"),
        error_messages={"invalid_choice": _("Xã/phường không tồn tại.")},
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_("10 chữ số, hoặc 10 chữ số + “-” + 3 chữ số với chi nhánh. Cá nhân ghi MST cá nhân."),
        error_messages={"unique": _("Mã số thuế này đã được đăng ký.")},
    )
    phone = forms.CharField(label=_("Điện thoại di động"), max_length=20)
    bank_account = forms.CharField(label=_("Số tài khoản"), max_length=30, required=False)
    bank_account_name = forms.CharField(label=_("Tên chủ tài khoản"), max_length=100, required=False)
    logo = ImageUploadField(label=_("Logo"), required=False, help_text=_("JPEG, PNG hoặc WebP, tối đa 5 MB."))
    licence = forms.FileField(
        label=_("Giấy chứng nhận đăng ký kinh doanh"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("Bản chụp hoặc bản quét (PDF, JPEG, PNG, tối đa 10 MB); chỉ cán bộ xác minh xem được."),
    )

    class Meta:
        model = Seller
        fields = list(PROFILE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "bank_bin": forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{6}"}),
        }
        help_texts = {
            "bank_bin": _("6 chữ số, ví dụ 970436 (Vietcombank), 970405 (Agribank)."),
            "registration_number": _("Số giấy chứng nhận đăng ký doanh nghiệp/HTX/hộ kinh doanh, nếu có."),
        }

    def __init__(self, *args: Any, province_code: str | None = None, locked: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = [("", _("— Chọn loại hình —")), *Seller.Kind.choices]  # type: ignore[attr-defined]
        self.fields["legal_name"].label = _("Tên pháp lý (tổ chức) hoặc họ tên (cá nhân)")
        self.fields["street"].label = _("Số nhà, đường, ấp (địa chỉ trụ sở hoặc thường trú)")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["tax_code"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["bank_account"].widget.attrs.update({"inputmode": "numeric"})
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("province", self.instance.province_id)
        code = _province_of(self, province_code)
        self.selected_province = Province.objects.filter(pk=code).first() if code else None
        if self.selected_province and not self.is_bound:
            self.initial["province"] = self.selected_province.pk
        communes = Commune.objects.filter(province=self.selected_province) if self.selected_province else []
        # Validation looks the code up among all communes (so a commune of another province gets a
        # clear message); the select only lists the chosen province's.
        self.fields["commune"].widget.choices = [("", _("— Chọn xã/phường —"))] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in communes
        ]
        if locked:  # a verified seller: identity fields are shown but not editable here
            for name in set(self.fields) - set(VERIFIED_EDITABLE_FIELDS):
                del self.fields[name]

    def clean_tax_code(self) -> str:
        return normalize_tax_code(self.cleaned_data["tax_code"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune, province = data.get("commune"), data.get("province")
        if commune and province and commune.province_id != province.pk:
            self.add_error("commune", _("Xã/phường không thuộc tỉnh/thành phố đã chọn."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values to hand to the service (an unchanged logo is left out)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in PROFILE_FIELDS}
        if not isinstance(data.get("logo"), CheckedImage):
            data.pop("logo", None)
        if not isinstance(data.get("licence"), UploadedFile):
            data.pop("licence", None)  # none chosen: the stored one stays
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Người bán sẽ thấy lý do này để sửa hồ sơ."),
        error_messages={"required": _("Cần ghi lý do từ chối.")},
    )
