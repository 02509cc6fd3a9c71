from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trustreg.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"
