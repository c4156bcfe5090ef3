"""The Flemish reference geography: fixture counts, a cross-check against the Statbel CSV files, mergers and
postcodes. Every test database starts with the fixtures loaded (see tests/conftest.py)."""

import csv
from collections import Counter

import pytest
from django.core.management import call_command

from academies.models import Municipality, Postcode, Province, successor_map
from tests.conftest import shared_data_path

COUNTS_2019_2024 = {
    "Antwerpen": 69,
    "Limburg": 42,
    "Oost-Vlaanderen": 60,
    "Vlaams-Brabant": 65,
    "West-Vlaanderen": 64,
}
COUNTS_FROM_2025 = {
    "Antwerpen": 67,
    "Limburg": 38,
    "Oost-Vlaanderen": 55,
    "Vlaams-Brabant": 63,
    "West-Vlaanderen": 62,
}
MUNICIPALITIES_2019 = "flemish_municipalities_2019_2024.csv"
MUNICIPALITIES_2025 = "flemish_municipalities_2025.csv"


def counts_per_province(year: int) -> dict[str, int]:
    return dict(Counter(Municipality.objects.for_year(year).values_list("province__name_nl", flat=True)))


def shared_csv(name: str) -> list[dict[str, str]]:
    with shared_data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
class TestMunicipalityCounts:
    def test_five_flemish_provinces(self):
        assert set(Province.objects.values_list("name_nl", flat=True)) == set(COUNTS_2019_2024)

    @pytest.mark.parametrize("year", range(2019, 2025))
    def test_counts_per_province_2019_to_2024(self, year):
        assert counts_per_province(year) == COUNTS_2019_2024
        assert Municipality.objects.for_year(year).count() == 300

    @pytest.mark.parametrize("year", [2025, 2026, 2030])
    def test_counts_per_province_from_2025(self, year):
        assert counts_per_province(year) == COUNTS_FROM_2025
        assert Municipality.objects.for_year(year).count() == 285

    def test_308_municipalities_before_the_2019_mergers(self):
        assert Municipality.objects.for_year(2018).count() == 308

    def test_current_municipalities_are_those_of_2025(self):
        assert set(Municipality.objects.current()) == set(Municipality.objects.for_year(2025))

    def test_every_municipality_is_known_once(self):
        # 300 of 2019-2024, the 15 merged away on 2019-01-01, the new ones of 2025.
        new_in_2025 = Municipality.objects.filter(valid_from__year=2025).count()
        assert Municipality.objects.count() == 300 + 15 + new_in_2025


@pytest.mark.django_db
class TestAgainstSharedData:
    """Every NIS code, name and province in the fixtures matches the Statbel-derived CSV files."""

    @pytest.mark.parametrize(("filename", "year"), [(MUNICIPALITIES_2019, 2019), (MUNICIPALITIES_2025, 2025)])
    def test_codes_names_and_provinces(self, filename, year):
        rows = shared_csv(filename)
        expected = {row["nis_code"]: (row["name_nl"], row["name_fr"], row["province_nis"], row["province_nl"])
                    for row in rows}
        actual = {m.nis_code: (m.name_nl, m.name_fr, m.province_id, m.province.name_nl)
                  for m in Municipality.objects.for_year(year).select_related("province")}
        assert actual == expected

    @pytest.mark.parametrize("filename", [MUNICIPALITIES_2019, MUNICIPALITIES_2025])
    def test_province_names(self, filename):
        expected = {(row["province_nis"], row["province_nl"], row["province_fr"]) for row in shared_csv(filename)}
        assert set(Province.objects.values_list("nis_code", "name_nl", "name_fr")) == expected

    def test_2019_mergers(self):
        rows = shared_csv("flemish_mergers_2019.csv")
        assert len(rows) == 15
        for row in rows:
            old = Municipality.objects.get(nis_code=row["old_nis_code"])
            assert old.name_nl == row["old_name_nl"]
            assert old.province.name_nl == row["province_nl"]
            assert old.successor_id == row["new_nis_code"]
            assert not old.is_valid_in(2019)
            assert old.is_valid_in(2018)

    def test_2025_mergers(self):
        for row in shared_csv("flemish_mergers_2025.csv"):
            old = Municipality.objects.get(nis_code=row["old_nis_code"])
            assert old.name_nl == row["old_name_nl"]
            assert old.province.name_nl == row["old_province_nl"]
            assert old.successor_in(2025).nis_code == row["new_nis_code"]
            assert old.successor_in(2025).province.name_nl == row["new_province_nl"]

    def test_postcodes(self):
        rows = shared_csv("flemish_postcodes_to_nis.csv")
        expected = {(row["postcode"], row[column]) for row in rows for column in ("nis_code_2019", "nis_code_2025")}
        assert set(Postcode.objects.values_list("code", "municipality_id")) == expected


