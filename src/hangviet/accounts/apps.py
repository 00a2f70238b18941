from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hangviet.accounts"
    label = "accounts"
