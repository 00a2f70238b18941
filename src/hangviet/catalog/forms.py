"""Forms of the seller's product management: product, stock adjustment, image upload, list filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.catalog.models import Category, Product, ProductImage, StockMove, Unit
from hangviet.catalog.services import EDITABLE_FIELDS
from hangviet.core import limits, units
from hangviet.core.forms import WholeNumberField
from hangviet.core.images import MultipleImageField
from hangviet.core.limits import max_length
from hangviet.core.models import Commune
from hangviet.core.validators import normalize_gtin
from hangviet.sellers.models import Seller


def category_choices() -> list[tuple[Any, Any]]:
    """The OCOP tree as select options, children indented under their parent (one query)."""
    nodes = list(Category.objects.order_by("position", "code"))
    children: dict[int | None, list[Category]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    choices: list[tuple[Any, Any]] = [("", _("— Chọn danh mục —"))]

    def walk(parent: int | None, depth: int) -> None:
        for node in children.get(parent, []):
            choices.append((node.pk, "\u2003" * depth + node.name))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return choices


class ProductForm(forms.ModelForm):
    price_vnd = WholeNumberField(
        label=_("Giá (đồng)"),
        min_value=1,
        max_value=limits.PRICE_MAX_VND,
        help_text=_("Đã gồm mọi chi phí trừ phí vận chuyển, ví dụ 120.000."),
        error_messages={"min_value": _("Giá phải lớn hơn 0 đồng.")},
    )
    stock = WholeNumberField(
        label=_("Tồn kho ban đầu"),
        max_value=limits.STOCK_MAX,
        initial=0,
        error_messages={"min_value": _("Tồn kho không được âm.")},
    )
    gtin = forms.CharField(
        label=_("GTIN (mã vạch)"),
        required=False,
        max_length=20,
        help_text=_("Không bắt buộc. GTIN-8, 12, 13 hoặc 14 chữ số, kiểm tra số cuối."),
    )
    origin_commune = forms.ModelChoiceField(
        queryset=Commune.objects.all(),
        label=_("Xã/phường xuất xứ"),
        required=False,
        empty_label=_("— Không ghi —"),
        error_messages={"invalid_choice": _("Xã/phường không tồn tại.")},
    )

    class Meta:
        model = Product
        fields = list(EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, seller: Seller, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seller = seller
        if creating:
            self.fields["images"] = MultipleImageField(
                label=_("Ảnh sản phẩm"), required=False, help_text=IMAGES_HELP
            )
        else:
            del self.fields["stock"]
        self.fields["unit"].choices = [("", _("— Chọn đơn vị —")), *Unit.choices]  # type: ignore[attr-defined]
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        self.fields["sku"].widget.attrs["autocapitalize"] = "characters"
        self.fields["gtin"].widget.attrs["inputmode"] = "numeric"
        # Products come mostly from the seller's own province: list its communes, plus the current one.
        communes = list(units.communes_of(seller.province_id))
        current = self.instance.origin_commune if self.instance.pk else None
        if current and current not in communes:
            communes.insert(0, current)
        self.fields["origin_commune"].widget.choices = [("", _("— Không ghi —"))] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in communes
        ]

    def clean_gtin(self) -> str:
        value = (self.cleaned_data.get("gtin") or "").strip()
        return normalize_gtin(value) if value else ""

    def clean_sku(self) -> str:
        sku = (self.cleaned_data.get("sku") or "").strip()
        others = Product.objects.filter(seller=self.seller, sku=sku)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if sku and others.exists():
            raise forms.ValidationError(
                _("Mã SKU này đã dùng cho sản phẩm khác của cửa hàng."), code="duplicate_sku"
            )
        return sku

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_FIELDS}


class StockForm(forms.Form):
    delta = WholeNumberField(
        label=_("Số lượng thay đổi"),
        min_value=-limits.QUANTITY_MAX,
        max_value=limits.QUANTITY_MAX,
        help_text=_("Số dương để nhập thêm, số âm để xuất bớt (ví dụ -3)."),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=max_length(StockMove, "reason"),
        help_text=_("Ví dụ: nhập lô mới, hàng hỏng, kiểm kê."),
        error_messages={"required": _("Cần ghi lý do thay đổi tồn kho.")},
    )

    def clean_delta(self) -> int:
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise forms.ValidationError(_("Số lượng thay đổi phải khác 0."), code="zero")
        return delta


IMAGES_HELP = _(
    "Chọn được nhiều ảnh một lần. JPEG, PNG hoặc WebP, mỗi ảnh tối đa 5 MB. Thông tin EXIF (vị trí, "
    "máy ảnh) được xoá."
)


class ImageForm(forms.Form):
    image = MultipleImageField(label=_("Ảnh sản phẩm"), help_text=IMAGES_HELP)
    alt = forms.CharField(
        label=_("Mô tả ảnh (cho người dùng trình đọc màn hình)"),
        max_length=max_length(ProductImage, "alt"),
        required=False,
    )


class ProductFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *Product.Status.choices],
    )
    q = forms.CharField(label=_("Tên hoặc SKU"), required=False, max_length=100)
    low_stock = forms.BooleanField(label=_("Chỉ sản phẩm đang bán sắp hết hàng"), required=False)
