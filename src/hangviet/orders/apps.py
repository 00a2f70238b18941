from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "hangviet.orders"
    label = "orders"
