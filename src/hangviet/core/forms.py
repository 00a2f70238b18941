"""Form pieces every room uses: whole numbers written the Vietnamese way, and addresses.

Whole numbers (money and quantities): `WholeNumberField` reads "125.000", "125 000", "125.000 ₫"
(core.money.parse_vnd), refuses ambiguous forms with a message, and always has an upper bound from
core.limits; its text input shows the value as "125.000".

Addresses: pick a province, then one of its communes, with no JavaScript needed.

No-JavaScript pattern: the commune <select> lists, in one <optgroup> per province, the communes of the
province already chosen (bound data or initial value), or else of a small set of provinces (by default
the platform's own, settings.HANGVIET_PROVINCE_CODE). A visitor who picks another province presses
"Hiện xã/phường của tỉnh đã chọn" (a submit button the template `core/_address_fields.html` renders); the
view sees `form.wants_commune_list()` and shows the form again with that province's communes. Whatever is
posted, clean() checks that the commune belongs to the province.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from hangviet.core import units
from hangviet.core.errors import ValidationFailed
from hangviet.core.models import Commune, Province
from hangviet.core.money import group_thousands, parse_vnd

REFRESH_FIELD = "address_refresh"


class FormRenderer(TemplatesSetting):
    """settings.FORM_RENDERER: forms render with the project's template engine, every field through one
    template (label, input, help and errors next to it, choices with their labels beside the boxes)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class WholeNumberInput(forms.TextInput):
    """A text input for whole numbers: a number input would send "125.000" as 125 and cannot show
    "125.000"; this one shows the value grouped and opens the phone's digit keyboard."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)  # type: ignore[no-any-return]


class AtMost(validators.MaxValueValidator):
    """MaxValueValidator saying the bound the Vietnamese way: "Tối đa là 1.000.000.000."."""

    message = _("Tối đa là %(limit_value)s.")

    def __call__(self, value: Any) -> None:
        if value > self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit_value": group_thousands(self.limit_value)}
            )


class AtLeast(validators.MinValueValidator):
    """MinValueValidator saying the bound the Vietnamese way."""

    message = _("Tối thiểu là %(limit_value)s.")

    def __call__(self, value: Any) -> None:
        if value < self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit_value": group_thousands(self.limit_value)}
            )


class WholeNumberField(forms.IntegerField):
    """An amount of đồng or a quantity, typed the Vietnamese way ("125.000", "125 000", "125.000 ₫").

    `max_value` is required: pass the bound from core.limits. `min_value` defaults to 0; a negative
    minimum (a stock change) gives a full keyboard on phones, since the digit keyboard has no minus sign.
    """

    widget = WholeNumberInput

    def __init__(self, *, max_value: int, min_value: int | None = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_value, self.min_value = max_value, min_value
        self.validators.append(AtMost(max_value))
        if min_value is not None:
            self.validators.append(AtLeast(min_value))
            if min_value < 0:
                self.widget.attrs["inputmode"] = "text"

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_vnd(str(value))
        except ValidationError as exc:
            if exc.code in self.error_messages:  # a form's own wording for "invalid", say
                raise ValidationError(self.error_messages[exc.code], code=exc.code) from None
            raise


class ProvinceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CommuneChoiceField(forms.ModelChoiceField):
    """Any commune validates here; the address form then checks it belongs to the chosen province."""

    default_error_messages = {
        "invalid_choice": _("Xã/phường không hợp lệ."),
    }

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AddressFieldsMixin:
    """Adds `province` and `commune` selects to a Form or ModelForm and checks they agree.

    Use it first in the bases: `class ShopForm(AddressFieldsMixin, forms.ModelForm)`. Keyword argument
    `commune_provinces`: province codes whose communes are offered while no province is chosen yet.
    On a ModelForm whose model has `province`/`commune` foreign keys, the fields replace the default ones.
    """

    province_field_name = "province"
    commune_field_name = "commune"
    address_required = True
    has_address_fields = True  # core/forms/form.html shows them through core/_address_fields.html

    fields: dict[str, Any]
    data: Any
    is_bound: bool

    def __init__(self, *args: Any, commune_provinces: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = self.address_required
        self.fields[self.province_field_name] = ProvinceChoiceField(
            queryset=Province.objects.all(),
            label=_("Tỉnh/thành phố"),
            empty_label=_("— Chọn tỉnh/thành phố —"),
            required=required,
            error_messages={
                "required": _("Hãy chọn tỉnh/thành phố."),
                "invalid_choice": _("Tỉnh/thành phố không hợp lệ."),
            },
        )
        self.fields[self.commune_field_name] = CommuneChoiceField(
            queryset=Commune.objects.all(),
            label=_("Xã/phường/đặc khu"),
            required=required,
            error_messages={"required": _("Hãy chọn xã/phường.")},
        )
        self.fields[self.province_field_name].choices = [
            ("", _("— Chọn tỉnh/thành phố —")),
            *((p.code, p.name) for p in units.provinces()),
        ]
        chosen = self.chosen_province()
        offered = [chosen.code] if chosen else list(commune_provinces or [settings.HANGVIET_PROVINCE_CODE])
        self.fields[self.commune_field_name].choices = self._commune_choices(offered)

    def _raw(self, name: str) -> Any:
        if self.is_bound:
            return self.data.get(self.add_prefix(name))  # type: ignore[attr-defined]
        value = self.initial.get(name)  # type: ignore[attr-defined]
        return getattr(value, "pk", value)

    def chosen_province(self) -> Province | None:
        """The province the visitor chose (posted or initial), if it is a real one."""
        code = self._raw(self.province_field_name)
        if not isinstance(code, str | int) or not str(code).isdigit():
            return None
        return Province.objects.filter(pk=str(code).zfill(2)).first()

    def _commune_choices(self, province_codes: list[str]) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        names = dict(Province.objects.filter(pk__in=province_codes).values_list("code", "name"))
        for code, name, province_id in (
            Commune.objects.filter(province_id__in=names)
            .order_by("province_id", "name_folded")
            .values_list("code", "name", "province_id")
        ):
            groups.setdefault(province_id, []).append((code, name))
        choices: list[Any] = [("", _("— Chọn xã/phường —"))]
        choices.extend((names[p], groups[p]) for p in province_codes if p in groups)
        return choices

    def wants_commune_list(self) -> bool:
        """True when the visitor pressed the button that only refreshes the commune list."""
        return bool(self.is_bound and self.add_prefix(REFRESH_FIELD) in self.data)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        province = cleaned.get(self.province_field_name)
        commune = cleaned.get(self.commune_field_name)
        if province is not None and commune is not None and commune.province_id != province.pk:
            self.add_error(  # type: ignore[attr-defined]
                self.commune_field_name,
                forms.ValidationError(
                    _("%(commune)s không thuộc %(province)s. Hãy chọn lại xã/phường."),
                    code="commune_not_in_province",
                    params={"commune": commune.name, "province": province.name},
                ),
            )
        return cleaned


class AddressForm(AddressFieldsMixin, forms.Form):
    """A stand-alone province + commune form (street, house number and the rest belong to the caller)."""


class LegacyAddressForm(forms.Form):
    """An address written before 01/07/2025: old province, district, ward (names or codes, any tone marks)."""

    province = forms.CharField(
        label=_("Tỉnh/thành phố cũ"),
        max_length=units.MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Ví dụ: Trà Vinh, hoặc mã 84"),
    )
    district = forms.CharField(
        label=_("Quận/huyện/thị xã cũ"),
        max_length=units.MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Ví dụ: Thành phố Trà Vinh, Cầu Kè"),
    )
    ward = forms.CharField(
        label=_("Xã/phường/thị trấn cũ"),
        max_length=units.MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Ví dụ: Phường 3, xa Hoa An (có hoặc không dấu), hoặc mã 29242"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(cleaned.get(f) for f in ("province", "district", "ward")):
            raise forms.ValidationError(
                _("Nhập ít nhất tỉnh, huyện hoặc xã cũ (tên hoặc mã)."), code="required"
            )
        return cleaned


def show_service_errors(
    form: forms.BaseForm, exc: ValidationFailed, aliases: dict[str, str] | Callable[[str], str] | None = None
) -> None:
    """Show a service's ValidationFailed next to the fields it names, others above the form.

    A service names fields as its arguments ("price_vnd", "buyer.phone", "scores.A1.1"); `aliases` maps
    such a name to the form's field (a dict, or a function for patterns). Without an alias the full name,
    then its first segment, is tried.
    """
    for error in exc.errors:
        name = (error.get("field") or "").removeprefix("body.")
        if callable(aliases):
            name = aliases(name)
        elif aliases:
            name = aliases.get(name, name)
        field = next((f for f in (name, name.split(".")[0]) if f in form.fields), None)
        form.add_error(field, ValidationError(error["message"], code=error.get("code")))
