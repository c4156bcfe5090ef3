"""Every database constraint of the grants app rejects a bad row; `clean()` explains in Dutch.

Bad rows are written with `QuerySet.update()` or `objects.create()`, which skip model validation, so only the
database stands between them and the table.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from grants.models import (
    Application,
    Award,
    Call,
    CallKind,
    CostLine,
    FinalReport,
    FinalReportLine,
    Partner,
    ReminderStage,
    ReportReminder,
    SentEmail,
    Trajectory,
    YearBudget,
)
from tests.factories import (
    GENT,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    PartnershipCallFactory,
    TrajectoryFactory,
    YearBudgetFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

MINUS_ONE = Decimal("-0.01")
GENDER_COUNTS = ("participants", "boys", "girls", "other")
TESTED_CONSTRAINTS = {
    "call_amounts_non_negative", "call_closes_after_opening", "call_own_contribution_is_percentage",
    "call_rollout_has_amount_per_municipality", "yearbudget_amount_non_negative",
    "application_one_per_academy_per_call", "application_amounts_non_negative", "trajectory_age_range",
    "trajectory_counts_non_negative", "award_amount_non_negative", "finalreport_counts_non_negative",
    "finalreport_gender_within_participants", "reportline_one_per_municipality", "reportline_counts_non_negative",
    "reportline_gender_within_participants", "reminder_once_per_stage", "sentemail_status_valid",
    "application_other_funding_non_negative", "application_target_age_range", "partner_once_per_application",
    "partner_kbo_number_format", "costline_amount_non_negative",
}


def test_every_constraint_of_the_app_has_a_test_here():
    declared = {constraint.name for model in apps.get_app_config("grants").get_models()
                for constraint in model._meta.constraints}
    assert declared == TESTED_CONSTRAINTS


def assert_rejected(change, constraint: str | None = None) -> None:
    """`change()` writes a bad row; the database must refuse it (naming `constraint` when it is a named check).

    Counts on PositiveIntegerFields also carry Django's own column check, which may fire first: those tests pass
    no constraint name."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        change()
    if constraint:
        assert constraint in str(excinfo.value)


def update(instance, **values):
    return lambda: type(instance).objects.filter(pk=instance.pk).update(**values)


class TestCallConstraints:
    @pytest.mark.parametrize("field", ["budget", "amount_per_municipality", "cap_per_academy", "cap_per_project"])
    def test_negative_amount_is_rejected(self, field):
        assert_rejected(update(CallFactory(), **{field: MINUS_ONE}), "call_amounts_non_negative")

    def test_zero_and_empty_amounts_are_accepted(self):
        call = CallFactory()
        Call.objects.filter(pk=call.pk).update(budget=0, cap_per_academy=None, cap_per_project=None)
        stored = Call.objects.get(pk=call.pk)
        assert (stored.budget, stored.cap_per_academy, stored.cap_per_project) == (0, None, None)

    def test_closing_at_opening_is_rejected(self):
        call = CallFactory()
        assert_rejected(update(call, closes_at=call.opens_at), "call_closes_after_opening")

    @pytest.mark.parametrize("percentage", [Decimal("-1"), Decimal("100.01")])
    def test_own_contribution_outside_0_100_is_rejected(self, percentage):
        assert_rejected(update(PartnershipCallFactory(), min_own_contribution_pct=percentage),
                        "call_own_contribution_is_percentage")

    def test_own_contribution_of_100_percent_is_accepted(self):
        call = PartnershipCallFactory()
        Call.objects.filter(pk=call.pk).update(min_own_contribution_pct=Decimal("100"))
        assert Call.objects.get(pk=call.pk).min_own_contribution_pct == Decimal("100")

    def test_rollout_call_without_amount_per_municipality_is_rejected(self):
        assert_rejected(update(CallFactory(kind=CallKind.ACADEMY_ROLLOUT), amount_per_municipality=None),
                        "call_rollout_has_amount_per_municipality")

    def test_partnership_call_without_amount_per_municipality_is_accepted(self):
        call = PartnershipCallFactory()
        assert Call.objects.get(pk=call.pk).amount_per_municipality is None

    def test_duplicate_code_is_rejected(self):
        call = CallFactory()
        assert_rejected(update(CallFactory(), code=call.code))


