"""Who may act on a seller's data: its members (owner or staff), officers, administrators."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from hangviet.sellers.models import Membership, Seller


def is_officer(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_officer or user.is_superuser))  # type: ignore[attr-defined]


def can_manage(user: Any, seller: Seller) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, seller=seller).exists()


def member_shop(user: Any, slug: str, queryset: QuerySet[Seller] | None = None) -> Seller:
    """The shop `slug` if `user` is one of its members: every page and API operation of a shop's workspace
    asks this. Anyone else (another seller, a buyer, an officer, an administrator) gets Http404, as for a
    shop that does not exist: a workspace is never shown to exist to those who may not enter it."""
    if getattr(user, "is_authenticated", False):
        shops = queryset if queryset is not None else Seller.objects.all()
        try:
            return shops.get(slug=slug, memberships__user=user)
        except Seller.DoesNotExist:
            pass
    raise Http404


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
