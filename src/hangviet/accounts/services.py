"""Every write on accounts: registration, profile, API tokens, deletion (anonymisation) of an account."""

from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.accounts.models import ApiToken, User
from hangviet.core.errors import DomainError, ValidationFailed, field_error
from hangviet.core.limits import max_length
from hangviet.core.providers import provided
from hangviet.core.validators import normalize_phone

MAX_ACTIVE_TOKENS = 20


class TooManyTokens(DomainError):
    code = "too_many_tokens"
    message = gettext_lazy("Bạn đã có quá nhiều khoá API đang dùng; hãy thu hồi bớt trước khi tạo khoá mới.")


class TokenAlreadyRevoked(DomainError):
    code = "token_already_revoked"
    message = gettext_lazy("Khoá API này đã bị thu hồi.")


class AccountAlreadyDeleted(DomainError):
    code = "account_already_deleted"
    message = gettext_lazy("Tài khoản này đã bị xoá.")


class SoleOwner(DomainError):
    code = "sole_owner"
    message = gettext_lazy(
        "Bạn là chủ duy nhất của một cửa hàng; hãy chuyển quyền chủ trước khi xoá tài khoản."
    )


def _clean_contact(
    *, email: str | None, phone: str | None, full_name: str, exclude_pk: int | None = None
) -> tuple[str | None, str | None, str, list[dict[str, str]]]:
    """Normalised (email, phone, full_name) and the list of problems: format, missing, taken."""
    errors: list[dict[str, str]] = []
    email = (email or "").strip().lower() or None
    phone = (phone or "").strip() or None
    full_name = " ".join((full_name or "").split())
    if not full_name:
        errors.append(field_error("full_name", "required", _("Cần nhập họ và tên.")))
    elif len(full_name) > (limit := max_length(User, "full_name")):
        errors.append(
            field_error("full_name", "max_length", _("Họ và tên dài tối đa %(n)s ký tự.") % {"n": limit})
        )
    if email is None and phone is None:
        errors.append(
            field_error(
                "email", "email_or_phone_required", _("Cần nhập email hoặc số điện thoại (ít nhất một).")
            )
        )
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if email is not None:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(field_error("email", "invalid_email", _("Địa chỉ email không hợp lệ.")))
        else:
            if others.filter(email__iexact=email).exists():
                errors.append(
                    field_error("email", "duplicate", _("Email này đã được dùng cho một tài khoản khác."))
                )
    if phone is not None:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors.append(field_error("phone", "invalid_phone", " ".join(exc.messages)))
        else:
            if others.filter(phone=phone).exists():
                errors.append(
                    field_error(
                        "phone", "duplicate", _("Số điện thoại này đã được dùng cho một tài khoản khác.")
                    )
                )
    return email, phone, full_name, errors


def _duplicate_errors(user: User) -> list[dict[str, str]]:
    """After an IntegrityError (a concurrent registration won the race): which field is taken."""
    errors = []
    others = User.objects.exclude(pk=user.pk) if user.pk else User.objects.all()
    if user.email and others.filter(email__iexact=user.email).exists():
        errors.append(field_error("email", "duplicate", _("Email này đã được dùng cho một tài khoản khác.")))
    if user.phone and others.filter(phone=user.phone).exists():
        errors.append(
            field_error("phone", "duplicate", _("Số điện thoại này đã được dùng cho một tài khoản khác."))
        )
    return errors or [field_error("email", "duplicate", _("Tài khoản này đã tồn tại."))]


