"""Regression tests for the wrong-figure classes of issue 10, one per defect (named after it)."""

import csv
import datetime
import io
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.urls import reverse

from academies.models import Event
from grants.models import CallKind
from reports import selectors
from tests.factories import AcademyFactory
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

GENT, LEUVEN, LOCHRISTI, WACHTEBEKE, LOCHRISTI_2025 = "44021", "24062", "44034", "44073", "44087"
HASSELT, BRUGGE, ANTWERPEN, MECHELEN, AALST, KORTRIJK = "71022", "31005", "11002", "12025", "41002", "34022"


def event(uit_id: str, start_date):
    return Event.objects.create(uit_id=uit_id, name=uit_id, start_date=start_date)


def answer_sheet(client, year: int) -> str:
    response = client.get(reverse("reports:answer-sheet", args=[year]))
    assert response.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


def paragraph(content: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">(.*?)</(p|ul)>', content).group(1)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestDefect1TrendStartsAtTheProgrammeStart:
    def test_event_before_the_start_does_not_move_the_start(self):
        event("old", datetime.date(2017, 5, 1))
        funded_award(call=call_of(2022), funded=[GENT])
        assert [row.year for row in selectors.trend()] == [2019, 2020, 2021, 2022]

    def test_answer_sheet_lists_the_years_from_the_start_to_the_asked_year(self, reader_client):
        event("old", datetime.date(2017, 5, 1))
        event("undated", None)
        for year in (2022, 2023, 2027):
            funded_award(call=call_of(year), funded=[GENT])
        content = answer_sheet(reader_client, 2022)
        trend = paragraph(content, "answer-trend")
        assert "2017" not in trend and "eerste jaar in de gegevens" not in trend
        table = re.search(r"Overzicht per jaar.*?</table>", content).group(0)
        assert re.findall(r'<th scope="row">(\d{4})</th>', table) == ["2019", "2020", "2021", "2022"]

    def test_start_year_is_a_setting(self, settings):
        settings.PROGRAMME_START_YEAR = 2021
        funded_award(call=call_of(2019), funded=[GENT])
        funded_award(call=call_of(2022), funded=[GENT])
        assert [row.year for row in selectors.trend()] == [2021, 2022]


class TestDefect2MeanOfPerAcademySharesPoolsTheAcademysReports:
    def test_academy_with_two_reports_counts_once(self):
        academy = AcademyFactory()
        report(award=funded_award(call=call_of(2022, suffix="a"), academy=academy, funded=[GENT]),
               lines=[(GENT, 100, 80, 20, None)])
        report(award=funded_award(call=call_of(2022, suffix="b"), academy=academy, funded=[GENT]),
               lines=[(GENT, 200, 20, 180, None)])
        total = selectors.participation(year=2022).total
        assert total.mean_boys_share == Fraction(100, 300)
        assert total.academies_with_split == 1


class TestDefect3TodaysMunicipalitiesKeepEveryPredecessorsShare:
    def test_both_predecessors_shares_are_summed(self):
        funded_award(call=call_of(2021), funded=[LOCHRISTI, WACHTEBEKE, GENT], amount=Decimal("7500.00"))
        reach = selectors.reach_by_municipality(year=2021, basis_year=2025)
        amounts = {row.nis_code: row.amount_share for row in reach.rows if row.amount_share}
        assert amounts == {LOCHRISTI_2025: Decimal("5000.00"), GENT: Decimal("2500.00")}
        lochristi = next(row for row in reach.rows if row.nis_code == LOCHRISTI_2025)
        assert lochristi.awards == 1 and lochristi.academies_planned == 1


class TestDefect4AmountsPerMunicipalityAreExactAndRoundedOnce:
    def test_half_cent_is_rounded_up_once(self):
        call = call_of(2022)
        funded_award(call=call, funded=[LEUVEN, GENT, HASSELT], amount=Decimal("87487.84"))
        funded_award(call=call, funded=[LEUVEN, BRUGGE, ANTWERPEN, MECHELEN, AALST, KORTRIJK],
                     amount=Decimal("13505.17"))
        for basis in (None, 2025):
            leuven = next(row for row in selectors.reach_by_municipality(year=2022, basis_year=basis).rows
                          if row.nis_code == LEUVEN)
            assert leuven.amount_share == Decimal("31413.48")

    def test_half_cent_that_floating_point_puts_below(self):
        call = call_of(2022)
        funded_award(call=call, funded=[LEUVEN, GENT, HASSELT], amount=Decimal("1000.00"))
        funded_award(call=call, funded=[LEUVEN, BRUGGE, ANTWERPEN, MECHELEN, AALST, KORTRIJK],
                     amount=Decimal("10.21"))
        for basis in (None, 2025):
            leuven = next(row for row in selectors.reach_by_municipality(year=2022, basis_year=basis).rows
                          if row.nis_code == LEUVEN)
            assert leuven.amount_share == Decimal("335.04")


class TestDefect5ExportsRoundLikeThePage:
    def test_participation_export_rounds_half_up(self, reader_client):
        call = call_of(2022)
        report(award=funded_award(call=call, funded=[GENT]), lines=[(GENT, 16, 1, 15, None)])
        page = reader_client.get(reverse("reports:participation") + "?year=2022").content.decode()
        assert "6,3%" in page
        rows = csv_rows(reader_client.get(reverse("reports:participation") + "?year=2022&_export=csv"))
        assert rows[0]["Jongens (gepoold)"] == "6,3"
        assert rows[0]["Meisjes (gepoold)"] == "93,8"

    def test_one_rounding_function(self):
        from academies.belgian import format_percent, percentage

        assert percentage(Decimal("0.0625"), 1) == Decimal("6.3")
        assert percentage(Decimal("0.7125"), 1) == Decimal("71.3")
        assert format_percent(Decimal("0.7125"), 1) == "71,3%"


class TestDefect6AwardsAreNotCountedAsAcademies:
    def test_academy_funded_in_two_rollout_calls_counts_once(self, reader_client):
        academy = AcademyFactory()
        funded_award(call=call_of(2022, suffix="a"), academy=academy, funded=[GENT])
        funded_award(call=call_of(2022, suffix="b"), academy=academy, funded=[LEUVEN])
        by_kind = selectors.money_by_kind(selectors.money(year=2022), 2022)
        assert by_kind[CallKind.ACADEMY_ROLLOUT].academy_count == 1
        money = paragraph(answer_sheet(reader_client, 2022), "answer-money")
        assert "toegekend aan 1 STEM-academie " in money
        assert "2 STEM-academies" not in money


class TestDefect7NotReportedIsNeverShownAsZero:
    def test_trend_sentence_says_the_figure_is_not_known(self, reader_client):
        report(award=funded_award(call=call_of(2019), funded=[GENT]), lines=[(GENT, None, None, None, None)])
        report(award=funded_award(call=call_of(2020), funded=[GENT]), lines=[(GENT, 12500, None, None, None)])
        trend = paragraph(answer_sheet(reader_client, 2020), "answer-trend")
        assert "van 0 in 2019" not in trend
        assert "niet gekend" in trend and "12.500" in trend

    def test_participants_sentence_without_any_count(self, reader_client):
        report(award=funded_award(call=call_of(2022), funded=[GENT]), lines=[(GENT, None, None, None, None)])
        participants = paragraph(answer_sheet(reader_client, 2022), "answer-participants")
        assert "minstens 0" not in participants
        assert "niet gekend" in participants


class TestDefect8RecognitionsAndYearBudgetsLoadedFromFiles:
    def test_loaded_dataset_has_recognised_academies_and_next_years_budget(self, tmp_path, reader_client):
        def run(kind, rows):
            path = tmp_path / f"{kind}.csv"
            path.write_text("\n".join(";".join(row) for row in rows), encoding="utf-8")
            call_command("import_data", kind, str(path), stdout=io.StringIO())

        academy = AcademyFactory(code="maakbib-gent")
        funded_award(call=call_of(2022), academy=academy, funded=[GENT])
        run("recognitions", [["academie", "geldig_vanaf", "geldig_tot"], ["maakbib-gent", "01/01/2019", ""]])
        run("yearbudgets", [["jaar", "bedrag"], ["2023", "2.500.000,00"]])
        content = answer_sheet(reader_client, 2022)
        assert "Voor 2023 werd er in de begroting €\u00a02.500.000,00 voorzien" in content
        row_2022 = re.search(r'<th scope="row">2022</th>(.*?)</tr>', content).group(1)
        assert re.findall(r'<td class="num">(.*?)</td>', row_2022)[3] == "1"
