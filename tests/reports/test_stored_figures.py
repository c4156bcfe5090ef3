"""Stored year figures (reports.selectors.storage) equal the live computation after any sequence of writes, whatever
wrote them (model saves, queryset updates and deletes, bulk creates, raw SQL), and a closed year's figures are read,
not recomputed."""

import datetime
import os
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from academies.models import Academy, Event, Municipality, OrganisationType, Recognition
from grants.models import Award, CallKind, FinalReport, FinalReportLine, FinalReportStatus, YearBudget
from reports import selectors
from reports.models import DataYearVersion, StoredFigures, YearChange
from reports.selectors.live.money import live_money
from reports.selectors.live.municipalities import live_reach_by_municipality
from reports.selectors.live.participation import live_participation
from reports.selectors.live.reach import live_reach_by_province
from reports.selectors.live.trend import live_trend
from reports.selectors.storage import versions_of
from reports.years import award_years, years_with_data
from tests.factories import CallFactory
from tests.reports.factories import funded_award, report

pytestmark = pytest.mark.django_db

YEARS = (2021, 2022)
KINDS = [CallKind.ACADEMY_ROLLOUT, CallKind.PARTNERSHIP_PROJECT]
ORGANISATION_TYPES = [OrganisationType.LIBRARY, OrganisationType.YOUTH_ORGANISATION]
FILTERS = [{}, {"call_kind": CallKind.PARTNERSHIP_PROJECT}, {"organisation_type": OrganisationType.LIBRARY}]
COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=40))
SPLIT = st.tuples(COUNT, COUNT, COUNT)
EXAMPLES = int(os.environ.get("STORED_FIGURES_EXAMPLES", "12"))


def places() -> list[str]:
    """Municipalities of 2021-2022: some merged into one in 2025 (so "today's municipalities" count them once), some
    not."""
    merged = list(Municipality.objects.for_year(2022).filter(successor__isnull=False)
                  .order_by("successor_id", "nis_code").values_list("nis_code", flat=True)[:4])
    plain = list(Municipality.objects.for_year(2022).filter(successor__isnull=True).order_by("nis_code")
                 .values_list("nis_code", flat=True)[:4])
    return merged + plain


def differences(year: int, filters: dict) -> list[str]:
    """Every stored figure compared with the live one; read twice so that the second read comes from storage."""
    found = []
    pairs = [
        ("reach_by_province", selectors.reach_by_province, live_reach_by_province,
         {"year": year, **filters}),
        ("reach_by_province today", selectors.reach_by_province, live_reach_by_province,
         {"year": year, "basis_year": 2025, **filters}),
        ("reach_by_municipality", selectors.reach_by_municipality,
         live_reach_by_municipality, {"year": year, **filters}),
        ("reach_by_municipality today", selectors.reach_by_municipality,
         live_reach_by_municipality, {"year": year, "basis_year": 2025, **filters}),
        ("participation", selectors.participation, live_participation,
         {"year": year, **filters}),
        ("money", selectors.money, live_money,
         {"year": year, **({"call_kind": filters["call_kind"]} if "call_kind" in filters else {})}),
        ("money, every year", selectors.money, live_money, {}),
        ("trend", selectors.trend, live_trend, dict(filters)),
        ("trend today", selectors.trend, live_trend, {"basis_year": 2025, **filters}),
        ("trend until", selectors.trend, live_trend, {"until_year": year}),
    ]
    for name, read, live, arguments in pairs:
        for attempt in ("first read", "second read"):
            shown, expected = read(**arguments), live(**arguments)
            if shown != expected:
                found.append(f"{name} {arguments} ({attempt}): stored {shown!r} != live {expected!r}")
    if years_with_data() != award_years():
        found.append(f"years with data: stored {years_with_data()} != live {award_years()}")
    return found


