"""Who may act on a seller's data: its members (owner or staff), officers, administrators."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from hangviet.sellers.models import Membership, Seller


def is_officer(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_officer or user.is_superuser))  # type: ignore[attr-defined]


def can_manage(user: Any, seller: Seller) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, seller=seller).exists()


def ensure_can_manage(user: object, seller: Seller) -> None:
    """Raise PermissionDenied unless `user` is a member of `seller`."""
    if not can_manage(user, seller):
        raise PermissionDenied(_("Bạn không phải thành viên của người bán này."))


def ensure_officer(user: object) -> None:
    if not is_officer(user):
        raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương được làm việc này."))


def officer_required[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """A page for officers: anonymous users go to the login page, other signed-in users get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ensure_officer(request.user)
        return view(request, *args, **kwargs)

    return cast(View, wrapper)
