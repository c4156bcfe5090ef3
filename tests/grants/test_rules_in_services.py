"""Rules that every writer meets: the partnership cap and own contribution in `Application.clean()` (the portal
form, the admin and the import all call it), and saving plus submitting a final report as one service call."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants import application_services, services
from grants.application_forms import ApplicationForm
from grants.models import Application, Award, FinalReport, FinalReportStatus
from tests.factories import ApplicationFactory, AwardFactory, PartnershipCallFactory
from tests.grants.portal_setup import manager

pytestmark = pytest.mark.django_db


def partnership_application(**amounts):
    return ApplicationFactory.build(call=PartnershipCallFactory(), academy=ApplicationFactory().academy, **amounts)


class TestPartnershipRules:
    def test_above_the_cap_per_project_is_refused_by_clean(self):
        application = partnership_application(requested_amount=Decimal("100000.01"))
        with pytest.raises(ValidationError) as error:
            application.clean()
        assert list(error.value.message_dict) == ["requested_amount"]

    def test_too_small_own_contribution_is_refused_by_clean(self):
        application = partnership_application(requested_amount=Decimal("7000.00"), project_cost=Decimal("10000.00"),
                                              own_contribution=Decimal("2999.99"))
        with pytest.raises(ValidationError) as error:
            application.clean()
        assert list(error.value.message_dict) == ["own_contribution"]

    def test_within_the_rules_passes(self):
        partnership_application(requested_amount=Decimal("7000.00"), project_cost=Decimal("10000.00"),
                                own_contribution=Decimal("3000.00")).clean()

    def test_the_portal_form_shows_the_model_rule_on_its_field(self):
        application = ApplicationFactory(call=PartnershipCallFactory(), status="draft")
        form = ApplicationForm({"forecast_participants": "10", "requested_amount": "100.001,00",
                                "project_cost": "", "own_contribution": "", "municipalities": ""},
                               instance=application)
        assert not form.is_valid()
        assert list(form.errors) == ["requested_amount"]


class TestAwardAboveTheCap:
    """Issue 22, finding 8: an application asking more than the cap per project (the cap lowered after it was
    submitted) was awarded the cap without a word; it is refused with `Application.clean()`'s message."""

    def test_is_refused_not_clipped(self):
        application = ApplicationFactory(call=PartnershipCallFactory(), requested_amount=Decimal("90000.00"))
        type(application.call).objects.filter(pk=application.call_id).update(cap_per_project=Decimal("80000.00"))
        application = Application.objects.get(pk=application.pk)
        assert application_services.requested_amount_for(application=application) == Decimal("90000.00")
        with pytest.raises(ValidationError) as error:
            services.application_award(application=application, amount=Decimal("80000.00"), reason="",
                                       funded_municipalities=[], decided_by=manager())
        assert error.value.message_dict == {"amount": ["Het gevraagde bedrag is hoger dan het maximum per project."]}
        assert not Award.objects.exists()


class TestSaveAndSubmit:
    def test_a_refused_submission_keeps_nothing(self):
        award = AwardFactory()
        with pytest.raises(ValidationError):
            services.final_report_save(award=award, narrative="", lines=[], submit=True)
        assert not FinalReport.objects.filter(award=award).exists()

    def test_save_and_submit_in_one_call(self):
        award = AwardFactory()
        services.final_report_save(award=award, narrative="Een goed jaar", lines=[], submit=True)
        report = FinalReport.objects.get(award=award)
        assert (report.narrative, report.status) == ("Een goed jaar", FinalReportStatus.SUBMITTED)
