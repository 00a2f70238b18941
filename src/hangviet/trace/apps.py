from django.apps import AppConfig


class TraceConfig(AppConfig):
    name = "hangviet.trace"
    label = "trace"
