"""The two VLAIO staff groups and the permissions they hold.

"VLAIO beheerder" holds every permission on the models of the project's apps (academies and grants, including the
custom import_* and export_* ones and the permissions on the historical models of django-simple-history, plus the
report geometry, the import jobs, API tokens and published open-data years); "VLAIO lezer" holds only the view_*
and export_* permissions of academies, grants and reports, less those on personal data
(PERSONAL_DATA_PERMISSIONS). `sync_staff_groups()` is additive and idempotent: the data
migration calls it once and the post_migrate signal calls it again, so permissions of models added later join the
groups too. Permissions that staff gave a group by hand are left alone.
"""

from django.apps import apps as global_apps

MANAGER_GROUP = "VLAIO beheerder"
READER_GROUP = "VLAIO lezer"
STAFF_APPS = ("academies", "grants")
MANAGER_APPS = (*STAFF_APPS, "payments", "assessments", "reports", "exchange", "api")
READER_APPS = (*STAFF_APPS, "payments", "reports")
READER_PREFIXES = ("view_", "export_")
PERSONAL_DATA_PERMISSIONS = {
    ("academies", "view_academymembership"),  # the contact persons of an academy
    ("academies", "export_academy"),  # the export carries the academies' contact e-mail
    ("grants", "view_contactinvitation"),
    ("grants", "view_historicalcontactinvitation"),
    ("grants", "view_sentemail"),  # the contact log names the recipients
}
"""View and export permissions a reader does not get: they open people's names and addresses. What else keeps
personal data from readers is the rule `grants.view_personal_data` (managers only): contact e-mails, final-report
narratives, attachments, review comments and change histories on the staff pages and in the admin."""


def reader_may_have(app_label: str, codename: str) -> bool:
    return (app_label in READER_APPS and codename.startswith(READER_PREFIXES)
            and (app_label, codename) not in PERSONAL_DATA_PERMISSIONS)


def withdraw_personal_data_from_readers(apps=None, using: str = "default") -> None:
    """Remove PERSONAL_DATA_PERMISSIONS from "VLAIO lezer" (a data migration: `sync_staff_groups()` only adds)."""
    apps = apps or global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    reader = group_model.objects.using(using).filter(name=READER_GROUP).first()
    if reader is None:
        return
    for app_label, codename in PERSONAL_DATA_PERMISSIONS:
        reader.permissions.remove(*permission_model.objects.using(using).filter(
            content_type__app_label=app_label, codename=codename))


def sync_staff_groups(apps=None, using: str = "default") -> None:
    """Create both groups if missing and give them their permissions. `apps` is a migration's app registry."""
    apps = apps or global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    permissions = list(permission_model.objects.using(using).filter(content_type__app_label__in=MANAGER_APPS)
                       .select_related("content_type"))
    manager, _created = group_model.objects.using(using).get_or_create(name=MANAGER_GROUP)
    reader, _created = group_model.objects.using(using).get_or_create(name=READER_GROUP)
    manager.permissions.add(*permissions)
    reader.permissions.add(*[permission for permission in permissions
                             if reader_may_have(permission.content_type.app_label, permission.codename)])


def sync_staff_groups_after_migrate(sender, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate receiver: after each of the apps in MANAGER_APPS, whose permissions auth's own receiver has
    created just before."""
    if apps is None or sender.label not in MANAGER_APPS:
        return
    try:
        apps.get_model("auth", "Group")
    except LookupError:
        return
    sync_staff_groups(apps=apps, using=using)
