from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Assessing applications against a call's criteria, deciding them in batches and writing decision letters."""

    name = "assessments"
    verbose_name = _("assessments")
