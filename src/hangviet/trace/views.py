"""Traceability pages: the public scan page, OCOP certificate info, chains, and the producer's lot pages."""

import datetime
import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from hangviet.core.errors import ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.core.text import fold
from hangviet.ocop import queries as ocop_queries
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop, officer_required
from hangviet.trace import documents, labels, queries, services
from hangviet.trace.forms import LabelsForm, LotForm, SerialsForm, StepForm
from hangviet.trace.identifiers import has_gtin, lot_uri, serial_uri
from hangviet.trace.models import CounterfeitFlag, EpcisEvent, Lot, SerialItem, SupplyChain

STEP_LABELS = {
    "commissioning": gettext_lazy("Thu hoạch / tạo lô"),
    "packing": gettext_lazy("Đóng gói"),
    "shipping": gettext_lazy("Xuất hàng"),
    "receiving": gettext_lazy("Nhận hàng"),
    "inspecting": gettext_lazy("Kiểm tra chất lượng"),
    "storing": gettext_lazy("Lưu kho"),
    "transporting": gettext_lazy("Vận chuyển"),
    "retail_selling": gettext_lazy("Bán lẻ"),
}
LOTS_PAGE_SIZE = 50
SERIALS_PAGE_SIZE = 100
SCAN_DAYS = 14  # the lot page shows its scans per day over the last two weeks
COUNTRY_HEADER = getattr(settings, "TRACE_COUNTRY_HEADER", "HTTP_CF_IPCOUNTRY")


def step_label(event: EpcisEvent) -> str:
    if event.event_type == "TransformationEvent":
        return _("Chế biến")
    if event.biz_step in STEP_LABELS:
        return str(STEP_LABELS[event.biz_step])
    return event.biz_step.rsplit("/", 1)[-1].replace("_", " ") or event.event_type


ERROR_REASONS = {
    "did_not_occur": gettext_lazy("công đoạn này đã không diễn ra"),
    "incorrect_data": gettext_lazy("thông tin ghi cho công đoạn này bị sai"),
}


def journey(lot: Lot) -> list[dict[str, Any]]:
    """The lot's steps in time order; a step its producer declared wrong (an EPCIS error declaration)
    stays, marked with the date and reason, and the corrective steps say that they correct it."""
    events = [event for event in queries.lot_events(lot) if event.declared_at is None]
    declarations = queries.declarations_of([event.event_id for event in events])
    corrective = {
        event_id
        for declaration in declarations.values()
        for event_id in (declaration.original.get("errorDeclaration") or {}).get("correctiveEventIDs") or []
    }
    steps = []
    for event in events:
        declaration = declarations.get(event.event_id)
        correction = None
        if declaration is not None:
            reason = ERROR_REASONS.get(declaration.error_reason)
            correction = {"at": declaration.declared_at, "reason": reason}
        steps.append(
            {
                "label": step_label(event),
                "at": event.event_time,
                "note": event.note,
                "disposition": event.disposition,
                "correction": correction,
                "is_correction": event.event_id in corrective,
            }
        )
    return steps


def _certificate(product: Any, today: datetime.date) -> tuple[Certificate | None, Certificate | None]:
    """The product's current OCOP certificate (the OCOP room's one rule); with none, the newest one that
    lapsed (revoked or expired), which the page warns about."""
    certificate = ocop_queries.current_certificate(product, today)
    return certificate, (None if certificate else ocop_queries.newest_certificate(product, today))


# --- public ------------------------------------------------------------------------------------------


