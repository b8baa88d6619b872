from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "councilstat.web.accounts"
    label = "accounts"
