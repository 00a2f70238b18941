"""Forms of the OCOP pages; the services still check every rule (forms only shape the input)."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.money import format_number
from hangviet.core.templatetags.hv import localized_name
from hangviet.ocop import queries
from hangviet.ocop.models import Dossier, Round
from hangviet.ocop.services import LOCAL_CRITERIA


def sheet_field(name: str) -> str:
    """A service's criterion path ("scores.A1.1", "self_assessment.A1.1") → the form field "c_A1.1"."""
    for prefix in ("scores.", "self_assessment."):
        if name.startswith(prefix):
            return "c_" + name.removeprefix(prefix)
    return name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2018, max_value=2100)
    number = forms.IntegerField(label=_("Đợt số"), min_value=1, max_value=20)
    title = forms.CharField(label=_("Tên đợt"), max_length=200, required=False)
    opens_on = forms.DateField(label=_("Ngày mở"), widget=DateInput())
    closes_on = forms.DateField(label=_("Ngày đóng nhận hồ sơ"), widget=DateInput())
    min_sheets = forms.IntegerField(label=_("Số phiếu chấm tối thiểu"), min_value=1, max_value=15, initial=3)
    council_members = forms.ModelMultipleChoiceField(
        label=_("Thành viên Hội đồng"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    advisory_group = forms.ModelMultipleChoiceField(
        label=_("Tổ tư vấn"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Council and advisory members are officers or staff of the department (marked is_officer).
        people = User.objects.filter(is_active=True, is_officer=True).order_by("full_name", "email")
        self.fields["council_members"].queryset = people  # type: ignore[attr-defined]
        self.fields["advisory_group"].queryset = people  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + datetime.timedelta(days=60)


class StageForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Round.Status.choices)
    step = forms.TypedChoiceField(label=_("Bước của chu trình"), choices=Round.Step.choices, coerce=int)


class ApplyForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = queries.producer_products(user)  # type: ignore[attr-defined]


def _criterion_field(criterion: Any, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{criterion.code}. {criterion.text}",
        min_value=0,
        max_value=criterion.max_points,
        decimal_places=2,
        max_digits=5,
        required=required,
        help_text=_("tối đa %(max)s điểm") % {"max": format_number(criterion.max_points)}
        + (
            " · "
            + _("bắt buộc cho hạng %(stars)s sao (≥ %(min)s)")
            % {"stars": criterion.mandatory_for_stars, "min": criterion.mandatory_min_points.normalize()}
            if criterion.mandatory_for_stars
            else ""
        ),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )


class CriteriaMixin:
    """Adds one number field per rubric criterion ("c_<code>") and groups them for the template."""

    fields: dict[str, forms.Field]

    def add_criteria(self, dossier: Dossier, initial: dict[str, str], *, required: bool) -> None:
        self.outline = queries.rubric_outline(dossier.rubric)
        for part in self.outline:
            for group in part["groups"]:
                group["fields"] = []
                for criterion in group["criteria"]:
                    name = f"c_{criterion.code}"
                    self.fields[name] = _criterion_field(criterion, required=required)
                    self.fields[name].initial = initial.get(criterion.code)
                    group["fields"].append(name)

    def criteria_scores(self) -> dict[str, str]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {
            name.removeprefix("c_"): str(value)
            for name, value in data.items()
            if name.startswith("c_") and value is not None
        }


class DossierForm(CriteriaMixin, forms.Form):
    production_plan = forms.CharField(
        label=_("Phương án sản xuất kinh doanh"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    product_story = forms.CharField(
        label=_("Câu chuyện sản phẩm"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    quality_standard = forms.CharField(label=_("Tiêu chuẩn công bố"), max_length=200, required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "production_plan": dossier.production_plan,
                "product_story": dossier.product_story,
                "quality_standard": dossier.quality_standard,
            },
        )
        super().__init__(*args, **kwargs)
        self.add_criteria(dossier, dossier.self_assessment, required=False)


class SheetForm(CriteriaMixin, forms.Form):
    comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, *args: Any, dossier: Dossier, scores: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_criteria(dossier, scores, required=False)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=200)
    file = forms.FileField(
        label=_("Tệp (PDF hoặc JPEG)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg"})
    )


LOCAL_LABELS = {
    "origin_of_materials": _("Nguồn gốc nguyên liệu tại địa phương"),
    "local_labour": _("Sử dụng lao động địa phương"),
    "origin_of_idea": _("Nguồn gốc ý tưởng sản phẩm"),
    "local_identity": _("Bản sắc địa phương"),
}


class CommuneCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết luận"),
        choices=[("forward", _("Đạt, chuyển lên Hội đồng tỉnh")), ("return", _("Trả lại để bổ sung"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do / ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in LOCAL_CRITERIA:
            self.fields[key] = forms.BooleanField(label=LOCAL_LABELS[key], required=False)


class SamplesForm(forms.Form):
    received_on = forms.DateField(label=_("Ngày nhận mẫu"), widget=DateInput())


class MinistryForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Kết quả của Bộ"),
        choices=[("1", _("Công nhận 5 sao")), ("0", _("Không công nhận 5 sao"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision_number = forms.CharField(label=_("Số quyết định của Bộ"), max_length=80, required=False)


class RecogniseForm(forms.Form):
    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=40)
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RegistryForm(forms.Form):
    """The registry filters (GET); invalid values are ignored rather than refused."""

    stars = forms.TypedChoiceField(
        label=_("Hạng sao"),
        choices=[("", _("Tất cả")), ("3", "3★"), ("4", "4★"), ("5", "5★")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    group = forms.ChoiceField(label=_("Ngành hàng"), required=False)
    commune = forms.ChoiceField(label=_("Xã/phường"), required=False)
    year = forms.IntegerField(label=_("Năm cấp"), min_value=2018, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            ("", _("Còn hiệu lực")),
            ("valid", _("Còn hiệu lực trên 30 ngày")),
            ("expiring", _("Sắp hết hạn (≤ 30 ngày)")),
            ("expired", _("Đã hết hiệu lực")),
            ("revoked", _("Bị thu hồi")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = queries.root_categories()
        self.fields["group"].choices = [("", _("Tất cả"))] + [  # type: ignore[attr-defined]
            (code, localized_name(category)) for code, category in groups.items()
        ]
        self.fields["commune"].choices = [("", _("Tất cả")), *queries.registry_communes()]  # type: ignore[attr-defined]

    def filters(self) -> queries.RegistryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return queries.RegistryFilters(
            stars=data.get("stars"),
            group=data.get("group") or "",
            commune=data.get("commune") or "",
            year=data.get("year"),
            status=data.get("status") or "",
        )
