"""The academy portal through the web: apply, submit, report; validation refuses bad input and writes nothing."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import (
    Application,
    ApplicationStatus,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Trajectory,
)
from tests.factories import ApplicationFactory, AwardFactory, FinalReportFactory, municipality
from tests.grants.portal_setup import AALTER, GENT, closed_call, contact_of, open_call

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def contact(client):
    user, academy = contact_of()
    client.force_login(user)
    return user, academy


def management_forms(**rows: int) -> dict:
    """The management forms of the partner and cost-line rows (no rows unless given)."""
    return {f"{prefix}-{key}": value for prefix in ("partners", "cost_lines")
            for key, value in (("TOTAL_FORMS", str(rows.get(prefix, 0))), ("INITIAL_FORMS", "0"),
                               ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))}


def application_data(municipalities: str = "Gent\n9880", trajectories: list[dict] | None = None,
                     initial: int = 0, **extra) -> dict:
    trajectories = trajectories if trajectories is not None else [
        {"title": "Robotica", "transition_priority": "digitalisation", "age_min": "8", "age_max": "12",
         "half_days": "6", "municipality": GENT}]
    data = {"municipalities": municipalities, "forecast_participants": "120", "save": "1",
            "trajectories-TOTAL_FORMS": str(len(trajectories)), "trajectories-INITIAL_FORMS": str(initial),
            "trajectories-MIN_NUM_FORMS": "0", "trajectories-MAX_NUM_FORMS": "1000", **management_forms(), **extra}
    for index, row in enumerate(trajectories):
        for key, value in row.items():
            data[f"trajectories-{index}-{key}"] = value
    return data


def report_data(lines: list[dict], initial_rows: int = 0, **extra) -> dict:
    data = {"narrative": "Een goed jaar.", "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", "save": "1", **extra}
    for index, row in enumerate(lines):
        for key, value in row.items():
            data[f"lines-{index}-{key}"] = value
    return data


class TestDashboard:
    def test_shows_academy_open_calls_applications_and_reports_due(self, client, contact,
                                                                    django_assert_max_num_queries):
        _user, academy = contact
        call = open_call(title="Oproep STEM-academies")
        award = AwardFactory(application=ApplicationFactory(academy=academy, status=ApplicationStatus.AWARDED))
        with django_assert_max_num_queries(15):
            response = client.get(reverse("grants:portal-dashboard"))
        page = response.content.decode()
        assert academy.name in page
        assert "Oproep STEM-academies" in page
        assert reverse("grants:application-start", args=[academy.pk, call.pk]) in page
        assert reverse("grants:report-edit", args=[award.pk]) in page

    def test_unrecognised_academy_cannot_apply_to_rollout(self, client):
        user, academy = contact_of(recognised=False)
        client.force_login(user)
        call = open_call()
        assert reverse("grants:application-start", args=[academy.pk, call.pk]) not in client.get(
            reverse("grants:portal-dashboard")).content.decode()
        response = client.post(reverse("grants:application-start", args=[academy.pk, call.pk]))
        assert response.status_code == 302
        assert not Application.objects.exists()


class TestApply:
    def test_apply_save_draft_and_submit(self, client, contact, mailoutbox, django_capture_on_commit_callbacks):
        _user, academy = contact
        call = open_call(amount_per_municipality=Decimal("2000.00"), cap_per_academy=Decimal("20000.00"))
        response = client.post(reverse("grants:application-start", args=[academy.pk, call.pk]))
        application = Application.objects.get()
        assert response.url == reverse("grants:application-edit", args=[application.pk])
        response = client.post(response.url, application_data())
        assert response.status_code == 302, response.context["form"].errors
        application.refresh_from_db()
        assert set(application.planned_municipalities.values_list("pk", flat=True)) == {GENT, AALTER}
        assert application.requested_amount == Decimal("4000.00")
        detail = client.get(reverse("grants:application-detail", args=[application.pk])).content.decode()
        assert "€\xa04.000,00" in detail  # the amount is shown before submitting
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("grants:application-submit", args=[application.pk]))
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert len(mailoutbox) == 1
        assert mailoutbox[0].subject.startswith("Aanvraag ontvangen")

    def test_unknown_municipality_is_refused_and_nothing_is_written(self, client, contact):
        _user, academy = contact
        application = Application.objects.create(call=open_call(), academy=academy)
        response = client.post(reverse("grants:application-edit", args=[application.pk]),
                               application_data(municipalities="Gent, Atlantis"))
        assert response.status_code == 200
        assert "Atlantis" in response.content.decode()
        assert not application.planned_municipalities.exists()
        assert not Trajectory.objects.exists()

    def test_negative_numbers_are_refused(self, client, contact):
        _user, academy = contact
        application = Application.objects.create(call=open_call(), academy=academy)
        response = client.post(reverse("grants:application-edit", args=[application.pk]),
                               application_data(forecast_participants="-5"))
        assert response.status_code == 200
        application.refresh_from_db()
        assert application.forecast_participants is None
        assert not Trajectory.objects.exists()

    def test_submitting_after_the_deadline_is_refused(self, client, contact):
        _user, academy = contact
        application = Application.objects.create(call=closed_call(), academy=academy)
        application.planned_municipalities.set([municipality(GENT)])
        before = Application.objects.filter(pk=application.pk).values().get()
        response = client.post(reverse("grants:application-submit", args=[application.pk]), follow=True)
        assert "niet open" in response.content.decode()
        assert Application.objects.filter(pk=application.pk).values().get() == before

    def test_a_submitted_application_cannot_be_edited(self, client, contact):
        _user, academy = contact
        application = ApplicationFactory(call=open_call(), academy=academy, status=ApplicationStatus.SUBMITTED)
        response = client.post(reverse("grants:application-edit", args=[application.pk]), application_data())
        assert response.status_code == 302
        assert not application.planned_municipalities.exists()


class TestFinalReport:
    @pytest.fixture
    def award(self, contact):
        _user, academy = contact
        return AwardFactory(application=ApplicationFactory(call=open_call(), academy=academy,
                                                           status=ApplicationStatus.AWARDED), funded=[GENT, AALTER])

    def url(self, award):
        return reverse("grants:report-edit", args=[award.pk])

    def test_funded_municipalities_are_proposed(self, client, award):
        form = client.get(self.url(award)).context["formset"]
        assert [row.initial.get("municipality") for row in form.forms[:2]] == [AALTER, GENT]

    def test_save_and_submit_with_empty_counts_as_not_reported(self, client, award, media,
                                                               django_capture_on_commit_callbacks, mailoutbox):
        data = report_data([
            {"municipality": AALTER, "half_days": ""},  # proposed, left as it was: not reached
            {"municipality": GENT, "half_days": "4", "participants": "30", "boys": "18", "girls": "12"},
            {"municipality": "11002", "half_days": "2"},  # added, counts unknown
        ], attachment=upload("verslag.pdf", PDF), submit="1", confirm_unreached="1")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(award), data)
        assert response.status_code == 302, response.context["form"].errors or response.context["formset"].errors
        report = FinalReport.objects.get()
        assert report.status == FinalReportStatus.SUBMITTED
        lines = {line.municipality_id: line for line in report.lines.all()}
        assert set(lines) == {GENT, "11002"}
        assert lines["11002"].participants is None and lines["11002"].boys is None
        assert report.unattributed_participants is None
        assert report.attachment.name.endswith(".pdf")
        assert (media / report.attachment.name).read_bytes() == PDF
        download = client.get(reverse("grants:report-attachment", args=[award.pk]))
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/octet-stream"
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in download["Content-Security-Policy"]
        assert len(mailoutbox) == 1

    def test_totals_only_when_the_academy_cannot_split(self, client, award):
        data = report_data([{"municipality": GENT, "half_days": "3"}], unattributed_participants="50",
                           unattributed_girls="20")
        assert client.post(self.url(award), data).status_code == 302
        report = FinalReport.objects.get()
        assert (report.unattributed_participants, report.unattributed_girls, report.unattributed_boys) == (50, 20, None)

    def test_gender_split_above_participants_is_refused_in_dutch(self, client, award):
        data = report_data([{"municipality": GENT, "half_days": "4", "participants": "10", "boys": "8",
                             "girls": "5"}])
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Jongens + meisjes + andere/niet gespecificeerd (13) is meer dan het aantal deelnemers (10)" in page
        assert not FinalReport.objects.exists() and not FinalReportLine.objects.exists()

    def test_unattributed_gender_split_is_refused(self, client, award):
        data = report_data([], unattributed_participants="5", unattributed_boys="6")
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        assert "deelnemers" in response.content.decode()
        assert not FinalReport.objects.exists()

    def test_negative_numbers_are_refused(self, client, award):
        data = report_data([{"municipality": GENT, "half_days": "-1", "participants": "-3"}])
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        assert not FinalReport.objects.exists() and not FinalReportLine.objects.exists()

    @pytest.mark.parametrize("name, content", [
        ("verslag.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("verslag.pdf", b"just text pretending to be a PDF"),
        ("verslag.docx", b"PK\x03\x04 not really a zip"),
        ("verslag.xlsx", office_file("word")),  # a DOCX renamed to .xlsx
        ("verslag.zip", office_file("foo")),
    ], ids=["executable", "text-named-pdf", "broken-zip", "docx-named-xlsx", "plain-zip"])
    def test_wrong_file_type_is_refused(self, client, award, media, name, content):
        data = report_data([{"municipality": GENT, "half_days": "4"}], attachment=upload(name, content))
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        assert "PDF, XLSX of DOCX" in response.content.decode()
        assert not FinalReport.objects.exists()
        assert not any(media.rglob("*.*"))

    def test_too_big_file_is_refused(self, client, award, media):
        content = PDF + b"0" * (10 * 1024 * 1024)
        data = report_data([{"municipality": GENT, "half_days": "4"}], attachment=upload("groot.pdf", content))
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        assert "10 MB" in response.content.decode()
        assert not FinalReport.objects.exists()
        assert not any(media.rglob("*.*"))

    @pytest.mark.parametrize("name, folder", [("cijfers.xlsx", "xl"), ("verslag.docx", "word")])
    def test_office_files_are_accepted(self, client, award, name, folder):
        data = report_data([{"municipality": GENT, "half_days": "4"}], attachment=upload(name, office_file(folder)))
        assert client.post(self.url(award), data).status_code == 302
        assert FinalReport.objects.get().attachment.name.endswith(name.rsplit(".", 1)[1])

    def test_submitted_report_is_read_only(self, client, award):
        FinalReportFactory(award=award, status=FinalReportStatus.SUBMITTED, narrative="Ingediend")
        response = client.post(self.url(award), report_data([{"municipality": GENT, "half_days": "9"}]))
        assert response.status_code == 302
        assert FinalReport.objects.get().narrative == "Ingediend"
        assert not FinalReportLine.objects.exists()

    def test_returned_report_can_be_corrected_and_resubmitted(self, client, award):
        report = FinalReportFactory(award=award, status=FinalReportStatus.RETURNED, review_comment="Gent ontbreekt")
        page = client.get(self.url(award)).content.decode()
        assert "Gent ontbreekt" in page
        data = report_data([{"municipality": GENT, "half_days": "5", "participants": "12"}], submit="1")
        assert client.post(self.url(award), data).status_code == 302
        report.refresh_from_db()
        assert report.status == FinalReportStatus.SUBMITTED
        assert report.lines.get().participants == 12

    def test_existing_lines_are_kept_when_unchanged(self, client, award):
        report = FinalReportFactory(award=award, status=FinalReportStatus.DRAFT)
        report.lines.create(municipality=municipality(GENT), half_days=3, participants=7)
        formset = client.get(self.url(award)).context["formset"]
        data = report_data([{"municipality": GENT, "half_days": "3", "participants": "7"}])
        data["lines-TOTAL_FORMS"] = str(len(formset.forms))
        assert client.post(self.url(award), data).status_code == 302
        assert report.lines.get().participants == 7


def test_submitting_after_the_deadline_keeps_the_brussels_closing_time_visible(client):
    user, academy = contact_of()
    client.force_login(user)
    closes = timezone.make_aware(datetime.datetime(2026, 1, 31, 23, 59))
    call = open_call(opens_at=closes - datetime.timedelta(days=60), closes_at=closes)
    application = Application.objects.create(call=call, academy=academy)
    page = client.get(reverse("grants:application-edit", args=[application.pk])).content.decode()
    assert "31/01/2026 23:59" in page


def test_partnership_application_checks_cap_and_own_contribution(client):
    from tests.factories import PartnershipCallFactory

    user, academy = contact_of()
    client.force_login(user)
    now = timezone.now()
    call = PartnershipCallFactory(year=timezone.localdate().year, opens_at=now - datetime.timedelta(days=1),
                                  closes_at=now + datetime.timedelta(days=1), cap_per_project=Decimal("100000.00"),
                                  min_own_contribution_pct=Decimal("30.00"))
    application = Application.objects.create(call=call, academy=academy)
    url = reverse("grants:application-edit", args=[application.pk])
    response = client.post(url, application_data(requested_amount="150000.00", project_cost="200000.00",
                                                 own_contribution="20000.00"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"requested_amount", "own_contribution"}
    application.refresh_from_db()
    assert application.requested_amount is None
    response = client.post(url, application_data(requested_amount="70000.00", project_cost="100000.00",
                                                 own_contribution="30000.00"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_amount == Decimal("70000.00")


def test_dashboard_queries_do_not_grow_with_awards(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, academy = contact_of()
    client.force_login(user)
    open_call()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("grants:portal-dashboard")).status_code == 200
        return len(queries)

    AwardFactory(application=ApplicationFactory(academy=academy, status=ApplicationStatus.AWARDED))
    one = count()
    for _ in range(4):
        award = AwardFactory(application=ApplicationFactory(academy=academy, status=ApplicationStatus.AWARDED))
        FinalReportFactory(award=award)
    assert count() == one


class TestParseMunicipalities:
    def test_names_postcodes_and_both(self):
        from grants.forms import parse_municipalities

        found = parse_municipalities("gent; 9880\n2000 Antwerpen, Gent", year=2022)
        assert [municipality.pk for municipality in found] == [AALTER, "11002", GENT]

    def test_unknown_and_ambiguous_entries_are_named(self):
        from django.core.exceptions import ValidationError

        from grants.forms import parse_municipalities

        with pytest.raises(ValidationError) as error:
            parse_municipalities("Atlantis, 1804", year=2022)
        messages = " ".join(error.value.messages)
        assert "Atlantis" in messages and "1804" in messages


class TestFinalReportRows:
    """Issue 27, point 1: untouched funded rows are confirmed, not silently dropped; half-days are optional like
    the counts; errors name "Gemeente 2" as the form does."""

    @pytest.fixture
    def award(self, contact):
        _user, academy = contact
        return AwardFactory(application=ApplicationFactory(call=open_call(), academy=academy,
                                                           status=ApplicationStatus.AWARDED), funded=[GENT, AALTER])

    def url(self, award):
        return reverse("grants:report-edit", args=[award.pk])

    def test_an_untouched_funded_row_asks_for_confirmation(self, client, award):
        data = report_data([{"municipality": AALTER}, {"municipality": GENT, "participants": "30"}])
        response = client.post(self.url(award), data)
        assert response.status_code == 200
        assert not FinalReport.objects.exists()
        body = response.content.decode()
        assert 'id="confirm-unreached"' in body and "<strong>Aalter</strong>" in body
        assert "U liet de rij van deze gesubsidieerde gemeente ongewijzigd" in body

    def test_after_confirmation_the_untouched_row_is_left_out(self, client, award):
        data = report_data([{"municipality": AALTER}, {"municipality": GENT, "participants": "30"}],
                           confirm_unreached="1")
        assert client.post(self.url(award), data).status_code == 302
        assert [line.municipality_id for line in FinalReport.objects.get().lines.all()] == [GENT]

    def test_half_days_are_optional_when_a_row_is_filled_in(self, client, award):
        data = report_data([{"municipality": AALTER, "participants": "12"},
                            {"municipality": GENT, "half_days": "", "boys": "3"}])
        response = client.post(self.url(award), data)
        assert response.status_code == 302, response.context["formset"].errors
        lines = {line.municipality_id: line for line in FinalReport.objects.get().lines.all()}
        assert lines[AALTER].participants == 12 and lines[AALTER].half_days == 0
        assert lines[GENT].boys == 3

    def test_errors_name_the_row_as_the_form_does(self, client, award):
        data = report_data([{"municipality": AALTER, "participants": "12"},
                            {"municipality": GENT, "participants": "5", "boys": "9"}])
        body = client.post(self.url(award), data).content.decode()
        assert "Gemeente 2" in body
        assert "Rij 2" not in body


def test_trajectory_errors_name_the_trajectory_as_the_form_does(client, contact):
    _user, academy = contact
    application = ApplicationFactory(call=open_call(), academy=academy, status=ApplicationStatus.DRAFT)
    trajectories = [{"title": "Robotica", "age_min": "8", "age_max": "12", "half_days": "6", "municipality": GENT},
                    {"title": "Code", "age_min": "14", "age_max": "10", "half_days": "2", "municipality": GENT}]
    body = client.post(reverse("grants:application-edit", args=[application.pk]),
                       application_data(trajectories=trajectories)).content.decode()
    assert "Traject 2" in body and "Rij 2" not in body
