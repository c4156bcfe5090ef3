"""The awards import meets the rules of the staff decision (issue 22, finding 8): a row the staff form would refuse
is refused, naming its row and column, and nothing is written."""

from decimal import Decimal

import pytest

from exchange.errors import ImportFailed
from exchange.services import import_file
from grants.models import Application, ApplicationStatus, Award
from tests.exchange.helpers import csv_bytes
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, CallFactory, PartnershipCallFactory

HEADER = ["oproep", "academie", "bedrag", "beslist_op", "gemeenten", "motivering_bedrag"]

pytestmark = pytest.mark.django_db


def errors_of(failure) -> list[str]:
    return [str(error) for error in failure.value.row_errors]


@pytest.fixture
def rollout():
    """2.000 euro per municipality, at most 20.000 per academy, a budget of 10.000."""
    return CallFactory(code="oproep-2022", year=2022, budget=Decimal("10000.00"))


def row(academy: str, amount: str, municipalities: str = "Gent, Niel", reason: str = "") -> list[str]:
    return ["oproep-2022", academy, amount, "04/05/2022", municipalities, reason]


class TestApplicationStatus:
    @pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.REJECTED])
    def test_an_application_not_submitted_is_refused(self, rollout, status):
        ApplicationFactory(call=rollout, academy=AcademyFactory(code="academie-a"), status=status)
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "4.000,00")]))
        assert errors_of(failure) == ["rij 2, kolom 'academie': Alleen over een ingediende aanvraag kan beslist "
                                      "worden."]
        assert not Award.objects.exists()
        assert Application.objects.get().status == status

    def test_a_submitted_application_is_awarded(self, rollout):
        ApplicationFactory(call=rollout, academy=AcademyFactory(code="academie-a"))
        import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "4.000,00")]))
        assert Application.objects.get().status == ApplicationStatus.AWARDED
        assert Award.objects.get().amount == Decimal("4000.00")

    def test_a_missing_application_is_created_awarded(self, rollout):
        AcademyFactory(code="academie-a")
        import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "4.000,00")]))
        assert Application.objects.get().status == ApplicationStatus.AWARDED


class TestAmountRule:
    def test_an_amount_off_the_rule_needs_a_reason(self, rollout):
        AcademyFactory(code="academie-a")
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "5.000,00")]))
        assert errors_of(failure) == ["rij 2, kolom 'motivering_bedrag': Het bedrag wijkt af van de regel van de "
                                      "oproep (€\xa04.000,00): geef een motivering."]
        assert not Award.objects.exists()

    def test_with_a_reason_it_is_imported(self, rollout):
        AcademyFactory(code="academie-a")
        import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "5.000,00", reason="extra reeks")]))
        assert Award.objects.get().amount_reason == "extra reeks"

    def test_an_unchanged_stored_award_is_not_checked_again(self, rollout):
        award = AwardFactory(application__call=rollout, application__academy=AcademyFactory(code="academie-a"),
                             amount=Decimal("5000.00"), funded=["44021", "11030"])
        import_file(kind="awards", data=csv_bytes([HEADER[:5], row("academie-a", "5.000,00")[:5]]))
        assert Award.objects.get(pk=award.pk).amount == Decimal("5000.00")

    def test_an_application_above_the_partnership_cap_is_refused(self):
        call = PartnershipCallFactory(code="oproep-2022", year=2022, cap_per_project=Decimal("100000.00"))
        application = ApplicationFactory(call=call, academy=AcademyFactory(code="academie-a"),
                                         requested_amount=Decimal("100000.00"))
        Application.objects.filter(pk=application.pk).update(requested_amount=Decimal("120000.00"))
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "100.000,00", "")]))
        assert errors_of(failure) == ["rij 2, kolom 'bedrag': Het gevraagde bedrag is hoger dan het maximum per "
                                      "project."]

    def test_an_application_under_the_minimum_own_contribution_is_refused(self):
        call = PartnershipCallFactory(code="oproep-2022", year=2022, cap_per_project=Decimal("100000.00"),
                                      min_own_contribution_pct=Decimal("30"))
        application = ApplicationFactory(call=call, academy=AcademyFactory(code="academie-a"),
                                         requested_amount=Decimal("70000.00"), project_cost=Decimal("100000.00"),
                                         own_contribution=Decimal("30000.00"))
        Application.objects.filter(pk=application.pk).update(own_contribution=Decimal("20000.00"))
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "70.000,00", "")]))
        assert errors_of(failure) == ["rij 2, kolom 'bedrag': De eigen inbreng moet minstens 30% van de "
                                      "projectkost zijn."]
        assert not Award.objects.exists()


class TestBudget:
    def test_rows_together_over_the_budget_are_refused_from_the_first_that_does_not_fit(self, rollout):
        for letter in "abc":
            AcademyFactory(code=f"academie-{letter}")
        data = csv_bytes([HEADER, row("academie-a", "4.000,00"), row("academie-b", "4.000,00"),
                          row("academie-c", "4.000,00")])
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=data)
        assert errors_of(failure) == ["rij 4, kolom 'bedrag': Dit bedrag is hoger dan wat er van het budget van de "
                                      "oproep overblijft (€\xa02.000,00)."]
        assert not Award.objects.exists()

    def test_stored_awards_count(self, rollout):
        AwardFactory(application__call=rollout, amount=Decimal("8000.00"), amount_reason="vier gemeenten")
        AcademyFactory(code="academie-a")
        with pytest.raises(ImportFailed) as failure:
            import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "4.000,00")]))
        assert "€\xa02.000,00" in errors_of(failure)[0]

    def test_lowering_a_stored_award_frees_its_part(self, rollout):
        AwardFactory(application__call=rollout, application__academy=AcademyFactory(code="academie-a"),
                     amount=Decimal("8000.00"), funded=["44021", "11030", "11002", "46021"])
        AcademyFactory(code="academie-b")
        import_file(kind="awards", data=csv_bytes([HEADER, row("academie-a", "4.000,00"),
                                                   row("academie-b", "4.000,00")]))
        assert sorted(Award.objects.values_list("amount", flat=True)) == [Decimal("4000.00"), Decimal("4000.00")]
