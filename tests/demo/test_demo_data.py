"""The demo dataset reproduces the published figures (seed, ../shared/DOMAIN.md) under the report definitions:

- the year of an award or report is its call's `year`;
- planned reach(Y): distinct municipalities funded by the awards of Y (all call kinds);
- confirmed reach(Y): distinct municipalities on the lines of received (submitted/accepted) final reports of Y;
- participants at least(Y): non-null line participants + non-null unattributed_participants of received reports;
- pooled gender: sum(boys) / sum(boys + girls + other) over the lines and unattributed blocks giving a split.

The aggregates are written here on purpose, independent of the reports app.
"""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from academies.models import Academy, AcademyMembership, Municipality, OrganisationType, Recognition
from demo.dataset import CODE_PREFIX, DEMO_ACADEMY_NAMES, DEMO_LOGINS
from demo.writing import build_demo_data
from grants.groups import MANAGER_GROUP, READER_GROUP
from grants.models import (
    RECEIVED_STATUSES,
    Application,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Trajectory,
    YearBudget,
)
from tests.conftest import load_reference_data

REACH = {2019: 162, 2020: 221, 2021: 220, 2022: 221}
REACH_2022_PER_PROVINCE = {
    "Limburg": 27, "Antwerpen": 39, "Oost-Vlaanderen": 53, "Vlaams-Brabant": 38, "West-Vlaanderen": 64,
}
PARTICIPANTS_AT_LEAST = {2020: 12_500, 2021: 36_340, 2022: 37_376}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo dataset, built once for this module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()  # in case a transactional test flushed the session's reference data
        summary = build_demo_data()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def planned_reach(year: int):
    return Municipality.objects.filter(awards__application__call__year=year).distinct()


def confirmed_reach(year: int):
    return Municipality.objects.filter(report_lines__report__award__application__call__year=year,
                                       report_lines__report__status__in=RECEIVED_STATUSES).distinct()


def received_reports(year: int):
    return FinalReport.objects.filter(award__application__call__year=year, status__in=RECEIVED_STATUSES)


def participants_at_least(year: int) -> int:
    lines = FinalReportLine.objects.filter(report__in=received_reports(year)).aggregate(
        total=Coalesce(Sum("participants"), 0))["total"]
    unattributed = received_reports(year).aggregate(total=Coalesce(Sum("unattributed_participants"), 0))["total"]
    return lines + unattributed


def gender_sums(year: int, **academy_filter) -> tuple[int, int, int]:
    """(boys, girls, other) over the lines and unattributed blocks of received reports that give a split."""
    reports = received_reports(year).filter(**{f"award__application__academy__{k}": v
                                               for k, v in academy_filter.items()})
    has_split = Q(boys__isnull=False) | Q(girls__isnull=False) | Q(other__isnull=False)
    lines = FinalReportLine.objects.filter(has_split, report__in=reports).aggregate(
        boys=Coalesce(Sum("boys"), 0), girls=Coalesce(Sum("girls"), 0), other=Coalesce(Sum("other"), 0))
    unattributed = reports.filter(
        Q(unattributed_boys__isnull=False) | Q(unattributed_girls__isnull=False)
        | Q(unattributed_other__isnull=False)
    ).aggregate(boys=Coalesce(Sum("unattributed_boys"), 0), girls=Coalesce(Sum("unattributed_girls"), 0),
                other=Coalesce(Sum("unattributed_other"), 0))
    return tuple(lines[part] + unattributed[part] for part in ("boys", "girls", "other"))


def percentages(boys: int, girls: int, other: int) -> tuple[int, int]:
    total = boys + girls + other
    return round(100 * boys / total), round(100 * girls / total)


def awards_of(year: int, kind: str):
    return Award.objects.filter(application__call__year=year, application__call__kind=kind)


def model_counts() -> dict[str, int]:
    counted = (Academy, Recognition, AcademyMembership, Call, YearBudget, Application, Trajectory, Award,
               FinalReport, FinalReportLine, get_user_model(), Application.planned_municipalities.through,
               Award.funded_municipalities.through, Application.history.model, Award.history.model,
               FinalReport.history.model, FinalReportLine.history.model)
    return {model._meta.label: model.objects.count() for model in counted}


