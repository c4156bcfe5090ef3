"""E-mails to academy contacts, each sent and logged through `grants.mail.send_to_academy()`. Always in the
portal's default language (Dutch), whatever language the staff member who triggered them is using. Templates:
templates/emails/<name>_subject.txt and templates/emails/<name>.txt."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academies.models import Academy
from grants.mail import send_to_academy
from grants.models import DeliveryStatus
from grants.site import base_url
from grants.tokens import invitation_token_generator


def absolute_url(path: str) -> str:
    return f"{base_url()}{path}"


def academy_recipients(academy: Academy) -> list[str]:
    """The academy's contact address and the e-mail of every active contact person, without duplicates."""
    addresses = [academy.contact_email, *academy.memberships.filter(user__is_active=True).exclude(
        user__email="").values_list("user__email", flat=True)]
    seen: dict[str, str] = {}
    for address in addresses:
        if address:
            seen.setdefault(address.lower(), address)
    return list(seen.values())


def send(*, name: str, academy: Academy, context: dict, to: list[str] | None = None, sent_by=None,
         attachments: Sequence[tuple[str, bytes, str]] = ()) -> int:
    """Render templates/emails/<name> in the portal's language and send it to `to` (default: the academy's
    recipients) through `send_to_academy()` with `attachments` ((file name, content, MIME type) each); the number
    of messages the mail server accepted (0 or 1)."""
    to = academy_recipients(academy) if to is None else to
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"portal_url": absolute_url(reverse("home")), **context}
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        body = render_to_string(f"emails/{name}.txt", context)
    entry = send_to_academy(academy=academy, kind=name, subject=subject, body=body, recipients=to, sent_by=sent_by,
                            attachments=attachments)
    return int(entry is not None and entry.status == DeliveryStatus.SENT)


def send_to_staff(*, name: str, context: dict, to: list[str]) -> int:
    """Render templates/emails/<name> as `send()` does and send it to VLAIO staff (no academy, so no contact log);
    the number of messages the mail server accepted."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"portal_url": absolute_url(reverse("home")), **context}
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        body = render_to_string(f"emails/{name}.txt", context)
    return send_mail(subject, body, None, to)


def send_application_submitted(*, application) -> int:
    url = absolute_url(reverse("grants:application-detail", args=[application.pk]))
    return send(name="application_submitted", academy=application.academy,
                context={"application": application, "url": url})


def send_decision(*, application, sent_by=None, attachments: Sequence[tuple[str, bytes, str]] = ()) -> int:
    """The decision e-mail; a batch decision attaches its letter (`attachments`)."""
    url = absolute_url(reverse("grants:application-detail", args=[application.pk]))
    award = getattr(application, "award", None)
    return send(name="decision", academy=application.academy, sent_by=sent_by, attachments=attachments,
                context={"application": application, "award": award, "url": url,
                         "attached": [name for name, _content, _mimetype in attachments]})


def send_report_submitted(*, report) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[report.award_id]))
    return send(name="report_submitted", academy=report.award.application.academy,
                context={"report": report, "url": url})


def send_report_reviewed(*, report) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[report.award_id]))
    return send(name="report_reviewed", academy=report.award.application.academy,
                context={"report": report, "url": url})


def send_report_changed(*, report, changes: list[str]) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[report.award_id]))
    return send(name="report_changed", academy=report.award.application.academy,
                context={"report": report, "url": url, "changes": changes})


def send_report_reminder(*, award, stage: str) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[award.pk]))
    return send(name="report_reminder", academy=award.application.academy,
                context={"award": award, "stage": stage, "url": url,
                         "due_date": award.application.call.report_due_date})


def send_invitation(*, membership, with_password_link: bool) -> int:
    user = membership.user
    context = {"user": user, "academy": membership.academy, "with_password_link": with_password_link,
               "login_url": absolute_url(reverse("login"))}
    if with_password_link:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = invitation_token_generator.make_token(user)
        context["url"] = absolute_url(reverse("grants:invite-accept", kwargs={"uidb64": uid, "token": token}))
    return send(name="invitation", academy=membership.academy, context=context, to=[user.email])
