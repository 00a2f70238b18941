"""Sign in with an email or a Vietnamese mobile number."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hangviet.accounts.models import User
from hangviet.core.validators import normalize_phone


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    try:
        return User.objects.filter(phone=normalize_phone(identifier)).first()
    except ValidationError:
        return None


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = find_user(username or kwargs.get("email") or "")
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint that the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
