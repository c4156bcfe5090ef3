"""Each report page runs a fixed number of SQL queries, whatever the size of the data."""

import itertools

import pytest
from django.urls import reverse

from academies.models import Municipality, OrganisationType
from tests.factories import PartnershipCallFactory, RecognitionFactory, YearBudgetFactory
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db

PAGES = [
    ("reports:index", {}, ""),
    ("reports:answer-sheet", {"year": 2022}, ""),
    ("reports:reach-by-province", {}, "?year=2022"),
    ("reports:reach-by-province", {}, "?year=2022&basis=today"),
    ("reports:reach-by-municipality", {}, "?year=2022&sort=-participants"),
    ("reports:reach-by-municipality", {}, "?year=2022&basis=today&_export=xlsx"),
    ("reports:participation", {}, "?year=2022&organisation_type=library"),
    ("reports:money", {}, ""),
    ("reports:trend", {}, ""),
    ("reports:trend", {}, "?basis=today"),
    ("reports:map", {}, "?year=2022&measure=participants"),
    ("reports:map", {}, "?year=2022&province=40000&format=svg"),
    ("reports:answer-map", {"year": 2022, "number": 2}, ""),
]
# Session, user, two permission queries, then the page's own: computing its figures (first request after a write)
# and reading them stored (every later request). The answer sheet computes the figures of its six maps too, and
# the money after the award of question 2 (reports.selectors.payments, six queries, never stored: it moves daily).
MAX_QUERIES = {"computed": 24, "stored": 12}
# The map page reads its figures stored apart from its drawing: computed, it computes and stores both.
MAX_QUERIES_BY_PAGE = {"reports:answer-sheet": {"computed": 56 + 6, "stored": 22 + 6},
                       "reports:map": {"computed": 32, "stored": 12}}


def build(size: int, years=(2021, 2022)) -> None:
    codes = itertools.cycle(Municipality.objects.for_year(2022).values_list("nis_code", flat=True))
    kinds = itertools.cycle([OrganisationType.LIBRARY, OrganisationType.YOUTH_ORGANISATION])
    YearBudgetFactory(year=2023)
    for year in years:
        call = call_of(year)
        for index in range(size):
            funded = [next(codes) for _ in range(3)]
            award = funded_award(call=call, funded=funded, organisation_type=next(kinds))
            RecognitionFactory(academy=award.application.academy)
            if index % 4:
                report(award=award, lines=[(funded[0], 10 + index, 5, 5, None), (funded[1], None, None, None, None)],
                       participants=3)
    partnership = PartnershipCallFactory(year=2022)
    for _ in range(max(size // 5, 1)):
        funded_award(call=partnership, funded=[next(codes)])


@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES)
def test_query_count_does_not_grow_with_the_data(reader_client, django_assert_max_num_queries, name, kwargs, query):
    """The page first computes its figures (and stores them), then reads them stored; both counts are the same with
    ten times the data and one year more."""
    url = reverse(name, kwargs=kwargs) + query
    limit = MAX_QUERIES_BY_PAGE.get(name, MAX_QUERIES)
    counts = []
    for size, years in ((3, (2021, 2022)), (27, (2020, 2021, 2022))):
        build(size, years=years)
        for state in ("computed", "stored"):
            with django_assert_max_num_queries(limit[state]) as queries:
                assert reader_client.get(url).status_code == 200
            counts.append(len(queries.captured_queries))
    small_computed, small_stored, large_computed, large_stored = counts
    assert (large_computed, large_stored) == (small_computed, small_stored)
    assert small_stored <= small_computed
