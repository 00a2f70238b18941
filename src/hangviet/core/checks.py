"""System checks (run by `hangviet migrate`, `hangviet check`): settings that would expose private files."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error


def private_files_are_not_public(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """PRIVATE_MEDIA_ROOT must not overlap MEDIA_ROOT or STATIC_ROOT: a proxy serving those folders would
    serve the private files too."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = Path(getattr(settings, name)).resolve()
        if private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Keep private files in a folder of their own, outside every folder served publicly.",
                    id="hangviet.E001",
                )
            )
    return errors
