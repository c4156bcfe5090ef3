"""Awards as 360Giving open data (standard 1.4.3): a JSON grant package and the flat CSV form.

One grant per award: `id` (the publisher prefix, the call code and the academy code), title, description, EUR
amount, award date, the amount disbursed (paid minus recoveries received, where payments are recorded), the
planned dates (the call year, for academy rollout calls), the academy as recipient (`BE-BCE_KBO-<number>` where
its KBO number is known), VLAIO as funder, the call as grant programme, and one beneficiary location per funded
municipality (NIS code as `geoCode`). The texts are Dutch, the data's language."""

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from academies.belgian import cents, neutralise_formula
from academies.models import Municipality
from academies.text import printable
from grants.models import ZERO, Award, CallKind
from payments.models import Payment, Recovery, RecoveryStatus

STANDARD_VERSION = "1.4"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_LANGUAGE = "nl-be"


def awards_for_export(*, years: Iterable[int] | None):
    """Awards of `years` (all years when None) with everything a grant needs, in a fixed order. Two queries."""
    awards = Award.objects.all()
    if years is not None:
        awards = awards.filter(application__call__year__in=list(years))
    paid = Payment.objects.paid().filter(award=OuterRef("pk")).values("award").annotate(total=Sum("amount"))
    recovered = Recovery.objects.filter(award=OuterRef("pk"), status=RecoveryStatus.RECEIVED).values("amount")
    awards = awards.annotate(paid_total=Subquery(paid.values("total")), recovered_total=Subquery(recovered))
    return (awards.select_related("application__call", "application__academy__seat_municipality")
            .prefetch_related(Prefetch("funded_municipalities", queryset=Municipality.objects.order_by("name_nl")))
            .order_by("application__call__year", "application__call__code", "application__academy__code"))


def organisation_id(academy) -> str:
    if academy.kbo_number:
        return f"BE-BCE_KBO-{academy.kbo_number}"
    return f"{settings.GIVING_ID_PREFIX}-org-{academy.code}"


def grant(award) -> dict:
    call, academy = award.application.call, award.application.academy
    municipalities = list(award.funded_municipalities.all())
    names = ", ".join(municipality.name_nl for municipality in municipalities)
    description = _("Subsidy of VLAIO to %(academy)s for STEM activities in leisure time in %(year)s, call "
                    "\"%(call)s\".") % {"academy": academy.name, "year": call.year, "call": call.title}
    if municipalities:
        description += " " + _("Municipalities funded: %(names)s.") % {"names": names}
    recipient = {"id": organisation_id(academy), "name": academy.name, "addressCountry": "BE"}
    if academy.seat_municipality_id:
        recipient["addressLocality"] = academy.seat_municipality.name_nl
    result = {
        "id": f"{settings.GIVING_ID_PREFIX}-{call.code}-{academy.code}",
        "title": f"{call.title}: {academy.name}",
        "description": description,
        "currency": "EUR",
        "amountAwarded": _number(award.amount),
        "awardDate": award.decided_on.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": settings.GIVING_FUNDER_ID, "name": settings.GIVING_FUNDER_NAME}],
        "grantProgramme": [{"code": call.code, "title": call.title}],
        "beneficiaryLocation": [{"name": municipality.name_nl, "geoCode": municipality.nis_code,
                                 "geoCodeType": "NIS", "countryCode": "BE"} for municipality in municipalities],
    }
    paid, recovered = getattr(award, "paid_total", None), getattr(award, "recovered_total", None)
    if paid is not None or recovered is not None:
        result["amountDisbursed"] = _number((paid or ZERO) - (recovered or ZERO))
    if call.kind == CallKind.ACADEMY_ROLLOUT:
        result["plannedDates"] = [{"startDate": f"{call.year}-01-01", "endDate": f"{call.year}-12-31"}]
    return result


def _number(amount: Decimal) -> int | float:
    """JSON has no decimals: a whole amount as an int, else the float whose shortest repr is the 2-place amount."""
    amount = cents(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def package(*, years: Iterable[int] | None, download_url: str = "") -> dict:
    """A 360Giving grant package of the awards of `years` (all years when None)."""
    with translation.override(DATA_LANGUAGE):
        grants = [grant(award) for award in awards_for_export(years=years)]
        label = ", ".join(str(year) for year in sorted(years)) if years is not None else _("all years")
        result = {
            "version": STANDARD_VERSION,
            "title": _("STEM-academies: awards of VLAIO (%(years)s)") % {"years": label},
            "description": _("Subsidies of VLAIO for STEM-academies and STEM partnership projects, one grant per "
                             "award, with the municipalities funded."),
            "issued": timezone.localdate().isoformat(),
            "publisher": {"name": settings.GIVING_FUNDER_NAME, "identifier": settings.GIVING_FUNDER_ID},
            "license": LICENSE_URL,
            "grants": grants,
        }
    if download_url:
        result["downloadURL"] = download_url
    return result


def package_json(**kwargs) -> str:
    return json.dumps(package(**kwargs), ensure_ascii=False, indent=1)


FLAT_COLUMNS = (
    ("Identifier", "id"), ("Title", "title"), ("Description", "description"), ("Currency", "currency"),
    ("Amount Awarded", "amountAwarded"), ("Award Date", "awardDate"), ("Amount Disbursed", "amountDisbursed"),
)
ORGANISATION_COLUMNS = (("Identifier", "id"), ("Name", "name"))


def flat_rows(grants: list[dict]) -> Iterable[list]:
    """The flat form (360Giving column titles, one row per grant, `Beneficiary Location:<n>:...` columns for the
    municipalities), text cells protected against spreadsheet formulas."""
    locations = max((len(item["beneficiaryLocation"]) for item in grants), default=0)
    header = [title for title, _key in FLAT_COLUMNS]
    header += [f"Recipient Org:{title}" for title, _key in ORGANISATION_COLUMNS]
    header += [f"Funding Org:{title}" for title, _key in ORGANISATION_COLUMNS]
    header += ["Grant Programme:Code", "Grant Programme:Title", "Planned Dates:0:Start Date",
               "Planned Dates:0:End Date"]
    for index in range(locations):
        header += [f"Beneficiary Location:{index}:Name", f"Beneficiary Location:{index}:Geographic Code",
                   f"Beneficiary Location:{index}:Geographic Code Type"]
    yield header
    for item in grants:
        row = [item.get(key, "") for _title, key in FLAT_COLUMNS]
        row += [item["recipientOrganization"][0][key] for _title, key in ORGANISATION_COLUMNS]
        row += [item["fundingOrganization"][0][key] for _title, key in ORGANISATION_COLUMNS]
        planned = item.get("plannedDates", [{}])[0]
        row += [item["grantProgramme"][0]["code"], item["grantProgramme"][0]["title"], planned.get("startDate", ""),
                planned.get("endDate", "")]
        for index in range(locations):
            place = item["beneficiaryLocation"][index] if index < len(item["beneficiaryLocation"]) else {}
            row += [place.get("name", ""), place.get("geoCode", ""), place.get("geoCodeType", "")]
        yield [neutralise_formula(printable(cell) if isinstance(cell, str) else cell) for cell in row]


def package_csv(**kwargs) -> str:
    """The flat form as 360Giving tools read it: comma-separated, dot decimals. Deliberately not
    academies.spreadsheets (semicolons and decimal commas for a Belgian Excel): this file is for machines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in flat_rows(package(**kwargs)["grants"]):
        writer.writerow([f"{cell:.2f}" if isinstance(cell, int | float) else cell for cell in row])
    return buffer.getvalue()
