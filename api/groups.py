"""The "VLAIO beheerder" group manages API tokens and published years; "VLAIO lezer" gets nothing here (a reader
uses a token, it does not hand them out)."""

from grants.groups import MANAGER_GROUP


def give_managers_api_permissions(sender, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate receiver for this app: additive and idempotent, like grants.groups.sync_staff_groups."""
    if apps is None:
        return
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    manager, _created = group_model.objects.using(using).get_or_create(name=MANAGER_GROUP)
    manager.permissions.add(*permission_model.objects.using(using).filter(content_type__app_label="api"))
