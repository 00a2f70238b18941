"""The events calendar (page and iCalendar feed), training sessions and contests."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hangviet.promotion import exports, queries
from hangviet.promotion.models import TrainingSession
from hangviet.promotion.views._common import PAGE_SIZE


@require_safe
def events(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.upcoming_events(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "promotion/events.html", {"events": page})


@require_safe
def events_ics(request: HttpRequest) -> HttpResponse:
    body = exports.icalendar(
        queries.upcoming_events(),
        base_url=settings.HANGVIET_BASE_URL,
        name=_("Hội chợ và phiên chợ hàng Việt"),
    )
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hangviet-events.ics"'
    return response


@require_safe
def trainings(request: HttpRequest) -> HttpResponse:
    sessions = Paginator(TrainingSession.objects.order_by("-held_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "promotion/trainings.html", {"sessions": sessions, "totals": queries.training_totals()}
    )


@require_safe
def contests(request: HttpRequest) -> HttpResponse:
    return render(request, "promotion/contests.html", {"contests": queries.contests_with_entries()})
