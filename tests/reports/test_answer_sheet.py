"""The 2022 answer sheet on the demo data reproduces the published answer (seed, ../shared/DOMAIN.md)."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from tests.conftest import load_reference_data

PER_PROVINCE = {"Limburg": 27, "Antwerpen": 39, "Oost-Vlaanderen": 53, "Vlaams-Brabant": 38, "West-Vlaanderen": 64}
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`manage.py load_demo`, once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def answer_sheet(demo, reader_client) -> str:
    response = reader_client.get(reverse("reports:answer-sheet", args=[2022]))
    assert response.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


def paragraph(content: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">(.*?)</(p|ul)>', content).group(1)


def test_221_municipalities(answer_sheet):
    assert "In 2022 hadden 221 gemeenten een STEM-academie" in paragraph(answer_sheet, "answer-municipalities")
    assert "gepland in 221 gemeenten" in paragraph(answer_sheet, "answer-municipalities")


def test_municipalities_per_province(answer_sheet):
    provinces = paragraph(answer_sheet, "answer-provinces")
    for number, (name, count) in enumerate(PER_PROVINCE.items(), start=3):
        assert f"<li>{name}: {count} (bijlage {number})</li>" in provinces


def test_at_least_37376_participants(answer_sheet):
    assert "minstens 37.376 jongeren bereikt" in paragraph(answer_sheet, "answer-participants")


def test_gender_72_28(answer_sheet):
    assert "gemiddeld 72% jongens en 28% meisjes" in paragraph(answer_sheet, "answer-gender")


def test_money_2022_and_budget_2023(answer_sheet):
    money = paragraph(answer_sheet, "answer-money")
    assert f"€{NBSP}464.500,00 toegekend aan 52 STEM-academies" in money
    assert f"€{NBSP}885.685,05 toegekend aan 13 vernieuwingsprojecten" in money
    assert f"Voor 2023 werd er in de begroting €{NBSP}2.500.000,00 voorzien" in money


def test_annexes_are_linked(answer_sheet):
    annexes = re.search(r'id="annexes">.*?</ol>', answer_sheet).group(0)
    titles = re.findall(r'<li id="annex-([a-z0-9-]+)">', annexes)
    assert titles == ["municipalities", "map-flanders", "map-70000", "map-10000", "map-40000", "map-20001",
                      "map-30000", "research-report", "events-all", "events-labelled", "overview", "by-year"]
    assert "_export=xlsx" in annexes and "format=svg" in annexes


def test_annex_1_export_has_the_same_figures(demo, reader_client):
    response = reader_client.get(reverse("reports:reach-by-municipality") + "?year=2022&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    municipalities = [row for row in rows if row["NIS-code"]]
    reached = [row for row in municipalities if row["Academies (eindrapportages)"] not in ("", "0")]
    assert len(reached) == 221
    per_province = {name: sum(1 for row in reached if row["Provincie"] == name) for name in PER_PROVINCE}
    assert per_province == PER_PROVINCE
    total = next(row for row in rows if row["Gemeente"] == "Totaal (minstens)")
    assert total["Deelnemers"] == "37376"
    unattributed = next(row for row in rows if row["Gemeente"] == "Niet toe te wijzen aan een gemeente")
    attributed = sum(int(row["Deelnemers"]) for row in municipalities if row["Deelnemers"])
    assert attributed + int(unattributed["Deelnemers"] or 0) == 37376


def test_money_export(demo, reader_client):
    response = reader_client.get(reverse("reports:money") + "?_export=csv")
    rows = [row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
            if row["Jaar"] == "2022"]
    assert sorted((int(row["Toekenningen"]), row["Toegekend bedrag"]) for row in rows) == [
        (13, "885685,05"), (52, "464500,00")]


def test_maakbibs_60_40_in_the_participation_export(demo, reader_client):
    response = reader_client.get(reverse("reports:participation") + "?year=2022&_export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    maakbib = next(row for row in rows if "MaakBib" in row["Soort organisatie"])
    assert maakbib["Jongens (gepoold)"] == "60,0"
    assert round(float(maakbib["Meisjes (gepoold)"].replace(",", "."))) == 40  # the rest is "other/unspecified"


def test_shares_are_rounded_not_truncated():
    from decimal import Decimal

    from reports.templatetags.reports_formatting import format_share

    assert format_share(Decimal("0.2799")) == "28%"
    assert format_share(Decimal("0.72")) == "72%"
    assert format_share(Decimal("0.27999"), 1) == "28,0%"
    assert format_share(None) == ""
