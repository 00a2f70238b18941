from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the deterministic demo data (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write("demo: nothing to load yet")
