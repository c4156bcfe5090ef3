"""The staff admin of the academies app, and Dutch as the default language of the pages and the admin."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from academies.models import Academy, Municipality, Postcode
from grants.groups import MANAGER_GROUP
from tests.factories import (
    AcademyFactory,
    ApplicationFactory,
    AwardFactory,
    MembershipFactory,
    RecognitionFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The factories hash a password per user; these tests create many users and never log in with one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager_client(client):
    user = StaffUserFactory(username="beheerder")
    user.groups.add(Group.objects.get(name=MANAGER_GROUP))
    client.force_login(user)
    return client


def make_academies(count: int) -> None:
    for _ in range(count):
        academy = AcademyFactory()
        RecognitionFactory(academy=academy)
        MembershipFactory(academy=academy)
        ApplicationFactory(academy=academy)


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestAcademyAdmin:
    @pytest.mark.parametrize("query", ["", "?recognised_in=2022", "?organisation_type__exact=library",
                                       "?seat_municipality__province__nis_code__exact=40000", "?q=STEM"])
    def test_changelist_queries_do_not_grow_with_rows(self, manager_client, query):
        url = reverse("admin:academies_academy_changelist") + query
        make_academies(2)
        manager_client.get(url)
        with_few_rows = query_count(manager_client, url)
        make_academies(18)
        assert query_count(manager_client, url) == with_few_rows

    def test_changelist_shows_recognition_and_applications(self, manager_client):
        make_academies(1)
        AcademyFactory(name="Zonder erkenning")
        rows = manager_client.get(reverse("admin:academies_academy_changelist")).context["cl"].result_list
        assert {(academy.recognised_today, academy.application_count) for academy in rows} == {(True, 1), (False, 0)}

    def test_recognised_in_year_filter(self, manager_client):
        make_academies(1)
        AcademyFactory()
        response = manager_client.get(reverse("admin:academies_academy_changelist") + "?recognised_in=2022")
        assert response.context["cl"].result_count == 1

    def test_change_page_holds_recognitions_and_contacts(self, manager_client):
        make_academies(1)
        response = manager_client.get(reverse("admin:academies_academy_change", args=[Academy.objects.get().pk]))
        inline_models = {formset.opts.model._meta.model_name for formset in response.context["inline_admin_formsets"]}
        assert inline_models == {"recognition", "academymembership"}


class TestGeographyAdmin:
    def test_municipality_changelist_query_count_is_fixed(self, manager_client):
        url = reverse("admin:academies_municipality_changelist")
        manager_client.get(url)
        first_page = query_count(manager_client, url)
        assert query_count(manager_client, url + "?p=2") == first_page

    def test_valid_in_year_filter(self, manager_client):
        url = reverse("admin:academies_municipality_changelist")
        assert manager_client.get(url + "?valid_in=2022").context["cl"].result_count == 300
        assert manager_client.get(url + "?valid_in=2025").context["cl"].result_count == 285
        assert manager_client.get(url).context["cl"].result_count == Municipality.objects.count()

    def test_municipality_search_by_postcode(self, manager_client):
        response = manager_client.get(reverse("admin:academies_municipality_changelist") + "?q=9000")
        assert "44021" in {municipality.nis_code for municipality in response.context["cl"].result_list}

    def test_postcode_changelist_query_count_is_fixed(self, manager_client):
        url = reverse("admin:academies_postcode_changelist")
        manager_client.get(url)
        first_page = query_count(manager_client, url)
        assert Postcode.objects.count() > 200
        assert query_count(manager_client, url + "?p=2") == first_page

    def test_seat_municipality_autocomplete(self, manager_client):
        response = manager_client.get(reverse("admin:autocomplete"), {
            "app_label": "academies", "model_name": "academy", "field_name": "seat_municipality", "term": "Hasselt"})
        labels = {result["id"]: result["text"] for result in response.json()["results"]}
        assert labels["71022"] == "Hasselt (71022, tot en met 2024)"
        assert labels["71072"] == "Hasselt (71072)"


SAME_IN_DUTCH = {"postcode", "postcodes", "code", "school", "labels", "status"}


def model_labels():
    """(where, lazy label) for every verbose name and choice label of the academies and grants models."""
    for app_label in ("academies", "grants"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.model_name.startswith("historical"):
                continue
            yield model._meta.label, model._meta.verbose_name
            yield model._meta.label, model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                yield f"{model._meta.label}.{field.name}", field.verbose_name
                for _value, label in field.choices or []:
                    yield f"{model._meta.label}.{field.name}", label


def test_every_verbose_name_and_choice_has_a_dutch_translation():
    untranslated = []
    for where, label in model_labels():
        with translation.override("en"):
            english = str(label)
        with translation.override("nl-be"):
            dutch = str(label)
        if dutch == english and english not in SAME_IN_DUTCH:
            untranslated.append((where, english))
    assert untranslated == []


class TestDutchByDefault:
    def test_login_page_is_dutch(self, client):
        content = client.get(reverse("login")).content.decode()
        assert "Inloggen" in content
        assert "Log in" not in content

    def test_login_page_in_english_on_request(self, client):
        client.cookies["django_language"] = "en"
        assert "Log in" in client.get(reverse("login")).content.decode()

    def test_admin_index_shows_dutch_verbose_names(self, manager_client):
        content = manager_client.get(reverse("admin:index")).content.decode()
        for name in ["Gemeenten", "Provincies", "STEM-academies", "Oproepen", "Aanvragen", "Toekenningen",
                     "Eindrapportages"]:
            assert name in content, name

    def test_award_changelist_columns_are_dutch(self, manager_client):
        AwardFactory()
        content = manager_client.get(reverse("admin:grants_award_changelist")).content.decode()
        assert "Gefinancierde gemeenten" in content
        assert "Bedrag" in content
