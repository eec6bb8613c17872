from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "khth.accounts"
    label = "accounts"
    verbose_name = "Accounts"
