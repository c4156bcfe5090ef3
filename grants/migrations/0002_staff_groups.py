"""Create the staff groups "VLAIO beheerder" and "VLAIO lezer" with their permissions.

Django creates permissions in post_migrate, i.e. after this migration on a fresh database; create them here first
so the groups get them now. grants.apps also re-syncs the groups after every migrate (for models added later).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_staff_groups(apps, schema_editor):
    from grants.groups import sync_staff_groups

    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True  # create_permissions skips apps without one, as migration states are
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = models_module
    sync_staff_groups(apps=apps, using=schema_editor.connection.alias)


def remove_staff_groups(apps, schema_editor):
    from grants.groups import MANAGER_GROUP, READER_GROUP

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=[MANAGER_GROUP, READER_GROUP]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("academies", "0001_initial"),
        ("grants", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_staff_groups, remove_staff_groups),
    ]