class StoredFiguresMachine(RuleBasedStateMachine):
    """Random writes to two years' data, through every kind of write path, with the stored figures compared with
    the live ones after each step. Each run happens in a transaction that is rolled back."""

    awards = Bundle("awards")
    reports = Bundle("reports")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.codes = places()
        self.calls = {}

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def call(self, year: int, kind: str):
        if (year, kind) not in self.calls:
            self.calls[year, kind] = CallFactory(year=year, kind=kind, code=f"{kind}-{year}")
        return self.calls[year, kind]

    @initialize(target=awards)
    def first_award(self):
        return funded_award(call=self.call(2021, CallKind.ACADEMY_ROLLOUT), funded=self.codes[:2])

    @rule(target=awards, year=st.sampled_from(YEARS), kind=st.sampled_from(KINDS),
          organisation_type=st.sampled_from(ORGANISATION_TYPES), funded=st.sets(st.integers(0, 7), min_size=1,
                                                                                   max_size=3),
          cents=st.integers(min_value=100, max_value=10_000_000))
    def award(self, year, kind, organisation_type, funded, cents):
        return funded_award(call=self.call(year, kind), funded=[self.codes[index] for index in sorted(funded)],
                            organisation_type=organisation_type, amount=Decimal(cents) / 100)

    @rule(target=reports, award=awards, status=st.sampled_from(list(FinalReportStatus.values)),
          counts=st.lists(st.tuples(SPLIT, COUNT), min_size=0, max_size=3), unattributed=COUNT)
    def final_report(self, award, status, counts, unattributed):
        existing = FinalReport.objects.filter(award=award).first()
        if existing is not None:
            return existing
        codes = list(award.funded_municipalities.values_list("nis_code", flat=True))
        lines = [(code, None if extra is None else sum(part or 0 for part in split) + extra, *split)
                 for code, (split, extra) in zip(codes, counts, strict=False)]
        return report(award=award, status=status, lines=lines, participants=unattributed)

    @rule(final=reports, status=st.sampled_from(list(FinalReportStatus.values)))
    def change_status(self, final, status):
        final = FinalReport.objects.filter(pk=final.pk).first()
        if final is not None:
            final.status = status
            final.save()

    @rule(final=reports, participants=st.one_of(st.none(), st.integers(min_value=200, max_value=300)))
    def update_lines_in_bulk(self, final, participants):
        FinalReportLine.objects.filter(report_id=final.pk).update(participants=participants)

    @rule(final=reports)
    def delete_a_line(self, final):
        line = FinalReportLine.objects.filter(report_id=final.pk).order_by("pk").first()
        if line is not None:
            line.delete()

    @rule(final=reports, participants=COUNT)
    def add_lines_with_bulk_create(self, final, participants):
        award = Award.objects.filter(pk=final.award_id, final_report=final.pk).first()
        if award is None:
            return
        present = set(FinalReportLine.objects.filter(report_id=final.pk).values_list("municipality_id", flat=True))
        FinalReportLine.objects.bulk_create([
            FinalReportLine(report_id=final.pk, municipality_id=code, participants=participants)
            for code in award.funded_municipalities.values_list("nis_code", flat=True) if code not in present])

    @rule(final=reports, girls=st.integers(min_value=0, max_value=30))
    def raw_sql_update(self, final, girls):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE grants_finalreportline SET participants = participants + %s, "
                           "girls = COALESCE(girls, 0) + %s WHERE report_id = %s", [girls, girls, final.pk])
            cursor.execute("UPDATE grants_finalreport SET unattributed_participants = unattributed_participants + %s "
                           "WHERE id = %s", [girls, final.pk])

    @rule(award=awards, cents=st.integers(min_value=100, max_value=10_000_000))
    def change_amount(self, award, cents):
        Award.objects.filter(pk=award.pk).update(amount=Decimal(cents) / 100)

    @rule(award=awards, funded=st.sets(st.integers(0, 7), min_size=1, max_size=4))
    def change_funded_municipalities(self, award, funded):
        award.funded_municipalities.set([self.codes[index] for index in sorted(funded)])

    @rule(award=awards, organisation_type=st.sampled_from(ORGANISATION_TYPES))
    def change_organisation_type(self, award, organisation_type):
        academy = award.application.academy
        academy.refresh_from_db()
        academy.organisation_type = organisation_type
        academy.save()

    @rule(award=awards, year=st.sampled_from(YEARS))
    def move_to_another_year(self, award, year):
        application = award.application
        application.call = self.call(year, application.call.kind)
        application.save()

    @rule(award=consumes(awards))
    def delete_award(self, award):
        FinalReport.objects.filter(award_id=award.pk).delete()
        Award.objects.filter(pk=award.pk).delete()

    @rule(year=st.sampled_from([*YEARS, 2023]), cents=st.integers(min_value=0, max_value=10_000_000))
    def reserve_budget(self, year, cents):
        YearBudget.objects.update_or_create(year=year, defaults={"amount": Decimal(cents) / 100})

    @rule(year=st.sampled_from([*YEARS, 2023]), labelled=st.booleans(), index=st.integers(0, 7))
    def uit_event(self, year, labelled, index):
        Event.objects.create(uit_id=f"event-{Event.objects.count()}", name="Robotica", has_stem_label=labelled,
                             start_date=datetime.date(year, 3, 1), municipality_id=self.codes[index])

    @rule(award=awards, start=st.sampled_from([2019, 2021, 2022]))
    def recognise(self, award, start):
        Recognition.objects.create(academy=award.application.academy, valid_from=datetime.date(start, 1, 1),
                                   valid_to=datetime.date(start + 1, 12, 31),
                                   reference=f"R-{Recognition.objects.count()}")

    @rule(year=st.sampled_from(YEARS), filters=st.sampled_from(FILTERS))
    def compare(self, year, filters):
        found = differences(year, filters)
        assert not found, "\n".join(found)

    @invariant()
    def stored_equals_live(self):
        for year in YEARS:
            assert selectors.reach_by_municipality(year=year) == live_reach_by_municipality(year=year)
            assert selectors.participation(year=year) == live_participation(year=year)
        assert selectors.trend() == live_trend()


