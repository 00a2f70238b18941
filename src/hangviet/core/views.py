"""Core pages: convert an old (pre-July-2025) address to today's units; public uploads under /media/."""

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve

from hangviet.core import units
from hangviet.core.files import is_public_media
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


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Public uploads (product pictures, logos, news pictures) from MEDIA_ROOT; nothing else, even if a
    private file were put there by mistake."""
    if not is_public_media(path):
        raise Http404
    name = posixpath.normpath(path).lstrip("/")
    if isinstance(default_storage, FileSystemStorage):
        return serve(request, name, document_root=str(settings.MEDIA_ROOT))
    # Object storage (HANGVIET_S3_BUCKET): streamed from the bucket, which any instance reaches.
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
