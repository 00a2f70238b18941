from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "hangviet.core"
    label = "core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from hangviet.core.checks import private_files_are_not_public

        checks.register(private_files_are_not_public)
