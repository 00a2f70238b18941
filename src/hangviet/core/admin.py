"""Admin pieces shared by the rooms."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
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


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input for a private file: the current file links to `download_url` (the room's
    view that checks who asks, set by the form), never to a /media/ address that serves nothing."""

    template_name = "core/widgets/private_file_input.html"
    download_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        return context
