"""Staff search (grants.search): each kind found by each of its keys, as each role, with the expected visibility;
a fixed number of queries whatever the data. Runs on SQLite and, with DATABASE_URL, on PostgreSQL (full-text and
trigram); the typing-error test needs PostgreSQL."""

import pytest
from django.urls import reverse

from grants import search
from grants.models import FinalReportStatus
from tests.conftest import require_postgresql
from tests.factories import (
    AcademyFactory,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
)
from tests.grants.portal_setup import contact_of, manager, reader

pytestmark = pytest.mark.django_db

KBO = "0123456749"


@pytest.fixture
def world():
    academy = AcademyFactory(name="STEM-academie De Vonk", code="de-vonk", kbo_number=KBO)
    call = CallFactory(code="uitrol-2022", title="Uitrol Zonnewijzer", year=2022)
    application = ApplicationFactory(academy=academy, call=call)
    application.planned_municipalities.set(["11002"])
    other_call = CallFactory(code="uitrol-2021", title="Uitrol 2021", year=2021)
    award = AwardFactory(application=ApplicationFactory(academy=academy, call=other_call, status="awarded"),
                         funded=["44084"])
    report = FinalReportFactory(award=award, status=FinalReportStatus.ACCEPTED)
    FinalReportLineFactory(report=report, municipality_id="71016")
    AcademyFactory(name="Maakbib Zilverzand", code="zilverzand")
    return {"academy": academy, "call": call, "application": application, "award": award, "report": report}


def found(user, query: str) -> dict[str, list[search.Hit]]:
    return {group.kind: group.hits for group in search.search(user=user, query=query)}


def urls(user, query: str, kind: str) -> set:
    return {hit.url for hit in found(user, query).get(kind, [])}


KEYS = {
    search.ACADEMIES: ["Vonk", "vonk", "de-vonk", KBO, "0123.456.749", "0123 456 749", "Gent", "44021", "9000"],
    search.APPLICATIONS: ["Vonk", KBO, "0123.456.749", "uitrol-2022", "2022", "Antwerpen", "11002", "2000"],
    search.AWARDS: ["Vonk", KBO, "uitrol-2021", "2021", "Aalter", "44084", "9880"],
    search.FINAL_REPORTS: ["Vonk", KBO, "uitrol-2021", "Genk", "71016", "3600"],
    search.CALLS: ["uitrol-2022", "Zonnewijzer", "2022"],
}


@pytest.mark.parametrize("kind,query", [(kind, query) for kind, queries in KEYS.items() for query in queries])
def test_a_manager_finds_each_kind_by_each_key(world, kind, query):
    target = {
        search.ACADEMIES: reverse("grants:staff-academy-detail", args=[world["academy"].pk]),
        search.APPLICATIONS: reverse("grants:staff-application-detail", args=[world["application"].pk]),
        search.AWARDS: reverse("grants:staff-application-detail", args=[world["award"].application_id]),
        search.FINAL_REPORTS: reverse("grants:staff-report-detail", args=[world["report"].pk]),
        search.CALLS: reverse("grants:staff-call-edit", args=[world["call"].pk]),
    }[kind]
    assert target in urls(manager(), query, kind)


def test_objects_are_found_by_their_number(world):
    user = manager()
    assert reverse("grants:staff-application-detail", args=[world["application"].pk]) in urls(
        user, f"#{world['application'].pk}", search.APPLICATIONS)
    assert reverse("grants:staff-report-detail", args=[world["report"].pk]) in urls(
        user, f"#{world['report'].pk}", search.FINAL_REPORTS)


@pytest.mark.parametrize("query", ["Zwijndrecht", "zwijndrecht", "11056", "2070"])
def test_municipalities_by_name_nis_code_and_postcode(world, query):
    hits = found(manager(), query)[search.MUNICIPALITIES]
    zwijndrecht = next(hit for hit in hits if "11056" in hit.detail)
    assert zwijndrecht.status == "opgegaan in Beveren-Kruibeke-Zwijndrecht op 1 januari 2025"


def test_results_carry_their_status(world):
    hits = found(manager(), "Vonk")
    assert [hit.status for hit in hits[search.ACADEMIES]] == ["niet erkend"]
    assert {hit.status for hit in hits[search.APPLICATIONS]} == {"ingediend", "toegekend"}
    assert [hit.status for hit in hits[search.FINAL_REPORTS]] == ["aanvaard"]
    assert [hit.status for hit in hits[search.AWARDS]] == ["eindrapportage: aanvaard"]


def test_a_reader_finds_no_applications_or_final_reports(world):
    hits = found(reader(), "Vonk")
    assert set(hits) == {search.ACADEMIES, search.AWARDS}
    assert [hit.url for hit in hits[search.AWARDS]] == [None]
    assert set(found(reader(), "uitrol-2022")) == {search.CALLS}
    assert search.MUNICIPALITIES in found(reader(), "11056")


def test_an_academy_contact_finds_nothing_and_has_no_search_page(client, world):
    user, _academy = contact_of(world["academy"])
    assert search.search(user=user, query="Vonk") == []
    client.force_login(user)
    assert client.get(reverse("grants:staff-search"), {"q": "Vonk"}).status_code == 403
    assert 'role="search"' not in client.get(reverse("grants:portal-dashboard")).content.decode()


def test_the_page_groups_results_by_kind(client, world):
    client.force_login(manager())
    response = client.get(reverse("grants:staff-search"), {"q": "Vonk"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Academies") < body.index("Aanvragen") < body.index("Toekenningen") < body.index(
        "Eindrapportages")
    assert "STEM-academie De Vonk" in body and "Zilverzand" not in body
    assert 'role="search"' in body


def test_one_character_finds_nothing(world):
    assert search.search(user=manager(), query="V") == []


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    user = manager()
    user.has_perm("grants.view_staff_pages")
    with django_assert_num_queries(len(search.MANAGER_KINDS)) as first:
        search.search(user=user, query="STEM")
    for number in range(25):
        academy = AcademyFactory(name=f"STEM-academie Extra {number}")
        FinalReportFactory(award=AwardFactory(application=ApplicationFactory(academy=academy, status="awarded")))
    with django_assert_num_queries(len(first.captured_queries)):
        groups = search.search(user=user, query="STEM")
    assert all(len(group.hits) <= search.LIMIT for group in groups)
    assert any(group.more for group in groups)


@pytest.mark.postgres
@pytest.mark.parametrize("typed,name", [("Vonck", "STEM-academie De Vonk"), ("Zilverzant", "Maakbib Zilverzand"),
                                        ("academie vonk", "STEM-academie De Vonk")])
def test_postgresql_forgives_typing_errors_and_word_order(world, typed, name):
    require_postgresql()
    assert name in [hit.label for hit in found(manager(), typed).get(search.ACADEMIES, [])]
