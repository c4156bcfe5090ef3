"""Property test: whatever bytes arrive, the importer answers with a validation error (ImportFailed, a Django
ValidationError) or a clean import, and a rejected file writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academies.models import Academy, Event, Recognition
from exchange.importing import KINDS
from exchange.services import import_file
from grants.models import Application, Award, Call, FinalReport, FinalReportLine, YearBudget
from tests.exchange.helpers import csv_bytes, xlsx_bytes

MODELS = (Academy, Call, Application, Award, FinalReport, FinalReportLine, Event, Recognition, YearBudget,
          FinalReport.history.model,
          FinalReportLine.history.model, Award.history.model)

VALID = {
    "finalreports": [["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes",
                      "andere", "niet_toewijsbaar_deelnemers"],
                     ["oproep-2022", "academie-a", "ingediend", "Gent", "4", "1.234", "700", "500", "", ""],
                     ["oproep-2022", "academie-b", "", "", "", "", "", "", "", "37"]],
    "awards": [["oproep", "academie", "bedrag", "beslist_op", "gemeenten", "motivering_bedrag"],
               ["oproep-2022", "academie-c", "€ 4.500,50", "04/05/2022", "Gent, 9300", "één extra gemeente"]],
    "academies": [["code", "naam", "type_organisatie", "gemeente_zetel", "email"],
                  ["nieuw", "Nieuwe academie", "bibliotheek", "2070", "a@b.be"]],
    "calls": [["code", "jaar", "soort", "titel", "budget", "opent_op", "sluit_op", "bedrag_per_gemeente"],
              ["oproep-x", "2023", "academy_rollout", "Oproep", "2.500.000,00", "01/11/2022", "31/01/2023 17:00",
               "2000"]],
    "events": [["uit_id", "naam", "startdatum", "einddatum", "postcode", "gemeente", "labels", "leeftijd_min"],
               ["e-1", "Robotkamp", "2022-07-04", "08/07/2022", "3220", "24043", "STEM-academie; kamp", "8"]],
    "recognitions": [["academie", "geldig_vanaf", "geldig_tot", "referentie"],
                     ["academie-a", "01/01/2019", "", "ER-1"]],
    "yearbudgets": [["jaar", "bedrag", "notitie"], ["2023", "€ 2.500.000,00", "begroting"]],
}
VALID_FILES = [(kind, encoding(rows)) for kind, rows in VALID.items()
               for encoding in (csv_bytes, lambda rows: csv_bytes(rows, encoding="cp1252"), xlsx_bytes)]


def counts() -> tuple:
    return tuple(model.objects.count() for model in MODELS)


def check(kind: str, data: bytes) -> None:
    before = counts()
    with transaction.atomic():
        try:
            import_file(kind=kind, data=data)
        except ValidationError:
            assert counts() == before
        transaction.set_rollback(True)  # a mutation may still be a valid file: leave the database as it was


@st.composite
def mutated(draw):
    kind, data = draw(st.sampled_from(VALID_FILES))
    data = bytearray(data)
    for _step in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete" and data:
            del data[position:position + draw(st.integers(1, 16))]
        elif operation == "truncate":
            data = data[:position]
    return kind, bytes(data)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@pytest.mark.django_db
class TestFuzz:
    @FUZZ
    @given(kind=st.sampled_from(sorted(KINDS)), data=st.binary(max_size=2000))
    def test_random_bytes(self, awarded_academies, kind, data):
        check(kind, data)

    @FUZZ
    @given(case=mutated())
    def test_mutations_of_valid_files(self, awarded_academies, case):
        check(*case)

    @FUZZ
    @given(kind=st.sampled_from(sorted(KINDS)), cells=st.lists(st.lists(st.text(max_size=30), max_size=12),
                                                               max_size=6))
    def test_random_cells_under_a_valid_header(self, awarded_academies, kind, cells):
        check(kind, csv_bytes([VALID[kind][0], *cells]))

    def test_the_valid_files_are_valid(self, awarded_academies):
        for kind, data in VALID_FILES:
            with transaction.atomic():
                summary = import_file(kind=kind, data=data)
                assert summary.created + summary.updated >= 1
                transaction.set_rollback(True)
