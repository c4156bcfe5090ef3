"""Readers ("VLAIO lezer") lose the view/export permissions that open personal data (grants.groups.
PERSONAL_DATA_PERMISSIONS): the contact persons, the academies export with contact e-mails, the invitations and the
contact log. `sync_staff_groups()` no longer gives them; this removes them from existing databases."""

from django.db import migrations


def withdraw(apps, schema_editor):
    from grants.groups import withdraw_personal_data_from_readers

    withdraw_personal_data_from_readers(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0007_contact_log_of_sent_emails"),
    ]

    operations = [
        migrations.RunPython(withdraw, migrations.RunPython.noop),
    ]
