"""The search and browse form: GET parameters checked and turned into SearchParams."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.search import SORTS, SearchParams
from hangviet.core import limits
from hangviet.core.forms import WholeNumberField
from hangviet.sellers.models import Seller

MAX_PAGE = 500  # deeper pages are never useful and cost the database a long OFFSET
PAGE_SIZE = 24

SORT_LABELS = {
    "relevance": _("Phù hợp nhất"),
    "price_asc": _("Giá tăng dần"),
    "price_desc": _("Giá giảm dần"),
    "newest": _("Mới nhất"),
    "stars": _("Nhiều sao OCOP nhất"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm"), max_length=200, required=False, strip=True)
    category = forms.SlugField(label=_("Danh mục"), max_length=80, required=False)
    min_stars = forms.TypedChoiceField(
        label=_("Sao OCOP tối thiểu"),
        choices=[("", _("Tất cả")), ("3", _("Từ 3 sao")), ("4", _("Từ 4 sao")), ("5", _("5 sao"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    province = forms.RegexField(label=_("Tỉnh/thành phố"), regex=r"^\d{2}$", required=False)
    commune = forms.RegexField(label=_("Xã/phường"), regex=r"^\d{5}$", required=False)
    price_min = WholeNumberField(label=_("Giá từ (đồng)"), max_value=limits.PRICE_MAX_VND, required=False)
    price_max = WholeNumberField(label=_("Giá đến (đồng)"), max_value=limits.PRICE_MAX_VND, required=False)
    in_stock = forms.BooleanField(label=_("Chỉ hàng còn"), required=False)
    seller_kind = forms.ChoiceField(
        label=_("Loại người bán"), choices=[("", _("Tất cả")), *Seller.Kind.choices], required=False
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"), choices=[(key, SORT_LABELS.get(key, key)) for key in SORTS], required=False
    )
    page = forms.IntegerField(label=_("Trang"), min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("price_min", "price_max"):
            self.fields[name].error_messages["invalid_number"] = _("Hãy nhập giá bằng số đồng, ví dụ 50.000.")
            self.fields[name].error_messages["min_value"] = _("Giá không được âm.")
        self.fields["page"].error_messages["invalid"] = _("Số trang phải là một số.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("Giá đến phải lớn hơn hoặc bằng giá từ."))
            data.pop("price_min", None)  # an inverted range is ignored whole
        return data

    def params(self, **fixed: Any) -> SearchParams:
        """SearchParams from the fields that passed validation (invalid ones are left out)."""
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
        data.update(fixed)
        return SearchParams(
            q=data.get("q", ""),
            category=data.get("category"),
            min_stars=data.get("min_stars"),
            province=data.get("province"),
            commune=data.get("commune"),
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            in_stock=True if data.get("in_stock") else None,
            seller_kind=data.get("seller_kind"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=PAGE_SIZE,
        )
