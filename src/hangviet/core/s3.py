"""S3-compatible storage for public uploads (HANGVIET_S3_BUCKET): the files live in the bucket, their URLs
stay under MEDIA_URL, served by core.views.public_media, which asks the same prefix question as on disk (the
bucket itself need not be public)."""

from typing import Any

from django.conf import settings
from storages.backends.s3 import S3Storage


class AppServedS3Storage(S3Storage):
    def url(
        self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None
    ) -> str:
        return f"{settings.MEDIA_URL}{(name or '').lstrip('/')}"
