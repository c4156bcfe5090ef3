from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from grants.groups import sync_staff_groups_after_migrate


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Calls, applications and awards")

    def ready(self) -> None:
        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="grants_sync_staff_groups")