class TestYearBudgetConstraints:
    def test_negative_amount_is_rejected(self):
        assert_rejected(update(YearBudgetFactory(), amount=MINUS_ONE), "yearbudget_amount_non_negative")

    def test_second_budget_for_a_year_is_rejected(self):
        YearBudgetFactory(year=2023)
        assert_rejected(lambda: YearBudget.objects.create(year=2023, amount=Decimal("1.00")))


class TestApplicationConstraints:
    def test_second_application_of_an_academy_in_a_call_is_rejected(self):
        application = ApplicationFactory()
        assert_rejected(lambda: Application.objects.create(call=application.call, academy=application.academy))

    def test_same_academy_in_two_calls_is_accepted(self):
        application = ApplicationFactory()
        second = ApplicationFactory(academy=application.academy)
        assert set(Application.objects.filter(academy=application.academy).values_list("pk", flat=True)) == {
            application.pk, second.pk}

    @pytest.mark.parametrize("field", ["requested_amount", "project_cost", "own_contribution"])
    def test_negative_amount_is_rejected(self, field):
        assert_rejected(update(ApplicationFactory(), **{field: MINUS_ONE}), "application_amounts_non_negative")

    def test_negative_forecast_participants_is_rejected(self):
        assert_rejected(update(ApplicationFactory(), forecast_participants=-1))

    def test_negative_other_funding_is_rejected(self):
        assert_rejected(update(ApplicationFactory(), other_funding=MINUS_ONE), "application_other_funding_non_negative")

    def test_oldest_age_below_youngest_is_rejected(self):
        assert_rejected(update(ApplicationFactory(target_age_min=14), target_age_max=12),
                        "application_target_age_range")
        with pytest.raises(ValidationError) as error, translation.override("nl"):
            ApplicationFactory.build(target_age_min=14, target_age_max=12).clean()
        assert error.value.message_dict["target_age_max"] == ["De oudste leeftijd kan niet lager zijn dan de "
                                                              "jongste."]


class TestApplicationPartConstraints:
    def test_a_partner_twice_in_one_application_is_rejected(self):
        application = ApplicationFactory()
        Partner.objects.create(application=application, name="Fablab Noord", kbo_number="0123456749")
        assert_rejected(lambda: Partner.objects.create(application=application, name="Fablab Noord bis",
                                                       kbo_number="0123456749"))

    def test_a_kbo_number_of_the_wrong_shape_is_rejected(self):
        assert_rejected(lambda: Partner.objects.create(application=ApplicationFactory(), name="Fablab",
                                                       kbo_number="2123456789"), "partner_kbo_number_format")

    def test_a_negative_cost_line_is_rejected(self):
        assert_rejected(lambda: CostLine.objects.create(application=ApplicationFactory(), description="Materiaal",
                                                        amount=MINUS_ONE), "costline_amount_non_negative")


class TestTrajectoryConstraints:
    def test_maximum_age_below_minimum_is_rejected(self):
        assert_rejected(update(TrajectoryFactory(age_min=12, age_max=14), age_max=11), "trajectory_age_range")

    def test_single_age_is_accepted(self):
        trajectory = TrajectoryFactory(age_min=12, age_max=12)
        stored = Trajectory.objects.get(pk=trajectory.pk)
        assert (stored.age_min, stored.age_max) == (12, 12)

    @pytest.mark.parametrize("field", ["age_min", "half_days"])
    def test_negative_count_is_rejected(self, field):
        assert_rejected(update(TrajectoryFactory(), **{field: -1}))


