"""Property: for random stored data and a random subset of the optional columns dropped from its own export,
re-importing the file changes nothing (a value absent from the file is never erased, never rewritten)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.services import export_file, import_file
from grants.models import Call, CallKind, FinalReport, FinalReportLine
from tests.exchange.helpers import csv_bytes
from tests.factories import FinalReportFactory, FinalReportLineFactory

MUNICIPALITIES = ["44021", "46021", "11002", "24062", "71022"]
REPORT_KEYS = ["oproep", "academie", "gemeente"]
CALL_KEYS = ["code", "jaar", "soort", "titel", "budget", "opent_op", "sluit_op"]
COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=5000))


@st.composite
def split_counts(draw):
    """(participants, boys, girls, other) that satisfy boys + girls + other <= participants."""
    participants = draw(COUNT)
    parts = [draw(COUNT) for _part in range(3)]
    if participants is not None:
        budget = participants
        for index, part in enumerate(parts):
            if part is not None:
                parts[index] = min(part, budget)
                budget -= parts[index]
    return participants, *parts


@st.composite
def stored_reports(draw):
    """Per academy (a, b, c): None (no report) or (status, unattributed split, {nis: (half days, split)})."""
    reports = []
    for _academy in range(3):
        if not draw(st.booleans()):
            reports.append(None)
            continue
        lines = draw(st.dictionaries(st.sampled_from(MUNICIPALITIES),
                                     st.tuples(st.integers(min_value=0, max_value=40), split_counts()), max_size=4))
        reports.append((draw(st.sampled_from(["draft", "submitted", "accepted", "returned"])),
                        draw(split_counts()), lines))
    return reports


def snapshot() -> tuple:
    reports = sorted(FinalReport.objects.values_list(
        "award_id", "status", "unattributed_participants", "unattributed_boys", "unattributed_girls",
        "unattributed_other"))
    lines = sorted(FinalReportLine.objects.values_list(
        "report__award_id", "municipality_id", "half_days", "participants", "boys", "girls", "other"))
    return reports, lines, FinalReport.history.count(), FinalReportLine.history.count()


def exported(kind: str) -> list[list[str]]:
    import csv

    stream = io.BytesIO()
    export_file(kind=kind, stream=stream)
    return list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")), delimiter=";"))


def without(rows: list[list[str]], dropped: set[str]) -> list[list[str]]:
    keep = [index for index, name in enumerate(rows[0]) if name not in dropped]
    return [[row[index] for index in keep] for row in rows]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=stored_reports(), dropped=st.sets(st.sampled_from(
    ["status", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere", "niet_toewijsbaar_deelnemers",
     "niet_toewijsbaar_jongens", "niet_toewijsbaar_meisjes", "niet_toewijsbaar_andere"]), min_size=1))
def test_final_reports_dropped_columns_change_nothing(awarded_academies, data, dropped):
    with transaction.atomic():
        for award, stored in zip(awarded_academies, data, strict=True):
            if stored is None:
                continue
            status, (participants, boys, girls, other), lines = stored
            report = FinalReportFactory(award=award, status=status, unattributed_participants=participants,
                                        unattributed_boys=boys, unattributed_girls=girls, unattributed_other=other)
            for nis_code, (half_days, (participants, boys, girls, other)) in lines.items():
                FinalReportLineFactory(report=report, municipality_id=nis_code, half_days=half_days,
                                       participants=participants, boys=boys, girls=girls, other=other)
        before = snapshot()
        rows = without(exported("finalreports"), dropped)
        if len(rows) > 1:
            summary = import_file(kind="finalreports", data=csv_bytes(rows))
            assert (summary.created, summary.updated) == (0, 0)
        assert snapshot() == before
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.tuples(*[st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2))] * 3),
       pct=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
       due=st.one_of(st.none(), st.dates(min_value=datetime.date(2022, 6, 1), max_value=datetime.date(2023, 12, 31))),
       dropped=st.sets(st.sampled_from(["bedrag_per_gemeente", "plafond_per_academie", "plafond_per_project",
                                        "min_eigen_bijdrage_pct", "deadline_eindrapport"]), min_size=1))
def test_calls_dropped_columns_change_nothing(db, amounts, pct, due, dropped):
    with transaction.atomic():
        Call.objects.create(code="oproep-x", year=2022, kind=CallKind.PARTNERSHIP_PROJECT, title="X",
                            budget=Decimal("100000.00"),
                            opens_at=datetime.datetime(2022, 1, 1, 9, tzinfo=datetime.UTC),
                            closes_at=datetime.datetime(2022, 3, 1, 17, tzinfo=datetime.UTC),
                            amount_per_municipality=amounts[0], cap_per_academy=amounts[1],
                            cap_per_project=amounts[2], min_own_contribution_pct=pct, report_due_date=due)
        before = list(Call.objects.values())
        summary = import_file(kind="calls", data=csv_bytes(without(exported("calls"), dropped)))
        assert (summary.created, summary.updated) == (0, 0)
        assert list(Call.objects.values()) == before
        transaction.set_rollback(True)
