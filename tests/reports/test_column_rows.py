"""`ColumnRows` keep the rows of `reach_by_municipality` as columns: pickled and read back they are the same rows,
and a table sorted and paged over them shows what it shows over a plain list of the same rows."""

import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.selectors import MunicipalityReach
from reports.selectors.base import ColumnRows
from reports.selectors.live.municipalities import PROVINCE_AND_NAME
from reports.tables import MunicipalityReachTable
from tests.reports.test_tables import configured

counts = st.none() | st.integers(min_value=0, max_value=5)
rows = st.lists(st.builds(
    MunicipalityReach,
    nis_code=st.text("0123456789", min_size=5, max_size=5),
    name=st.sampled_from(["Aalst", "aalst", "Zele", "Éghezée", "As", ""]),
    province_code=st.just("10000"),
    province=st.sampled_from(["Antwerpen", "Limburg", "Oost-Vlaanderen"]),
    academies_planned=st.integers(min_value=0, max_value=3),
    awards=st.integers(min_value=0, max_value=3),
    amount_share=st.decimals(min_value=0, max_value=1000, places=2),
    participants=counts, boys=counts, girls=counts, other=counts,
), max_size=30)
SORTS = ["", "?sort=name", "?sort=-name", "?sort=province", "?sort=-amount_share", "?sort=participants",
         "?sort=-participants", "?sort=girls&page=2", "?sort=-other&page=3"]


@settings(max_examples=60, deadline=None)
@given(rows=rows)
def test_pickled_rows_are_the_rows(rows):
    stored = pickle.loads(pickle.dumps(ColumnRows(MunicipalityReach, rows, orders=[PROVINCE_AND_NAME])))
    assert list(stored) == rows
    assert [str(row.amount_share) for row in stored] == [str(row.amount_share) for row in rows]
    assert stored[1:4] == rows[1:4]
    assert len(stored) == len(rows)


@settings(max_examples=40, deadline=None)
@given(rows=rows, query=st.sampled_from(SORTS))
def test_a_table_over_column_rows_shows_what_it_shows_over_the_list(rows, query):
    stored = pickle.loads(pickle.dumps(ColumnRows(MunicipalityReach, rows, orders=[PROVINCE_AND_NAME])))
    over_columns = configured(MunicipalityReachTable(stored), query, per_page=10)
    over_list = configured(MunicipalityReachTable(rows), query, per_page=10)
    assert over_columns.body_html() == over_list.body_html()
    assert list(over_columns.as_values()) == list(over_list.as_values())


def test_a_kept_order_is_read_not_sorted(monkeypatch):
    rows = [MunicipalityReach("2", "Zele", "4", "Oost-Vlaanderen"), MunicipalityReach("1", "As", "7", "Limburg"),
            MunicipalityReach("3", "Aalst", "4", "Oost-Vlaanderen", amount_share=Decimal("1.50"))]
    stored = pickle.loads(pickle.dumps(ColumnRows(MunicipalityReach, rows, orders=[PROVINCE_AND_NAME])))
    monkeypatch.setattr(ColumnRows, "_value", lambda *args: pytest.fail("sorted again"))
    ordered = stored.sorted_by(PROVINCE_AND_NAME)
    monkeypatch.undo()
    assert [row.name for row in ordered] == ["As", "Aalst", "Zele"]
    assert [row.name for row in stored] == ["Zele", "As", "Aalst"]


@settings(max_examples=40, deadline=None)
@given(rows=rows, data=st.data())
def test_replaced_rows_are_the_rows_with_those_replaced(rows, data):
    """`replaced` puts new rows in the place of the rows with their key, and the kept order follows a changed name."""
    rows = list({row.nis_code: row for row in rows}.values())
    stored = pickle.loads(pickle.dumps(ColumnRows(MunicipalityReach, rows, orders=[PROVINCE_AND_NAME])))
    chosen = data.draw(st.sets(st.sampled_from([row.nis_code for row in rows]))) if rows else set()
    new = {code: MunicipalityReach(code, data.draw(st.sampled_from(["Aalst", "Zele", "As"])), "10000", "Limburg",
                                   awards=data.draw(st.integers(0, 3)), amount_share=Decimal("1.25"), participants=7)
           for code in sorted(chosen)}
    expected = [new.get(row.nis_code, row) for row in rows]
    replaced = stored.replaced("nis_code", new.values())
    assert list(replaced) == expected
    assert list(replaced.sorted_by(PROVINCE_AND_NAME)) == list(
        ColumnRows(MunicipalityReach, expected).sorted_by(PROVINCE_AND_NAME))
    assert replaced.rows_where("nis_code", chosen) == [row for row in expected if row.nis_code in chosen]
    assert list(stored) == rows
