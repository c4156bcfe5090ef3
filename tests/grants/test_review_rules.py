"""Issue 27, point 5: an accepted final report changed in the admin goes back to review and the academy is told;
a final report for year Y cannot be submitted before Y starts; a decided application shows no decision forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import ApplicationStatus, DeliveryStatus, FinalReport, FinalReportStatus, SentEmail
from tests.factories import (
    GENT,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
)
from tests.grants.portal_setup import manager

pytestmark = pytest.mark.django_db


def admin_form_data(report, **changes) -> dict:
    lines = list(report.lines.all())
    data = {
        "award": report.award_id, "status": report.status, "narrative": report.narrative,
        "unattributed_participants": "", "unattributed_boys": "", "unattributed_girls": "", "unattributed_other": "",
        "submitted_at_0": report.submitted_at.strftime("%d/%m/%Y") if report.submitted_at else "",
        "submitted_at_1": report.submitted_at.strftime("%H:%M:%S") if report.submitted_at else "",
        "reviewed_at_0": "", "reviewed_at_1": "", "reviewed_by": "", "review_comment": report.review_comment,
        "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(len(lines)), "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-id": line.pk, f"lines-{index}-report": report.pk,
                     f"lines-{index}-municipality": line.municipality_id, f"lines-{index}-half_days": line.half_days,
                     f"lines-{index}-participants": line.participants or "", f"lines-{index}-boys": "",
                     f"lines-{index}-girls": "", f"lines-{index}-other": ""})
    data.update(changes)
    return data


@pytest.fixture
def accepted():
    report = FinalReportFactory(status=FinalReportStatus.ACCEPTED, reviewed_at=timezone.now())
    FinalReportLineFactory(report=report, municipality_id=GENT, participants=30)
    return report


class TestAcceptedReportChangedInTheAdmin:
    def test_goes_back_to_review_and_the_academy_is_told(self, client, accepted, mailoutbox,
                                                         django_capture_on_commit_callbacks):
        client.force_login(manager())
        url = reverse("admin:grants_finalreport_change", args=[accepted.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, admin_form_data(accepted, **{"lines-0-participants": "45"}))
        assert response.status_code == 302, response.context["adminform"].form.errors
        accepted.refresh_from_db()
        assert accepted.status == FinalReportStatus.SUBMITTED and accepted.reviewed_at is None
        assert accepted.lines.get().participants == 45
        entry = SentEmail.objects.get(kind="report_changed")
        assert entry.academy == accepted.award.application.academy and entry.status == DeliveryStatus.SENT
        assert mailoutbox[-1].subject.startswith("Eindrapportage gewijzigd door VLAIO")

    def test_an_unchanged_save_keeps_it_accepted(self, client, accepted, mailoutbox):
        client.force_login(manager())
        client.post(reverse("admin:grants_finalreport_change", args=[accepted.pk]), admin_form_data(accepted))
        accepted.refresh_from_db()
        assert accepted.status == FinalReportStatus.ACCEPTED
        assert not SentEmail.objects.exists()

    def test_the_service_leaves_reports_in_other_states_alone(self):
        report = FinalReportFactory(status=FinalReportStatus.SUBMITTED)
        services.final_report_reopen_after_change(report=report, changes=["x"], changed_by=manager())
        report.refresh_from_db()
        assert report.status == FinalReportStatus.SUBMITTED


class TestNoReportBeforeItsYear:
    def test_a_report_for_next_year_cannot_be_submitted_yet(self):
        next_year = timezone.localdate().year + 1
        award = AwardFactory(application=ApplicationFactory(call=CallFactory(year=next_year), status="awarded"))
        report = FinalReportFactory(award=award, status=FinalReportStatus.DRAFT, submitted_at=None)
        with pytest.raises(ValidationError) as error:
            services.final_report_submit(report=report)
        assert f"vanaf 1 januari {next_year}" in str(error.value)
        report.refresh_from_db()
        assert report.status == FinalReportStatus.DRAFT

    def test_from_the_first_of_january_it_can(self):
        award = AwardFactory(application=ApplicationFactory(call=CallFactory(year=2027), status="awarded"))
        report = FinalReportFactory(award=award, status=FinalReportStatus.DRAFT, submitted_at=None)
        moment = timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 5))
        assert services.final_report_submit(report=report, moment=moment).status == FinalReportStatus.SUBMITTED

    def test_the_model_rule_holds_for_every_writer(self):
        award = AwardFactory(application=ApplicationFactory(call=CallFactory(year=2027), status="awarded"))
        report = FinalReport(award=award, status=FinalReportStatus.SUBMITTED,
                             submitted_at=timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 0)))
        with pytest.raises(ValidationError) as error:
            report.full_clean()
        assert "submitted_at" in error.value.error_dict


def test_a_decided_application_shows_no_decision_forms(client):
    award = AwardFactory(application=ApplicationFactory(status=ApplicationStatus.SUBMITTED))
    client.force_login(manager())
    body = client.get(reverse("grants:staff-application-detail", args=[award.application_id])).content.decode()
    assert 'id="decision"' in body
    assert reverse("grants:staff-application-award", args=[award.application_id]) not in body
    assert reverse("grants:staff-application-reject", args=[award.application_id]) not in body


def test_an_accepted_report_changed_in_the_award_inline_goes_back_to_review(client, accepted, mailoutbox,
                                                                            django_capture_on_commit_callbacks):
    client.force_login(manager())
    url = reverse("admin:grants_award_change", args=[accepted.award_id])
    page = client.get(url)
    adminform = page.context["adminform"].form
    data = {name: value for name, value in adminform.initial.items() if value is not None}
    data["funded_municipalities"] = [m.pk for m in accepted.award.funded_municipalities.all()]
    data["decided_on"] = accepted.award.decided_on.strftime("%d/%m/%Y")
    formset = page.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-TOTAL_FORMS": "1", f"{formset.prefix}-INITIAL_FORMS": "1",
                 f"{formset.prefix}-MIN_NUM_FORMS": "0", f"{formset.prefix}-MAX_NUM_FORMS": "1"})
    row = formset.forms[0]
    for name in row.fields:
        value = row.initial.get(name)
        if name in ("submitted_at", "reviewed_at") and value:
            value = timezone.localtime(value)
            data[f"{row.prefix}-{name}_0"] = value.strftime("%d/%m/%Y")
            data[f"{row.prefix}-{name}_1"] = value.strftime("%H:%M:%S")
        elif value is not None and name != "attachment":
            data[f"{row.prefix}-{name}"] = getattr(value, "pk", value)
    data[f"{row.prefix}-{formset.fk.name}"] = accepted.award_id
    data[f"{row.prefix}-{formset.model._meta.pk.name}"] = accepted.pk
    data[f"{row.prefix}-narrative"] = "Aangepast door VLAIO."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors or [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms]
    accepted.refresh_from_db()
    assert accepted.narrative == "Aangepast door VLAIO." and accepted.status == FinalReportStatus.SUBMITTED
    assert SentEmail.objects.filter(kind="report_changed").exists()


def test_the_portal_offers_no_submit_button_before_the_year(client):
    from tests.grants.portal_setup import contact_of

    user, academy = contact_of()
    next_year = timezone.localdate().year + 1
    award = AwardFactory(application=ApplicationFactory(call=CallFactory(year=next_year), academy=academy,
                                                        status="awarded"))
    client.force_login(user)
    body = client.get(reverse("grants:report-edit", args=[award.pk])).content.decode()
    assert 'name="submit"' not in body
    assert f"vanaf 01/01/{next_year}" in body
