from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "hangviet.promotion"
    label = "promotion"
