"""Third-party apps with a Dutch name in the admin: their own AppConfig gives an untranslatable `verbose_name`."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
