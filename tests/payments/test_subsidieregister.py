import datetime
import json
from decimal import Decimal

import pytest

from payments.models import Payment, PaymentBatch, Recovery, Settlement
from payments.subsidieregister import (
    CONTEXT,
    MANDATORY,
    quarter_bounds,
    register_csv,
    register_entries,
    register_json,
)
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, CallFactory, StaffUserFactory
from tests.grants.portal_setup import reader
from tests.payments.factories import BankAccountFactory

pytestmark = pytest.mark.django_db

CLASSES = {
    "Organisatie": ("Agent", "Organisatie"),
    "PubliekeOrganisatie": ("Agent", "Organisatie"),
    "GeregistreerdeOrganisatie": ("GeregistreerdeOrganisatie",),
    "RechtsgrondToekenningSubsidie": ("RechtsgrondToekenningSubsidie",),
    "FinancieelVoordeel": ("FinancieelVoordeel",),
    "Participatie": ("Participatie",),
    "Dossier": ("Dossier",),
    "Identificator": ("Identificator",),
    "Tijdsinterval": ("Tijdsinterval",),
}


def profile_classes(node: dict, parent_key: str | None) -> set[str]:
    types = node.get("@type", [])
    types = [types] if isinstance(types, str) else types
    classes = set()
    for name in types:
        if name == "Subsidiemaatregel":
            classes.add("Subsidiemaatregel (aanbod)" if parent_key == "isInstantieVan"
                        else "Subsidiemaatregel (consumptie)")
        else:
            classes.update(CLASSES[name])
    return classes


def missing_properties(node, parent_key=None, path="") -> list[str]:
    missing = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            missing += missing_properties(item, parent_key, f"{path}[{index}]")
    elif isinstance(node, dict):
        for cls in profile_classes(node, parent_key):
            missing += [f"{path}: {cls}.{prop}" for prop in MANDATORY[cls]
                        if node.get(prop) in (None, "", [])]
        for key, value in node.items():
            if key != "@context":
                missing += missing_properties(value, key, f"{path}/{key}")
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


def test_every_mandatory_property_is_present_for_every_award(quarter_2022_q2):
    document = json.loads(register_json(year=2022, quarter=2))
    graph = document["@graph"]
    assert len(graph) == 3
    assert missing_properties(graph) == []
    assert sum(len(node["produceert"]) for node in graph) == 1
    assert used_terms(document) <= set(CONTEXT)


def test_a_node_without_a_mandatory_property_is_caught(quarter_2022_q2):
    graph = json.loads(register_json(year=2022, quarter=2))["@graph"]
    del graph[0]["heeftRechtsgrond"]["gesubsidieerdePeriode"]
    graph[1]["isInstantieVan"]["begrotingsartikel"] = ""
    assert len(missing_properties(graph)) == 2


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
