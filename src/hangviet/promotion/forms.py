"""Forms of the promotion pages: they read and check input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Category, Product
from hangviet.core import limits
from hangviet.core.forms import AddressFieldsMixin, WholeNumberField
from hangviet.core.models import Province
from hangviet.promotion.models import Booth, BuyRequest, Fair, Mou, ShowroomSale
from hangviet.sellers.models import Seller

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FairForm(AddressFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Fair.Kind.choices)
    name = forms.CharField(label=_("Tên"), max_length=200)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200)
    programme = forms.CharField(label=_("Gắn với lễ hội / chương trình"), max_length=200, required=False)
    venue = forms.CharField(label=_("Địa điểm"), max_length=200)
    starts_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE)
    ends_on = forms.DateField(label=_("Ngày kết thúc"), widget=DATE)
    applications_open_on = forms.DateField(label=_("Mở nhận đăng ký từ ngày"), widget=DATE)
    applications_close_on = forms.DateField(label=_("Hạn đăng ký"), widget=DATE)
    fee_rules = forms.CharField(
        label=_("Quy định phí gian hàng"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description = forms.CharField(
        label=_("Giới thiệu"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    is_published = forms.BooleanField(label=_("Công khai ngay"), required=False, initial=True)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("province", None)
        return data


class BoothGridForm(forms.Form):
    rows = forms.IntegerField(label=_("Số hàng"), min_value=1, max_value=50, initial=2)
    columns = forms.IntegerField(label=_("Số gian mỗi hàng"), min_value=1, max_value=30, initial=10)
    kind = forms.ChoiceField(label=_("Loại gian hàng"), choices=Booth.Kind.choices)
    price_vnd = WholeNumberField(label=_("Giá mỗi gian (đồng)"), max_value=limits.PRICE_MAX_VND, initial=0)
    code_prefix = forms.CharField(label=_("Tiền tố mã (vd. A)"), max_length=4, required=False)
    width_m = forms.IntegerField(label=_("Rộng (m)"), min_value=1, max_value=20, initial=3)
    depth_m = forms.IntegerField(label=_("Sâu (m)"), min_value=1, max_value=20, initial=3)


class ApplicationForm(forms.Form):
    booths_wanted = forms.IntegerField(label=_("Số gian hàng"), min_value=1, max_value=10, initial=1)
    booth_kind = forms.ChoiceField(label=_("Loại gian hàng"), choices=Booth.Kind.choices)
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm sẽ trưng bày"),
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every product id validates, so a foreign product reaches the service and is refused there.
        field = self.fields["products"]
        field.queryset = Product.objects.all()  # type: ignore[attr-defined]
        field.choices = [  # type: ignore[attr-defined]
            (p.pk, p.name)
            for p in Product.objects.filter(seller=seller).exclude(status=Product.Status.ARCHIVED)
        ]


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(forms.Form):
    booth_codes = forms.CharField(
        label=_("Mã gian hàng (cách nhau bởi dấu phẩy; để trống để xếp tự động)"),
        max_length=300,
        required=False,
    )

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("booth_codes") or ""
        return [c.strip().upper() for c in raw.replace(";", ",").split(",") if c.strip()]


class ResultsForm(forms.Form):
    visitors = WholeNumberField(label=_("Lượt khách"), max_value=limits.QUANTITY_MAX, required=False)
    sales_vnd = WholeNumberField(label=_("Doanh số (đồng)"), max_value=limits.AMOUNT_MAX_VND, required=False)


class BuyRequestForm(forms.Form):
    buyer_name = forms.CharField(label=_("Tên đơn vị mua"), max_length=200)
    buyer_kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=BuyRequest.BuyerKind.choices)
    contact_email = forms.EmailField(label=_("Email liên hệ"))
    contact_phone = forms.CharField(label=_("Điện thoại liên hệ"), max_length=15, required=False)
    title = forms.CharField(label=_("Sản phẩm cần mua"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Danh mục"), queryset=Category.objects.all(), required=False, empty_label=_("— Không chọn —")
    )
    description = forms.CharField(
        label=_("Mô tả yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    volume = WholeNumberField(label=_("Khối lượng"), min_value=1, max_value=limits.QUANTITY_MAX)
    unit = forms.CharField(label=_("Đơn vị tính (kg, tấn, chai…)"), max_length=20)
    delivery_from = forms.DateField(label=_("Giao từ ngày"), widget=DATE)
    delivery_to = forms.DateField(label=_("Giao đến ngày"), widget=DATE)
    delivery_province = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố nhận hàng"), queryset=Province.objects.all()
    )
    delivery_place = forms.CharField(label=_("Nơi nhận hàng"), max_length=200)
    min_ocop_stars = forms.TypedChoiceField(
        label=_("OCOP tối thiểu"),
        coerce=int,
        choices=[(0, _("Không yêu cầu")), (3, "3★"), (4, "4★"), (5, "5★")],
        initial=0,
    )
    needs_vietgap = forms.BooleanField(label=_("Cần VietGAP"), required=False)
    needs_chain = forms.BooleanField(label=_("Cần thuộc chuỗi thực phẩm an toàn"), required=False)
    price_min_vnd = WholeNumberField(
        label=_("Giá thấp nhất (đồng/đơn vị)"), max_value=limits.PRICE_MAX_VND, required=False
    )
    price_max_vnd = WholeNumberField(
        label=_("Giá cao nhất (đồng/đơn vị)"), max_value=limits.PRICE_MAX_VND, required=False
    )
    deadline_on = forms.DateField(label=_("Hạn chào giá"), widget=DATE)


class OfferForm(forms.Form):
    seller = forms.ModelChoiceField(
        label=_("Chào giá với tư cách"), queryset=Seller.objects.none(), empty_label=None
    )
    unit_price_vnd = WholeNumberField(label=_("Đơn giá (đồng)"), min_value=1, max_value=limits.PRICE_MAX_VND)
    volume = WholeNumberField(label=_("Khối lượng"), min_value=1, max_value=limits.QUANTITY_MAX)
    delivery_on = forms.DateField(label=_("Ngày giao"), widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, sellers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = sellers  # type: ignore[attr-defined]


class CounterForm(forms.Form):
    payment = forms.ChoiceField(
        label=_("Thanh toán"), choices=ShowroomSale.Payment.choices, widget=forms.RadioSelect, initial="cash"
    )


class StockChangeForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    quantity = WholeNumberField(
        label=_("Số lượng (âm để giảm khi điều chỉnh)"),
        min_value=-limits.QUANTITY_MAX,
        max_value=limits.QUANTITY_MAX,
    )
    reason = forms.CharField(label=_("Lý do"), max_length=200, required=False)

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]


class MouForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Nhà cung cấp trên sàn"),
        queryset=Seller.objects.filter(status=Seller.Status.VERIFIED),
        required=False,
        empty_label=_("— Đơn vị ngoài sàn —"),
    )
    supplier_name = forms.CharField(label=_("Bên cung cấp"), max_length=200, required=False)
    buyer_name = forms.CharField(label=_("Bên mua"), max_length=200)
    products = forms.CharField(label=_("Sản phẩm"), max_length=300)
    volume = forms.CharField(label=_("Khối lượng"), max_length=100, required=False)
    value_vnd = WholeNumberField(label=_("Giá trị (đồng)"), max_value=limits.AMOUNT_MAX_VND, initial=0)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DATE)
    document = forms.FileField(label=_("Bản scan (PDF, tối đa 10 MB)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("supplier") and not data.get("supplier_name"):
            self.add_error("supplier_name", _("Chọn nhà cung cấp trên sàn hoặc ghi tên đơn vị."))
        return data


class MouStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=Mou.Status.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
