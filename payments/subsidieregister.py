"""The Flemish subsidy register (Vlaams Subsidieregister) per quarter, following the OSLO application profile
"Subsidieregister" (Informatievlaanderen/Data.Vlaanderen.be, src/subsidieregister-ap.tsv, docs/payments.md): one
subsidy (Subsidiemaatregel, consumptie) per award that was decided, paid or recovered in the quarter, with the
measure (the call), its legal basis, the beneficiary (with KBO number where known), the amount granted, the
amount committed (settlement, else award), the amount paid up to the end of the quarter and the date of the last
payment. One content, two renderings: CSV (Belgian, `academies.spreadsheets`) and JSON-LD with the OSLO terms.

tests/payments/test_subsidieregister.py reads the mandatory properties (minimum cardinality 1) from the profile as
published (tests/payments/data/) and checks each is present on every node for every award of a quarter. Nothing is
published while a fact of the measure that the app does not hold (`REQUIRED`) is not set."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from academies.models import validate_kbo_number
from academies.spreadsheets import export_bytes
from grants.models import ZERO, Award
from payments.models import Payment, PaymentStatus, Recovery, RecoveryStatus, Settlement

PROFILE = "https://data.vlaanderen.be/doc/applicatieprofiel/subsidieregister/"
PROFILE_SOURCE = ("https://github.com/Informatievlaanderen/Data.Vlaanderen.be/blob/"
                  "cecb18898cc512a4206c8a197e0bbcbffe1ec843/src/subsidieregister-ap.tsv")
ROLE = "http://fixme.com/ParticipatieRol/"  # the namespace the profile gives its ParticipatieRol codes

MEASURE = {
    "funder": "Agentschap Innoveren en Ondernemen (VLAIO)",
    "id_prefix": "https://stem.vlaio.be/id/subsidie/",
}
"""What the app itself knows of the measure; settings.SUBSIDIEREGISTER (same keys) may override it."""

REQUIRED = {
    "legal_basis": _("legal basis (title of the regulation)"),
    "legal_basis_type": _("type of the legal basis document"),
    "budget_article": _("budget article"),
    "funder_kbo": _("KBO number of VLAIO"),
    "de_minimis": _("de-minimis (yes or no)"),
    "objective": _("aid objective (concept URI)"),
    "instrument": _("aid instrument (concept URI)"),
}
"""Facts of the measure the app does not hold and must not guess: they come from settings.SUBSIDIEREGISTER
(environment variables SUBSIDIEREGISTER_LEGAL_BASIS, ..., docs/payments.md); without them nothing is published."""

CONTEXT = {
    "@version": 1.1,
    "subsidie": "https://data.vlaanderen.be/ns/subsidie#",
    "transactie": "https://data.vlaanderen.be/ns/transactie#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "m8g": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "regorg": "http://www.w3.org/ns/regorg#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "sat": "http://data.europa.eu/stateaidtransparency/sat#",
    "generiek": "http://data.vlaanderen.be/ns/generiek#",
    "dossier": "https://lod.milieuinfo.be/ns/dossier",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "Subsidiemaatregel": "cpsv:PublicService",
    "RechtsgrondToekenningSubsidie": "subsidie:RechtsgrondToekenningSubsidie",
    "FinancieelVoordeel": "subsidie:FinancieelVoordeel",
    "Participatie": "m8g:Participation",
    "PubliekeOrganisatie": "m8g:PublicOrganisation",
    "Organisatie": "org:Organization",
    "GeregistreerdeOrganisatie": "regorg:RegisteredOrganization",
    "Identificator": "adms:Identifier",
    "Tijdsinterval": "dct:PeriodOfTime",
    "Dossier": "dossier",
    "heeftVerantwoordelijke": {"@id": "m8g:hasCompetentAuthority"},
    "isInstantieVan": {"@id": "transactie:isInstantieVan"},
    "heeftRechtsgrond": {"@id": "subsidie:heeftRechtsgrond"},
    "heeftParticipatie": {"@id": "m8g:hasParticipation", "@container": "@set"},
    "speeltRol": {"@id": "m8g:playsRole"},
    "produceert": {"@id": "cpsv:produces", "@container": "@set"},
    "isGedocumenteerdDoor": {"@id": "transactie:isGedocumenteerdDoor"},
    "toegekendBedrag": {"@id": "subsidie:toegekendBedrag", "@type": "xsd:decimal"},
    "gesubsidieerdePeriode": {"@id": "subsidie:gesubsidieerdePeriode"},
    "typeDocument": {"@id": "eli:type_document"},
    "gesubsidieerdeActiviteit": {"@id": "subsidie:gesubsidieerdeActiviteit"},
    "uitgekeerdBedrag": {"@id": "subsidie:uitgekeerdBedrag", "@type": "xsd:decimal"},
    "datum": {"@id": "dct:date", "@type": "xsd:date"},
    "referentie": {"@id": "adms:identifier"},
    "naam": {"@id": "dct:title"},
    "beschrijving": {"@id": "dct:description", "@language": "nl"},
    "rol": {"@id": "m8g:role", "@type": "@id"},
    "begrotingsartikel": {"@id": "subsidie:begrotingsartikel"},
    "deMinimis": {"@id": "subsidie:de-minimis", "@type": "xsd:boolean"},
    "subsidiedoelstelling": {"@id": "sat:objective", "@type": "@id"},
    "subsidieInstrument": {"@id": "sat:aidInstrument", "@type": "@id"},
    "vastgelegdBedrag": {"@id": "subsidie:vastgelegdBedrag", "@type": "xsd:decimal"},
    "voorkeursnaam": {"@id": "skos:prefLabel", "@language": "nl"},
    "wettelijkeNaam": {"@id": "regorg:legalName", "@language": "nl"},
    "registratie": {"@id": "regorg:registration"},
    "identificator": {"@id": "skos:notation"},
    "toegekendDoorString": {"@id": "adms:schemaAgency"},
    "begin": {"@id": "generiek:begin", "@type": "xsd:dateTime"},
    "einde": {"@id": "generiek:einde", "@type": "xsd:dateTime"},
}

def missing_facts() -> list[str]:
    """The labels of the required facts of the measure that are not set (or, for the KBO number, not valid)."""
    facts = {**MEASURE, **getattr(settings, "SUBSIDIEREGISTER", {})}
    missing = [str(label) for key, label in REQUIRED.items() if str(facts.get(key, "")).strip() == ""]
    if str(REQUIRED["funder_kbo"]) not in missing:
        try:
            validate_kbo_number(str(facts["funder_kbo"]))
        except ValidationError:
            missing.append(str(REQUIRED["funder_kbo"]))
    return missing


def measure() -> dict:
    """The facts of the measure; refused (Dutch message naming what is missing) while a required one is not set."""
    missing = missing_facts()
    if missing:
        raise ValidationError(_("Set these facts of the measure before publishing the subsidy register: "
                                "%(names)s."), code="measure_incomplete", params={"names": ", ".join(missing)})
    facts = {**MEASURE, **settings.SUBSIDIEREGISTER}
    facts["de_minimis"] = str(facts["de_minimis"]).strip().lower() in ("1", "true", "ja", "yes")
    return facts


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(quarter)
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1))
    return start, end


@dataclass(frozen=True)
class RegisterEntry:
    award: Award
    committed: Decimal
    paid: Decimal
    last_payment: datetime.date | None
    reference: str

    @property
    def academy(self):
        return self.award.application.academy

    @property
    def call(self):
        return self.award.application.call


def register_entries(*, year: int, quarter: int) -> list[RegisterEntry]:
    """Awards decided in the quarter or with a payment or a recovery received in it; amounts up to its end."""
    start, end = quarter_bounds(year, quarter)
    paid_q = Q(payments__status=PaymentStatus.PAID, payments__paid_on__lte=end)
    awards = (Award.objects.filter(Q(decided_on__range=(start, end))
                                   | Q(payments__paid_on__range=(start, end))
                                   | Q(recovery__received_on__range=(start, end)))
              .distinct().select_related("application__call", "application__academy").order_by(
                  "application__call__year", "application__call__code", "application__academy__code"))
    ids = [award.pk for award in awards]
    paid = dict(Payment.objects.filter(award__in=ids, status=PaymentStatus.PAID, paid_on__lte=end)
                .values("award").annotate(total=Sum("amount")).values_list("award", "total"))
    last = dict(Award.objects.filter(pk__in=ids).annotate(last=Max("payments__paid_on", filter=paid_q))
                .values_list("pk", "last"))
    recovered = dict(Recovery.objects.filter(award__in=ids, status=RecoveryStatus.RECEIVED, received_on__lte=end)
                     .values_list("award", "amount"))
    settled = dict(Settlement.objects.filter(award__in=ids).values_list("award", "decided_amount"))
    return [RegisterEntry(award=award, committed=settled.get(award.pk, award.amount),
                          paid=paid.get(award.pk, ZERO) - recovered.get(award.pk, ZERO),
                          last_payment=last.get(award.pk),
                          reference=f"{award.application.call.code}/{award.application.academy.code}")
            for award in awards]


def _organisation(academy) -> dict:
    node = {"@type": "Organisatie", "naam": academy.name, "voorkeursnaam": academy.name}
    if academy.kbo_number:
        node.update({"@type": ["Organisatie", "GeregistreerdeOrganisatie"], "wettelijkeNaam": academy.name,
                     "registratie": {"@type": "Identificator", "identificator": academy.kbo_number,
                                     "toegekendDoorString": "KBO"}})
    return node


def subsidy(entry: RegisterEntry, facts: dict) -> dict:
    """One award as a Subsidiemaatregel (consumptie) of the OSLO profile."""
    call, academy, award = entry.call, entry.academy, entry.award
    node = {
        "@id": f"{facts['id_prefix']}{call.code}/{academy.code}",
        "@type": "Subsidiemaatregel",
        "heeftVerantwoordelijke": {"@type": ["PubliekeOrganisatie", "GeregistreerdeOrganisatie"],
                                   "naam": facts["funder"], "voorkeursnaam": facts["funder"],
                                   "wettelijkeNaam": facts["funder"],
                                   "registratie": {"@type": "Identificator", "identificator": facts["funder_kbo"],
                                                   "toegekendDoorString": "KBO"}},
        "isInstantieVan": {"@id": f"{facts['id_prefix']}{call.code}", "@type": "Subsidiemaatregel",
                           "naam": call.title, "begrotingsartikel": facts["budget_article"],
                           "deMinimis": facts["de_minimis"], "subsidiedoelstelling": facts["objective"],
                           "subsidieInstrument": facts["instrument"]},
        "heeftRechtsgrond": {"@type": "RechtsgrondToekenningSubsidie", "typeDocument": facts["legal_basis_type"],
                             "naam": facts["legal_basis"],
                             "gesubsidieerdeActiviteit": f"{call.get_kind_display()}: {call.title}",
                             "gesubsidieerdePeriode": {"@type": "Tijdsinterval",
                                                       "begin": f"{call.year}-01-01T00:00:00",
                                                       "einde": f"{call.year}-12-31T23:59:59"},
                             "toegekendBedrag": str(award.amount)},
        "heeftParticipatie": [{"@type": "Participatie", "rol": f"{ROLE}Begunstigde",
                               "beschrijving": f"Begunstigde: {academy.name}",
                               "@reverse": {"speeltRol": _organisation(academy)}}],
        "isGedocumenteerdDoor": {"@type": "Dossier", "vastgelegdBedrag": str(entry.committed),
                                 "referentie": {"@type": "Identificator", "identificator": entry.reference}},
        "produceert": [],
    }
    if entry.last_payment is not None:
        node["produceert"].append({"@type": "FinancieelVoordeel", "uitgekeerdBedrag": str(entry.paid),
                                   "datum": entry.last_payment.isoformat(),
                                   "referentie": {"@type": "Identificator", "identificator": entry.reference}})
    return node


def register_jsonld(*, year: int, quarter: int) -> dict:
    facts = measure()
    return {"@context": CONTEXT, "@id": f"{facts['id_prefix']}{year}-Q{quarter}",
            "dct:conformsTo": PROFILE,
            "@graph": [subsidy(entry, facts) for entry in register_entries(year=year, quarter=quarter)]}


CSV_HEADER = ("kwartaal", "maatregel", "rechtsgrond", "begrotingsartikel", "begunstigde", "KBO-nummer",
              "toegekend bedrag", "vastgelegd bedrag", "uitgekeerd bedrag", "datum laatste betaling",
              "beslissingsdatum", "periode begin", "periode einde", "dossierreferentie")


def register_rows(*, year: int, quarter: int, facts: dict):
    yield list(CSV_HEADER)
    for entry in register_entries(year=year, quarter=quarter):
        yield [f"{year}-K{quarter}", entry.call.title, facts["legal_basis"], facts["budget_article"],
               entry.academy.name, entry.academy.kbo_number, entry.award.amount, entry.committed, entry.paid,
               entry.last_payment, entry.award.decided_on, datetime.date(entry.call.year, 1, 1),
               datetime.date(entry.call.year, 12, 31), entry.reference]


def register_csv(*, year: int, quarter: int) -> bytes:
    return export_bytes(register_rows(year=year, quarter=quarter, facts=measure()), "csv")


def register_json(*, year: int, quarter: int) -> str:
    return json.dumps(register_jsonld(year=year, quarter=quarter), ensure_ascii=False, indent=1)
