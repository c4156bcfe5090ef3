from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and open data")

    def ready(self) -> None:
        from api.groups import give_managers_api_permissions

        post_migrate.connect(give_managers_api_permissions, sender=self)
