"""`hangviet load_ocop_rubrics`: (re)load the versioned rubrics from ocop/data/rubrics/*.json."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from hangviet.ocop.models import Criterion, Rubric, RubricPart, ScoreSheet
from hangviet.ocop.rubrics import load_rubrics


class Command(BaseCommand):
    help = "Load the OCOP rubrics from data files (rubrics already scored on are left unchanged)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = load_rubrics(Rubric, RubricPart, Criterion, ScoreSheet)
        self.stdout.write(f"ocop: {count} rubric(s) loaded; {Rubric.objects.count()} in the database")
