import csv
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from payments.models import Payment, PaymentBatch, Recovery, Settlement
from payments.subsidieregister import (
    CONTEXT,
    quarter_bounds,
    register_csv,
    register_entries,
    register_json,
)
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, CallFactory, StaffUserFactory
from tests.grants.portal_setup import reader
from tests.payments.factories import BankAccountFactory

pytestmark = pytest.mark.django_db

PROFILES = {path.name.split(".")[1]: path
            for path in (Path(__file__).parent / "data").glob("subsidieregister-ap.*.tsv")}
"""The OSLO application profile as published (tests/payments/data/README.md), by commit."""
FACTS = {"legal_basis": "Besluit (test)", "legal_basis_type": "http://data.europa.eu/eli/ontology#test",
         "budget_article": "TEST-ARTIKEL", "funder_kbo": "0123456749", "de_minimis": "ja",
         "objective": "http://example.org/objective", "instrument": "http://example.org/instrument"}


@dataclass(frozen=True)
class Profile:
    mandatory: dict[str, set[str]]
    """class label -> IRIs of its properties with a minimum cardinality of 1"""
    classes: dict[str, str]
    """class (or structured datatype: Identificator, Tijdsinterval) label -> its IRI"""
    parents: dict[str, str]


def read_profile(path: Path) -> Profile:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    mandatory: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["EA-Type"] in ("attribute", "connector") and row["min card"] not in ("", "0"):
            mandatory[row["EA-Domain"]].add(row["namespace"] + row["localname"])
    classes = {row["EA-Name"]: row["namespace"] + row["localname"] for row in rows
               if row["EA-Type"] in ("CLASS", "DATATYPE")}
    parents = {row["EA-Name"]: row["EA-Parent"] for row in rows if row["EA-Type"] == "CLASS" and row["EA-Parent"]}
    return Profile(dict(mandatory), classes, parents)


def expand(term: str) -> str:
    """A JSON-LD term or compact IRI of the register's context as a full IRI."""
    value = CONTEXT.get(term, term)
    value = value["@id"] if isinstance(value, dict) else value
    if value != term and value in CONTEXT:
        return expand(value)
    prefix, colon, local = value.partition(":")
    return CONTEXT[prefix] + local if colon and prefix in CONTEXT else value


def profile_classes(profile: Profile, node: dict, parent_key: str | None) -> set[str]:
    """The profile's classes a node is an instance of, with their ancestors; the two Subsidiemaatregel classes
    share one IRI and differ by position (the measure offered is what the subsidy `isInstantieVan`)."""
    types = node.get("@type", [])
    iris = {expand(name) for name in ([types] if isinstance(types, str) else types)}
    labels = {label for label, iri in profile.classes.items() if iri in iris and not label.startswith("Subsidie")}
    if expand("Subsidiemaatregel") in iris:
        labels.add("Subsidiemaatregel (aanbod)" if parent_key == "isInstantieVan" else "Subsidiemaatregel (consumptie)")
    for label in list(labels):
        while label in profile.parents:
            label = profile.parents[label]
            labels.add(label)
    return labels


def missing_properties(profile: Profile, node, parent_key=None, path="", seen=None) -> list[str]:
    """Every mandatory property of the profile absent from a node, as 'path: class <IRI>'; `seen` collects the
    classes met."""
    seen = set() if seen is None else seen
    missing = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            missing += missing_properties(profile, item, parent_key, f"{path}[{index}]", seen)
    elif isinstance(node, dict):
        present = {expand(key) for key, value in node.items()
                   if not key.startswith("@") and value not in (None, "", [])}
        for label in profile_classes(profile, node, parent_key):
            seen.add(label)
            missing += [f"{path}: {label} <{iri}>" for iri in sorted(profile.mandatory.get(label, set()) - present)]
        for key, value in node.items():
            if key != "@context":
                missing += missing_properties(profile, value, key, f"{path}/{key}", seen)
    return missing


def used_terms(node) -> set[str]:
    terms = set()
    if isinstance(node, list):
        for item in node:
            terms |= used_terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if not key.startswith("@") and ":" not in key:
                terms.add(key)
            if key == "@type":
                terms |= {value} if isinstance(value, str) else set(value)
            terms |= used_terms(value)
    return terms


@pytest.fixture(autouse=True)
def measure_facts(settings):
    settings.SUBSIDIEREGISTER = dict(FACTS)


@pytest.fixture
def quarter_2022_q2():
    """Three awards decided in Q2 2022 (one without KBO number, one paid, one recovered later) and one award
    decided earlier but paid in the quarter; one award of Q3 that must stay out."""
    staff, approver = StaffUserFactory(username="anna"), StaffUserFactory(username="bert")
    batch = PaymentBatch.objects.create(execution_date=datetime.date(2022, 5, 2), created_by=staff,
                                        approved_by=approver, status="approved",
                                        approved_at=datetime.datetime(2022, 5, 1, tzinfo=datetime.UTC))
    call = CallFactory(year=2022, code="academies-2022")
    awards = []
    for code, kbo, decided in (("vonk", "0123456749", datetime.date(2022, 4, 1)),
                               ("zonder-kbo", "", datetime.date(2022, 6, 30)),
                               ("vroeg", "0403170701", datetime.date(2022, 3, 1)),
                               ("later", "0203201340", datetime.date(2022, 7, 1))):
        academy = AcademyFactory(code=code, kbo_number=kbo)
        awards.append(AwardFactory(application=ApplicationFactory(call=call, academy=academy, status="awarded"),
                                   amount=Decimal("4000.00"), decided_on=decided))
    account = BankAccountFactory(academy=awards[2].application.academy)
    Payment.objects.create(award=awards[2], kind="advance", amount=Decimal("3200.00"), status="paid",
                           paid_on=datetime.date(2022, 5, 3), batch=batch, bank_account=account, created_by=staff)
    Settlement.objects.create(award=awards[2], computed_amount=Decimal("2000.00"), decided_amount=Decimal("2000.00"),
                              decided_by=staff)
    Recovery.objects.create(award=awards[2], amount=Decimal("1200.00"), status="received",
                            received_on=datetime.date(2022, 9, 1), created_by=staff)
    return awards


