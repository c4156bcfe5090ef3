from decimal import Decimal

import pytest

from academies.models import OrganisationType
from grants.models import CallKind, FinalReportStatus
from reports import selectors
from tests.factories import AcademyFactory, PartnershipCallFactory, RecognitionFactory, YearBudgetFactory
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

GENT, ANTWERPEN, LEUVEN, HASSELT, BRUGGE = "44021", "11002", "24062", "71022", "31005"
ZWIJNDRECHT, BEVEREN, KRUIBEKE, BEVEREN_KRUIBEKE_ZWIJNDRECHT = "11056", "46003", "46013", "46030"


def row(reach, code):
    return next(item for item in reach.rows if item.nis_code == code)


def province(reach, name):
    return next(item for item in reach.provinces if item.province == name)


class TestReachByProvince:
    def test_municipality_reached_by_two_academies_counts_once(self):
        call = call_of(2022)
        for _ in range(2):
            award = funded_award(call=call, funded=[GENT])
            report(award=award, lines=[(GENT, 10, None, None, None)])
        reach = selectors.reach_by_province(year=2022)
        assert province(reach, "Oost-Vlaanderen").planned == ["Gent"]
        assert province(reach, "Oost-Vlaanderen").confirmed == ["Gent"]
        assert reach.total.planned_count == reach.total.confirmed_count == 1

    def test_academy_in_two_provinces_counts_in_both(self):
        award = funded_award(call=call_of(2022), funded=[GENT, ANTWERPEN])
        report(award=award, lines=[(GENT, None, None, None, None), (ANTWERPEN, None, None, None, None)])
        reach = selectors.reach_by_province(year=2022)
        assert province(reach, "Oost-Vlaanderen").confirmed_count == 1
        assert province(reach, "Antwerpen").confirmed_count == 1
        assert province(reach, "Limburg").confirmed_count == 0
        assert reach.total.confirmed_count == 2

    def test_planned_and_confirmed_differ_and_drafts_do_not_confirm(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT, LEUVEN]), lines=[(GENT, 5, None, None, None)])
        report(award=funded_award(call=call, funded=[HASSELT]), lines=[(HASSELT, 5, None, None, None)],
               status=FinalReportStatus.DRAFT)
        reach = selectors.reach_by_province(year=2022)
        assert reach.total.planned_count == 3
        assert reach.total.confirmed == ["Gent"]

    def test_share_uses_the_provinces_municipalities_of_the_year(self):
        report(award=funded_award(call=call_of(2022), funded=[HASSELT]), lines=[(HASSELT, 1, None, None, None)])
        limburg = province(selectors.reach_by_province(year=2022), "Limburg")
        assert limburg.municipality_count == 42
        assert limburg.confirmed_share == Decimal(1) / Decimal(42)

    def test_other_years_do_not_count(self):
        funded_award(call=call_of(2021), funded=[GENT])
        assert selectors.reach_by_province(year=2022).total.planned_count == 0

    def test_filter_on_call_kind_and_organisation_type(self):
        funded_award(call=call_of(2022), funded=[GENT], organisation_type=OrganisationType.LIBRARY)
        funded_award(call=PartnershipCallFactory(year=2022), funded=[LEUVEN])
        assert selectors.reach_by_province(year=2022, call_kind=CallKind.PARTNERSHIP_PROJECT).total.planned == [
            "Leuven"]
        assert selectors.reach_by_province(year=2022, organisation_type=OrganisationType.LIBRARY).total.planned == [
            "Gent"]


class TestMergedMunicipalities:
    def test_merged_municipality_keeps_its_old_name_in_its_own_year(self):
        award = funded_award(call=call_of(2022), funded=[ZWIJNDRECHT, BEVEREN])
        report(award=award, lines=[(ZWIJNDRECHT, 10, None, None, None), (BEVEREN, 5, None, None, None)])
        reach = selectors.reach_by_municipality(year=2022)
        assert row(reach, ZWIJNDRECHT).name == "Zwijndrecht"
        assert row(reach, ZWIJNDRECHT).province == "Antwerpen"
        assert row(reach, ZWIJNDRECHT).participants == 10
        assert not any(item.nis_code == BEVEREN_KRUIBEKE_ZWIJNDRECHT for item in reach.rows)
        assert province(selectors.reach_by_province(year=2022), "Antwerpen").confirmed == ["Zwijndrecht"]

    def test_compared_on_todays_municipalities_it_appears_under_its_successor(self):
        award = funded_award(call=call_of(2022), funded=[ZWIJNDRECHT, BEVEREN])
        report(award=award, lines=[(ZWIJNDRECHT, 10, 6, 4, None), (BEVEREN, 5, None, None, None)])
        reach = selectors.reach_by_municipality(year=2022, basis_year=2025)
        successor = row(reach, BEVEREN_KRUIBEKE_ZWIJNDRECHT)
        assert successor.province == "Oost-Vlaanderen"
        assert successor.participants == 15
        assert successor.boys == 6
        assert successor.awards == 1  # one award funding two predecessors counts once
        assert not any(item.nis_code in (ZWIJNDRECHT, BEVEREN) for item in reach.rows)
        by_province = selectors.reach_by_province(year=2022, basis_year=2025)
        assert province(by_province, "Oost-Vlaanderen").confirmed == [successor.name]
        assert province(by_province, "Antwerpen").confirmed == []

    def test_trend_on_todays_municipalities_counts_a_merged_municipality_once(self):
        award = funded_award(call=call_of(2022), funded=[ZWIJNDRECHT, BEVEREN, KRUIBEKE])
        report(award=award, lines=[(ZWIJNDRECHT, None, None, None, None), (BEVEREN, None, None, None, None)])
        *_before, own = selectors.trend()
        *_before, merged = selectors.trend(basis_year=2025)
        assert (own.municipalities_planned, own.municipalities_confirmed) == (3, 2)
        assert (merged.municipalities_planned, merged.municipalities_confirmed) == (1, 1)


