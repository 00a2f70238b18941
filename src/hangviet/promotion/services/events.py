"""Campaign events: training sessions."""

from typing import Any

from django.db import transaction

from hangviet.accounts.models import User
from hangviet.promotion.models import TrainingSession
from hangviet.promotion.services._common import _full_clean
from hangviet.sellers.permissions import ensure_officer


@transaction.atomic
def record_training(*, actor: User, **fields: Any) -> TrainingSession:
    ensure_officer(actor)
    session = TrainingSession(**fields)
    _full_clean(session)
    session.save()
    return session