@require_safe
def scan(request: HttpRequest, product: str, lot: str = "") -> HttpResponse:
    """The default link of a lot's QR code: who made it, where, when, its journey, OCOP, chains."""
    if not lot:
        return redirect("catalog:product", slug=product)
    found = queries.public_lot(product, lot)
    if found is None:
        return unknown_code(request, product=queries.public_product(product), code=lot)
    serial_value = request.GET.get("serial", "")
    serial = None
    if serial_value:
        serial = SerialItem.objects.filter(lot=found, serial=serial_value).first()
        if serial is None:
            return unknown_code(request, product=found.product, code=f"{lot} / {serial_value}")
    if request.method == "GET":
        services.record_scan(lot=found, serial=serial, country=request.META.get(COUNTRY_HEADER, ""))
    today = timezone.localdate()
    expiry = found.expires_on or found.best_before_on
    certificate, lapsed = _certificate(found.product, today)
    context = {
        "lot": found,
        "product": found.product,
        "seller": found.product.seller,
        "serial": serial,
        "today": today,
        "expiry": expiry,
        "is_expired": bool(expiry and expiry < today),
        "certificate": certificate,
        "certificate_status": certificate.status_on(today) if certificate else "",
        "lapsed_certificate": lapsed,
        "lapsed_status": lapsed.status_on(today) if lapsed else "",
        "journey": journey(found),
        "chains": list(queries.chains_of_seller(found.product.seller_id)),
        "inputs": list(found.inputs.select_related("product")),
        "report_email": settings.TRACE_REPORT_EMAIL or found.product.seller.email,
        # The seller's own words: shown apart from the verified OCOP status, and flagged when they
        # name OCOP while no certificate is in force.
        "claims": found.certifications,
        "claims_ocop_unverified": certificate is None
        and any("ocop" in fold(c) for c in found.certifications),
        "identifier": lot_uri(found),
        "is_gs1": has_gtin(found),
    }
    return render(request, "trace/scan.html", context)


def unknown_code(request: HttpRequest, *, product: Any = None, code: str = "") -> HttpResponse:
    """A code the platform does not know, scanned from a pack: a 404 page saying the pack may be a
    counterfeit and how to report it (to the department when it has an address, and to the producer
    when the product itself is known)."""
    context = {"product": product, "code": code, "report_email": settings.TRACE_REPORT_EMAIL}
    return render(request, "trace/scan_unknown.html", context, status=404)


@require_safe
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    cert = get_object_or_404(
        Certificate.objects.select_related("product__seller"),
        pk=pk,
        product__seller__status=Seller.Status.VERIFIED,
    )
    status = cert.status_on(timezone.localdate())
    return render(request, "trace/certificate.html", {"certificate": cert, "status": status})


@require_safe
def chain_list(request: HttpRequest) -> HttpResponse:
    chains = list(queries.public_chains())
    stats = queries.chain_stats(timezone.localdate())
    return render(request, "trace/chain_list.html", {"chains": chains, "stats": stats})


@require_safe
def chain_detail(request: HttpRequest, slug: str) -> HttpResponse:
    chain = get_object_or_404(SupplyChain.objects.prefetch_related("export_markets"), slug=slug)
    members = chain.members.select_related("seller", "commune").order_by("role", "name")
    return render(
        request,
        "trace/chain_detail.html",
        {"chain": chain, "members": members, "is_valid": chain.valid_until >= timezone.localdate()},
    )


# --- producer pages ----------------------------------------------------------------------------------


def _seller(request: HttpRequest, shop: str) -> Seller:
    return member_shop(request.user, shop)


def _lot(seller: Seller, pk: int) -> Lot:
    return get_object_or_404(Lot.objects.select_related("product__seller"), pk=pk, product__seller=seller)


