"""App configs: third-party apps with a Dutch name in the admin (their own AppConfig gives an untranslatable
`verbose_name`), and the project package as an app for its operations commands."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


class OperationsConfig(AppConfig):
    """The project package itself, as an app only for its operations commands (config/management/commands)."""

    name = "config"
    verbose_name = _("Operations")
