"""Private files: a storage outside MEDIA_ROOT, names nobody can guess, and one way to serve them.

A file not meant for a public page (an OCOP dossier's attachment, a seller's import file, a scanned MoU)
is stored with `storage=private_storage, upload_to=RandomName("<room>/<what>/%Y/")` and served by its
room's own view, which asks the same question as the page that links it and then calls
`serve_private_file`. /media/ serves only `settings.HANGVIET_PUBLIC_MEDIA_PREFIXES` (core.views.public_media).
"""

import logging
import posixpath
import re
import secrets
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import migrations, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

# Types a browser may show in the page instead of downloading: only those checked by content at upload.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")
logger = logging.getLogger(__name__)


def private_storage() -> Storage:
    """STORAGES["private"]: a callable, so migrations name it rather than a folder, and a deployment may
    put an S3 bucket (or anything else) there."""
    return storages["private"]


def random_name(directory: str, filename: str) -> str:
    """`<directory>/<32 random characters><.ext>`: 192 random bits; of the uploaded name only a short,
    plain extension survives (the rooms that read a file by its extension need it)."""
    extension = posixpath.splitext(filename)[1].lower()
    if not _EXTENSION.fullmatch(extension):
        extension = ""
    return f"{directory.strip('/')}/{secrets.token_urlsafe(24)}{extension}"


@deconstructible(path="hangviet.core.files.RandomName")
class RandomName:
    """An `upload_to` for private files: `directory` (strftime'd, like Django's) + a random name."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def __call__(self, instance: Any, filename: str) -> str:
        return random_name(timezone.localtime().strftime(self.directory), filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.directory == self.directory

    def __hash__(self) -> int:
        return hash(self.directory)


def serve_private_file(
    file: FieldFile, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse | FileResponse:
    """The response that hands a private file to someone the calling view has already let in.

    `content_type` is the one stored (or fixed) when the file was checked at upload, never guessed from a
    name; `inline` shows a PDF or image in the browser, anything else is a download. From object storage
    (HANGVIET_S3_BUCKET) the answer is a redirect to a URL signed for HANGVIET_S3_SIGNED_URL_SECONDS,
    which makes the bucket send the same type and disposition.
    """
    if not file.name:
        raise Http404
    storage = private_storage()
    as_attachment = not (inline and content_type in INLINE_TYPES)
    if not isinstance(storage, FileSystemStorage):
        return _signed_redirect(storage, file.name, content_type, filename, as_attachment)
    try:
        handle = storage.open(file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=as_attachment,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# A document an organisation uploads (a scanned licence, a certificate): PDF or a photo, by its first bytes.
DOCUMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def document_type(file: Any) -> str | None:
    """The content type of an uploaded document read from its content (PDF, JPEG or PNG), or None; the
    file is left at its start."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    return next((kind for magic, kind in DOCUMENT_TYPES.items() if head.startswith(magic)), None)


def _signed_redirect(
    storage: Storage, name: str, content_type: str, filename: str, as_attachment: bool
) -> HttpResponseRedirect:
    if not storage.exists(name):
        raise Http404
    # The same Content-Disposition Django's FileResponse would write, for the bucket to send.
    disposition = content_disposition_header(as_attachment, filename) or "inline"
    url = storage.url(  # type: ignore[call-arg]
        name,
        parameters={
            "ResponseContentType": content_type or "application/octet-stream",
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        },
        expire=settings.HANGVIET_S3_SIGNED_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def is_public_media(path: str) -> bool:
    """Whether /media/<path> names a public upload: under one of HANGVIET_PUBLIC_MEDIA_PREFIXES once
    normalised, so "products/../x" is not."""
    normalised = posixpath.normpath(path).lstrip("/")
    return normalised.startswith(tuple(settings.HANGVIET_PUBLIC_MEDIA_PREFIXES))


def move_files(
    model: Any, field: str, *, source: Storage, target: Storage, using: str, rename: bool = True
) -> int:
    """Move every file of `model.<field>` from `source` to `target` (under a new random name in the same
    folder unless `rename` is false) and point its row at it: the step of the data migrations that made
    files private (and of their reversal). A source file is deleted once the migration's transaction
    commits, so a failed migration loses nothing. A row whose file is in neither storage is left as it
    is and logged. Returns how many files moved."""
    moved = 0
    rows = model.objects.using(using).exclude(**{field: ""}).order_by("pk").values_list("pk", field)
    for pk, name in list(rows):
        if not source.exists(name):
            if not target.exists(name):
                logger.warning("%s %s: file %s not found; row left unchanged", model.__name__, pk, name)
            continue
        with source.open(name, "rb") as handle:
            wanted = random_name(posixpath.dirname(name), name) if rename else name
            new_name = target.save(wanted, File(handle))
        model.objects.using(using).filter(pk=pk).update(**{field: new_name})
        transaction.on_commit(partial(source.delete, name), using=using)
        moved += 1
    return moved


def private_file_migration(app_label: str, model_name: str, field: str) -> migrations.RunPython:
    """The data-migration step that moves the existing files of a field made private out of the default
    storage (MEDIA_ROOT) to the private storage under random names; reversed, it moves them back."""

    def to_private(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        alias = schema_editor.connection.alias
        move_files(model, field, source=storages["default"], target=private_storage(), using=alias)

    def to_public(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        alias = schema_editor.connection.alias
        move_files(
            model, field, source=private_storage(), target=storages["default"], using=alias, rename=False
        )

    return migrations.RunPython(to_private, to_public)
