"""The benchmark's floors: hand-written SQL that must compute exactly the figures of every report page."""

from datetime import date

import pytest
from django.core.management.base import CommandError
from django.test import Client

from academies.models import Municipality
from bench.floors import differences
from bench.management.commands.bench_reports import PAGES, WITHOUT_FLOOR, build, check_pages
from bench.timer import STACK_OFFSETS, timed, timed_at_depths
from tests.conftest import require_postgresql
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.postgres


@pytest.fixture
def bench_data(database_owner, db):
    require_postgresql()
    counts = build(1)
    # A merger, so that the trend on today's municipalities follows a successor chain in the floor's SQL too.
    first, second, third = Municipality.objects.order_by("nis_code")[:3]
    Municipality.objects.filter(pk=first.pk).update(valid_to=date(2018, 12, 31), successor=second)
    Municipality.objects.filter(pk=second.pk).update(valid_to=date(2020, 12, 31), successor=third)
    return counts


def test_every_page_has_a_floor_equal_to_its_figures(bench_data, monkeypatch):
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    jobs = check_pages(client, floors=True)
    assert set(jobs) == set(PAGES)
    assert all(job["floor_checked"] for key, job in jobs.items() if key not in WITHOUT_FLOOR)
    assert WITHOUT_FLOOR == {"answer-map-flanders.svg"}
    assert jobs["trend-today"]["basis_year"] is not None
    assert jobs["map-province.svg"]["params"]["province"] == "40000"

    from bench.floors import province_floor, trend_floor

    assert list(trend_floor(until_year=2023)) == list(range(2019, 2024))  # from the programme start
    assert province_floor(year=2023)["unattributed"][3] is not None

    # A floor that disagrees with the page stops the benchmark, naming the figures.
    from bench import floors as benchfloors

    monkeypatch.setattr(benchfloors, "province_figures", lambda reach: {"total": (0, 0, 0)})
    with pytest.raises(CommandError, match="the hand-written SQL floor and the page disagree"):
        check_pages(client, floors=True)


def test_differences_name_every_figure_that_differs():
    floor = {"total": (300, 120, 100), "trend": {2023: (1, 2), 2024: (3, 4)}}
    page = {"total": (300, 121, 100), "trend": {2023: (1, 2)}}
    assert differences(floor, page) == ["total: floor (300, 120, 100) != page (300, 121, 100)",
                                        "trend/2024: floor (3, 4) != page None"]
    assert differences(floor, floor) == []


def test_a_page_without_a_floor_is_an_error():
    from bench.floors import floor_for

    with pytest.raises(AssertionError):
        floor_for("participation", {"year": 2023, "call_kind": "academy_rollout"}, None)
    with pytest.raises(KeyError):
        floor_for("unknown", {"year": 2023}, None)


def test_timed_reports_medians_after_a_warm_up():
    calls = []
    wall, cpu = timed(lambda: calls.append(1), 5)
    assert len(calls) == 6 and wall >= 0 and cpu >= 0


def test_a_page_is_timed_at_each_stack_offset():
    import inspect

    depths = []
    result = timed_at_depths(lambda: depths.append(len(inspect.stack(0))), 2)
    assert len(depths) == 3 * len(STACK_OFFSETS)
    assert sorted(set(depths)) == [depths[0] + offset for offset in STACK_OFFSETS]
    assert len(result["median_ms_by_stack_offset"]) == len(STACK_OFFSETS)
    assert result["median_ms"] >= 0 and result["median_cpu_ms"] >= 0