@pytest.mark.usefixtures("demo_db")
class TestReach:
    @pytest.mark.parametrize(("year", "expected"), sorted(REACH.items()))
    def test_planned_and_confirmed_reach_equal_the_published_figure(self, year, expected):
        planned = set(planned_reach(year).values_list("nis_code", flat=True))
        confirmed = set(confirmed_reach(year).values_list("nis_code", flat=True))
        assert len(planned) == expected
        assert confirmed == planned

    @pytest.mark.parametrize("year", sorted(REACH) + [2023])
    def test_reached_municipalities_are_valid_in_their_year(self, year):
        valid = Municipality.objects.for_year(year)
        assert not planned_reach(year).exclude(pk__in=valid).exists()
        assert not confirmed_reach(year).exclude(pk__in=valid).exists()

    def test_2022_reach_per_province(self):
        for reach in (planned_reach(2022), confirmed_reach(2022)):
            per_province = dict(Municipality.objects.filter(pk__in=reach).values("province__name_nl")
                                 .annotate(count=Count("pk")).values_list("province__name_nl", "count"))
            assert per_province == REACH_2022_PER_PROVINCE

    def test_partnership_projects_fund_only_municipalities_reached_by_the_rollout(self):
        rollout = Municipality.objects.filter(awards__in=awards_of(2022, CallKind.ACADEMY_ROLLOUT))
        partnership = Municipality.objects.filter(awards__in=awards_of(2022, CallKind.PARTNERSHIP_PROJECT))
        assert partnership.exists()
        assert not partnership.exclude(pk__in=rollout).exists()

    def test_2023_confirmed_reach_lags_behind_the_awards(self):
        assert 0 < confirmed_reach(2023).count() < planned_reach(2023).count()


@pytest.mark.usefixtures("demo_db")
class TestParticipants:
    @pytest.mark.parametrize(("year", "expected"), sorted(PARTICIPANTS_AT_LEAST.items()))
    def test_participants_at_least(self, year, expected):
        assert participants_at_least(year) == expected

    def test_2019_reports_carry_no_counts(self):
        assert not FinalReportLine.objects.filter(report__award__application__call__year=2019,
                                                  participants__isnull=False).exists()
        assert participants_at_least(2019) == 0

    def test_counts_on_draft_and_returned_reports_are_not_counted(self):
        unreceived = FinalReportLine.objects.filter(report__award__application__call__year=2022).exclude(
            report__status__in=RECEIVED_STATUSES)
        assert unreceived.filter(participants__gt=0).exists()
        everything = FinalReportLine.objects.filter(report__award__application__call__year=2022).aggregate(
            total=Sum("participants"))["total"]
        assert everything > PARTICIPANTS_AT_LEAST[2022] - received_reports(2022).aggregate(
            total=Sum("unattributed_participants"))["total"]

    def test_boys_girls_other_never_exceed_participants(self):
        assert not FinalReportLine.objects.filter(
            participants__lt=Coalesce(F("boys"), 0) + Coalesce(F("girls"), 0) + Coalesce(F("other"), 0)).exists()


@pytest.mark.usefixtures("demo_db")
class TestGender:
    def test_2022_pooled_share_is_72_28(self):
        boys, girls, other = gender_sums(2022)
        assert percentages(boys, girls, other) == (72, 28)
        assert boys * 25 == 18 * (boys + girls + other)  # exactly 72.00 %
        assert other > 0

    def test_2022_maakbibs_are_60_40(self):
        boys, girls, other = gender_sums(2022, organisation_type=OrganisationType.LIBRARY)
        assert percentages(boys, girls, other) == (60, 40)
        assert boys * 5 == 3 * (boys + girls + other)

    def test_2022_some_reports_give_participants_without_a_split(self):
        reports = received_reports(2022)
        no_split_lines = FinalReportLine.objects.filter(report__in=reports, participants__isnull=False,
                                                        boys__isnull=True, girls__isnull=True, other__isnull=True)
        assert no_split_lines.exists()
        assert reports.filter(unattributed_participants__isnull=False, unattributed_boys__isnull=True).exists()


@pytest.mark.usefixtures("demo_db")
class TestCoverage:
    def test_2022_has_missing_draft_and_incomplete_reports(self):
        expected = Award.objects.filter(application__call__year=2022)
        reports = FinalReport.objects.filter(award__application__call__year=2022)
        received = received_reports(2022)
        assert expected.count() == 65
        assert expected.filter(final_report__isnull=True).exists()
        assert reports.filter(status=FinalReportStatus.DRAFT).exists()
        assert 0 < received.count() < expected.count()

        with_line_counts = received.filter(lines__participants__isnull=False).distinct()
        with_count = received.filter(Q(lines__participants__isnull=False)
                                     | Q(unattributed_participants__isnull=False)).distinct()
        without_counts = received.exclude(pk__in=with_count)
        only_unattributed = received.filter(unattributed_participants__isnull=False).exclude(
            pk__in=with_line_counts)
        assert without_counts.exists()
        assert only_unattributed.exists()
        assert not FinalReportLine.objects.filter(report__in=only_unattributed, participants__isnull=False).exists()
        assert with_count.count() < received.count()

    @pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023])
    def test_every_year_has_expected_and_received_reports(self, year):
        assert received_reports(year).exists()
        assert Award.objects.filter(application__call__year=year).count() >= received_reports(year).count()

    def test_each_report_line_is_a_funded_municipality(self):
        assert not FinalReportLine.objects.filter(report__award__application__call__code__startswith=CODE_PREFIX) \
            .exclude(municipality__awards=F("report__award")).exists()


