"""The one way the application e-mails an academy: `send_to_academy()` sends and records the e-mail in the
academy's contact log (`SentEmail`), with its delivery state. A mail server that refuses the message or some of
its addresses marks the entry "delivery failed"; a bounce reported later is recorded with `record_bounce()` (staff
on the academy page, or `manage.py record_bounce ADDRESS`)."""

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from academies.models import Academy
from grants.models import DeliveryStatus, SentEmail

ERROR_LENGTH = 500


def send_to_academy(*, academy: Academy, kind: str, subject: str, body: str, recipients: list[str],
                    sent_by=None, attachments: Sequence[tuple[str, bytes, str]] = ()) -> SentEmail | None:
    """Send a plain-text e-mail to `recipients` on behalf of `academy` and log it; None when there is nobody to
    send to. `attachments`: (file name, content, MIME type) each; the log keeps their names. Never raises for a
    mail-server error: the entry says "delivery failed" and keeps the error."""
    if not recipients:
        return None
    entry = SentEmail(academy=academy, kind=kind, subject=subject, recipients=list(recipients), sent_by=sent_by,
                      attachments=[name for name, _content, _mimetype in attachments])
    entry.full_clean()
    entry.save()
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(recipients))
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        entry.failed_recipients = sorted(error.recipients)
        entry.status, entry.error = DeliveryStatus.FAILED, str(error)[:ERROR_LENGTH]
    except (smtplib.SMTPException, OSError) as error:
        entry.failed_recipients = list(recipients)
        entry.status, entry.error = DeliveryStatus.FAILED, str(error)[:ERROR_LENGTH]
    else:
        entry.status = DeliveryStatus.SENT
    entry.save(update_fields=["status", "failed_recipients", "error"])
    return entry


def record_bounce(*, address: str, recorded_by=None, entry: SentEmail | None = None, reason: str = "") -> SentEmail:
    """Mark `address` as not reached on `entry` (default: the latest e-mail sent to it). Raises
    SentEmail.DoesNotExist when no e-mail went to that address."""
    address = address.strip()
    with transaction.atomic():
        if entry is None:
            candidates = (SentEmail.objects.select_for_update().filter(recipients__icontains=address)
                          .order_by("-sent_at", "-pk"))
            entry = next((sent for sent in candidates
                          if address.lower() in {recipient.lower() for recipient in sent.recipients}), None)
            if entry is None:
                raise SentEmail.DoesNotExist
        else:
            entry = SentEmail.objects.select_for_update().get(pk=entry.pk)
        if address.lower() not in {failed.lower() for failed in entry.failed_recipients}:
            entry.failed_recipients = [*entry.failed_recipients, address]
        entry.status = DeliveryStatus.BOUNCED
        note = reason or (f"bounce recorded by {recorded_by.get_username()}" if recorded_by else "bounce recorded")
        entry.error = "; ".join(part for part in (entry.error, note) if part)[:ERROR_LENGTH]
        entry.full_clean()
        entry.save(update_fields=["status", "failed_recipients", "error"])
    return entry