@transaction.atomic
def register_user(
    *, email: str | None, phone: str | None, full_name: str, password: str, accepted_terms: bool
) -> User:
    """Open a buyer account with an email or a phone (at least one), recording consent to the terms.

    Raises ValidationFailed listing every problem (contact, duplicates, weak password, no consent);
    nothing is written then.
    """
    email, phone, full_name, errors = _clean_contact(email=email, phone=phone, full_name=full_name)
    user = User(email=email, phone=phone, full_name=full_name)
    try:
        validate_password(password or "", user=user)
    except ValidationError as exc:
        errors.extend(
            field_error("password", e.code or "weak_password", " ".join(e.messages)) for e in exc.error_list
        )
    if not accepted_terms:
        errors.append(
            field_error(
                "accepted_terms",
                "consent_required",
                _("Cần đồng ý điều khoản sử dụng và chính sách dữ liệu cá nhân để mở tài khoản."),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    user.terms_accepted_at = timezone.now()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationFailed(_duplicate_errors(user)) from exc
    return user


def _ensure_self_or_admin(actor: User, user: User) -> None:
    if not (actor.is_authenticated and actor.is_active and (actor.pk == user.pk or actor.is_superuser)):
        raise PermissionDenied(_("Bạn chỉ được thay đổi tài khoản của chính mình."))


@transaction.atomic
def update_profile(*, actor: User, user: User, full_name: str, email: str | None, phone: str | None) -> User:
    """Correct one's name, email or phone (a data-subject right); email or phone must remain."""
    _ensure_self_or_admin(actor, user)
    email, phone, full_name, errors = _clean_contact(
        email=email, phone=phone, full_name=full_name, exclude_pk=user.pk
    )
    if errors:
        raise ValidationFailed(errors)
    user.email, user.phone, user.full_name = email, phone, full_name
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "phone", "full_name"])
    except IntegrityError as exc:
        raise ValidationFailed(_duplicate_errors(user)) from exc
    return user


@transaction.atomic
def create_api_token(*, actor: User, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new API token for the actor, allowed only `scopes` (ApiToken.Scope values, at least one).

    Returns (token, key): the key exists only here, never stored.
    """
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("Cần đăng nhập để tạo khoá API."))
    name = " ".join((name or "").split())
    errors = []
    if not name:
        errors.append(field_error("name", "required", _("Cần đặt tên cho khoá API.")))
    elif len(name) > (limit := max_length(ApiToken, "name")):
        errors.append(
            field_error("name", "max_length", _("Tên khoá API dài tối đa %(n)s ký tự.") % {"n": limit})
        )
    chosen = set(scopes)
    if unknown := sorted(chosen - set(ApiToken.Scope.values)):
        errors.append(
            field_error(
                "scopes",
                "invalid_scope",
                _("Phạm vi không có: %(scopes)s.") % {"scopes": ", ".join(unknown)},
            )
        )
    elif not chosen:
        errors.append(field_error("scopes", "required", _("Chọn ít nhất một phạm vi cho khoá API.")))
    if errors:
        raise ValidationFailed(errors)
    # Lock the user row so two concurrent requests cannot both pass the cap.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise TooManyTokens()
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        scopes=[value for value in ApiToken.Scope.values if value in chosen],
        prefix=key[:8],
        key_hash=ApiToken.hash_key(key),
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token: only its owner (or an administrator) may; it stops working at once."""
    if not (actor.is_authenticated and (token.user_id == actor.pk or actor.is_superuser)):
        raise PermissionDenied(_("Bạn không thể thu hồi khoá API của người khác."))
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        raise TokenAlreadyRevoked()
    return ApiToken.objects.get(pk=token.pk)


@transaction.atomic
def delete_account(*, actor: User, user: User) -> User:
    """Delete an account at its owner's request (Law 91/2025: right to deletion) by anonymising it.

    The row stays so records that must be kept for accounting and tax (orders, payouts, status
    histories, who verified a seller) keep pointing at it, but it no longer says who the person was:
    email becomes `deleted-<id>@anonymised.invalid` (the schema needs an email or a phone), phone and
    name are emptied, the password made unusable (ending every session), roles and permissions
    removed, API tokens deleted, `anonymised_at` set, and the rooms above forget the user
    ("account_erasers" in settings.HANGVIET_PROVIDERS: seller memberships). Refused while one of them
    says why not ("account_deletion_blockers": the only owner of a shop would leave it without anyone
    to run it).
    """
    _ensure_self_or_admin(actor, user)
    for blocker in provided("account_deletion_blockers"):
        if reason := blocker(user):
            raise SoleOwner(reason)
    updated = User.objects.filter(pk=user.pk, anonymised_at__isnull=True).update(
        email=f"deleted-{user.pk}@anonymised.invalid",
        phone=None,
        full_name="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        is_superuser=False,
        is_officer=False,
        last_login=None,
        anonymised_at=timezone.now(),
    )
    if not updated:
        raise AccountAlreadyDeleted()
    user.groups.clear()
    user.user_permissions.clear()
    ApiToken.objects.filter(user=user).delete()
    for erase in provided("account_erasers"):
        erase(user)
    return User.objects.get(pk=user.pk)