class TestReachByMunicipality:
    def test_counts_sum_lines_and_leave_unreported_cells_empty(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT, LEUVEN], amount=Decimal("6000.00")),
               lines=[(GENT, 30, 20, 10, None), (LEUVEN, None, None, None, None)])
        report(award=funded_award(call=call, funded=[GENT], amount=Decimal("2000.00")),
               lines=[(GENT, 12, None, None, None)])
        reach = selectors.reach_by_municipality(year=2022)
        gent, leuven = row(reach, GENT), row(reach, LEUVEN)
        assert (gent.academies_planned, gent.awards, gent.reports_expected, gent.reports_received) == (2, 2, 2, 2)
        assert gent.amount_share == Decimal("5000.00")
        assert (gent.participants, gent.boys, gent.girls, gent.other) == (42, 20, 10, None)
        assert leuven.amount_share == Decimal("3000.00")
        assert (leuven.participants, leuven.boys) == (None, None)
        assert leuven.academies_confirmed == 1
        brugge = row(reach, BRUGGE)
        assert (brugge.awards, brugge.participants, brugge.academies_confirmed) == (0, None, 0)
        assert len(reach.rows) == 300

    def test_unattributed_counts_are_a_separate_row_and_in_the_total_only(self):
        award = funded_award(call=call_of(2022), funded=[GENT, LEUVEN])
        report(award=award, lines=[(GENT, 10, None, None, None), (LEUVEN, None, None, None, None)],
               participants=100, boys=60, girls=40)
        reach = selectors.reach_by_municipality(year=2022)
        assert row(reach, GENT).participants == 10
        assert row(reach, LEUVEN).participants is None
        assert (reach.unattributed.participants, reach.unattributed.boys, reach.unattributed.girls) == (100, 60, 40)
        assert reach.totals.participants == 110
        assert reach.totals.boys == 60

    def test_province_filter_leaves_out_what_cannot_be_placed(self):
        award = funded_award(call=call_of(2022), funded=[GENT, LEUVEN])
        report(award=award, lines=[(GENT, 10, None, None, None)], participants=100)
        reach = selectors.reach_by_municipality(year=2022, province="40000")
        assert {item.province for item in reach.rows} == {"Oost-Vlaanderen"}
        assert reach.unattributed is None
        assert reach.totals.participants == 10

    def test_received_counts_only_submitted_or_accepted_reports(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), status=FinalReportStatus.ACCEPTED)
        report(award=funded_award(call=call, funded=[GENT]), status=FinalReportStatus.RETURNED)
        funded_award(call=call, funded=[GENT])
        gent = row(selectors.reach_by_municipality(year=2022), GENT)
        assert (gent.reports_expected, gent.reports_received) == (3, 1)


