"""Report pages open on the latest year with data; a year without data says so."""

import pytest
from django.urls import reverse

from reports.years import latest_year_with_data, years_with_data
from tests.reports.factories import call_of, funded_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded_2022_and_empty_2027():
    funded_award(call=call_of(2022), funded=["44021"])
    call_of(2027)


class TestLatestYearWithData:
    def test_newest_call_without_awards_is_not_the_latest_year_with_data(self, awarded_2022_and_empty_2027):
        assert years_with_data() == {2022}
        assert latest_year_with_data() == 2022

    def test_nothing_awarded_gives_none(self):
        call_of(2027)
        assert latest_year_with_data() is None


class TestDefaultYear:
    @pytest.mark.parametrize("name", ["reports:reach-by-province", "reports:reach-by-municipality",
                                      "reports:participation", "reports:map"])
    def test_report_opens_on_the_latest_year_with_data(self, reader_client, awarded_2022_and_empty_2027, name):
        response = reader_client.get(reverse(name))
        assert response.context["year"] == 2022
        assert not response.context["year_without_data"]
        assert 'id="year-without-data"' not in response.content.decode()

    def test_year_without_data_says_so(self, reader_client, awarded_2022_and_empty_2027):
        content = reader_client.get(reverse("reports:reach-by-province") + "?year=2027").content.decode()
        assert 'id="year-without-data"' in content
        assert "Voor 2027 zijn er nog geen toekenningen of eindrapportages" in content
