"""Reads and writes that a lower room needs but a higher room answers, without the lower room importing it.

Dependencies point one way (docs/architecture.md): the catalog may not import the OCOP room, accounts may
not import sellers. Where a lower room still has to show or respect something a higher room owns (the
product's current OCOP certificate, a user's shops when the account is exported or deleted), the higher
room names a function in `settings.HANGVIET_PROVIDERS` under a slot, and the lower room calls
`provided(slot)`. Config assembles the rooms, as it does for the page panels (`HANGVIET_PANELS`).
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _load(path: str) -> Callable[..., Any]:
    return import_string(path)  # type: ignore[no-any-return]


def provided(slot: str) -> list[Callable[..., Any]]:
    """The functions registered for `slot`, in their settings order (none: an empty list)."""
    return [_load(path) for path in settings.HANGVIET_PROVIDERS.get(slot, [])]
