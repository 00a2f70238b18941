"""System checks (run by `hangviet migrate`, `hangviet check`): settings that would expose private files,
or that ask for something this installation cannot do."""

import importlib.util
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning


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


def sentry_can_report(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """SENTRY_DSN set while sentry-sdk is not installed: errors would silently not reach Sentry."""
    if not settings.SENTRY_DSN or importlib.util.find_spec("sentry_sdk") is not None:
        return []
    return [
        Warning(
            "SENTRY_DSN is set but sentry-sdk is not installed: errors are not sent to Sentry.",
            hint="Install it in the venv (.venv/bin/pip install 'sentry-sdk>=2') or unset SENTRY_DSN.",
            id="hangviet.W001",
        )
    ]


def deployment_is_safe(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """`hangviet check --deploy`: what the production profile would refuse (hangviet.core.deploy)."""
    from hangviet.core.deploy import unsafe_configuration

    return [Error(problem, id="hangviet.E100") for problem in unsafe_configuration()]
