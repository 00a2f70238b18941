"""Account pages: register, sign in/out, password reset, profile, API tokens, personal data."""

import contextlib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hangviet.accounts import queries, services
from hangviet.accounts.forms import (
    RATE_LIMITED_MESSAGE,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ThrottledPasswordResetForm,
    TokenForm,
    identifier_key,
)
from hangviet.accounts.models import User
from hangviet.core import ratelimit
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import show_service_errors

_BACKEND = "hangviet.accounts.backends.EmailOrPhoneBackend"
TOO_MANY_REQUESTS = 429


def _user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind login_required)."""
    return request.user  # type: ignore[return-value]


@sensitive_post_parameters("password1", "password2")
@never_cache
def register(request: HttpRequest) -> HttpResponse:
    """Open a buyer account with an email or a phone; signs the new user in."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        rate = ratelimit.setting_rate("HANGVIET_REGISTER_RATE", "10/3600")
        if not ratelimit.hit(f"register:ip:{ratelimit.client_ip(request)}", rate):
            form.is_valid()  # bind the data so the form re-displays what was typed
            form.add_error(None, str(RATE_LIMITED_MESSAGE))
            status = TOO_MANY_REQUESTS
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user = services.register_user(
                    email=data["email"] or None,
                    phone=data["phone"] or None,
                    full_name=data["full_name"],
                    password=data["password1"],
                    accepted_terms=data["accepted_terms"],
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc, RegistrationForm.field_map)
            else:
                login(request, user, backend=_BACKEND)
                messages.success(request, _("Chào mừng bạn đến với HàngViệt! Tài khoản đã được tạo."))
                return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/register.html", {"form": form}, status=status)


class LoginView(auth_views.LoginView):
    """Django's login with the email-or-phone form; over the failure limit the page answers 429."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.rate_limited:
            response.status_code = TOO_MANY_REQUESTS
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"  # the mail: accounts.tasks.send_password_reset
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: ThrottledPasswordResetForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.rate_limited:
            response.status_code = TOO_MANY_REQUESTS
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def _contact_change_allowed(user: User, form: ProfileForm) -> bool:
    """A new email or phone is checked against every account ("already used"), the answer registration
    gives behind its per-address limit: here it is limited per user, counted before the check."""
    email, phone = form.cleaned_data["email"] or "", form.cleaned_data["phone"] or ""
    if email.lower() == (user.email or "").lower() and identifier_key(phone) == (user.phone or ""):
        return True  # a name correction checks nobody else's contact
    rate = ratelimit.setting_rate("HANGVIET_REGISTER_RATE", "10/3600")
    return ratelimit.hit(f"profile:contact:{user.pk}", rate)


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """See and correct one's name, email and phone; see one's roles and shop memberships."""
    user = _user(request)
    initial = {"full_name": user.full_name, "email": user.email or "", "phone": user.phone or ""}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid() and not _contact_change_allowed(user, form):
        form.add_error(None, str(RATE_LIMITED_MESSAGE))
        status = TOO_MANY_REQUESTS
    elif request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                actor=user,
                user=user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"] or None,
                phone=form.cleaned_data["phone"] or None,
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc)
            status = 422
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:account")
    elif request.method == "POST":
        status = 422
    context = {"form": form, "user": user, "roles": queries.roles_of(user)}
    return render(request, "accounts/account.html", context, status=status)


@login_required
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    """List, create (key shown once, in this response only) and revoke one's API tokens."""
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = services.create_api_token(
                    actor=user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                form = TokenForm()
        if form.errors:
            status = 422
    context = {"form": form, "tokens": queries.tokens_of(user), "new_key": new_key}
    return render(request, "accounts/tokens.html", context, status=status)  # never_cache: no-store


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of one's own tokens; anyone else's is not found here (administrators use the admin)."""
    token = get_object_or_404(queries.tokens_of(_user(request)), pk=token_id)
    with contextlib.suppress(services.TokenAlreadyRevoked):  # a double submit: revoked either way
        services.revoke_api_token(actor=_user(request), token=token)
    messages.success(request, _("Đã thu hồi khoá “%(name)s”.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
@never_cache
def data_export(request: HttpRequest) -> HttpResponse:
    """Download one's personal data as JSON (Law 91/2025: right to a copy of one's data)."""
    body = json.dumps(queries.personal_data(_user(request)), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hangviet-du-lieu-ca-nhan-{stamp}.json"'
    return response


@sensitive_post_parameters("password")
@login_required
@never_cache
def delete_account(request: HttpRequest) -> HttpResponse:
    """Ask for one's account to be deleted: confirmed with the password, then anonymised at once."""
    user = _user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.delete_account(actor=user, user=user)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                logout(request)
                messages.success(request, _("Tài khoản của bạn đã được xoá. Cảm ơn bạn đã dùng HàngViệt."))
                return redirect(settings.LOGOUT_REDIRECT_URL)
        status = 422 if form.errors else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
