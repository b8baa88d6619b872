from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "councilstat.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from councilstat.web.accounts import security_events

        security_events.connect()
