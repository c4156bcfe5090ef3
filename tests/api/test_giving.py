"""The 360Giving export: the demo year 2022 validates against the shipped schema and holds the published awards;
staff download every year, the public only published ones."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from api.giving import package
from api.services import year_publish
from tests.conftest import load_reference_data

SCHEMA_DIR = Path(settings.BASE_DIR) / "api" / "standards" / "360giving"


def validator() -> Draft202012Validator:
    """The package schema with its remote reference to the grant schema resolved to the shipped copy."""
    package_schema, grant_schema = (json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
                                    for name in ("360-giving-package-schema.json", "360-giving-schema.json"))
    resource = DRAFT202012.create_resource(grant_schema)  # its $schema says http://, unknown to referencing
    registry = Registry().with_resources([(package_schema["properties"]["grants"]["items"]["$ref"], resource),
                                          (grant_schema["$id"], resource)])
    return Draft202012Validator(package_schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def package_2022(demo, db) -> dict:
    return package(years=[2022])


def test_demo_2022_validates(package_2022):
    errors = sorted(validator().iter_errors(package_2022), key=lambda error: list(error.path))
    assert [f"{list(error.path)}: {error.message}" for error in errors] == []


def test_validator_checks_the_grants(package_2022):
    broken = {**package_2022, "grants": [{**package_2022["grants"][0], "amountAwarded": "1.000,00"}]}
    assert list(validator().iter_errors(broken))


def test_demo_2022_holds_65_grants_summing_to_the_published_amount(package_2022):
    grants = package_2022["grants"]
    assert len(grants) == 65
    assert sum(Decimal(str(item["amountAwarded"])) for item in grants) == Decimal("1350185.05")
    assert len({item["id"] for item in grants}) == 65


def test_grant_fields(package_2022):
    item = package_2022["grants"][0]
    assert item["currency"] == "EUR"
    assert item["fundingOrganization"][0]["name"] == settings.GIVING_FUNDER_NAME
    assert item["grantProgramme"][0]["code"].startswith("demo-2022")
    assert item["beneficiaryLocation"] and all(place["geoCodeType"] == "NIS" and len(place["geoCode"]) == 5
                                               for place in item["beneficiaryLocation"])


def test_recipient_uses_the_kbo_number(demo, db):
    from academies.models import Academy

    academy = Academy.objects.filter(code__startswith="demo-", applications__award__isnull=False).first()
    academy.kbo_number = "0200065765"
    academy.save()
    ids = {item["recipientOrganization"][0]["id"] for item in package(years=[2022])["grants"]}
    assert "BE-BCE_KBO-0200065765" in ids


def test_flat_csv(demo, reader_client):
    response = reader_client.get("/open-data/360giving/2022.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 65
    assert sum(Decimal(row["Amount Awarded"]) for row in rows) == Decimal("1350185.05")
    assert rows[0]["Beneficiary Location:0:Geographic Code Type"] == "NIS"


def test_staff_download_all_years(demo, reader_client):
    response = reader_client.get("/open-data/360giving/all.json")
    assert response.status_code == 200
    years = {item["awardDate"][:4] for item in response.json()["grants"]}
    assert {"2019", "2022", "2023"} <= years


class TestPublicAccess:
    def test_unpublished_year_is_404(self, demo, client):
        assert client.get("/open-data/360giving/2022.json").status_code == 404
        assert client.get("/open-data/360giving/all.json").status_code == 404

    def test_published_year_is_public(self, demo, client):
        year_publish(year=2022, published_by=None)
        response = client.get("/open-data/360giving/2022.json")
        assert response.status_code == 200 and len(response.json()["grants"]) == 65
        assert client.get("/open-data/360giving/2021.json").status_code == 404
        assert len(client.get("/open-data/360giving/all.json").json()["grants"]) == 65
        assert "2022" in client.get("/open-data/").content.decode()

    def test_contact_sees_only_published_years(self, demo, client, academy_user):
        client.force_login(academy_user)
        assert client.get("/open-data/360giving/2022.json").status_code == 404

    def test_manager_publishes_a_year(self, demo, client, manager):
        client.force_login(manager)
        assert client.post("/open-data/360giving/2021/publish/").status_code == 302
        client.logout()
        assert client.get("/open-data/360giving/2021.csv").status_code == 200

    def test_reader_may_not_publish(self, demo, reader_client):
        assert reader_client.post("/open-data/360giving/2021/publish/").status_code == 403


@pytest.mark.parametrize("selection", ["²", "2022²", "١٢٣٤", "0x7e6", "20222"])
def test_a_year_of_other_digits_is_404(demo, reader_client, selection):
    assert reader_client.get(f"/open-data/360giving/{selection}.json").status_code == 404
