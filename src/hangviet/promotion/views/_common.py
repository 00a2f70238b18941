"""Helpers the promotion pages share (package-private)."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest

from hangviet.accounts.models import User
from hangviet.core.errors import DomainError

PAGE_SIZE = 30


def _actor(request: HttpRequest) -> User:
    """The signed-in user (views that call services are behind login_required or officer_required)."""
    return cast(User, request.user)


def _domain_message(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)