@pytest.mark.usefixtures("demo_db")
class TestCallsAndBudgets:
    def test_2022_rollout_call(self):
        awards = awards_of(2022, CallKind.ACADEMY_ROLLOUT)
        assert awards.count() == 52
        assert awards.aggregate(total=Sum("amount"))["total"] == Decimal("464500.00")

    def test_2022_partnership_call(self):
        awards = awards_of(2022, CallKind.PARTNERSHIP_PROJECT)
        assert awards.count() == 13
        assert awards.aggregate(total=Sum("amount"))["total"] == Decimal("885685.05")

    def test_rollout_awards_follow_the_call_rule(self):
        for award in Award.objects.filter(application__call__kind=CallKind.ACADEMY_ROLLOUT).select_related(
                "application__call").annotate(funded=Count("funded_municipalities")):
            assert award.amount == award.application.call.rollout_amount(award.funded)

    def test_partnership_awards_respect_cap_and_own_contribution(self):
        for award in awards_of(2022, CallKind.PARTNERSHIP_PROJECT).select_related("application__call"):
            call, application = award.application.call, award.application
            assert award.amount <= call.cap_per_project
            assert award.amount <= application.requested_amount
            assert application.own_contribution * 100 >= call.min_own_contribution_pct * application.project_cost
            assert application.requested_amount + application.own_contribution == application.project_cost

    def test_awards_stay_within_call_budgets(self):
        for call in Call.objects.filter(code__startswith=CODE_PREFIX).with_awarded_amount():
            assert call.awarded_amount <= call.budget

    def test_calls_for_every_year(self):
        assert set(Call.objects.filter(kind=CallKind.ACADEMY_ROLLOUT).values_list("year", flat=True)) \
            >= {2019, 2020, 2021, 2022}

    def test_2023_budget(self):
        assert YearBudget.objects.get(year=2023).amount == Decimal("2500000.00")

    def test_rollout_academies_are_recognised_in_their_year(self):
        for award in Award.objects.filter(application__call__kind=CallKind.ACADEMY_ROLLOUT).select_related(
                "application__call", "application__academy"):
            assert Academy.objects.recognised_in(award.year).filter(pk=award.application.academy_id).exists()

    def test_applications_plan_municipalities_and_some_trajectories(self):
        assert not Application.objects.filter(status="awarded", planned_municipalities__isnull=True).exists()
        assert Trajectory.objects.filter(application__call__year=2022).exists()


@pytest.mark.usefixtures("demo_db")
class TestAcademiesAndLogins:
    def test_academy_names_are_invented(self):
        names = set(Academy.objects.filter(code__startswith=CODE_PREFIX).values_list("name", flat=True))
        assert names
        assert names <= DEMO_ACADEMY_NAMES
        assert "STEM-academie De Vonk" in names and "Maakbib Zilverzand" in names
        assert not Academy.objects.filter(code__startswith=CODE_PREFIX).exclude(
            contact_email__endswith="@demo.example").exists()

    def test_demo_logins(self):
        users = {user.username: user for user in get_user_model().objects.filter(
            username__in=[login.username for login in DEMO_LOGINS]).prefetch_related("groups")}
        for login in DEMO_LOGINS:
            user = users[login.username]
            assert user.check_password(login.password)
            assert user.is_staff == login.is_staff
            if login.group:
                assert [group.name for group in user.groups.all()] == [login.group]
            if login.academy_code:
                assert [academy.code for academy in Academy.objects.for_user(user)] == [login.academy_code]
        assert {login.group for login in DEMO_LOGINS if login.group} == {MANAGER_GROUP, READER_GROUP}
        assert sum(not login.is_staff for login in DEMO_LOGINS) == 2

    def test_print_demo_logins(self):
        out = io.StringIO()
        call_command("print_demo_logins", stdout=out)
        for login in DEMO_LOGINS:
            assert f"{login.username} " in out.getvalue() and f"{login.password} " in out.getvalue()
        assert "not loaded" not in out.getvalue()


@pytest.mark.usefixtures("demo_db")
class TestIdempotency:
    def test_second_run_changes_nothing(self, demo):
        before = model_counts()
        summary = build_demo_data()
        assert summary.changed == 0
        assert model_counts() == before
        assert (summary.academies, summary.awards, summary.report_lines) == (
            demo.academies, demo.awards, demo.report_lines)
        assert participants_at_least(2022) == PARTICIPANTS_AT_LEAST[2022]

    def test_load_demo_command_changes_nothing_either(self):
        call_command("load_demo", stdout=io.StringIO())  # adds what only the command loads (assessments, questions)
        before = model_counts()
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        assert "(0 created, 0 updated, 0 deleted)" in out.getvalue()
        assert model_counts() == before


def test_demo_contacts_can_try_an_open_call(demo_db):
    from django.utils import timezone

    from demo.dataset import OPEN_CALL_CODE

    call = Call.objects.get(code=OPEN_CALL_CODE)
    assert call.is_open_at(timezone.now())
    assert not call.applications.exists()
