"""The contact log: every e-mail the application sent to an academy, with its delivery state."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_datetime
from academies.models import Academy


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("delivery failed")
    BOUNCED = "bounced", _("bounced")


class SentEmailQuerySet(models.QuerySet):
    def for_academy(self, academy) -> "SentEmailQuerySet":
        """The academy's e-mails in the order they were sent."""
        return self.filter(academy=academy).select_related("sent_by").order_by("sent_at", "pk")

    def undelivered(self) -> "SentEmailQuerySet":
        return self.filter(status__in=(DeliveryStatus.FAILED, DeliveryStatus.BOUNCED))


class SentEmail(models.Model):
    """One e-mail to an academy, written by `grants.mail.send_to_academy()` before it is handed to the mail server.
    `failed_recipients` lists the addresses the server refused or that bounced later (recorded by staff or by
    `manage.py record_bounce`); the body is not kept (an invitation carries a password link)."""

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="sent_emails",
                                verbose_name=_("academy"))
    kind = models.CharField(_("kind"), max_length=40,
                            help_text=_("Which e-mail: invitation, decision, report_reminder, payment_notice, ..."))
    subject = models.CharField(_("subject"), max_length=300)
    recipients = models.JSONField(_("recipients"), default=list)
    attachments = models.JSONField(_("attachments"), default=list, blank=True,
                                   help_text=_("The file names of the documents sent with the e-mail."))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("sent by"))
    status = models.CharField(_("delivery"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.SENDING)
    failed_recipients = models.JSONField(_("addresses not reached"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    objects = SentEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="sentemail_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{format_datetime(self.sent_at)} {self.subject}"
