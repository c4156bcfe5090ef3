import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from academies.models import Academy, Event, OrganisationType, Recognition
from exchange.services import export_file, import_file
from grants.models import Application, Award, Call, FinalReport, FinalReportLine, YearBudget
from tests.factories import (
    AcademyFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    PartnershipCallFactory,
    municipality,
)

ORDER = ("academies", "recognitions", "calls", "yearbudgets", "awards", "finalreports", "events")


def build_data():
    maakbib = AcademyFactory(code="maakbib-gent", name="MaakBib Gent", organisation_type=OrganisationType.LIBRARY,
                             seat_municipality=municipality("71022"))  # Hasselt before the 2025 merger
    jeugd = AcademyFactory(code="jeugd-stem", name="Jeugd & STEM; vzw", contact_email="info@jeugd.example")
    rollout = CallFactory(code="academies-2022", year=2022, budget=Decimal("464500.00"),
                          opens_at=timezone.make_aware(datetime.datetime(2021, 11, 1, 9, 30)))
    partnership = PartnershipCallFactory(code="projecten-2022", year=2022, budget=Decimal("885685.05"))
    merged = CallFactory(code="academies-2025", year=2025)
    award = AwardFactory(application__call=rollout, application__academy=maakbib, amount=Decimal("8000.00"),
                         funded=["44021", "11056"], amount_reason="=1+1")
    AwardFactory(application__call=partnership, application__academy=jeugd, amount=Decimal("68129.62"))
    award_2025 = AwardFactory(application__call=merged, application__academy=jeugd, funded=["46030"],
                              amount_reason="twee reeksen in één gemeente")
    report = FinalReportFactory(award=award, status="accepted", unattributed_participants=40, unattributed_boys=25)
    FinalReportLineFactory(report=report, municipality=municipality("44021"), half_days=6, participants=120,
                           boys=70, girls=50)
    FinalReportLineFactory(report=report, municipality=municipality("11056"), half_days=2)
    FinalReportFactory(award=award_2025, status="submitted", unattributed_participants=12)
    Event.objects.create(uit_id="f5db5ff3-6010-4fbb-9eeb-fb70da9fdfce", name="Robotkamp", postcode="3220",
                         start_date=datetime.date(2022, 7, 4), end_date=datetime.date(2022, 7, 8),
                         municipality=municipality("24043"), organiser_name="MaakBib Gent", organiser_id="abc",
                         academy=maakbib, age_min=8, age_max=12, labels=["STEM-academie", "kamp"],
                         has_stem_label=True)
    Event.objects.create(uit_id="zonder-datum", name="+ Permanente expo", labels=[])
    Recognition.objects.create(academy=maakbib, valid_from=datetime.date(2019, 1, 1), reference="=ER-1")
    Recognition.objects.create(academy=jeugd, valid_from=datetime.date(2020, 3, 1),
                               valid_to=datetime.date(2021, 12, 31))
    YearBudget.objects.create(year=2023, amount=Decimal("2500000.00"), note="begroting 2023")


def snapshot() -> dict:
    return {
        "academies": sorted(Academy.objects.values_list("code", "name", "organisation_type", "seat_municipality_id",
                                                        "contact_email")),
        "calls": sorted(Call.objects.values_list(
            "code", "year", "kind", "title", "budget", "opens_at", "closes_at", "amount_per_municipality",
            "cap_per_academy", "cap_per_project", "min_own_contribution_pct", "report_due_date")),
        "awards": sorted((award.application.call.code, award.application.academy.code, award.amount,
                          award.decided_on, award.amount_reason, award.application.status,
                          tuple(sorted(award.funded_municipalities.values_list("nis_code", flat=True))))
                         for award in Award.objects.select_related("application__call", "application__academy")),
        "finalreports": sorted(FinalReport.objects.values_list(
            "award__application__call__code", "award__application__academy__code", "status",
            "unattributed_participants", "unattributed_boys", "unattributed_girls", "unattributed_other")),
        "finalreport lines": sorted(FinalReportLine.objects.values_list(
            "report__award__application__call__code", "report__award__application__academy__code",
            "municipality_id", "half_days", "participants", "boys", "girls", "other")),
        "events": sorted(Event.objects.values_list(
            "uit_id", "name", "start_date", "end_date", "postcode", "municipality_id", "organiser_name",
            "organiser_id", "age_min", "age_max", "labels", "has_stem_label", "academy__code"), key=str),
        "recognitions": sorted(Recognition.objects.values_list("academy__code", "valid_from", "valid_to", "reference"),
                               key=str),
        "yearbudgets": sorted(YearBudget.objects.values_list("year", "amount", "note")),
    }


def empty_database():
    """Every row the importers can bring back, and what refers to them (payments, letters) first."""
    from assessments.models import DecisionLetter
    from payments.models import BankAccount, Payment, PaymentBatch, Recovery, Settlement

    for model in (Recovery, Settlement, Payment, PaymentBatch, BankAccount, DecisionLetter):
        model.objects.all().delete()
    Recognition.objects.all().delete()
    YearBudget.objects.all().delete()
    FinalReportLine.objects.all().delete()
    FinalReport.objects.all().delete()
    Award.objects.all().delete()
    Application.objects.all().delete()
    Call.objects.all().delete()
    Event.objects.all().delete()
    Academy.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_data(file_format):
    build_data()
    before = snapshot()
    files = {}
    for kind in ORDER:
        buffer = io.BytesIO()
        export_file(kind=kind, stream=buffer, file_format=file_format)
        files[kind] = buffer.getvalue()
    empty_database()
    assert not any(snapshot().values())
    for kind in ORDER:
        import_file(kind=kind, data=files[kind])
    assert snapshot() == before
    for kind in ORDER:  # and a second import changes nothing
        summary = import_file(kind=kind, data=files[kind])
        assert (kind, summary.created, summary.updated) == (kind, 0, 0)
