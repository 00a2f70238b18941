from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hangviet.core.backup import BackupError, create_backup, describe


class Command(BaseCommand):
    help = (
        "Write the database and every uploaded file (public and private media) into one tar archive "
        "(default: var/backups/hangviet-<time>.tar; .tar.gz compresses). Safe while the platform runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="the archive to write")

    def handle(self, *args: object, **options: object) -> None:
        output = options["output"] or Path(settings.VAR_DIR) / "backups" / (
            f"hangviet-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
        )
        assert isinstance(output, Path)
        try:
            manifest = create_backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{output}: {describe(manifest)}")
