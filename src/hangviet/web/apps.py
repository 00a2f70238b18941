from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hangviet.web"
    label = "web"
