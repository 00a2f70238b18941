"""Campaign events: training sessions, contests and their entries (officers keep them in the admin)."""

from typing import Any

from django.db import transaction

from hangviet.accounts.models import User
from hangviet.promotion.models import Contest, ContestEntry, TrainingSession
from hangviet.promotion.services._common import _address, _apply, _edit, _full_clean, _locked, _remove, _save
from hangviet.sellers.permissions import ensure_officer

TRAINING_FIELDS = ("topic", "series", "held_on", "place", "organiser", "audience", "attendance")
CONTEST_FIELDS = ("name", "slug", "organiser", "starts_on", "ends_on", "description")
ENTRY_FIELDS = ("entrant", "title", "prize")


@transaction.atomic
def record_training(*, actor: User, **fields: Any) -> TrainingSession:
    ensure_officer(actor)
    session = TrainingSession(**fields)
    _full_clean(session)
    session.save()
    return session


@transaction.atomic
def update_training(*, actor: User, session: TrainingSession, **fields: Any) -> TrainingSession:
    ensure_officer(actor)
    return _edit(session, fields, TRAINING_FIELDS)


@transaction.atomic
def delete_training(*, actor: User, session: TrainingSession) -> None:
    """A session entered by mistake (its attendance counts in the campaign's figures until removed)."""
    ensure_officer(actor)
    _remove(session)


@transaction.atomic
def create_contest(*, actor: User, **fields: Any) -> Contest:
    """An officer records a contest; its address comes from `slug` when given, else from its name."""
    ensure_officer(actor)
    contest = _apply(Contest(), fields, CONTEST_FIELDS)
    _address(contest)
    return _save(contest)


@transaction.atomic
def update_contest(*, actor: User, contest: Contest, **fields: Any) -> Contest:
    ensure_officer(actor)
    contest = _apply(_locked(contest), fields, CONTEST_FIELDS)
    if "slug" in fields:
        _address(contest)
    return _save(contest)


@transaction.atomic
def add_contest_entry(*, actor: User, contest: Contest, **fields: Any) -> ContestEntry:
    """An entry of a contest; a prize (empty: not a winner) makes it one of the winners shown."""
    ensure_officer(actor)
    return _save(_apply(ContestEntry(contest=contest), fields, ENTRY_FIELDS))


@transaction.atomic
def update_contest_entry(*, actor: User, entry: ContestEntry, **fields: Any) -> ContestEntry:
    ensure_officer(actor)
    return _edit(entry, fields, ENTRY_FIELDS)


@transaction.atomic
def remove_contest_entry(*, actor: User, entry: ContestEntry) -> None:
    ensure_officer(actor)
    _remove(entry)
