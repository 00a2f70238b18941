from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangviet.core.backup import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media folders with those of an archive written by `hangviet backup`, "
        "after checking every file's checksum. Stop the server and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database or media folders that are not empty"
        )

    def handle(self, *args: object, **options: object) -> None:
        archive = options["archive"]
        assert isinstance(archive, Path)
        try:
            manifest = restore_backup(archive=archive, force=bool(options["force"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {describe(manifest)}; next: hangviet migrate (if this version is newer)")