def test_stored_figures_equal_the_live_ones_after_random_writes(db):
    run_state_machine_as_test(StoredFiguresMachine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=12, deadline=None, database=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))


class TestStorage:
    @pytest.fixture
    def two_years(self):
        codes = places()
        for year in YEARS:
            award = funded_award(call=CallFactory(year=year, code=f"rollout-{year}"), funded=codes[:3])
            report(award=award, lines=[(codes[0], 12, 6, 6, None)])

    def test_a_closed_year_is_read_not_recomputed(self, two_years):
        selectors.reach_by_province(year=2021)
        stored_at = StoredFigures.objects.get(selector="reach_by_province").computed_at
        FinalReportLine.objects.filter(report__award__application__call__year=2022).update(participants=30)
        with mock.patch.object(selectors.reach_by_province, "live") as live:
            selectors.reach_by_province(year=2021)
        live.assert_not_called()
        assert StoredFigures.objects.get(selector="reach_by_province").computed_at == stored_at

    def test_a_write_to_a_year_recomputes_only_that_year_of_the_trend(self, two_years):
        selectors.trend()
        FinalReportLine.objects.filter(report__award__application__call__year=2022).update(participants=30)
        with mock.patch.object(selectors.trend, "live", wraps=live_trend) as live:
            rows = selectors.trend()
        live.assert_called_once()
        assert live.call_args.kwargs["years_only"] == [2022]
        assert rows == live_trend()

    def test_a_bulk_update_moves_the_version_of_its_year_only(self, two_years):
        before = versions_of(YEARS)
        FinalReportLine.objects.filter(report__award__application__call__year=2021).update(girls=3)
        after = versions_of(YEARS)
        assert after["2021"] == before["2021"] + 1
        assert after["2022"] == before["2022"]
        assert after["0"] == before["0"]

    def test_reference_data_moves_year_zero(self, two_years):
        before = versions_of([])["0"]
        Municipality.objects.filter(nis_code=places()[0]).update(name_nl="Anders")
        assert versions_of([])["0"] == before + 1

    def test_a_contact_email_does_not_move_any_version(self, two_years):
        before = dict(DataYearVersion.objects.values_list("year", "version"))
        academy = Academy.objects.first()
        academy.contact_email = "nieuw@example.org"
        academy.save()
        assert dict(DataYearVersion.objects.values_list("year", "version")) == before

    def test_a_call_with_and_without_default_arguments_shares_one_stored_result(self, two_years):
        selectors.reach_by_province(year=2021)
        with mock.patch.object(selectors.reach_by_province, "live") as live:
            selectors.reach_by_province(year=2021, basis_year=None, call_kind=None)
        live.assert_not_called()
        assert StoredFigures.objects.filter(selector="reach_by_province").count() == 1

    def test_a_payload_not_signed_by_this_application_is_recomputed(self, two_years):
        expected = selectors.reach_by_province(year=2021)
        StoredFigures.objects.filter(selector="reach_by_province").update(payload=b"0" * 40)
        assert selectors.reach_by_province(year=2021) == expected

    def test_figures_are_stored_per_language(self, two_years):
        from django.utils import translation

        with translation.override("nl"):
            dutch = selectors.reach_by_province(year=2021).unattributed.province
        with translation.override("en"):
            english = selectors.reach_by_province(year=2021).unattributed.province
        assert dutch != english

    def test_figures_stored_by_other_code_are_recomputed(self, two_years):
        selectors.reach_by_province(year=2021)
        with mock.patch("reports.selectors.storage.code_version", return_value="another-deploy"), \
                mock.patch.object(selectors.reach_by_province, "live", wraps=live_reach_by_province) as live:
            selectors.reach_by_province(year=2021)
        live.assert_called_once()
        assert StoredFigures.objects.get(selector="reach_by_province").versions["code"] == "another-deploy"


