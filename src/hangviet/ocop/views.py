"""OCOP pages: the public registry and certificate check; rounds, dossiers and score sheets."""

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.files import serve_private_file
from hangviet.core.forms import show_service_errors
from hangviet.core.models import Province
from hangviet.core.money import format_number
from hangviet.core.templatetags.hv import localized_name
from hangviet.ocop import certificate_pdf, queries, services
from hangviet.ocop.forms import (
    LOCAL_LABELS,
    ApplyForm,
    AttachmentForm,
    CommuneCheckForm,
    DossierForm,
    MinistryForm,
    RecogniseForm,
    RegistryForm,
    RevokeForm,
    RoundForm,
    SamplesForm,
    SheetForm,
    StageForm,
    sheet_field,
)
from hangviet.ocop.models import Certificate, Dossier, DossierAttachment, Round, ScoreSheet
from hangviet.sellers.permissions import can_manage, is_officer, officer_required

REGISTRY_PAGE_SIZE = 30


# --- public ---------------------------------------------------------------------------------------


@require_safe
def registry(request: HttpRequest) -> HttpResponse:
    """Recognised products with filters (stars, group, commune, year, status), linked to the shop page."""
    form = RegistryForm(request.GET or None)
    today = timezone.localdate()
    qs = queries.registry(form.filters(), today)
    page = Paginator(qs, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = queries.root_categories()
    rows = []
    for cert in page.object_list:
        code = queries.group_code(cert.product.category.code)
        rows.append(
            {
                "certificate": cert,
                "state": cert.status_on(today),
                "group": localized_name(groups[code]) if code in groups else code,
                "commune": queries.commune_of(cert),
                "is_public": cert.product.is_public,
            }
        )
    return render(request, "ocop/registry.html", {"form": form, "page": page, "rows": rows})


@require_safe
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    """Anyone checks that a certificate is genuine and whether it is in force today."""
    found = queries.certificate_by_number(number)
    if found is None:
        return render(request, "ocop/certificate_unknown.html", {"number": number[:60]}, status=404)
    officer = is_officer(request.user)
    context = {
        "certificate": found,
        "state": found.status_on(timezone.localdate()),
        "history": queries.certificate_history(found) if officer else [],
        "revoke_form": RevokeForm() if officer and found.status != Certificate.Status.REVOKED else None,
        "replaced_by": list(found.replaced_by.all()),
    }
    return render(request, "ocop/certificate.html", context)


CERTIFICATE_NUMBER_MAX = 60


@require_safe
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """The registry's box: a typed certificate number leads to its check page (letter case and spaces
    around it ignored), or says plainly that the province never issued it."""
    number = " ".join(request.GET.get("number", "").split())[:CERTIFICATE_NUMBER_MAX]
    if not number:
        return redirect("ocop:registry")
    found = queries.certificate_by_number(number) or queries.certificate_by_number_ignoring_case(number)
    if found is None:
        return render(request, "ocop/certificate_unknown.html", {"number": number}, status=404)
    return redirect("ocop:certificate", number=found.number)


@require_safe
def certificate_print(request: HttpRequest, number: str) -> HttpResponse:
    """A printable certificate page (A4 landscape via the browser's print); the PDF file is below."""
    found = queries.certificate_by_number(number)
    if found is None:
        raise Http404
    return render(
        request,
        "ocop/certificate_print.html",
        {
            "certificate": found,
            "state": found.status_on(timezone.localdate()),
            "check_url": certificate_pdf.check_url(found),
        },
    )


@require_safe
def certificate_file(request: HttpRequest, number: str) -> HttpResponse:
    """The certificate as a PDF file (public, like the check page), marked when revoked or expired."""
    found = queries.certificate_by_number(number)
    if found is None:
        raise Http404
    response = HttpResponse(
        certificate_pdf.certificate_pdf(found, timezone.localdate()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-ocop-{slugify(found.number)}.pdf"'
    response["Cache-Control"] = "no-cache"  # the status (revoked, expired) can change any day
    return response


@officer_required
@require_POST
def certificate_revoke(request: HttpRequest, number: str) -> HttpResponse:
    found = get_object_or_404(Certificate, number=number)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(
                actor=request.user,  # type: ignore[arg-type]
                certificate=found,
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc, sheet_field)
        except DomainError as exc:
            form.add_error(None, exc.message)
    if form.errors:
        context = {
            "certificate": queries.certificate_by_number(number),
            "state": found.status_on(timezone.localdate()),
            "history": queries.certificate_history(found),
            "revoke_form": form,
        }
        return render(request, "ocop/certificate.html", context, status=422)
    messages.success(request, _("Đã thu hồi giấy chứng nhận."))
    return redirect("ocop:certificate", number=found.number)


# --- rounds ---------------------------------------------------------------------------------------


@login_required
@require_safe
def rounds(request: HttpRequest) -> HttpResponse:
    qs = (
        queries.rounds_visible_to(request.user)
        .annotate(dossier_count=Count("dossiers"))
        .select_related("province")
    )
    return render(request, "ocop/rounds.html", {"rounds": qs, "is_officer": is_officer(request.user)})


@officer_required
def round_new(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        province = Province.objects.filter(code=settings.HANGVIET_PROVINCE_CODE).first()
        if province is None:
            form.add_error(None, _("Chưa nạp danh mục đơn vị hành chính của tỉnh."))
        else:
            try:
                round_ = services.open_round(
                    actor=request.user,  # type: ignore[arg-type]
                    province=province,
                    year=data["year"],
                    number=data["number"],
                    title=data["title"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    min_sheets=data["min_sheets"],
                    council_members=data["council_members"],
                    advisory_group=data["advisory_group"],
                )
            except ValidationFailed as exc:
                show_service_errors(form, exc, sheet_field)
            else:
                messages.success(request, _("Đã mở đợt đánh giá."))
                return redirect("ocop:round", pk=round_.pk)
    return render(request, "ocop/round_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(queries.rounds_visible_to(request.user).select_related("province"), pk=pk)
    officer = is_officer(request.user)
    stage_form = StageForm(request.POST or None, initial={"status": round_.status, "step": round_.step})
    if request.method == "POST":
        if not officer:
            raise PermissionDenied
        if stage_form.is_valid():
            services.set_round_stage(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                status=stage_form.cleaned_data["status"],
                step=stage_form.cleaned_data["step"],
            )
            messages.success(request, _("Đã cập nhật đợt đánh giá."))
            return redirect("ocop:round", pk=round_.pk)
    dossiers = queries.dossiers_visible_to(request.user).filter(round=round_).order_by("product__name")
    context = {
        "round": round_,
        "steps": Round.Step.choices,
        "dossiers": dossiers,
        "is_officer": officer,
        "is_member": queries.is_council_member(request.user, round_),
        "stage_form": stage_form if officer else None,
        "council": round_.council_members.all(),
        "advisory": round_.advisory_group.all(),
        "can_apply": round_ in queries.open_rounds() and queries.producer_products(request.user).exists(),
    }
    return render(request, "ocop/round_detail.html", context)


@login_required
def dossier_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A producer registers one of its products for an open round."""
    round_ = get_object_or_404(queries.rounds_visible_to(request.user), pk=pk)
    if not queries.producer_products(request.user).exists():
        raise PermissionDenied(_("Chỉ người bán đã được xác minh mới đăng ký OCOP."))
    form = ApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(
                actor=request.user,  # type: ignore[arg-type]
                round_=round_,
                product=form.cleaned_data["product"],
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc, sheet_field)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã tạo hồ sơ nháp. Hãy điền phiếu đăng ký và tự đánh giá."))
            return redirect("ocop:dossier_edit", pk=dossier.pk)
    return render(
        request, "ocop/dossier_new.html", {"form": form, "round": round_}, status=422 if form.errors else 200
    )


# --- dossiers -------------------------------------------------------------------------------------


@login_required
@require_safe
def dossiers(request: HttpRequest) -> HttpResponse:
    qs = queries.dossiers_visible_to(request.user).order_by("-round__year", "-round__number", "product__name")
    status = request.GET.get("status", "")
    if status in Dossier.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "ocop/dossiers.html", {"page": page, "statuses": Dossier.Status.choices, "status": status}
    )


def _visible_dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("round", "seller", "product", "product_set", "rubric"), pk=pk
    )
    if not services.can_see_dossier(request.user, dossier):
        raise Http404  # a producer never learns of another producer's dossier
    return dossier


ACTIONS = ("attach", "submit", "commune", "samples", "evaluate", "finalise", "ministry", "recognise")


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier, its history and the next action each role may take (POST `action=`)."""
    dossier = _visible_dossier(request, pk)
    user: Any = request.user
    forms: dict[str, Any] = {
        "attach": AttachmentForm(),
        "commune": CommuneCheckForm(),
        "samples": SamplesForm(initial={"received_on": timezone.localdate()}),
        "ministry": MinistryForm(),
        "recognise": RecogniseForm(initial={"decision_date": timezone.localdate()}),
    }
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        try:
            done = _run_action(request, dossier, action, forms)
        except ValidationFailed as exc:
            if action in forms:
                show_service_errors(forms[action], exc, sheet_field)
            else:
                errors = [e["message"] for e in exc.errors]
        except DomainError as exc:
            errors = [exc.message]
        else:
            if done:
                messages.success(request, done)
                return redirect("ocop:dossier", pk=dossier.pk)
        dossier = _visible_dossier(request, pk)
    officer = is_officer(user)
    member = queries.is_council_member(user, dossier.round)
    own_sheet = ScoreSheet.objects.filter(dossier=dossier, member=user).first() if member else None
    context = {
        "dossier": dossier,
        "forms": forms,
        "errors": errors,
        "is_officer": officer,
        "is_producer": can_manage(user, dossier.seller),
        "is_member": member,
        "own_sheet": own_sheet,
        "sheets": queries.visible_sheets(user, dossier),
        "submitted_count": ScoreSheet.objects.filter(dossier=dossier, submitted_at__isnull=False).count(),
        "attachments": list(dossier.attachments.all()),
        "history": queries.dossier_history(dossier),
        "outline": queries.rubric_outline(dossier.rubric),
        "local_labels": LOCAL_LABELS,
        "certificate": Certificate.objects.filter(dossier=dossier).first(),
        "S": Dossier.Status,
    }
    return render(
        request, "ocop/dossier_detail.html", context, status=422 if request.method == "POST" else 200
    )


def _run_action(request: HttpRequest, dossier: Dossier, action: str, forms: dict[str, Any]) -> str | None:
    """Run one action through its service; returns the success message, or None if the form is invalid."""
    actor: Any = request.user
    if action in forms:
        form = forms[action] = type(forms[action])(request.POST, request.FILES)
        if not form.is_valid():
            return None
        data = form.cleaned_data
    if action == "attach":
        services.add_attachment(actor=actor, dossier=dossier, file=data["file"], title=data["title"])
        return _("Đã đính kèm tài liệu.")
    if action == "submit":
        services.submit_dossier(actor=actor, dossier=dossier)
        return _("Đã nộp hồ sơ.")
    if action == "commune":
        services.commune_check(
            actor=actor,
            dossier=dossier,
            forward=data["decision"] == "forward",
            local_criteria={k: data.get(k, False) for k in LOCAL_LABELS},
            reason=data["reason"],
        )
        return _("Đã ghi kết quả kiểm tra của xã.")
    if action == "samples":
        services.record_samples(actor=actor, dossier=dossier, received_on=data["received_on"])
        return _("Đã ghi ngày nhận mẫu.")
    if action == "evaluate":
        services.start_evaluation(actor=actor, dossier=dossier)
        return _("Đã chuyển hồ sơ cho Hội đồng chấm điểm.")
    if action == "finalise":
        services.finalise_scores(actor=actor, dossier=dossier)
        return _("Đã tổng hợp điểm.")
    if action == "ministry":
        services.record_ministry_result(
            actor=actor,
            dossier=dossier,
            recognised=data["recognised"],
            decision_number=data["decision_number"],
        )
        return _("Đã ghi kết quả của Bộ.")
    certificate = services.recognise_dossier(
        actor=actor,
        dossier=dossier,
        number=data["number"],
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
    )
    return _("Đã cấp giấy chứng nhận %(number)s.") % {"number": certificate.number}


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """A dossier's attachment, to whoever may open the dossier's page (404 to anyone else, like the page)."""
    dossier = _visible_dossier(request, pk)
    found = get_object_or_404(DossierAttachment, pk=attachment_id, dossier=dossier)
    stem = PurePosixPath(found.original_name).stem or f"hoso-{dossier.pk}"
    return serve_private_file(
        found.file,
        content_type=found.content_type,
        filename=stem + PurePosixPath(found.file.name or "").suffix,
        inline=True,
    )


@login_required
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The producer's registration form and self-assessment against the round's rubric."""
    dossier = _visible_dossier(request, pk)
    if not can_manage(request.user, dossier.seller):
        raise PermissionDenied
    form = DossierForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(
                actor=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                production_plan=form.cleaned_data["production_plan"],
                product_story=form.cleaned_data["product_story"],
                quality_standard=form.cleaned_data["quality_standard"],
                self_assessment=form.criteria_scores(),
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc, sheet_field)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("ocop:dossier", pk=dossier.pk)
    return render(
        request,
        "ocop/dossier_edit.html",
        {"form": form, "dossier": dossier},
        status=422 if form.errors else 200,
    )


@login_required
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A council member's own score sheet: save as draft, or submit (then it can no longer change)."""
    dossier = _visible_dossier(request, pk)
    if not queries.is_council_member(request.user, dossier.round):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng của đợt này được chấm điểm."))
    own = ScoreSheet.objects.filter(dossier=dossier, member_id=request.user.pk).first()
    form = SheetForm(request.POST or None, dossier=dossier, scores=own.scores if own else {})
    if own is not None and own.comment:
        form.fields["comment"].initial = own.comment
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_sheet(
                actor=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                scores=form.criteria_scores(),
                comment=form.cleaned_data["comment"],
                submit="submit" in request.POST,
            )
        except ValidationFailed as exc:
            show_service_errors(form, exc, sheet_field)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if saved.is_submitted:
                messages.success(
                    request, _("Đã nộp phiếu chấm: %(total)s điểm.") % {"total": format_number(saved.total)}
                )
                return redirect("ocop:dossier", pk=dossier.pk)
            messages.success(request, _("Đã lưu nháp phiếu chấm."))
            return redirect("ocop:sheet", pk=dossier.pk)
    return render(
        request,
        "ocop/sheet.html",
        {"form": form, "dossier": dossier, "sheet": own},
        status=422 if form.errors else 200,
    )
