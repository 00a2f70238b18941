"""Fairs and market sessions: public pages, a shop's application, the officer's desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.promotion import queries
from hangviet.promotion.forms import (
    ApplicationForm,
    AssignForm,
    BoothGridForm,
    DecisionForm,
    FairForm,
    ResultsForm,
)
from hangviet.promotion.models import Booth, BoothApplication, Fair
from hangviet.promotion.services import fairs
from hangviet.promotion.views._common import PAGE_SIZE, _actor, _domain_message
from hangviet.sellers.permissions import member_shop, officer_required
from hangviet.sellers.queries import shops_of

APPLICATIONS_PAGE_SIZE = 50

# --- fairs (public) ------------------------------------------------------------------------------------


@require_safe
def fair_list(request: HttpRequest) -> HttpResponse:
    fairs = Paginator(queries.public_fairs().order_by("-starts_on"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "promotion/fair_list.html", {"page": fairs})


@require_safe
def fair_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        fair = queries.fair_with_map(slug)
    except Fair.DoesNotExist as exc:
        raise Http404 from exc
    booths = list(fair.booths.all())
    my_sellers = list(shops_of(request.user).order_by("trading_name"))
    today = timezone.localdate()
    return render(
        request,
        "promotion/fair_detail.html",
        {
            "fair": fair,
            "grid": queries.booth_grid(booths),
            "exhibitors": queries.exhibitors(fair),
            "summary": queries.fair_summary(fair),
            "is_open": fair.applications_open_on <= today <= fair.applications_close_on,
            "my_sellers": my_sellers,
        },
    )


@login_required
def fair_apply(request: HttpRequest, slug: str, shop: str) -> HttpResponse:
    fair = get_object_or_404(queries.public_fairs(), slug=slug)
    seller = member_shop(request.user, shop)
    existing = BoothApplication.objects.filter(fair=fair, seller=seller).first()
    form = ApplicationForm(request.POST or None, seller=seller)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            fairs.apply_for_booths(
                actor=_actor(request),
                fair=fair,
                seller=seller,
                booths_wanted=form.cleaned_data["booths_wanted"],
                booth_kind=form.cleaned_data["booth_kind"],
                products=form.cleaned_data["products"],
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("products" if exc.field == "products" else None, exc.message)
        else:
            messages.success(request, _("Đã gửi đăng ký gian hàng. Cán bộ sẽ xét duyệt và xếp gian hàng."))
            return redirect("promotion:fair_apply", slug=fair.slug, shop=seller.slug)
    return render(
        request,
        "promotion/fair_apply.html",
        {"fair": fair, "seller": seller, "form": form, "application": existing},
    )


@login_required
@require_POST
def fair_withdraw(request: HttpRequest, slug: str, shop: str) -> HttpResponse:
    application = get_object_or_404(BoothApplication, fair__slug=slug, seller=member_shop(request.user, shop))
    try:
        fairs.withdraw_application(actor=_actor(request), application=application)
    except DomainError as exc:
        _domain_message(request, exc)
    else:
        messages.success(request, _("Đã rút đăng ký."))
    return redirect("promotion:fair_apply", slug=slug, shop=shop)


# --- fairs (officer) -----------------------------------------------------------------------------------


@officer_required
def officer_fairs(request: HttpRequest) -> HttpResponse:
    fairs = Fair.objects.select_related("commune").order_by("-starts_on", "pk")
    page = Paginator(fairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "promotion/officer_fairs.html", {"page": page})


@officer_required
def officer_fair_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FairForm(request.POST)
        if not form.wants_commune_list() and form.is_valid():
            try:
                fair = fairs.create_fair(actor=_actor(request), **form.service_fields())
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo hội chợ. Hãy thêm sơ đồ gian hàng."))
                return redirect("promotion:officer_fair", slug=fair.slug)
        elif form.wants_commune_list():
            form = FairForm(initial=request.POST.dict())
    else:
        form = FairForm()
    return render(request, "promotion/officer_fair_new.html", {"form": form})


@officer_required
def officer_fair(request: HttpRequest, slug: str) -> HttpResponse:
    fair = get_object_or_404(Fair.objects.select_related("commune", "province"), slug=slug)
    grid_form = BoothGridForm(request.POST or None)
    if request.method == "POST" and grid_form.is_valid():
        try:
            data = dict(grid_form.cleaned_data)
            made = fairs.add_booth_grid(
                actor=_actor(request), fair=fair, prefix=data.pop("code_prefix"), **data
            )
        except ValidationFailed as exc:
            show_service_errors(grid_form, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s gian hàng.") % {"n": len(made)})
            return redirect("promotion:officer_fair", slug=fair.slug)
    status = request.GET.get("status") or ""
    applications = (
        fair.applications.select_related("seller")
        .prefetch_related("booths", "products")
        .order_by("created_at", "pk")
    )
    if status in BoothApplication.Status.values:
        applications = applications.filter(status=status)
    booths = list(fair.booths.select_related("application"))
    return render(
        request,
        "promotion/officer_fair.html",
        {
            "fair": fair,
            "grid_form": grid_form,
            "applications": Paginator(applications, APPLICATIONS_PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": BoothApplication.Status.choices,
            "grid": queries.booth_grid(booths),
            "summary": queries.fair_summary(fair),
            "assign_form": AssignForm(),
            "decision_form": DecisionForm(),
            "results_form": ResultsForm(),
        },
    )


@officer_required
@require_POST
def officer_application(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """approve (auto or named booths), waitlist, reject, results: one POST per decision."""
    application = get_object_or_404(BoothApplication.objects.select_related("fair"), pk=pk)
    actor = _actor(request)
    try:
        if action == "approve":
            form = AssignForm(request.POST)
            form.is_valid()
            codes = form.codes()
            booths = None
            if codes:
                booths = list(Booth.objects.filter(fair=application.fair, code__in=codes))
                if len(booths) != len(set(codes)):
                    raise ValidationFailed(
                        [
                            {
                                "field": "booths",
                                "code": "unknown",
                                "message": _("Có mã gian hàng không tồn tại."),
                            }
                        ]
                    )
            result = fairs.approve_application(actor=actor, application=application, booths=booths)
            if result.status == BoothApplication.Status.WAITLISTED:
                messages.warning(request, _("Không còn đủ gian hàng trống: đã đưa vào danh sách chờ."))
            else:
                messages.success(
                    request, _("Đã duyệt và xếp gian hàng cho %(name)s.") % {"name": result.organisation_name}
                )
        elif action == "waitlist":
            fairs.waitlist_application(
                actor=actor, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã đưa vào danh sách chờ."))
        elif action == "reject":
            fairs.reject_application(
                actor=actor, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã từ chối đăng ký."))
        elif action == "results":
            results = ResultsForm(request.POST)
            if not results.is_valid():
                raise ValidationFailed(
                    [{"field": "", "code": "invalid", "message": _("Số liệu không hợp lệ.")}]
                )
            fairs.record_results(actor=actor, application=application, **results.cleaned_data)
            messages.success(request, _("Đã ghi kết quả."))
        else:
            raise Http404
    except ValidationFailed as exc:
        messages.error(request, " ".join(e["message"] for e in exc.errors))
    except DomainError as exc:
        _domain_message(request, exc)
    return redirect("promotion:officer_fair", slug=application.fair.slug)