@pytest.mark.django_db
class TestMergerSuccessors:
    def test_hasselt_gets_a_new_code_in_2025(self):
        hasselt = Municipality.objects.get(nis_code="71022")
        assert hasselt.successor_in(2024) == hasselt
        assert hasselt.successor_in(2025).nis_code == "71072"
        assert hasselt.successor_in(2025).name_nl == "Hasselt"
        assert successor_map(2024)["71022"] == "71022"
        assert successor_map(2025)["71022"] == "71072"
        assert successor_map(2025)["73040"] == "71072"  # Kortessem

    def test_zwijndrecht_moves_from_antwerpen_to_oost_vlaanderen(self):
        zwijndrecht = Municipality.objects.get(nis_code="11056")
        assert zwijndrecht.province.name_nl == "Antwerpen"
        successor = zwijndrecht.successor_in(2025)
        assert successor.nis_code == "46030"
        assert successor.name_nl == "Beveren-Kruibeke-Zwijndrecht"
        assert successor.province.name_nl == "Oost-Vlaanderen"
        assert successor_map(2025)["11056"] == "46030"

    def test_puurs_merges_in_2019(self):
        puurs = Municipality.objects.get(nis_code="12030")
        assert puurs.successor_in(2018) == puurs
        assert puurs.successor_in(2019).nis_code == "12041"
        assert successor_map(2018)["12030"] == "12030"
        assert successor_map(2019)["12030"] == "12041"
        assert successor_map(2019)["12034"] == "12041"  # Sint-Amands

    def test_2019_mergers_map_to_2025(self):
        mapping = successor_map(2025)
        assert mapping["12030"] == "12041"  # Puurs -> Puurs-Sint-Amands, unchanged in 2025
        assert mapping["72025"] == "72043"  # Neerpelt -> Pelt
        assert Municipality.objects.get(nis_code="44049").successor_in(2030).nis_code == "44083"  # Nevele -> Deinze

    def test_every_earlier_code_maps_to_a_municipality_of_that_year(self):
        for year in (2018, 2019, 2022, 2025):
            valid = set(Municipality.objects.for_year(year).values_list("nis_code", flat=True))
            mapping = successor_map(year)
            assert set(mapping) == set(Municipality.objects.values_list("nis_code", flat=True))
            existed_by_then = Municipality.objects.exclude(valid_from__year__gt=year).values_list("nis_code", flat=True)
            assert {mapping[code] for code in existed_by_then} == valid

    def test_successor_in_agrees_with_successor_map(self):
        mapping = successor_map(2025)
        for municipality in Municipality.objects.filter(valid_to__isnull=False).select_related("successor"):
            assert municipality.successor_in(2025).nis_code == mapping[municipality.nis_code]


@pytest.mark.django_db
class TestPostcodes:
    def lookup(self, code: str, year: int) -> set[str]:
        return set(Postcode.objects.for_year(year).filter(code=code).values_list("municipality__name_nl", flat=True))

    def test_1804_lies_in_two_municipalities(self):
        assert self.lookup("1804", 2022) == {"Vilvoorde", "Zemst"}
        assert self.lookup("1804", 2025) == {"Vilvoorde", "Zemst"}

    def test_2070_follows_the_zwijndrecht_merger(self):
        assert self.lookup("2070", 2022) == {"Zwijndrecht"}
        assert self.lookup("2070", 2025) == {"Beveren-Kruibeke-Zwijndrecht"}

    def test_3500_is_hasselt_with_the_code_of_its_year(self):
        assert set(Postcode.objects.for_year(2024).filter(code="3500").values_list("municipality", flat=True)) \
            == {"71022"}
        assert set(Postcode.objects.for_year(2025).filter(code="3500").values_list("municipality", flat=True)) \
            == {"71072"}

    def test_every_flemish_municipality_has_a_postcode(self):
        for year in (2022, 2025):
            with_postcode = set(Postcode.objects.for_year(year).values_list("municipality", flat=True))
            assert with_postcode == set(Municipality.objects.for_year(year).values_list("nis_code", flat=True))


@pytest.mark.django_db
class TestLoadReference:
    def test_loading_twice_changes_nothing(self):
        before = (Province.objects.count(), Municipality.objects.count(), Postcode.objects.count())
        call_command("load_reference", verbosity=0)
        call_command("load_reference", verbosity=0)
        after = (Province.objects.count(), Municipality.objects.count(), Postcode.objects.count())
        assert after == before
        assert before[1] > 300
        assert Municipality.objects.for_year(2022).count() == 300
