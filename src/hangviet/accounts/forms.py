"""Forms of the account pages: they shape and check input; the rules live in accounts.services."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hangviet.accounts import tasks
from hangviet.accounts.models import ApiToken, User
from hangviet.core import ratelimit
from hangviet.core.limits import max_length
from hangviet.core.validators import normalize_phone

RATE_LIMITED_MESSAGE = _("Bạn đã thử quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.")


def login_rate() -> ratelimit.Rate:
    """Failed logins allowed per identifier (settings.HANGVIET_LOGIN_RATE, "N/seconds")."""
    return ratelimit.setting_rate("HANGVIET_LOGIN_RATE", "5/300")


def login_ip_rate() -> ratelimit.Rate:
    """Failed logins allowed per client IP: HANGVIET_LOGIN_IP_RATE if set (raise it where many people
    share one address behind carrier NAT), else the per-identifier rate."""
    return ratelimit.parse_rate(getattr(settings, "HANGVIET_LOGIN_IP_RATE", None) or login_rate())


def identifier_key(identifier: str) -> str:
    """One key per account whatever the spelling: lower-cased email or normalised phone."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return identifier.lower()
    try:
        return normalize_phone(identifier)
    except ValidationError:
        return identifier.lower()


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Nhập email, số điện thoại hoặc cả hai."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=max_length(User, "full_name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không quá phổ biến, không chỉ gồm chữ số."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accepted_terms = forms.BooleanField(
        label=_("Tôi đồng ý với điều khoản sử dụng và chính sách bảo vệ dữ liệu cá nhân"),
        error_messages={
            "required": _("Cần đồng ý điều khoản sử dụng và chính sách dữ liệu cá nhân để mở tài khoản.")
        },
    )

    field_map = {"password": "password1"}

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        return normalize_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("email")
            and not data.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                ValidationError(
                    _("Cần nhập email hoặc số điện thoại (ít nhất một)."), code="email_or_phone_required"
                ),
            )
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", ValidationError(_("Hai mật khẩu không khớp."), code="password_mismatch")
            )
        return data


class LoginForm(AuthenticationForm):
    """Sign in with an email or a phone number; attempts are limited per client IP and per identifier.

    Each attempt is counted before its password is checked (atomically, in the shared cache): a parallel
    burst cannot all pass a check made before any of them counted. Over the limit the password is not
    checked at all and `rate_limited` tells the view to answer 429. A success clears the identifier's
    count (its owner proved who they are) and gives the IP back its attempt, so the limits count failures.
    """

    error_messages = {
        "invalid_login": _("Email/số điện thoại hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khoá."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.rate_limited = False
        self.fields["username"].label = _("Email hoặc số điện thoại")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = _("Mật khẩu")

    def clean(self) -> dict[str, Any]:
        identifier = self.cleaned_data.get("username")
        if identifier is None or not self.cleaned_data.get("password"):
            return super().clean()
        ip = ratelimit.client_ip(self.request) if self.request is not None else "unknown"
        ip_key, id_key = f"login:ip:{ip}", f"login:id:{identifier_key(identifier)}"
        # The IP first: an address over its limit adds nothing to the identifier's count.
        if not (ratelimit.hit(ip_key, login_ip_rate()) and ratelimit.hit(id_key, login_rate())):
            self.rate_limited = True
            raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
        data = super().clean()  # raises on a wrong password: the attempt stays counted
        ratelimit.reset(id_key, login_rate())
        ratelimit.unhit(ip_key, login_ip_rate())
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=max_length(User, "full_name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên khoá"),
        max_length=max_length(ApiToken, "name"),
        help_text=_("Để nhớ khoá dùng cho việc gì, ví dụ: “Đồng bộ kho”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Phạm vi"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ chọn những việc phần mềm cần làm: một khoá bị lộ chỉ làm được những việc đó."),
        error_messages={"required": _("Chọn ít nhất một phạm vi cho khoá API.")},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng tài khoản sẽ bị xoá vĩnh viễn và không thể khôi phục"),
        error_messages={"required": _("Cần xác nhận trước khi xoá tài khoản.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mật khẩu không đúng."), code="wrong_password")
        return password


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, limited per client IP and per email so it cannot flood a mailbox; the mail
    itself is sent by the worker (accounts.tasks), for any address alike."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.rate_limited = False
        self.fields["email"].label = _("Email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        rate = ratelimit.setting_rate("HANGVIET_PASSWORD_RESET_RATE", "5/3600")
        ip = ratelimit.client_ip(self.request) if self.request is not None else "unknown"
        allowed = [ratelimit.hit(key, rate) for key in (f"reset:ip:{ip}", f"reset:email:{email.lower()}")]
        if not all(allowed):
            self.rate_limited = True
            raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
        return email

    def save(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Enqueue the reset mail, whether or not the address has an account: same work, same time."""
        tasks.send_password_reset.enqueue(self.cleaned_data["email"], translation.get_language())
