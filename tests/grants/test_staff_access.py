"""A staff user without a group (is_staff and nothing else) sees nothing: every staff URL, GET and POST, answers
403 and the database is unchanged. The walk covers every route of /beheer/, the reports and the import pages."""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from exchange import urls as exchange_urls
from exchange.models import ImportJob
from grants import urls as grant_urls
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Award,
    DeliveryStatus,
    FinalReport,
    FinalReportStatus,
    SentEmail,
)
from reports import urls as report_urls
from tests.factories import ApplicationFactory, FinalReportFactory, StaffUserFactory
from tests.grants.portal_setup import manager, open_call, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory(call=open_call(), status=ApplicationStatus.SUBMITTED)
    report = FinalReportFactory(status=FinalReportStatus.SUBMITTED)
    report.attachment.save("verslag.pdf", ContentFile(b"%PDF-1.4 confidential"))
    job = ImportJob.objects.create(kind="academies", file_name="academies.csv", content=b"")
    email = SentEmail.objects.create(academy=application.academy, kind="decision", subject="Beslissing",
                                     recipients=["info@example.org"], status=DeliveryStatus.SENT)
    attachment = ApplicationAttachment.objects.create(
        application=application, file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"), name="plan.pdf", kind="pdf",
        size=13)
    return {"application": application, "report": report, "job": job, "email": email, "attachment": attachment}


def staff_urls(world) -> list[str]:
    """Every staff route, its arguments filled in from `world`."""
    urls = []
    routes = [("grants", pattern) for pattern in grant_urls.urlpatterns if str(pattern.pattern).startswith("beheer/")]
    routes += [("reports", pattern) for pattern in report_urls.urlpatterns]
    routes += [("exchange", pattern) for pattern in exchange_urls.urlpatterns]
    for namespace, pattern in routes:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        kwargs = {}
        if "<int:pk>" in route:
            kwargs["pk"] = (world["report"].pk if route.startswith("beheer/eindrapporten/")
                            else world["application"].academy_id if route.startswith("beheer/academies/")
                            else world["application"].call_id if route.startswith("beheer/oproepen/")
                            else world["application"].pk if route.startswith("beheer/") else world["job"].pk)
        if "<int:attachment_pk>" in route:
            kwargs["attachment_pk"] = world["attachment"].pk
        if "<int:email_pk>" in route:
            kwargs["email_pk"] = world["email"].pk
        if "<int:year>" in route or "<programme_year:year>" in route:
            kwargs["year"] = world["application"].call.year
        if "<slug:kind>" in route:
            kwargs["kind"] = "academies"
        if "<str:extension>" in route:
            kwargs["extension"] = "docx"
        if "<int:number>" in route:
            kwargs["number"] = 2
        urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def test_the_walk_covers_the_staff_pages(world):
    urls = staff_urls(world)
    assert len(urls) >= 20
    assert reverse("grants:staff-report-attachment", args=[world["report"].pk]) in urls


def test_a_staff_user_without_a_group_sees_nothing(client, world):
    client.force_login(StaffUserFactory())
    before = (Application.objects.filter(status=ApplicationStatus.SUBMITTED).count(), Award.objects.count(),
              FinalReport.objects.filter(status=FinalReportStatus.SUBMITTED).count())
    for url in staff_urls(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"amount": "1000.00", "reason": "x", "decision": "accept", "email": "a@b.be",
                                 "academy": world["application"].academy_id}).status_code == 403, url
    assert (Application.objects.filter(status=ApplicationStatus.SUBMITTED).count(), Award.objects.count(),
            FinalReport.objects.filter(status=FinalReportStatus.SUBMITTED).count()) == before


@pytest.mark.parametrize("member", [reader, manager])
def test_group_members_read_every_staff_page(client, world, member):
    client.force_login(member())
    for url in staff_urls(world):
        if "/beheer/" in url and not url.endswith(("/toekennen/", "/afwijzen/", "/uitnodigen/", "/bounce/")):
            personal = url.endswith(("/bijlage/", "/nieuw/", "/bewerken/")) or "/bijlagen/" in url
            expected = 403 if member is reader and personal else 200
            assert client.get(url).status_code == expected, url


def test_readers_see_no_narrative_attachment_or_history_on_staff_pages(client, world):
    report = world["report"]
    client.force_login(reader())
    body = client.get(reverse("grants:staff-report-detail", args=[report.pk])).content.decode()
    assert report.narrative not in body
    assert reverse("grants:staff-report-attachment", args=[report.pk]) not in body
    client.force_login(manager())
    body = client.get(reverse("grants:staff-report-detail", args=[report.pk])).content.decode()
    assert report.narrative in body