class TestAwardConstraints:
    def test_negative_amount_is_rejected(self):
        assert_rejected(update(AwardFactory(), amount=MINUS_ONE), "award_amount_non_negative")

    def test_second_award_for_an_application_is_rejected(self):
        award = AwardFactory()
        assert_rejected(lambda: Award.objects.create(application=award.application, amount=Decimal("1.00"),
                                                     decided_on=datetime.date(2022, 3, 1)))


class TestFinalReportConstraints:
    def test_second_report_for_an_award_is_rejected(self):
        report = FinalReportFactory()
        assert_rejected(lambda: FinalReport.objects.create(award=report.award))

    @pytest.mark.parametrize("field", GENDER_COUNTS)
    def test_negative_unattributed_count_is_rejected(self, field):
        assert_rejected(update(FinalReportFactory(), **{f"unattributed_{field}": -1}))

    def test_gender_split_above_participants_is_rejected(self):
        assert_rejected(update(FinalReportFactory(), unattributed_participants=10, unattributed_boys=6,
                               unattributed_girls=4, unattributed_other=1),
                        "finalreport_gender_within_participants")

    def test_one_gender_above_participants_is_rejected(self):
        assert_rejected(update(FinalReportFactory(), unattributed_participants=10, unattributed_girls=11),
                        "finalreport_gender_within_participants")

    def test_gender_split_equal_to_participants_is_accepted(self):
        report = FinalReportFactory(unattributed_participants=10, unattributed_boys=6, unattributed_girls=3,
                                    unattributed_other=1)
        report.full_clean()
        stored = FinalReport.objects.get(pk=report.pk)
        assert (stored.unattributed_participants, stored.unattributed_boys, stored.unattributed_girls,
                stored.unattributed_other) == (10, 6, 3, 1)

    def test_gender_counts_without_participants_are_accepted(self):
        report = FinalReportFactory(unattributed_participants=None, unattributed_boys=60, unattributed_girls=40)
        report.full_clean()
        stored = FinalReport.objects.get(pk=report.pk)
        assert (stored.unattributed_participants, stored.unattributed_boys, stored.unattributed_girls) == (
            None, 60, 40)


class TestFinalReportLineConstraints:
    def test_second_line_for_a_municipality_is_rejected(self):
        line = FinalReportLineFactory()
        assert_rejected(lambda: FinalReportLine.objects.create(report=line.report, municipality=line.municipality))

    def test_lines_for_two_municipalities_are_accepted(self):
        line = FinalReportLineFactory()
        FinalReportLineFactory(report=line.report, municipality=municipality("11002"))
        assert set(FinalReportLine.objects.filter(report=line.report).values_list("municipality", flat=True)) == {
            GENT, "11002"}

    @pytest.mark.parametrize("field", ["half_days", *GENDER_COUNTS])
    def test_negative_count_is_rejected(self, field):
        assert_rejected(update(FinalReportLineFactory(), **{field: -1}))

    def test_gender_split_above_participants_is_rejected(self):
        assert_rejected(update(FinalReportLineFactory(), participants=20, boys=15, girls=5, other=1),
                        "reportline_gender_within_participants")

    def test_boys_alone_above_participants_is_rejected(self):
        assert_rejected(update(FinalReportLineFactory(), participants=20, boys=21),
                        "reportline_gender_within_participants")

    def test_gender_split_equal_to_participants_is_accepted(self):
        line = FinalReportLineFactory(participants=20, boys=14, girls=5, other=1)
        line.full_clean()
        stored = FinalReportLine.objects.get(pk=line.pk)
        assert (stored.participants, stored.boys, stored.girls, stored.other) == (20, 14, 5, 1)

    def test_gender_counts_without_participants_are_accepted(self):
        line = FinalReportLineFactory(participants=None, boys=14, girls=6)
        line.full_clean()
        stored = FinalReportLine.objects.get(pk=line.pk)
        assert (stored.participants, stored.boys, stored.girls) == (None, 14, 6)

    def test_no_counts_at_all_are_accepted(self):
        line = FinalReportLineFactory()
        stored = FinalReportLine.objects.get(pk=line.pk)
        assert (stored.participants, stored.boys, stored.girls, stored.other) == (None, None, None, None)


