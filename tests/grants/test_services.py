import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from academies.models import AcademyMembership
from grants import services
from grants.models import Application, ApplicationStatus, Award, FinalReport, FinalReportLine, FinalReportStatus
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, UserFactory, municipality
from tests.grants.portal_setup import AALTER, ANTWERPEN, GENT, manager, open_call, require_postgres

pytestmark = pytest.mark.django_db


class TestAward:
    def test_award_within_budget(self, mailoutbox, django_capture_on_commit_callbacks):
        application = ApplicationFactory(call=open_call(budget=Decimal("10000.00")))
        application.planned_municipalities.set([municipality(GENT), municipality(AALTER)])
        staff = manager()
        with django_capture_on_commit_callbacks(execute=True):
                award = services.application_award(application=application, amount=Decimal("4000.00"), reason="",
                                               funded_municipalities=application.planned_municipalities.all(),
                                               decided_by=staff)
        assert award.decided_by == staff
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.AWARDED
        assert set(award.funded_municipalities.values_list("pk", flat=True)) == {GENT, AALTER}
        assert len(mailoutbox) == 1

    def test_history_keeps_the_municipality_lists(self):
        application = ApplicationFactory(call=open_call(budget=Decimal("10000.00")))
        application.planned_municipalities.set([municipality(GENT), municipality(AALTER)])
        award = services.application_award(application=application, amount=Decimal("4000.00"), reason="",
                                           funded_municipalities=[municipality(GENT), municipality(AALTER)],
                                           decided_by=manager())
        award.funded_municipalities.set([municipality(GENT)])
        funded_before, funded_after = (
            {row.municipality_id for row in record.funded_municipalities.all()}
            for record in (award.history.earliest("history_id").next_record, award.history.latest("history_id"))
        )
        assert funded_before == {GENT, AALTER}
        assert funded_after == {GENT}
        planned = application.history.latest("history_id").planned_municipalities.all()
        assert {row.municipality_id for row in planned} == {GENT, AALTER}

    def test_changed_amount_needs_a_reason(self):
        application = ApplicationFactory(call=open_call())
        application.planned_municipalities.set([municipality(GENT)])
        with pytest.raises(ValidationError) as error:
            services.application_award(application=application, amount=Decimal("1500.00"), reason=" ",
                                       funded_municipalities=[municipality(GENT)], decided_by=manager())
        assert "reason" in error.value.error_dict
        assert not Award.objects.exists()

    def test_budget_cannot_be_exceeded(self):
        call = open_call(budget=Decimal("5000.00"))
        AwardFactory(application=ApplicationFactory(call=call, status=ApplicationStatus.AWARDED),
                     amount=Decimal("4000.00"))
        application = ApplicationFactory(call=call)
        application.planned_municipalities.set([municipality(GENT)])
        with pytest.raises(ValidationError) as error:
            services.application_award(application=application, amount=Decimal("2000.00"), reason="",
                                       funded_municipalities=[municipality(GENT)], decided_by=manager())
        assert "amount" in error.value.error_dict
        assert Award.objects.count() == 1
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED

    def test_reject_needs_a_reason(self, mailoutbox, django_capture_on_commit_callbacks):
        application = ApplicationFactory(call=open_call())
        with pytest.raises(ValidationError):
            services.application_reject(application=application, reason="", decided_by=manager())
        with django_capture_on_commit_callbacks(execute=True):
            services.application_reject(application=application, reason="Geen STEM-aanbod.", decided_by=manager())
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED
        assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_awards_cannot_exceed_the_budget(reference_data, monkeypatch):
    """Two staff members award the last euros of a call at the same moment, each in their own transaction and
    connection. The sum is slowed down so that, without the row lock, both would read the same total."""
    require_postgres()
    call = open_call(budget=Decimal("6000.00"))
    applications = []
    for _ in range(2):
        application = ApplicationFactory(call=call)
        application.planned_municipalities.set([municipality(GENT), municipality(AALTER)])
        applications.append(application)
    staff = manager()

    real_sum = services.call_awarded_amount

    def slow_sum(*, call):
        total = real_sum(call=call)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(services, "call_awarded_amount", slow_sum)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(application):
        try:
            barrier.wait()
            services.application_award(application=application, amount=Decimal("4000.00"), reason="",
                                       funded_municipalities=[municipality(GENT), municipality(AALTER)],
                                       decided_by=staff)
            outcomes.append("awarded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["awarded", "refused"]
    assert Award.objects.filter(application__call=call).count() == 1
    assert real_sum(call=call) == Decimal("4000.00")


class TestFinalReports:
    def award(self):
        award = AwardFactory(application=ApplicationFactory(call=open_call(), status=ApplicationStatus.AWARDED),
                             funded=[GENT, AALTER])
        return award

    def test_save_submit_return_resubmit_accept(self, mailoutbox, django_capture_on_commit_callbacks):
        award = self.award()
        report = services.final_report_save(award=award, narrative="Goed jaar", lines=[
            services.ReportLineInput(municipality=municipality(GENT), half_days=4, participants=30, boys=20,
                                     girls=10),
            services.ReportLineInput(municipality=municipality(ANTWERPEN), half_days=2),
        ])
        line = report.lines.get(municipality=ANTWERPEN)
        assert (line.participants, line.boys, line.girls, line.other) == (None, None, None, None)  # not reported
        services.final_report_submit(report=report)
        staff = manager()
        with pytest.raises(ValidationError):
            services.final_report_review(report=report, accept=False, comment="", reviewed_by=staff)
        services.final_report_review(report=report, accept=False, comment="Gent klopt niet", reviewed_by=staff)
        assert FinalReport.objects.get(pk=report.pk).status == FinalReportStatus.RETURNED
        services.final_report_save(award=award, narrative="Gecorrigeerd", lines=[
            services.ReportLineInput(municipality=municipality(GENT), half_days=4, participants=31, boys=20,
                                     girls=11)])
        assert list(FinalReportLine.objects.filter(report=report).values_list("municipality", flat=True)) == [GENT]
        services.final_report_submit(report=FinalReport.objects.get(pk=report.pk))
        services.final_report_review(report=report, accept=True, comment="", reviewed_by=staff)
        report.refresh_from_db()
        assert report.status == FinalReportStatus.ACCEPTED
        assert len(mailoutbox) == 0  # e-mails go out on commit; the web tests check them
        history_statuses = list(report.history.order_by("history_date").values_list("status", flat=True))
        assert history_statuses[-1] == FinalReportStatus.ACCEPTED
        assert FinalReportStatus.RETURNED in history_statuses

    def test_a_submitted_report_cannot_be_changed(self):
        award = self.award()
        report = services.final_report_save(award=award, narrative="x", lines=[])
        services.final_report_submit(report=report)
        with pytest.raises(ValidationError):
            services.final_report_save(award=award, narrative="y", lines=[])
        assert FinalReport.objects.get(pk=report.pk).narrative == "x"

    def test_gender_split_above_participants_is_refused_in_dutch(self):
        award = self.award()
        with pytest.raises(ValidationError) as error:
            services.final_report_save(award=award, narrative="", lines=[
                services.ReportLineInput(municipality=municipality(GENT), half_days=1, participants=10, boys=8,
                                         girls=5)])
        assert "jongens" in str(error.value).lower()
        assert not FinalReport.objects.exists()
        assert not FinalReportLine.objects.exists()


class TestInvite:
    def test_new_contact_gets_a_one_time_link(self, client, mailoutbox, django_capture_on_commit_callbacks):
        academy = AcademyFactory()
        with django_capture_on_commit_callbacks(execute=True):
            membership = services.contact_invite(email="An@Example.org", academy=academy, first_name="An",
                                                 invited_by=manager())
        user = membership.user
        assert not user.is_active
        assert not user.has_usable_password()
        assert len(mailoutbox) == 1
        link = next(line for line in mailoutbox[0].body.splitlines() if "/account/uitnodiging/" in line)
        path = link.split("8000", 1)[-1] if "8000" in link else link
        response = client.get(path, follow=True)
        assert response.status_code == 200
        form_url = response.redirect_chain[-1][0]
        response = client.post(form_url, {"new_password1": "Zeer-geheim-2026", "new_password2": "Zeer-geheim-2026"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.is_active and user.check_password("Zeer-geheim-2026")
        # the link works once
        response = client.get(path, follow=True)
        assert "form" not in response.context or response.context.get("validlink") is False

    def test_known_contact_gets_a_second_academy(self, mailoutbox, django_capture_on_commit_callbacks):
        user = UserFactory(email="piet@example.org")
        first, second = AcademyFactory(), AcademyFactory()
        AcademyMembership.objects.create(user=user, academy=first)
        with django_capture_on_commit_callbacks(execute=True):
            services.contact_invite(email="piet@example.org", academy=second, invited_by=manager())
        assert set(user.academies.all()) == {first, second}
        assert "/account/uitnodiging/" not in mailoutbox[0].body
        with pytest.raises(ValidationError):
            services.contact_invite(email="piet@example.org", academy=second, invited_by=manager())
