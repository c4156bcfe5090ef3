"""Every portal URL, every method, as a contact of academy A with the object ids of academy B: 404, and the
database stays exactly as it was. Anonymous users are sent to the login page everywhere."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from academies.models import Academy, AcademyMembership
from grants import urls as grant_urls
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Award,
    CostLine,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Partner,
    ReportReminder,
    Trajectory,
)
from tests.factories import ApplicationFactory, AwardFactory, FinalReportFactory, TrajectoryFactory, municipality
from tests.grants.portal_setup import GENT, contact_of, open_call

pytestmark = pytest.mark.django_db

TRACKED = [Academy, AcademyMembership, Application, Application.planned_municipalities.through, Trajectory, Award,
           Award.funded_municipalities.through, FinalReport, FinalReportLine, ReportReminder,
           Application.history.model, Award.history.model, FinalReport.history.model,
           FinalReportLine.history.model, Partner, CostLine, ApplicationAttachment]

POST_DATA = {
    "municipalities": "Gent", "forecast_participants": "5", "narrative": "overgenomen", "save": "1", "submit": "1",
    "trajectories-TOTAL_FORMS": "0", "trajectories-INITIAL_FORMS": "0", "trajectories-MIN_NUM_FORMS": "0",
    "trajectories-MAX_NUM_FORMS": "1000", "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
    "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", "lines-0-municipality": GENT, "lines-0-half_days": "3",
}


def snapshot() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TRACKED}


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contact_a, academy_a = contact_of()
    _contact_b, academy_b = contact_of()
    call = open_call()
    draft_b = ApplicationFactory(call=call, academy=academy_b, status=ApplicationStatus.DRAFT)
    draft_b.planned_municipalities.set([municipality(GENT)])
    TrajectoryFactory(application=draft_b)
    attachment_b = ApplicationAttachment.objects.create(
        application=draft_b, file=ContentFile(b"%PDF-1.4 plan of B", name="plan.pdf"), name="plan.pdf", kind="pdf",
        size=18)
    award_b = AwardFactory(application=ApplicationFactory(call=open_call(), academy=academy_b,
                                                          status=ApplicationStatus.AWARDED), funded=[GENT])
    report_b = FinalReportFactory(award=award_b, status=FinalReportStatus.DRAFT)
    report_b.attachment.save("b.pdf", ContentFile(b"%PDF-1.4 secret of B"))
    report_b.lines.create(municipality=municipality(GENT), half_days=2, participants=9)
    # a returned report of B too: editable, so only the scoping can stop A
    returned_b = FinalReportFactory(award=AwardFactory(application=ApplicationFactory(
        call=open_call(), academy=academy_b, status=ApplicationStatus.AWARDED)), status=FinalReportStatus.RETURNED)
    return {"contact_a": contact_a, "academy_a": academy_a, "academy_b": academy_b, "call": call, "draft_b": draft_b,
            "award_b": award_b, "returned_award_b": returned_b.award, "attachment_b": attachment_b}


def foreign_urls(world) -> dict[str, list[str]]:
    """URL name -> URLs of that portal view pointing at academy B's objects."""
    b = world
    return {
        "portal-dashboard": [],
        "application-start": [reverse("grants:application-start", args=[b["academy_b"].pk, b["call"].pk])],
        "application-detail": [reverse("grants:application-detail", args=[b["draft_b"].pk])],
        "application-edit": [reverse("grants:application-edit", args=[b["draft_b"].pk])],
        "application-submit": [reverse("grants:application-submit", args=[b["draft_b"].pk])],
        "application-attachment": [reverse("grants:application-attachment",
                                           args=[b["draft_b"].pk, b["attachment_b"].pk])],
        "report-edit": [reverse("grants:report-edit", args=[award.pk])
                        for award in (b["award_b"], b["returned_award_b"])],
        "report-submit": [reverse("grants:report-submit", args=[award.pk])
                          for award in (b["award_b"], b["returned_award_b"])],
        "report-attachment": [reverse("grants:report-attachment", args=[b["award_b"].pk])],
    }


def portal_url_names() -> set[str]:
    return {pattern.name for pattern in grant_urls.urlpatterns if str(pattern.pattern).startswith("portaal/")}


def test_the_matrix_covers_every_portal_url(world):
    assert set(foreign_urls(world)) == portal_url_names()


def test_contact_of_a_gets_404_for_everything_of_b(client, world):
    client.force_login(world["contact_a"])
    before = snapshot()
    walked = 0
    for name, urls in foreign_urls(world).items():
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url, POST_DATA if method == "post" else None)
                assert response.status_code == 404, f"{method.upper()} {url} ({name}) -> {response.status_code}"
                walked += 1
    assert walked == 20
    assert snapshot() == before
    # and nothing of B leaks onto A's own dashboard
    page = client.get(reverse("grants:portal-dashboard")).content.decode()
    assert world["academy_b"].name not in page


def test_contact_of_b_itself_is_not_refused(client, world):
    """Control: the same URLs work for B's own contact, so the 404s above come from the scoping."""
    contact_b = AcademyMembership.objects.get(academy=world["academy_b"]).user
    client.force_login(contact_b)
    assert client.get(reverse("grants:application-detail", args=[world["draft_b"].pk])).status_code == 200
    assert client.get(reverse("grants:report-edit", args=[world["award_b"].pk])).status_code == 200
    assert client.get(reverse("grants:report-attachment", args=[world["award_b"].pk])).status_code == 200


def all_grant_urls(world) -> list[str]:
    urls = [url for urls in foreign_urls(world).values() for url in urls]
    urls.append(reverse("grants:portal-dashboard"))
    staff_names = {pattern.name: pattern for pattern in grant_urls.urlpatterns
                   if str(pattern.pattern).startswith("beheer/")}
    for name, pattern in staff_names.items():
        args = [world["draft_b"].pk] if "<int:pk>" in str(pattern.pattern) else []
        if "report" in name and args:
            args = [FinalReport.objects.first().pk]
        if "<int:email_pk>" in str(pattern.pattern) or "<int:attachment_pk>" in str(pattern.pattern):
            args = [*args, 1]
        urls.append(reverse(f"grants:{name}", args=args))
    return urls


def test_anonymous_users_are_sent_to_login_everywhere(client, world):
    before = snapshot()
    login = reverse(settings.LOGIN_URL)
    for url in [reverse("home"), *all_grant_urls(world)]:
        for method in ("get", "post"):
            response = getattr(client, method)(url, POST_DATA if method == "post" else None)
            assert response.status_code == 302, f"{method.upper()} {url} -> {response.status_code}"
            assert response.url.startswith(f"{login}?next="), f"{method.upper()} {url} -> {response.url}"
    assert snapshot() == before