def test_quarter_bounds():
    assert quarter_bounds(2022, 1) == (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
    assert quarter_bounds(2022, 4) == (datetime.date(2022, 10, 1), datetime.date(2022, 12, 31))


def test_the_quarter_holds_the_awards_decided_or_paid_in_it(quarter_2022_q2):
    entries = register_entries(year=2022, quarter=2)
    assert [entry.award for entry in entries] == sorted(quarter_2022_q2[:3],
                                                        key=lambda award: award.application.academy.code)
    paid = {entry.academy.code: (entry.paid, entry.committed, entry.last_payment) for entry in entries}
    assert paid["vroeg"] == (Decimal("3200.00"), Decimal("2000.00"), datetime.date(2022, 5, 3))
    assert paid["vonk"] == (Decimal("0.00"), Decimal("4000.00"), None)
    q3 = {entry.academy.code: entry.paid for entry in register_entries(year=2022, quarter=3)}
    assert q3 == {"later": Decimal("0.00"), "vroeg": Decimal("2000.00")}


def test_both_revisions_of_the_profile_are_read():
    assert set(PROFILES) == {"cecb188", "be67a22"}
    assert sum(len(iris) for iris in read_profile(PROFILES["cecb188"]).mandatory.values()) == 21
    assert read_profile(PROFILES["be67a22"]).parents["GeregistreerdeOrganisatie"] == "FormeleOrganisatie"


@pytest.mark.parametrize("revision", ["cecb188", "be67a22"])
def test_every_mandatory_property_is_present_for_every_award(quarter_2022_q2, revision):
    profile = read_profile(PROFILES[revision])
    document = json.loads(register_json(year=2022, quarter=2))
    graph = document["@graph"]
    assert [node["@id"].rsplit("/", 1)[1] for node in graph] == ["vonk", "vroeg", "zonder-kbo"]
    seen: set[str] = set()
    assert missing_properties(profile, graph, seen=seen) == []
    assert set(profile.mandatory) <= seen, "every class with a mandatory property is in the export"
    assert sum(len(node["produceert"]) for node in graph) == 1
    assert used_terms(document) <= set(CONTEXT)


def test_a_node_without_a_mandatory_property_is_caught(quarter_2022_q2):
    profile = read_profile(PROFILES["cecb188"])
    graph = json.loads(register_json(year=2022, quarter=2))["@graph"]
    del graph[0]["heeftRechtsgrond"]["gesubsidieerdePeriode"]
    graph[1]["isInstantieVan"]["begrotingsartikel"] = ""
    del graph[2]["heeftParticipatie"][0]["@reverse"]["speeltRol"]["voorkeursnaam"]
    assert [line.split(": ", 1)[1] for line in missing_properties(profile, graph)] == [
        "RechtsgrondToekenningSubsidie <https://data.vlaanderen.be/ns/subsidie#gesubsidieerdePeriode>",
        "Subsidiemaatregel (aanbod) <https://data.vlaanderen.be/ns/subsidie#begrotingsartikel>",
        "Organisatie <http://www.w3.org/2004/02/skos/core#prefLabel>"]


def test_nothing_is_published_without_the_facts_of_the_measure(client, quarter_2022_q2, settings):
    settings.SUBSIDIEREGISTER = {key: value for key, value in FACTS.items() if key != "budget_article"}
    client.force_login(reader())
    page = client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2").content.decode()
    assert "begrotingsartikel" in page and "formaat=csv" not in page
    for file_format in ("csv", "jsonld"):
        response = client.get(f"/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2&formaat={file_format}")
        assert response.status_code == 400 and "Content-Disposition" not in response
        assert "begrotingsartikel" in response.content.decode()
    settings.SUBSIDIEREGISTER = {**FACTS, "funder_kbo": "0316376149"}
    assert "KBO-nummer van VLAIO" in client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2"
                                                "&formaat=csv").content.decode()


def test_csv_is_belgian(quarter_2022_q2):
    lines = register_csv(year=2022, quarter=2).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("kwartaal;maatregel;rechtsgrond")
    assert len(lines) == 4
    assert any(";3200,00;" in line and "2022-05-03" in line for line in lines)


def test_staff_page_and_downloads(client, quarter_2022_q2):
    client.force_login(reader())
    page = client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2")
    assert page.status_code == 200 and "zonder-kbo" not in page.content.decode()
    jsonld = client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2&formaat=jsonld")
    assert jsonld["Content-Type"].startswith("application/ld+json") and len(jsonld.json()["@graph"]) == 3
    csv = client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=2&formaat=csv")
    assert csv.content.decode("utf-8-sig").startswith("kwartaal;")
    assert client.get("/beheer/betalingen/subsidieregister/?jaar=2022&kwartaal=5").status_code == 404