class TestRecount:
    """After writes to final reports and their lines only, reach per municipality counts again only the
    municipalities they reached (`YearChange`, written by the triggers), and equals the live figure."""

    @pytest.fixture
    def codes(self):
        codes = places()
        for year in YEARS:
            award = funded_award(call=CallFactory(year=year, code=f"rollout-{year}"), funded=codes[:3])
            report(award=award, lines=[(codes[0], 12, 6, 6, None)], participants=4)
        return codes

    def test_a_line_write_records_its_municipality_with_the_new_version(self, codes):
        FinalReportLine.objects.filter(report__award__application__call__year=2022).update(participants=30)
        version = versions_of([2022])["2022"]
        assert set(YearChange.objects.filter(year=2022, version=version).values_list("municipality_id", flat=True)) \
            == {codes[0]}

    def test_a_report_write_records_the_municipalities_of_its_award_and_lines(self, codes):
        final = FinalReport.objects.get(award__application__call__year=2022)
        final.status = FinalReportStatus.DRAFT
        final.save()
        version = versions_of([2022])["2022"]
        assert set(YearChange.objects.filter(year=2022, version=version).values_list("municipality_id", flat=True)) \
            == set(codes[:3])

    @pytest.mark.parametrize("basis_year", [None, 2025])
    def test_a_final_report_write_recounts_only_its_municipalities(self, codes, basis_year):
        selectors.reach_by_municipality(year=2022, basis_year=basis_year)
        award = Award.objects.get(application__call__year=2022)
        final = FinalReport.objects.get(award=award)
        FinalReportLine.objects.create(report=final, municipality_id=codes[1], participants=9, boys=9)
        FinalReport.objects.filter(pk=final.pk).update(unattributed_participants=11)
        with mock.patch.object(selectors.reach_by_municipality, "live") as live:
            shown = selectors.reach_by_municipality(year=2022, basis_year=basis_year)
        live.assert_not_called()
        assert shown == live_reach_by_municipality(year=2022, basis_year=basis_year)
        assert shown.unattributed.participants == 11
        assert selectors.reach_by_municipality(year=2022, basis_year=basis_year) == shown

    def test_any_other_write_computes_in_full(self, codes):
        selectors.reach_by_municipality(year=2022)
        Award.objects.filter(application__call__year=2022).update(amount=Decimal("999.99"))
        with mock.patch.object(selectors.reach_by_municipality, "live",
                               wraps=live_reach_by_municipality) as live:
            shown = selectors.reach_by_municipality(year=2022)
        live.assert_called_once()
        assert shown == live_reach_by_municipality(year=2022)

    def test_a_write_whose_changes_are_no_longer_kept_computes_in_full(self, codes):
        selectors.reach_by_municipality(year=2022)
        FinalReportLine.objects.filter(report__award__application__call__year=2022).update(participants=30)
        YearChange.objects.all().delete()
        with mock.patch.object(selectors.reach_by_municipality, "live",
                               wraps=live_reach_by_municipality) as live:
            assert selectors.reach_by_municipality(year=2022) == live_reach_by_municipality(year=2022)
        live.assert_called_once()


