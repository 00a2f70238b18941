"""Public page of administrative units: convert an old (pre-July-2025) address to today's units."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hangviet.core import units
from hangviet.core.forms import LegacyAddressForm


@require_safe
def legacy_lookup(request: HttpRequest) -> HttpResponse:
    """GET form (linkable, no JavaScript): old province / district / ward → current province and commune."""
    form = LegacyAddressForm(request.GET or None)
    result = None
    candidates: list[dict[str, str]] = []
    if form.is_valid():
        try:
            result = units.convert_legacy_address(**form.cleaned_data)
        except units.AmbiguousUnit as exc:
            form.add_error(exc.field, exc.message)
            candidates = exc.candidates
        except units.UnitNotFound as exc:
            form.add_error(exc.field, exc.message)
    return render(
        request,
        "core/legacy_lookup.html",
        {
            "form": form,
            "result": result,
            "candidates": candidates,
            "legacy_provinces": units.legacy_provinces(),
        },
    )
