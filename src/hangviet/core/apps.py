from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "hangviet.core"
    label = "core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from hangviet.core.checks import deployment_is_safe, private_files_are_not_public, sentry_can_report

        checks.register(private_files_are_not_public)
        checks.register(sentry_can_report)
        checks.register(deployment_is_safe, checks.Tags.security, deploy=True)
