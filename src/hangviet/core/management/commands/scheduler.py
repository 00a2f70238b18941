from django.core.management.base import BaseCommand

from hangviet.core.scheduler import run_forever


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (settings.HANGVIET_PERIODIC_TASKS) when they fall due."

    def handle(self, *args: object, **options: object) -> None:
        run_forever()
