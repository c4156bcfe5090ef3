import dataclasses

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _frozen_setattr(self, name, value):
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def patch_task_result_setattr() -> None:
    """django-tasks 0.9 builds `TaskResult[T](...)`; on Python 3.11/3.12 typing then assigns `__orig_class__` and the
    frozen, slotted dataclass's generated __setattr__ fails with TypeError (not AttributeError, which typing would
    ignore), so every enqueue() crashes. Upstream fixed it in django-tasks PR #222 (issues #202, #223), after 0.9.
    Raising the proper FrozenInstanceError restores the intended behaviour; django-tasks itself only ever changes a
    result through object.__setattr__."""
    from django_tasks import base
    from django_tasks.backends.database import backend

    for result_class in (base.TaskResult, backend.TaskResult):
        result_class.__setattr__ = _frozen_setattr


class ExchangeConfig(AppConfig):
    """Import and export of academies, calls, awards, final reports and UiT events (CSV/XLSX, Belgian style)."""

    name = "exchange"
    verbose_name = _("Import and export")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        patch_task_result_setattr()
