from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DatabaseRolesConfig(AppConfig):
    name = "config.dbroles"
    label = "dbroles"

    def ready(self):
        from config.dbroles.grants import grant_after_migrate

        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="dbroles.grant_after_migrate")
