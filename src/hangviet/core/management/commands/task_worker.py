from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hangviet.core.workers import take_back_abandoned_tasks, worker_id


class Command(BaseCommand):
    help = (
        "Run the task worker of one queue (django-tasks-db's db_worker) under this machine's stable worker "
        "id, after returning to the queue the tasks its previous run left unfinished (core/workers.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", default="default")

    def handle(self, *args: object, **options: object) -> None:
        queue = str(options["queue"])
        wid = worker_id(queue)
        take_back_abandoned_tasks(worker_id=wid, queue=queue)
        call_command("db_worker", "--queue-name", queue, "--worker-id", wid)
