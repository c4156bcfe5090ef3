from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Import and export of academies, calls, awards, final reports and UiT events (CSV/XLSX, Belgian style)."""

    name = "exchange"
    verbose_name = _("Import and export")
    default_auto_field = "django.db.models.BigAutoField"
