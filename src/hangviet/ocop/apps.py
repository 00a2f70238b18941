from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "hangviet.ocop"
    label = "ocop"
