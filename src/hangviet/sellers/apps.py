from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "hangviet.sellers"
    label = "sellers"
