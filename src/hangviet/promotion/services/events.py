"""Campaign events: training sessions, contests and their entries (officers keep them in the admin)."""

from typing import Any

from django.db import transaction

from hangviet.accounts.models import User
from hangviet.core.text import unique_slug
from hangviet.promotion.models import Contest, ContestEntry, TrainingSession
from hangviet.promotion.services._common import _apply, _full_clean, _save
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
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    return _save(_apply(locked, fields, TRAINING_FIELDS))


@transaction.atomic
def delete_training(*, actor: User, session: TrainingSession) -> None:
    """A session entered by mistake (its attendance counts in the campaign's figures until removed)."""
    ensure_officer(actor)
    TrainingSession.objects.filter(pk=session.pk).delete()


@transaction.atomic
def create_contest(*, actor: User, **fields: Any) -> Contest:
    """An officer records a contest; its address comes from `slug` when given, else from its name."""
    ensure_officer(actor)
    contest = _apply(Contest(), fields, CONTEST_FIELDS)
    contest.slug = unique_slug(Contest, contest.slug or contest.name, max_length=90, fallback="muc")
    return _save(contest)


@transaction.atomic
def update_contest(*, actor: User, contest: Contest, **fields: Any) -> Contest:
    ensure_officer(actor)
    contest = _apply(Contest.objects.select_for_update().get(pk=contest.pk), fields, CONTEST_FIELDS)
    if "slug" in fields:
        others = Contest.objects.exclude(pk=contest.pk)
        contest.slug = unique_slug(others, contest.slug or contest.name, max_length=90, fallback="muc")
    return _save(contest)


@transaction.atomic
def add_contest_entry(*, actor: User, contest: Contest, **fields: Any) -> ContestEntry:
    """An entry of a contest; a prize (empty: not a winner) makes it one of the winners shown."""
    ensure_officer(actor)
    return _save(_apply(ContestEntry(contest=contest), fields, ENTRY_FIELDS))


@transaction.atomic
def update_contest_entry(*, actor: User, entry: ContestEntry, **fields: Any) -> ContestEntry:
    ensure_officer(actor)
    locked = ContestEntry.objects.select_for_update().get(pk=entry.pk)
    return _save(_apply(locked, fields, ENTRY_FIELDS))


@transaction.atomic
def remove_contest_entry(*, actor: User, entry: ContestEntry) -> None:
    ensure_officer(actor)
    ContestEntry.objects.filter(pk=entry.pk).delete()
