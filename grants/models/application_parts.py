"""What an application carries besides its own fields: partners, cost lines and attachments."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from academies.models import validate_kbo_number
from academies.text import validate_single_line_text
from grants.models.applications import Application
from grants.models.fields import money_field, non_negative


class Partner(models.Model):
    """An organisation the academy runs the project with, known by its KBO number."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners",
                                    verbose_name=_("application"))
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line_text])
    kbo_number = models.CharField(_("KBO number"), max_length=10, validators=[validate_kbo_number])
    role = models.CharField(_("role in the project"), max_length=300, blank=True,
                            validators=[validate_single_line_text])

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["application", "kbo_number"], name="partner_once_per_application"),
            models.CheckConstraint(condition=models.Q(kbo_number__regex=r"^[01][0-9]{9}$"),
                                   name="partner_kbo_number_format"),
        ]

    def __str__(self) -> str:
        return self.name


class CostLine(models.Model):
    """One line of a project's budget; the lines add up to the total project cost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="cost_lines",
                                    verbose_name=_("application"))
    description = models.CharField(_("description"), max_length=200, validators=[validate_single_line_text])
    amount = money_field(_("amount"))

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [non_negative("costline_amount_non_negative", "amount")]

    def __str__(self) -> str:
        return self.description


def attachment_path(instance: "ApplicationAttachment", filename: str) -> str:
    """A random name in a folder per call year: the file name the academy gave is kept in `name` only."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{instance.application.call.year}/{uuid.uuid4().hex}.{extension}"


class ApplicationAttachment(models.Model):
    """A document added to an application, kept in private storage (never under a public URL) and served only to
    the academy's contacts and VLAIO managers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments",
                                    verbose_name=_("application"))
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200, validators=[validate_single_line_text])
    kind = models.CharField(_("kind"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["application", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