class TestParticipation:
    def test_reports_without_counts_leave_a_lower_bound_and_coverage_says_so(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), lines=[(GENT, 40, None, None, None)])
        report(award=funded_award(call=call, funded=[LEUVEN]), lines=[(LEUVEN, None, None, None, None)])
        report(award=funded_award(call=call, funded=[BRUGGE]), participants=25)
        funded_award(call=call, funded=[HASSELT])
        total = selectors.participation(year=2022).total
        assert total.participants_at_least == 65
        assert (total.participants_attributed, total.participants_unattributed) == (40, 25)
        assert (total.reports_expected, total.reports_received, total.reports_with_participants) == (4, 3, 2)
        assert not total.is_complete

    def test_no_counts_at_all_is_none_not_zero(self):
        report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, None, None, None, None)])
        total = selectors.participation(year=2022).total
        assert total.participants_at_least is None
        assert total.reports_with_participants == 0

    def test_gender_share_ignores_reports_without_a_split(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), lines=[(GENT, 100, 80, 20, None)])
        report(award=funded_award(call=call, funded=[LEUVEN]), lines=[(LEUVEN, 1000, None, None, None)])
        report(award=funded_award(call=call, funded=[BRUGGE]), lines=[(BRUGGE, 100, 40, 60, None)])
        total = selectors.participation(year=2022).total
        assert total.reports_with_split == 2
        assert (total.boys, total.girls, total.other) == (120, 80, 0)
        assert total.pooled_boys_share == Decimal("0.6")
        assert total.pooled_girls_share == Decimal("0.4")
        assert total.mean_boys_share == Decimal("0.6")
        assert total.participants_at_least == 1200

    def test_pooled_and_mean_of_academies_differ_when_sizes_differ(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), lines=[(GENT, 300, 270, 30, None)])
        report(award=funded_award(call=call, funded=[LEUVEN]), participants=100, boys=50, girls=50)
        total = selectors.participation(year=2022).total
        assert total.pooled_boys_share == Decimal(320) / Decimal(400)
        assert total.mean_boys_share == (Decimal("0.9") + Decimal("0.5")) / 2

    def test_per_organisation_type(self):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT], organisation_type=OrganisationType.LIBRARY),
               lines=[(GENT, 100, 60, 40, None)])
        report(award=funded_award(call=call, funded=[LEUVEN], organisation_type=OrganisationType.COMPANY),
               lines=[(LEUVEN, 100, 90, 10, None)])
        funded_award(call=call, funded=[BRUGGE], organisation_type=OrganisationType.COMPANY)
        groups = {group.label: group for group in selectors.participation(year=2022).by_organisation_type}
        library = groups[str(OrganisationType.LIBRARY.label)]
        company = groups[str(OrganisationType.COMPANY.label)]
        assert library.pooled_boys_share == Decimal("0.6")
        assert (company.reports_expected, company.reports_received) == (2, 1)
        assert company.pooled_boys_share == Decimal("0.9")


class TestMoney:
    def test_per_call_and_year_budget(self):
        rollout = call_of(2022, budget=Decimal("500000.00"))
        partnership = PartnershipCallFactory(year=2022, budget=Decimal("1000000.00"))
        funded_award(call=rollout, amount=Decimal("4500.00"))
        funded_award(call=rollout, amount=Decimal("5000.00"))
        funded_award(call=partnership, amount=Decimal("70000.50"))
        YearBudgetFactory(year=2023, amount=Decimal("2500000.00"))
        years = selectors.money(year=2022)
        assert [entry.year for entry in years] == [2023, 2022]
        assert years[0].reserved == Decimal("2500000.00") and years[0].calls == []
        by_kind = selectors.money_by_kind(years, 2022)
        assert by_kind[CallKind.ACADEMY_ROLLOUT].award_count == 2
        assert by_kind[CallKind.ACADEMY_ROLLOUT].awarded == Decimal("9500.00")
        assert by_kind[CallKind.ACADEMY_ROLLOUT].remainder == Decimal("490500.00")
        assert by_kind[CallKind.PARTNERSHIP_PROJECT].awarded == Decimal("70000.50")
        assert years[1].awarded == Decimal("79500.50")


class TestTrend:
    def test_per_year(self):
        academy = AcademyFactory()
        RecognitionFactory(academy=academy, valid_from="2020-01-01", valid_to="2021-12-31")
        RecognitionFactory(academy=AcademyFactory())
        report(award=funded_award(call=call_of(2020), academy=academy, funded=[GENT, LEUVEN]),
               lines=[(GENT, 10, None, None, None)], participants=5)
        report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, None, None, None, None)])
        rows = {item.year: item for item in selectors.trend()}
        assert sorted(rows) == [2019, 2020, 2021, 2022]
        assert (rows[2020].municipalities_planned, rows[2020].municipalities_confirmed) == (2, 1)
        assert rows[2020].participants_at_least == 15
        assert rows[2021].awards == 0 and rows[2021].participants_at_least is None
        assert rows[2022].participants_at_least is None
        assert rows[2022].reports_with_participants == 0
        assert (rows[2020].academies_recognised, rows[2022].academies_recognised) == (2, 1)
        assert rows[2020].amount_awarded == Decimal("4000.00")

    def test_uit_events_with_and_without_label(self):
        from academies.models import Event

        funded_award(call=call_of(2021))
        for index, labelled in enumerate([True, True, False]):
            Event.objects.create(uit_id=f"e{index}", name="Robotica", start_date="2021-05-01",
                                 has_stem_label=labelled)
        Event.objects.create(uit_id="no-date", name="Permanent")
        *_before, row2021 = selectors.trend()
        assert (row2021.events, row2021.events_labelled, row2021.events_unlabelled) == (3, 2, 1)
