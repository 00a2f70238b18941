"""A seller's product import pages: upload, the jobs and their progress, the template, the export."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from hangviet.catalog import queries
from hangviet.catalog.imports import export, parse, write
from hangviet.catalog.models import ImportJob
from hangviet.core import spreadsheets
from hangviet.core.errors import ValidationFailed
from hangviet.core.files import serve_private_file
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop

JOBS_PAGE_SIZE = 30


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sản phẩm (.xlsx hoặc .csv)"),
        help_text=_("Tối đa 10 MB và 10.000 dòng sản phẩm. Dòng 1 là dòng tiêu đề như tệp mẫu."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _managed_seller(request: HttpRequest, shop: str) -> Seller:
    """The seller of the URL if the user is one of its members; 404 otherwise, as every workspace page."""
    return member_shop(request.user, shop)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest, shop: str) -> HttpResponse:
    """The upload form and the seller's past imports."""
    seller = _managed_seller(request, shop)
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = write.start_import(
                    actor=request.user,  # type: ignore[arg-type]
                    seller=seller,
                    uploaded_file=form.cleaned_data["file"],
                )
            except ValidationFailed as exc:
                for error in exc.errors:
                    form.add_error("file", error["message"])
            else:
                return redirect("imports:job", shop=seller.slug, job_id=job.pk)
    context = {
        "seller": seller,
        "form": form,
        "jobs": Paginator(queries.jobs_of(seller), JOBS_PAGE_SIZE).get_page(request.GET.get("page")),
        "max_rows": parse.row_limit(seller),
        "imports_per_day": write.daily_limit(seller),
        "is_pending": seller.status != Seller.Status.VERIFIED,
    }
    return render(request, "catalog/import/index.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_safe
def job_detail(request: HttpRequest, shop: str, job_id: int) -> HttpResponse:
    """One import: a progress bar while it runs, then what was imported or every bad row."""
    seller = _managed_seller(request, shop)
    job = get_object_or_404(ImportJob.objects.select_related("actor"), pk=job_id, seller=seller)
    in_progress = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
    context: dict[str, Any] = {
        "seller": seller,
        "job": job,
        "in_progress": in_progress,
        "validating": in_progress and job.total_rows and job.processed_rows < job.total_rows,
        "percent": int(100 * job.processed_rows / job.total_rows) if job.total_rows else 0,
        "unchanged_count": max(job.total_rows - job.created_count - job.updated_count, 0),
    }
    return render(request, "catalog/import/job.html", context)


@login_required
@require_safe
def job_file(request: HttpRequest, shop: str, job_id: int) -> HttpResponseBase:
    """The file a seller uploaded for an import, to whoever may open the import's page."""
    seller = _managed_seller(request, shop)
    job = get_object_or_404(ImportJob, pk=job_id, seller=seller)
    return serve_private_file(job.file, content_type=job.content_type, filename=job.original_name)


@login_required
@require_safe
def template_xlsx(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _managed_seller(request, shop)
    content = export.template_xlsx(actor=request.user, seller=seller)  # type: ignore[arg-type]
    return _download(content, "mau-nhap-san-pham.xlsx", spreadsheets.XLSX_CONTENT_TYPE)


@login_required
@require_safe
def template_csv(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _managed_seller(request, shop)
    content = export.template_csv(actor=request.user, seller=seller)  # type: ignore[arg-type]
    return _download(content, "mau-nhap-san-pham.csv", spreadsheets.CSV_CONTENT_TYPE)


@login_required
@require_safe
def export_xlsx(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _managed_seller(request, shop)
    content = export.export_products(actor=request.user, seller=seller)  # type: ignore[arg-type]
    filename = f"san-pham-{seller.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    return _download(content, filename, spreadsheets.XLSX_CONTENT_TYPE)
