from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "councilstat.web.api"
    label = "api"

    def ready(self) -> None:
        from councilstat.web.accounts.models import User
        from councilstat.web.api.tokens import revoke_tokens_of_changed_user

        post_save.connect(
            revoke_tokens_of_changed_user, sender=User, dispatch_uid="api-revoke-tokens"
        )
