"""E-mails to academy contacts, through Django's e-mail backend. Always in the portal's default language (Dutch),
whatever language the staff member who triggered them is using. Templates: templates/emails/<name>_subject.txt
and templates/emails/<name>.txt."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academies.models import Academy
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


def send(*, name: str, context: dict, to: list[str]) -> int:
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"portal_url": absolute_url(reverse("home")), **context}
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        body = render_to_string(f"emails/{name}.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def send_application_submitted(*, application) -> int:
    url = absolute_url(reverse("grants:application-detail", args=[application.pk]))
    return send(name="application_submitted", context={"application": application, "url": url},
                to=academy_recipients(application.academy))


def send_decision(*, application) -> int:
    url = absolute_url(reverse("grants:application-detail", args=[application.pk]))
    award = getattr(application, "award", None)
    return send(name="decision", context={"application": application, "award": award, "url": url},
                to=academy_recipients(application.academy))


def send_report_submitted(*, report) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[report.award_id]))
    return send(name="report_submitted", context={"report": report, "url": url},
                to=academy_recipients(report.award.application.academy))


def send_report_reviewed(*, report) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[report.award_id]))
    return send(name="report_reviewed", context={"report": report, "url": url},
                to=academy_recipients(report.award.application.academy))


def send_report_reminder(*, award, stage: str) -> int:
    url = absolute_url(reverse("grants:report-edit", args=[award.pk]))
    return send(name="report_reminder", context={"award": award, "stage": stage, "url": url,
                                                 "due_date": award.application.call.report_due_date},
                to=academy_recipients(award.application.academy))


def send_invitation(*, membership, with_password_link: bool) -> int:
    user = membership.user
    context = {"user": user, "academy": membership.academy, "with_password_link": with_password_link,
               "login_url": absolute_url(reverse("login"))}
    if with_password_link:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = invitation_token_generator.make_token(user)
        context["url"] = absolute_url(reverse("grants:invite-accept", kwargs={"uidb64": uid, "token": token}))
    return send(name="invitation", context=context, to=[user.email])
