"""The read API's endpoints on a small dataset: the figures are those of reports.selectors."""

from decimal import Decimal

import pytest

from tests.api.conftest import bearer
from tests.api.data import ANTWERPEN, GENT, build_api_dataset


@pytest.fixture
def api_get(client, reader_key):
    build_api_dataset()

    def get(url, **params):
        response = client.get(url, params, **bearer(reader_key))
        assert response.status_code == 200, response.content
        return response.json()

    return get


@pytest.mark.django_db
class TestCalls:
    def test_calls_with_awarded_amounts(self, api_get):
        page = api_get("/api/v1/calls", year=2022)
        assert page["count"] == 2
        by_kind = {call["kind"]: call for call in page["items"]}
        assert Decimal(by_kind["academy_rollout"]["awarded"]) == Decimal("6000.00")
        assert by_kind["academy_rollout"]["award_count"] == 2

    def test_filter_by_kind(self, api_get):
        page = api_get("/api/v1/calls", call_kind="partnership_project")
        assert [call["code"] for call in page["items"]] == ["partnership-2022"]

    def test_other_year_is_empty(self, api_get):
        assert api_get("/api/v1/calls", year=2019) == {"items": [], "count": 0}


@pytest.mark.django_db
class TestAwards:
    def test_award_with_academy_and_municipalities(self, api_get):
        awards = api_get("/api/v1/awards", year=2022)["items"]
        vonk = next(award for award in awards if award["academy"]["code"] == "vonk")
        assert vonk["amount"] == "4000.00"
        assert vonk["academy"]["kbo_number"] == "0200065765"
        assert [place["nis_code"] for place in vonk["municipalities"]] == [ANTWERPEN, GENT]

    def test_pagination(self, api_get):
        first = api_get("/api/v1/awards", limit=2)
        second = api_get("/api/v1/awards", limit=2, offset=2)
        assert first["count"] == second["count"] == 3
        assert len(first["items"]) == 2 and len(second["items"]) == 1
        assert {award["id"] for award in first["items"]}.isdisjoint(award["id"] for award in second["items"])

    def test_filter_by_province(self, api_get):
        limburg = api_get("/api/v1/awards", province="70000")["items"]
        assert [award["municipalities"][0]["name"] for award in limburg] == ["Hasselt"]

    def test_limit_is_bounded(self, client, reader_key):
        assert client.get("/api/v1/awards", {"limit": 100000}, **bearer(reader_key)).status_code == 422

    def test_parameter_errors_are_dutch(self, client, reader_key):
        response = client.get("/api/v1/awards", {"limit": 100000, "year": "twee", "province": "7"},
                              **bearer(reader_key))
        assert response.status_code == 422
        messages = {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}
        assert messages == {"limit": "Geef een getal van hoogstens 500.", "year": "Geef een geheel getal.",
                            "province": "Deze waarde heeft niet de verwachte vorm (^[0-9]{5}$)."}


@pytest.mark.django_db
class TestFigures:
    def test_year_figures_are_the_answer_sheets(self, api_get):
        figures = api_get("/api/v1/years/2022/figures")
        assert figures["reach"]["total"]["planned_count"] == 3
        assert figures["reach"]["total"]["confirmed_count"] == 2
        assert figures["participation"]["participants_at_least"] == 150
        assert figures["participation"]["reports_expected"] == 3
        assert Decimal(figures["money"]["awarded"]) == Decimal("94568.55")
        assert figures["money"]["by_kind"]["partnership_project"]["award_count"] == 1
        assert Decimal(figures["money"]["reserved_next_year"]) == Decimal("2500000.00")
        assert (figures["this_year"]["events"], figures["this_year"]["events_labelled"]) == (2, 1)

    def test_reach_by_province(self, api_get):
        reach = api_get("/api/v1/reach/provinces", year=2022)
        limburg = next(row for row in reach["provinces"] if row["province_code"] == "70000")
        assert limburg["planned"] == ["Hasselt"] and limburg["confirmed"] == []

    def test_reach_by_municipality(self, api_get):
        rows = api_get("/api/v1/reach/municipalities", year=2022, province="40000", limit=500)["items"]
        gent = next(row for row in rows if row["nis_code"] == GENT)
        assert (gent["awards"], gent["participants"], gent["boys"]) == (2, 120, 80)
        assert Decimal(gent["amount_share"]) == Decimal("2000.00") + Decimal("88568.55")

    def test_trend(self, api_get):
        rows = api_get("/api/v1/trend")
        assert [row["year"] for row in rows] == [2019, 2020, 2021, 2022]  # from the programme start
        row = rows[-1]
        assert (row["year"], row["awards"], row["participants_at_least"]) == (2022, 3, 150)

    def test_uit_snapshots_say_where_and_when(self, api_get):
        (snapshot,) = api_get("/api/v1/uit/snapshots", year=2022)["items"]
        assert snapshot["source_url"].startswith("https://search.uitdatabank.be")
        assert (snapshot["total_events"], snapshot["labelled_events"]) == (2, 1)
        assert snapshot["per_municipality"] == {GENT: [2, 1]}

    def test_query_count_does_not_grow(self, client, reader_key, django_assert_max_num_queries):
        build_api_dataset()
        with django_assert_max_num_queries(12):
            assert client.get("/api/v1/awards", **bearer(reader_key)).status_code == 200


@pytest.mark.django_db
class TestOpenApi:
    def test_document_is_public_and_valid(self, client):
        from openapi_spec_validator import validate

        document = client.get("/api/v1/openapi.json").json()
        validate(document)
        assert {"/api/v1/calls", "/api/v1/awards", "/api/v1/years/{year}/figures", "/api/v1/reach/provinces",
                "/api/v1/reach/municipalities", "/api/v1/trend", "/api/v1/uit/snapshots"} <= set(document["paths"])

    def test_docs_page_uses_local_assets(self, client, reader):
        client.force_login(reader)
        page = client.get("/api/v1/docs/").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in page
        assert "cdn" not in page.lower()
