"""Admin pieces shared by the rooms."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class RecordInline(admin.TabularInline):  # type: ignore[type-arg]
    """A record of what happened (status history, stock moves, an order's lines): shown in the admin,
    never added, changed or deleted there; the services write it with who and when."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(str(field) for field in self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
