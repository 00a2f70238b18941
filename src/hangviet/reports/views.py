"""The reports' pages: the officers' dashboard and targets, an indicator's records (page, CSV, XLSX)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from hangviet.core.errors import ValidationFailed, message_of
from hangviet.core.files import serve_private_file
from hangviet.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from hangviet.reports import charts, indicators, opendata, periods, queries, records, services
from hangviet.reports import yearend as yearend_doc
from hangviet.reports.forms import PeriodForm, TargetsForm
from hangviet.reports.models import YearEndReport
from hangviet.reports.periods import FIRST_YEAR, LAST_YEAR, Period, from_params
from hangviet.sellers.permissions import is_officer, officer_required

RECORDS_PER_PAGE = 50


def _indicator_for(request: HttpRequest, code: str) -> indicators.Indicator | HttpResponse:
    """The indicator whose records `request.user` may read: public ones for anyone, others for officers."""
    indicator = indicators.get(code)
    if indicator is None:
        raise Http404
    if not indicator.is_public and not is_officer(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương được xem số liệu này."))
    return indicator


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def indicator_records(request: HttpRequest, code: str) -> HttpResponse:
    """The records an indicator counts for a period (the same filter as the figure), with exports."""
    found = _indicator_for(request, code)
    if isinstance(found, HttpResponse):
        return found
    indicator = found
    try:
        period: Period = from_params(request.GET)
    except ValidationFailed as error:
        return render(request, "reports/period_error.html", {"message": message_of(error)}, status=400)
    fmt = request.GET.get("format", "")
    stem = f"{indicator.code}_{period.start.isoformat()}_{period.end.isoformat()}"
    if fmt == "csv":
        return _download(records.as_csv(indicator, period), f"{stem}.csv", CSV_CONTENT_TYPE)
    if fmt == "xlsx":
        return _download(records.as_xlsx(indicator, period), f"{stem}.xlsx", XLSX_CONTENT_TYPE)
    page = None
    if indicator.records is not None:
        paginator = Paginator(indicator.records(period), RECORDS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = [  # type: ignore[misc]
            [records.cell(c.get(r)) for c in indicator.columns] for r in page.object_list
        ]
    value = indicator.value(period)
    return render(
        request,
        "reports/records.html",
        {
            "indicator": indicator,
            "period": period,
            "value": indicators.format_value(value, indicator.unit),
            "headers": records.headers(indicator),
            "kinds": [c.kind for c in indicator.columns],
            "page": page,
        },
    )


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The officers' dashboard: every indicator of a period against its target and the year before, and
    the charts."""
    try:
        period = from_params(request.GET)
    except ValidationFailed as error:
        return render(request, "reports/period_error.html", {"message": message_of(error)}, status=400)
    items = queries.figures(period)
    return render(
        request,
        "reports/dashboard.html",
        {
            "period": period,
            "previous": period.previous(),
            "sections": queries.by_section(items),
            "charts": charts.charts(period),
            "form": PeriodForm(
                initial={
                    "year": period.year,
                    "quarter": (period.start.month - 1) // 3 + 1 if period.kind == "quarter" else "",
                    "month": period.start.month if period.kind == "month" else "",
                }
            ),
            "years": range(period.year - 4, period.year + 1),
        },
    )


@officer_required
def targets(request: HttpRequest, year: int) -> HttpResponse:
    """A year's targets, one per indicator, set by an officer."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    current = queries.targets_of(year)
    if request.method == "POST":
        form = TargetsForm(request.POST)
        if form.is_valid():
            try:
                changed = services.set_targets(actor=request.user, year=year, values=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationFailed as error:
                for problem in error.errors:
                    form.add_error(
                        problem["field"] if problem["field"] in form.fields else None, problem["message"]
                    )
            else:
                messages.success(
                    request,
                    _("Đã lưu chỉ tiêu năm %(year)s (%(n)s thay đổi).") % {"year": year, "n": changed},
                )
                return redirect(f"{reverse('reports:dashboard')}?year={year}")
    else:
        form = TargetsForm(initial=current)
    return render(request, "reports/targets.html", {"form": form, "year": year})


def _open_year(year: int) -> Period:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return periods.year(year)


def open_data(request: HttpRequest) -> HttpResponse:
    """The public page of the open indicators, with the files of each year and their data dictionary."""
    period = from_params(request.GET) if request.GET.get("year") else periods.year(timezone.localdate().year)
    if period.kind != "year":
        period = periods.year(period.year)
    return render(
        request,
        "reports/open_data.html",
        {"period": period, "rows": opendata.rows(period), "years": range(period.year - 5, period.year + 1)},
    )


@cache_control(max_age=3600, public=True)
def open_data_csv(request: HttpRequest, year: int) -> HttpResponse:
    response = HttpResponse(opendata.as_csv(_open_year(year)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="hangviet-indicators-{year}.csv"'
    return response


@cache_control(max_age=3600, public=True)
def open_data_json(request: HttpRequest, year: int) -> JsonResponse:
    return JsonResponse(opendata.as_json(_open_year(year)), json_dumps_params={"ensure_ascii": False})


@cache_control(max_age=86400, public=True)
def open_data_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(opendata.schema(), json_dumps_params={"ensure_ascii": False})


@officer_required
def yearend(request: HttpRequest) -> HttpResponse:
    """Ask for a year's report (POST), and see the reports asked for, their progress and files."""
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        try:
            report = services.request_year_end_report(
                actor=request.user,  # type: ignore[arg-type]
                year=year,
                language=translation.get_language(),
            )
        except ValidationFailed as error:
            messages.error(request, message_of(error))
            return redirect("reports:yearend")
        return redirect("reports:yearend_detail", pk=report.pk)
    year = from_params(request.GET).year if request.GET.get("year") else timezone.localdate().year - 1
    return render(
        request,
        "reports/yearend.html",
        {
            "year": year,
            "reports": Paginator(YearEndReport.objects.select_related("requested_by"), 20).get_page(
                request.GET.get("page")
            ),
        },
    )


@officer_required
def yearend_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(YearEndReport, pk=pk)
    return render(request, "reports/yearend_detail.html", {"report": report})


YEAR_END_FILES = {
    "docx": yearend_doc.DOCX_CONTENT_TYPE,
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
}


@officer_required
def yearend_file(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    report = get_object_or_404(YearEndReport, pk=pk, status=YearEndReport.Status.DONE)
    if kind not in YEAR_END_FILES:
        raise Http404
    return serve_private_file(
        getattr(report, kind),
        content_type=YEAR_END_FILES[kind],
        filename=f"bao-cao-tong-ket-{report.year}.{kind}",
    )
