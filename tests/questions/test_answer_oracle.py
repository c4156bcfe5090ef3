"""The Word answer to a question that asks for two years holds, for each year, the figures an independent
computation (the oracle of tests/reports/oracle) gives for the parts asked, written the Belgian way."""

import datetime
import io
import os
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academies.belgian import format_count, format_euro
from questions.answer import build_answer, render_docx
from tests.questions.conftest import register
from tests.reports.oracle import reference as oracle
from tests.reports.oracle.load import load
from tests.reports.oracle.strategies import datasets

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "10"))


def figure_tables(data: bytes) -> dict[int, dict[str, str]]:
    """{year: {label: value as written}} from the figure table of each year in the Word answer."""
    tables: dict[int, dict[str, str]] = {}
    for table in Document(io.BytesIO(data)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[0] == "Cijfer":
            tables.setdefault(int(header[1]), {}).update(
                {row.cells[0].text: row.cells[1].text for row in table.rows[1:]})
    return tables


def written(value, euro=False) -> str:
    if value is None:
        return "–"
    return format_euro(value) if euro else format_count(value)


def expected_figures(ds, year: int) -> dict[str, str]:
    flanders = oracle.province_rows(ds, year)[oracle.FLANDERS]
    with translation.override("nl"):
        expected = {
            gettext("municipalities reached (final reports)"): written(flanders["Bereikt (eindrapportages)"]),
            gettext("municipalities reached (awards)"): written(flanders["Bereikt (toekenningen)"]),
            gettext("participants (at least)"): written(oracle.participation_rows(ds, year)[""][
                "Deelnemers (minstens)"]),
        }
        rollout = oracle.money_by_kind(ds, year, "academy_rollout")
        if rollout:
            expected[gettext("awarded to STEM-academies")] = written(rollout["awarded"], euro=True)
            expected[gettext("STEM-academies funded")] = written(rollout["academies"])
        partnership = oracle.money_by_kind(ds, year, "partnership_project")
        if partnership:
            expected[gettext("awarded to innovation projects")] = written(partnership["awarded"], euro=True)
    return expected


@settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=datasets(), other_year=st.sampled_from((2018, 2019, 2020, 2022, 2024, 2025)))
def test_a_two_year_question_answer_holds_the_oracle_figures_of_both_years(author, case, other_year):
    ds, year = case
    years = sorted({year, other_year if other_year != year else year - 1})
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        load(ds, Path(folder))
        question = register(author, number=9, years=years, parts=("reach", "children", "money"))
        answer = build_answer(question=question, texts={}, as_of=datetime.date(2026, 12, 7))
        shown = figure_tables(render_docx(answer))
        transaction.set_rollback(True)
    assert sorted(shown) == years
    mismatches = [f"{year_asked} {label}: expected {value}, shown {shown[year_asked].get(label)}"
                  for year_asked in years for label, value in expected_figures(ds, year_asked).items()
                  if shown[year_asked].get(label) != value]
    assert mismatches == []
