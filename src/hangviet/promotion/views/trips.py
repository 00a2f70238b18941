"""Trade-connection trips and their MoUs (the scanned PDF is a private file)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.files import serve_private_file
from hangviet.core.forms import show_service_errors
from hangviet.promotion import queries
from hangviet.promotion.forms import MouForm, MouStatusForm
from hangviet.promotion.models import Mou, Trip
from hangviet.promotion.services import trips
from hangviet.promotion.views._common import _actor, _domain_message
from hangviet.sellers.permissions import is_officer, officer_required


@require_safe
def trip_list(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/trip_list.html", {"trips": queries.trips_with_counts()})


def trip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    trip = get_object_or_404(Trip.objects.select_related("partner_province"), slug=slug)
    officer = is_officer(request.user)
    form = MouForm(request.POST or None, request.FILES or None) if officer else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not officer:
            raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương được làm việc này."))
        assert form is not None
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document")
            try:
                trips.record_mou(actor=_actor(request), trip=trip, document=document, **data)
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi biên bản ghi nhớ / hợp đồng."))
                return redirect("promotion:trip", slug=trip.slug)
    return render(
        request,
        "promotion/trip_detail.html",
        {
            "trip": trip,
            "participants": trip.participants.select_related("seller"),
            "mous": trip.mous.select_related("supplier"),
            "form": form,
            "status_form": MouStatusForm() if officer else None,
        },
    )


@officer_required
@require_safe
def mou_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An MoU's scanned PDF, for officers: the trip page shows its link to them only."""
    mou = get_object_or_404(Mou, pk=pk)
    return serve_private_file(
        mou.document, content_type="application/pdf", filename=f"bien-ban-{mou.pk}.pdf", inline=True
    )


@officer_required
@require_POST
def mou_status(request: HttpRequest, pk: int) -> HttpResponse:
    mou = get_object_or_404(Mou.objects.select_related("trip"), pk=pk)
    form = MouStatusForm(request.POST)
    if form.is_valid():
        try:
            trips.change_mou_status(
                actor=_actor(request),
                mou=mou,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _domain_message(request, exc)
        else:
            messages.success(request, _("Đã cập nhật trạng thái."))
    return redirect("promotion:trip", slug=mou.trip.slug) if mou.trip else redirect("promotion:trips")
