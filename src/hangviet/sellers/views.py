"""Seller pages: registration, the shop picker and dashboard, profile correction; officer verification."""

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.core.errors import ValidationFailed
from hangviet.core.files import serve_private_file
from hangviet.core.forms import show_service_errors
from hangviet.sellers import queries, services
from hangviet.sellers.forms import RejectForm, SellerForm
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop, officer_required

PROVINCE_BUTTON = "choose_province"


def member_seller(request: HttpRequest, shop: str) -> Seller:
    """The shop `shop` if the signed-in user is one of its members; 404 otherwise (no leak of drafts)."""
    return member_shop(request.user, shop, Seller.objects.select_related("commune", "province"))


def _labelled(changes: Any) -> list[Any]:
    """Status changes with their statuses as translated labels, for display."""
    labels = dict(Seller.Status.choices)
    rows = list(changes)
    for change in rows:
        change.from_label = labels.get(change.from_status, "")
        change.to_label = labels.get(change.to_status, change.to_status)
    return rows


def _refreshed_form(request: HttpRequest, **kwargs: Any) -> SellerForm:
    """The form re-shown (unbound, nothing saved) with the communes of the province just chosen."""
    initial = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", PROVINCE_BUTTON)}
    return SellerForm(initial=initial, province_code=request.POST.get("province") or None, **kwargs)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Open a shop: every Art. 29 field; the seller starts pending until an officer verifies it."""
    if request.method == "GET" and "another" not in request.GET and queries.shops_of(request.user).exists():
        # Someone who already has a shop looking for "Mở gian hàng" wants their shop, not a blank form.
        messages.info(
            request,
            _('Bạn đã có cửa hàng. Để đăng ký thêm một cửa hàng khác, chọn "Đăng ký một cửa hàng mới".'),
        )
        return redirect("sellers:picker")
    if request.method == "POST" and PROVINCE_BUTTON in request.POST:
        form = _refreshed_form(request)
    elif request.method == "POST":
        form = SellerForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                seller = services.register_seller(actor=request.user, **form.service_fields())  # type: ignore[arg-type]
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã gửi đăng ký. Cửa hàng đang chờ cán bộ Sở Công Thương xác minh.")
                )
                return redirect("sellers:dashboard", shop=seller.slug)
    else:
        form = SellerForm(province_code=request.GET.get("province") or None)
    return render(request, "sellers/register.html", {"form": form, "province_button": PROVINCE_BUTTON})


@login_required
def shop_picker(request: HttpRequest) -> HttpResponse:
    """The shops the user works for; with exactly one, go straight to it."""
    memberships = list(queries.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("sellers:dashboard", shop=memberships[0].seller.slug)
    return render(request, "sellers/picker.html", {"memberships": memberships})


@login_required
def dashboard(request: HttpRequest, shop: str) -> HttpResponse:
    seller = member_seller(request, shop)
    history = _labelled(seller.status_changes.all())  # a shop's few verification steps, all of them
    return render(request, "sellers/dashboard.html", {"seller": seller, "history": history})


@login_required
def profile(request: HttpRequest, shop: str) -> HttpResponse:
    """Correct the seller's details; a rejected seller saves and asks to be verified again."""
    seller = member_seller(request, shop)
    locked = seller.status == Seller.Status.VERIFIED
    instance = Seller.objects.get(pk=seller.pk)  # the form writes into its instance while validating
    if request.method == "POST" and PROVINCE_BUTTON in request.POST:
        form = _refreshed_form(request, instance=instance, locked=locked)
    elif request.method == "POST":
        form = SellerForm(request.POST, request.FILES, instance=instance, locked=locked)
        if form.is_valid():
            resubmit = seller.status == Seller.Status.REJECTED
            try:
                services.update_seller_profile(
                    actor=request.user,  # type: ignore[arg-type]
                    seller=seller,
                    resubmit=resubmit,
                    **form.service_fields(),
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            except services.SellerProfileLocked:
                form.add_error(None, _("Thông tin định danh của người bán đã xác minh chỉ cán bộ được sửa."))
            else:
                if resubmit:
                    messages.success(request, _("Đã lưu và gửi lại hồ sơ để cán bộ xác minh."))
                else:
                    messages.success(request, _("Đã lưu thông tin cửa hàng."))
                return redirect("sellers:dashboard", shop=seller.slug)
    else:
        form = SellerForm(instance=instance, locked=locked, province_code=request.GET.get("province") or None)
    return render(
        request,
        "sellers/profile.html",
        {"seller": seller, "form": form, "locked": locked, "province_button": PROVINCE_BUTTON},
    )


@login_required
@require_POST
def resubmit(request: HttpRequest, shop: str) -> HttpResponse:
    seller = member_seller(request, shop)
    try:
        services.resubmit_seller(actor=request.user, seller=seller)  # type: ignore[arg-type]
    except services.SellerAlreadyDecided:
        messages.error(request, _("Hồ sơ không ở trạng thái bị từ chối nên không gửi lại được."))
    else:
        messages.success(request, _("Đã gửi lại hồ sơ để cán bộ xác minh."))
    return redirect("sellers:dashboard", shop=seller.slug)


# --- Officers -------------------------------------------------------------------------------------


@officer_required
def officer_home(request: HttpRequest) -> HttpResponse:
    """The officer workspace: each queue of work with its count, a link to the filtered list; the other
    rooms add theirs (settings.HANGVIET_PANELS "officer_queues")."""
    pending = Seller.objects.filter(status=Seller.Status.PENDING).count()
    return render(request, "sellers/officer_home.html", {"pending_sellers": pending})


@officer_required
def officer_list(request: HttpRequest) -> HttpResponse:
    """Sellers to verify (pending first by default), with their identity at a glance."""
    status = request.GET.get("status", Seller.Status.PENDING)
    sellers = queries.own_sellers().select_related("commune", "province").order_by("created_at", "pk")
    if status in Seller.Status.values:
        sellers = sellers.filter(status=status)
    else:
        status = ""
    q = request.GET.get("q", "").strip()
    if q:
        sellers = sellers.filter(
            Q(tax_code__startswith=q) | Q(legal_name__icontains=q) | Q(trading_name__icontains=q)
        )
    page = Paginator(sellers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sellers/officer_list.html",
        {"page": page, "status": status, "q": q, "statuses": Seller.Status.choices},
    )


@officer_required
def officer_detail(request: HttpRequest, pk: int, reject_form: RejectForm | None = None) -> HttpResponse:
    seller = get_object_or_404(
        queries.own_sellers().select_related("commune", "province", "verified_by"), pk=pk
    )
    history = _labelled(seller.status_changes.select_related("actor"))
    members = seller.memberships.select_related("user")
    return render(
        request,
        "sellers/officer_detail.html",
        {
            "seller": seller,
            "history": history,
            "members": members,
            "reject_form": reject_form or RejectForm(),
        },
        status=422 if reject_form is not None else 200,
    )


@officer_required
def officer_licence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The seller's uploaded registration certificate, to the officers who open its verification page."""
    seller = get_object_or_404(Seller, pk=pk)
    if not seller.licence:
        raise Http404
    extension = PurePosixPath(seller.licence.name or "").suffix
    return serve_private_file(
        seller.licence,
        content_type=seller.licence_type or "",
        filename=f"giay-phep-{seller.tax_code}{extension}",
        inline=True,
    )


@officer_required
@require_POST
def officer_verify(request: HttpRequest, pk: int) -> HttpResponse:
    seller = get_object_or_404(queries.own_sellers(), pk=pk)
    try:
        services.verify_seller(actor=request.user, seller=seller)  # type: ignore[arg-type]
    except services.SellerAlreadyDecided:
        messages.error(request, _("Người bán này đã được xử lý."))
        return redirect("sellers:officer_detail", pk=pk)
    messages.success(request, _("Đã xác minh %(name)s.") % {"name": seller.trading_name})
    return redirect("sellers:officer_list")


@officer_required
@require_POST
def officer_reject(request: HttpRequest, pk: int) -> HttpResponse:
    seller = get_object_or_404(queries.own_sellers(), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return officer_detail(request, pk, reject_form=form)
    try:
        services.reject_seller(actor=request.user, seller=seller, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except ValidationFailed as exc:
        show_service_errors(form, exc)
        return officer_detail(request, pk, reject_form=form)
    except services.SellerAlreadyDecided:
        messages.error(request, _("Người bán này đã được xử lý."))
        return redirect("sellers:officer_detail", pk=pk)
    messages.success(request, _("Đã từ chối %(name)s.") % {"name": seller.trading_name})
    return redirect("sellers:officer_list")