def test_code_version_covers_the_code_that_defines_figures_only(db):
    from django.conf import settings as django_settings

    from reports.selectors.storage import figure_sources

    sources = {path.relative_to(django_settings.BASE_DIR).as_posix() for path in figure_sources()}
    assert {"reports/selectors/live/reach.py", "reports/selectors/figures.py", "grants/models/reports.py",
            "academies/models.py", "reports/maps.py", "reports/locale/nl/LC_MESSAGES/django.mo"} <= sources
    assert not {path for path in sources if path.startswith("bench/") or path.endswith(("views.py", "tables.py"))
                or "/management/" in path or "/migrations/" in path}


def test_clear_stored_figures_command_makes_every_figure_computed_again(db):
    import io

    from django.core.management import call_command

    selectors.trend()
    selectors.money()
    assert StoredFigures.objects.exists()
    output = io.StringIO()
    call_command("clear_stored_figures", stdout=output)
    assert not StoredFigures.objects.exists()
    assert "removed" in output.getvalue()


@pytest.mark.parametrize("page", ["reports:answer-sheet", "reports:reach-by-province", "reports:reach-by-municipality",
                                  "reports:participation", "reports:money", "reports:trend", "reports:answer-map"])
def test_after_a_refresh_the_pages_read_their_figures_stored(reader_client, page):
    """`refresh_stored_figures` computes, after a write, what each page opens with: the next visit computes nothing."""
    import io

    from django.core.management import call_command
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    codes = places()
    award = funded_award(call=CallFactory(year=2022, code="rollout-2022"), funded=codes[:2])
    report(award=award, lines=[(codes[0], 10, 4, 6, None)])
    url = reverse(page, args={"reports:answer-sheet": [2022], "reports:answer-map": [2022, 2]}.get(page, []))
    assert reader_client.get(url).status_code == 200
    report(award=funded_award(call=CallFactory(year=2022, code="partner-2022", kind=CallKind.PARTNERSHIP_PROJECT),
                              funded=codes[2:3]), lines=[(codes[2], 5, None, None, None)])
    output = io.StringIO()
    call_command("refresh_stored_figures", stdout=output)
    assert not output.getvalue().startswith("0 ")

    with CaptureQueriesContext(connection) as queries:
        assert reader_client.get(url).status_code == 200
    assert not [query for query in queries if "INSERT" in query["sql"] and "reports_storedfigures" in query["sql"]]
    assert selectors.reach_by_province(year=2022) == live_reach_by_province(year=2022)
    call_command("refresh_stored_figures", stdout=output)
    assert output.getvalue().splitlines()[-1] == "0 stored figures computed."


def test_an_import_changes_the_stored_figures_of_its_year(db):
    """Figures stored before an import of final reports are not read after it: the import's writes move the year's
    version, and the next read shows what the file brought."""
    import csv
    import io

    from exchange.services import export_file, import_file

    codes = places()
    award = funded_award(call=CallFactory(year=2022, code="rollout-2022"), funded=codes[:2])
    report(award=award, lines=[(codes[0], 10, 4, 6, None), (codes[1], None, None, None, None)])
    before = selectors.reach_by_province(year=2022)
    stream = io.BytesIO()
    export_file(kind="finalreports", stream=stream, year=2022)
    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")), delimiter=";"))
    column = next(index for index, name in enumerate(rows[0]) if name.strip().lower() == "deelnemers")
    for row in rows[1:]:
        row[column] = "25"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    summary = import_file(kind="finalreports", data=buffer.getvalue().encode("utf-8"))
    assert summary.total_rows == 2, summary.describe()
    after = selectors.reach_by_province(year=2022)
    assert after == live_reach_by_province(year=2022)
    assert after.total.participants != before.total.participants


def test_the_trend_follows_a_changed_programme_start(db, settings):
    codes = places()
    for year in YEARS:
        funded_award(call=CallFactory(year=year, code=f"rollout-{year}"), funded=codes[:2])
    settings.PROGRAMME_START_YEAR = 2019
    assert [row.year for row in selectors.trend()] == [2019, 2020, 2021, 2022]
    settings.PROGRAMME_START_YEAR = 2023
    assert selectors.trend() == live_trend() == []
    settings.PROGRAMME_START_YEAR = 2021
    assert selectors.trend() == live_trend()
    assert [row.year for row in selectors.trend()] == [2021, 2022]
