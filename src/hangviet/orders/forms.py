"""Forms of the buyer and seller pages; the services check everything again."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Product
from hangviet.core import limits
from hangviet.core.forms import AddressFieldsMixin, WholeNumberField
from hangviet.core.limits import max_length
from hangviet.core.money import format_vnd, parse_vnd
from hangviet.orders.models import REVIEW_TEXT_MAX, Checkout, Order, PaymentMethod


class AddToCartForm(forms.Form):
    product = forms.SlugField(max_length=100, widget=forms.HiddenInput)
    quantity = WholeNumberField(label=_("Số lượng"), max_value=limits.QUANTITY_MAX, initial=1)


class CheckoutForm(AddressFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Họ và tên người nhận"), max_length=max_length(Checkout, "buyer_name"))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("Để nhận xác nhận đơn và thông báo giao hàng.")
    )
    street = forms.CharField(label=_("Số nhà, đường, ấp"), max_length=max_length(Checkout, "street"))
    payment_method = forms.ChoiceField(
        label=_("Cách thanh toán"), choices=PaymentMethod.choices, widget=forms.RadioSelect, initial="cod"
    )
    expected_total_vnd = WholeNumberField(
        required=False, max_value=limits.AMOUNT_MAX_VND, widget=forms.HiddenInput
    )

    field_order = ["name", "phone", "email", "street", "province", "commune", "payment_method"]

    def as_hidden_data(self) -> list[tuple[str, Any]]:
        """The cleaned data as (name, value) pairs for the review page's hidden inputs."""
        data = self.cleaned_data
        return [
            ("name", data["name"]),
            ("phone", data["phone"]),
            ("email", data.get("email", "")),
            ("street", data["street"]),
            ("province", data["province"].pk),
            ("commune", data["commune"].pk),
            ("payment_method", data["payment_method"]),
        ]


class B2BOrderForm(AddressFieldsMixin, forms.Form):
    """Turn an agreed deal (an accepted buy-request offer) into a marketplace order of one seller's product.

    `products`: the seller's products to choose from. The price and quantity come from the deal.
    """

    # Service error fields → form fields.
    SERVICE_FIELDS = {
        "buyer.name": "name",
        "buyer.phone": "phone",
        "buyer.email": "email",
        "address.street": "street",
        "address.province_code": "province",
        "address.commune_code": "commune",
        "payment_method": "payment_method",
        "lines.0.product": "product",
        "lines.0.quantity": "product",
    }

    product = forms.ModelChoiceField(
        label=_("Sản phẩm của nhà cung cấp"),
        queryset=Product.objects.none(),
        empty_label=_("— Chọn sản phẩm —"),
        error_messages={
            "required": _("Hãy chọn sản phẩm."),
            "invalid_choice": _("Sản phẩm không hợp lệ."),
        },
    )
    name = forms.CharField(label=_("Tên người/đơn vị nhận"), max_length=max_length(Checkout, "buyer_name"))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    email = forms.EmailField(label=_("Email"), required=False)
    street = forms.CharField(label=_("Số nhà, đường, ấp"), max_length=max_length(Checkout, "street"))
    payment_method = forms.ChoiceField(
        label=_("Cách thanh toán"), choices=PaymentMethod.choices, widget=forms.RadioSelect, initial="vietqr"
    )

    field_order = ["product", "name", "phone", "email", "street", "province", "commune", "payment_method"]

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        field.queryset = products  # type: ignore[attr-defined]
        field.label_from_instance = _product_label  # type: ignore[attr-defined]


def _product_label(product: Product) -> str:
    return _("%(name)s · %(price)s/%(unit)s · còn %(stock)s") % {
        "name": product.name,
        "price": format_vnd(product.price_vnd),
        "unit": product.unit,
        "stock": product.stock,
    }


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("Đơn vị vận chuyển"), max_length=max_length(Order, "carrier"))
    tracking_number = forms.CharField(label=_("Mã vận đơn"), max_length=max_length(Order, "tracking_number"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã đơn hàng"),
        max_length=10,
        help_text=_("Mã một đơn (HV…) hoặc mã nhóm đơn hiện sau khi đặt (GH…)."),
    )
    phone = forms.CharField(label=_("Số điện thoại đặt hàng"), max_length=20)


class ResolvePaymentForm(forms.Form):
    note = forms.CharField(label=_("Cách đã xử lý"), max_length=500)


class AssignPaymentForm(forms.Form):
    order_code = forms.CharField(label=_("Mã đơn"), max_length=10)


class DeliveryPolicyForm(forms.Form):
    flat_fee_vnd = WholeNumberField(label=_("Phí giao hàng (đồng)"), max_value=limits.FEE_MAX_VND)
    free_above_vnd = WholeNumberField(
        label=_("Miễn phí giao cho đơn từ (đồng)"),
        max_value=limits.AMOUNT_MAX_VND,
        required=False,
        help_text=_("Để trống nếu không."),
    )
    min_days = forms.IntegerField(label=_("Giao nhanh nhất (ngày)"), min_value=0, max_value=60)
    max_days = forms.IntegerField(label=_("Giao chậm nhất (ngày)"), min_value=0, max_value=60)
    lapse_hours = forms.IntegerField(
        label=_("Thời hạn xác nhận đơn (giờ)"),
        min_value=1,
        max_value=72,
        required=False,
        help_text=_("Để trống: 12 giờ (Nghị định 52, Điều 20)."),
    )
    province_fees = forms.CharField(
        label=_("Phí theo tỉnh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: mã tỉnh = phí, ví dụ 79 = 45.000"),
    )

    def clean_province_fees(self) -> dict[str, int]:
        from hangviet.core.models import Province

        fees: dict[str, int] = {}
        for raw in (self.cleaned_data.get("province_fees") or "").splitlines():
            if not raw.strip():
                continue
            code, _sep, text = raw.partition("=")
            code = code.strip().zfill(2)
            try:
                fee = parse_vnd(text)
            except forms.ValidationError:
                fee = None
            if fee is None or fee < 0 or not Province.objects.filter(pk=code).exists():
                raise forms.ValidationError(
                    _("Dòng không hợp lệ: %(line)s"), code="invalid_line", params={"line": raw.strip()}
                )
            if fee > limits.FEE_MAX_VND:
                raise forms.ValidationError(
                    _("Phí ở dòng “%(line)s” vượt mức tối đa %(limit)s."),
                    code="max_value",
                    params={"line": raw.strip(), "limit": format_vnd(limits.FEE_MAX_VND)},
                )
            fees[code] = fee
        return fees


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Số sao"),
        coerce=int,
        choices=[(n, n) for n in (5, 4, 3, 2, 1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn từ 1 đến 5 sao."),
            "invalid_choice": _("Hãy chọn từ 1 đến 5 sao."),
        },
    )
    text = forms.CharField(
        label=_("Nhận xét (không bắt buộc)"),
        required=False,
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Trả lời của cửa hàng"), max_length=REVIEW_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class SavedAddressForm(AddressFieldsMixin, forms.Form):
    """A new address of the buyer's address book (checked again by services.addresses, as checkout does)."""

    name = forms.CharField(label=_("Họ và tên người nhận"), max_length=max_length(Checkout, "buyer_name"))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    street = forms.CharField(label=_("Số nhà, đường, ấp"), max_length=max_length(Checkout, "street"))

    field_order = ["name", "phone", "street", "province", "commune"]
