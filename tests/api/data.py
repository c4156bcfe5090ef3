"""A small dataset for the API tests: two calls of 2022, three awards, a final report with counts, UiT events."""

import datetime
from decimal import Decimal

from academies.models import Event, UitSnapshot
from grants.models import FinalReportStatus
from tests.factories import AcademyFactory, PartnershipCallFactory, YearBudgetFactory
from tests.reports.factories import call_of, funded_award, report

GENT, ANTWERPEN, HASSELT = "44021", "11002", "71022"


def build_api_dataset() -> dict:
    rollout = call_of(2022, budget=Decimal("500000.00"))
    partnership = PartnershipCallFactory(year=2022, code="partnership-2022")
    vonk = AcademyFactory(code="vonk", name="STEM-academie De Vonk", kbo_number="0200065765")
    first = funded_award(call=rollout, academy=vonk, funded=[GENT, ANTWERPEN], amount=Decimal("4000.00"))
    second = funded_award(call=rollout, funded=[HASSELT], amount=Decimal("2000.00"))
    third = funded_award(call=partnership, funded=[GENT], amount=Decimal("88568.55"))
    report(award=first, lines=[(GENT, 120, 80, 40, 0), (ANTWERPEN, None, None, None, None)],
           status=FinalReportStatus.ACCEPTED, participants=30)
    YearBudgetFactory(year=2023, amount=Decimal("2500000.00"))
    Event.objects.create(uit_id="event-1", name="Robotica", start_date=datetime.date(2022, 5, 1),
                         has_stem_label=True, labels=["STEM-academie"])
    Event.objects.create(uit_id="event-2", name="Codeerclub", start_date=datetime.date(2022, 6, 1))
    UitSnapshot.objects.create(year=2022, source_url="https://search.uitdatabank.be/events/",
                               total_query="labels:STEM*", labelled_query='labels:"STEM-academie"',
                               parameters={"audienceType": "*"}, total_events=2, labelled_events=1,
                               per_municipality={GENT: [2, 1]})
    return {"rollout": rollout, "partnership": partnership, "awards": [first, second, third]}