class TestReportReminderConstraints:
    def test_second_reminder_of_a_stage_is_rejected(self):
        award = AwardFactory()
        ReportReminder.objects.create(award=award, stage=ReminderStage.OVERDUE)
        assert_rejected(lambda: ReportReminder.objects.create(award=award, stage=ReminderStage.OVERDUE))

    def test_each_stage_once_is_accepted(self):
        award = AwardFactory()
        ReportReminder.objects.create(award=award, stage=ReminderStage.DUE_SOON)
        ReportReminder.objects.create(award=award, stage=ReminderStage.OVERDUE)
        assert set(ReportReminder.objects.filter(award=award).values_list("stage", flat=True)) == {
            ReminderStage.DUE_SOON, ReminderStage.OVERDUE}


def dutch_errors(instance) -> dict[str, list[str]]:
    """The messages of `instance.clean()`, rendered in Dutch."""
    with translation.override("nl-be"):
        with pytest.raises(ValidationError) as excinfo:
            instance.clean()
        return excinfo.value.message_dict


class TestDutchMessages:
    def test_call_closing_before_opening(self):
        opens_at = timezone.now()
        call = Call(kind=CallKind.PARTNERSHIP_PROJECT, opens_at=opens_at, closes_at=opens_at)
        assert dutch_errors(call) == {"closes_at": ["De oproep moet sluiten nadat hij opent."]}

    def test_rollout_call_without_amount_per_municipality(self):
        opens_at = timezone.now()
        call = Call(kind=CallKind.ACADEMY_ROLLOUT, opens_at=opens_at, closes_at=opens_at + datetime.timedelta(days=1))
        assert dutch_errors(call) == {
            "amount_per_municipality": ["Een oproep voor de uitrol van academies heeft een bedrag per gemeente nodig."],
        }

    def test_trajectory_age_range(self):
        trajectory = Trajectory(title="Robotica", age_min=12, age_max=10, half_days=2, municipality_id=GENT)
        assert dutch_errors(trajectory) == {
            "age_max": ["De maximumleeftijd kan niet lager zijn dan de minimumleeftijd."],
        }

    def test_line_gender_split(self):
        line = FinalReportLine(municipality_id=GENT, participants=10, boys=8, girls=3)
        assert dutch_errors(line) == {"participants": [
            "Jongens + meisjes + andere/niet gespecificeerd (11) is meer dan het aantal deelnemers (10)."]}

    def test_unattributed_gender_split(self):
        report = FinalReport(unattributed_participants=5, unattributed_other=6)
        assert dutch_errors(report) == {"unattributed_participants": [
            "Jongens + meisjes + andere/niet gespecificeerd (6) is meer dan het aantal deelnemers (5)."]}

    def test_english_when_english_is_active(self):
        line = FinalReportLine(municipality_id=GENT, participants=10, boys=8, girls=3)
        with translation.override("en"):
            with pytest.raises(ValidationError) as excinfo:
                line.clean()
            assert excinfo.value.message_dict["participants"] == [
                "Boys + girls + other/unspecified (11) is more than the number of participants (10)."]

    def test_gender_split_equal_to_participants_is_valid(self):
        FinalReportLine(municipality_id=GENT, participants=10, boys=7, girls=3).clean()


def test_a_sent_email_has_a_known_delivery_status():
    academy = AwardFactory().application.academy
    assert_rejected(lambda: SentEmail.objects.create(academy=academy, kind="x", subject="x", recipients=["a@b.be"],
                                                     status="lost"), "sentemail_status_valid")