@login_required
def lot_list(request: HttpRequest, shop: str) -> HttpResponse:
    seller = _seller(request, shop)
    if request.method == "POST":
        form = LotForm(request.POST, seller=seller)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lot = services.create_lot(
                    actor=request.user,  # type: ignore[arg-type]
                    product=data["product"],
                    code=data["code"],
                    produced_on=data["produced_on"],
                    expires_on=data["expires_on"],
                    best_before_on=data["best_before_on"],
                    quantity=data["quantity"],
                    uom=data["uom"],
                    origin=data["origin"],
                    origin_commune=data["origin_commune"],
                    inputs=list(data["inputs"]),
                    input_notes=data["input_notes"],
                    certifications=form.certification_list(),
                    notes=data["notes"],
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo lô %(code)s.") % {"code": lot.code})
                return redirect("trace:lot", shop=seller.slug, pk=lot.pk)
    else:
        form = LotForm(seller=seller, initial={"produced_on": timezone.localdate()})
    page = Paginator(queries.lots_of(seller), LOTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trace/lot_list.html", {"seller": seller, "page": page, "form": form})


@login_required
def lot_detail(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    seller = _seller(request, shop)
    lot = _lot(seller, pk)
    step_form = StepForm(initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)})
    serials_form = SerialsForm()
    if request.method == "POST":
        if request.POST.get("form") == "serials":
            serials_form = SerialsForm(request.POST)
            if serials_form.is_valid():
                try:
                    created = services.add_serials(
                        actor=request.user,  # type: ignore[arg-type]
                        lot=lot,
                        serials=serials_form.serial_list(),
                    )
                except ValidationFailed as exc:
                    show_service_errors(serials_form, exc)
                else:
                    messages.success(request, _("Đã thêm %(n)s số sê-ri.") % {"n": len(created)})
                    return redirect("trace:lot", shop=seller.slug, pk=lot.pk)
        else:
            step_form = StepForm(request.POST)
            if step_form.is_valid():
                data = step_form.cleaned_data
                try:
                    services.record_step(
                        actor=request.user,  # type: ignore[arg-type]
                        lot=lot,
                        step=data["step"],
                        occurred_at=data["occurred_at"],
                        quantity=data["quantity"],
                        uom=data["uom"],
                        place=data["place"],
                        note=data["note"],
                    )
                except ValidationFailed as exc:
                    show_service_errors(step_form, exc)
                else:
                    messages.success(request, _("Đã ghi nhận công đoạn."))
                    return redirect("trace:lot", shop=seller.slug, pk=lot.pk)
    flags = CounterfeitFlag.objects.filter(item__lot=lot, resolved_at__isnull=True).select_related("item")
    context = {
        "seller": seller,
        "lot": lot,
        "journey": journey(lot),
        "step_form": step_form,
        "serials_form": serials_form,
        "labels_form": LabelsForm(),
        "serials": Paginator(lot.serials.all(), SERIALS_PAGE_SIZE).get_page(request.GET.get("page")),
        "flags": flags,
        "uri": lot_uri(lot),
        "is_gs1": has_gtin(lot),
        "scan_days": SCAN_DAYS,
        "scans": lot.scan_counts.filter(day__gt=timezone.localdate() - datetime.timedelta(days=SCAN_DAYS)),
    }
    return render(request, "trace/lot_detail.html", context)


@login_required
@require_POST
def resolve_flag(request: HttpRequest, shop: str, pk: int, flag_id: int) -> HttpResponse:
    seller = _seller(request, shop)
    lot = _lot(seller, pk)
    flag = get_object_or_404(CounterfeitFlag, pk=flag_id, item__lot=lot)
    services.resolve_flag(actor=request.user, flag=flag)  # type: ignore[arg-type]
    messages.success(request, _("Đã đánh dấu là đã kiểm tra."))
    return redirect("trace:lot", shop=seller.slug, pk=lot.pk)


def _label_text(lot: Lot) -> labels.LabelText:
    lines = [
        _("Lô: %(code)s") % {"code": lot.code},
        _("NSX: %(d)s") % {"d": lot.produced_on.strftime("%d/%m/%Y")},
    ]
    if lot.expires_on:
        lines.append(_("HSD: %(d)s") % {"d": lot.expires_on.strftime("%d/%m/%Y")})
    elif lot.best_before_on:
        lines.append(_("SD tốt nhất trước: %(d)s") % {"d": lot.best_before_on.strftime("%d/%m/%Y")})
    mark = ""
    certificate = ocop_queries.current_certificate(lot.product, timezone.localdate())
    if certificate is not None:
        mark = _("OCOP %(stars)s · số %(number)s") % {
            "stars": "★" * certificate.stars,
            "number": certificate.number,
        }
    return labels.LabelText(
        uri=lot_uri(lot, with_dates=True),
        title=lot.product.name,
        lines=tuple(lines),
        mark=mark,
        producer=lot.product.seller.trading_name,
    )


LABEL_FORMATS = ("pdf", "html", "svg")


@login_required
@require_safe
def label_sheet(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    """A printable sheet of QR labels: the PDF (default), an HTML preview of A4 SVG pages
    (`?format=html`), or the first page as one SVG (`?format=svg`). Members of the seller only."""
    seller = _seller(request, shop)
    lot = _lot(seller, pk)
    kind = request.GET.get("format", "pdf")
    if kind not in LABEL_FORMATS:
        raise Http404
    form = LabelsForm()
    if "paper" in request.GET or "count" in request.GET:  # what is not given takes its default
        given_paper = request.GET.get("paper", labels.DEFAULT_PAPER)
        per_page = labels.PAPERS.get(given_paper, labels.PAPERS[labels.DEFAULT_PAPER]).per_page
        form = LabelsForm({"paper": given_paper, "count": request.GET.get("count", per_page)})
    paper_key, count = labels.DEFAULT_PAPER, labels.PAPERS[labels.DEFAULT_PAPER].per_page
    if form.is_bound:
        if not form.is_valid():
            context = {
                "seller": seller,
                "lot": lot,
                "pages": [],
                "paper": labels.PAPERS[paper_key],
                "form": form,
            }
            return render(request, "trace/labels.html", context, status=400)
        paper_key, count = form.cleaned_data["paper"], form.cleaned_data["count"]
    paper = labels.PAPERS[paper_key]
    label = _label_text(lot)
    if kind == "pdf":
        title = _("Tem QR – %(product)s – lô %(code)s") % {"product": lot.product.name, "code": lot.code}
        response = HttpResponse(
            labels.sheet_pdf(label, count, paper, title=title), content_type="application/pdf"
        )
        name = f"tem-qr-{lot.product.slug}-lo-{slugify(lot.code) or lot.pk}-{paper.key}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    pages = labels.sheet_svgs(label, count, paper)
    if kind == "svg":
        return HttpResponse(pages[0], content_type="image/svg+xml; charset=utf-8")
    query = urlencode({"paper": paper.key, "count": count})
    return render(
        request,
        "trace/labels.html",
        {"seller": seller, "lot": lot, "pages": pages, "paper": paper, "form": form, "pdf_query": query},
    )


@login_required
@require_safe
def qr_code(request: HttpRequest, shop: str, pk: int, kind: str) -> HttpResponse:
    """One QR code for the lot (or one of its serials with ?serial=) as SVG or PNG."""
    if kind not in ("svg", "png"):
        raise Http404
    seller = _seller(request, shop)
    lot = _lot(seller, pk)
    data = lot_uri(lot, with_dates=True)
    if request.GET.get("serial"):
        data = serial_uri(get_object_or_404(SerialItem, lot=lot, serial=request.GET["serial"]))
    if kind == "png":
        response = HttpResponse(labels.qr_png(data), content_type="image/png")
    else:
        response = HttpResponse(labels.qr_svg(data), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="qr-{lot.pk}.{kind}"'
    return response


@login_required
@require_safe
def lot_export(request: HttpRequest, shop: str, pk: int) -> HttpResponse:
    """The lot's full history as an EPCIS 2.0 document, to download."""
    seller = _seller(request, shop)
    lot = _lot(seller, pk)
    body = json.dumps(documents.lot_document(lot), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json")
    response["Content-Disposition"] = f'attachment; filename="epcis-lo-{lot.pk}.jsonld"'
    return response


def lot_admin_url(lot: Lot) -> str:
    return reverse("trace:lot", kwargs={"shop": lot.product.seller.slug, "pk": lot.pk})


FLAG_STATUSES = {
    "open": gettext_lazy("Chưa kiểm tra"),
    "resolved": gettext_lazy("Đã kiểm tra"),
    "": gettext_lazy("Tất cả"),
}


@officer_required
def officer_flags(request: HttpRequest) -> HttpResponse:
    """Counterfeit reports across every shop (open ones by default), for the department to follow up."""
    status = request.GET.get("status", "open")
    if status not in FLAG_STATUSES:
        status = "open"
    page = Paginator(queries.counterfeit_flags(status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "trace/officer_flags.html",
        {"page": page, "status": status, "statuses": list(FLAG_STATUSES.items())},
    )
