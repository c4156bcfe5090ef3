"""Rules that every writer meets: the partnership cap and own contribution in `Application.clean()` (the portal
form, the admin and the import all call it), and saving plus submitting a final report as one service call."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants import services
from grants.forms import ApplicationForm
from grants.models import FinalReport, FinalReportStatus
from tests.factories import ApplicationFactory, AwardFactory, PartnershipCallFactory

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
