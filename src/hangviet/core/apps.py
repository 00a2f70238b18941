from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hangviet.core"
    label = "core"
    verbose_name = "Dùng chung"
