"""The demo's assessment round: a closed 2027 rollout call with eight applications at different stages, criteria,
and two submitted assessments each for four of them (by demo-beheerder and demo-goedkeurder), so the ranking, the
batch decision and the letters can be tried. Invented data; idempotent. The open call stays without applications."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from academies.models import Academy, Municipality
from assessments.models import Assessment, Criterion, Recommendation, Score
from demo.dataset import CODE_PREFIX, TZ
from grants.models import Application, ApplicationStatus, Call, CallKind

CALL_CODE = "demoronde-2027-beoordeling"  # outside the "demo-" calls that build_demo_data keeps in sync
YEAR = 2027
CRITERIA = (("Bereik van minder evidente groepen", 2), ("Kwaliteit van het programma", 2),
            ("Spreiding over gemeenten", 1))
# (status, number of planned municipalities, assessments: (reach, quality, spread, recommendation) per assessor)
STAGES = (
    (ApplicationStatus.DRAFT, 2, ()),
    (ApplicationStatus.DRAFT, 3, ()),
    (ApplicationStatus.SUBMITTED, 4, ((5, 4, 4, Recommendation.AWARD), (4, 5, 3, Recommendation.AWARD))),
    (ApplicationStatus.SUBMITTED, 3, ((3, 3, 4, Recommendation.AWARD), (4, 3, 2, Recommendation.DOUBT))),
    (ApplicationStatus.SUBMITTED, 5, ((2, 3, 5, Recommendation.DOUBT), (3, 2, 4, Recommendation.AWARD))),
    (ApplicationStatus.SUBMITTED, 2, ((1, 2, 1, Recommendation.REJECT), (2, 1, 2, Recommendation.REJECT))),
    (ApplicationStatus.SUBMITTED, 3, ((4, 4, 3, Recommendation.AWARD),)),
    (ApplicationStatus.SUBMITTED, 4, ()),
)
ASSESSORS = ("demo-beheerder", "demo-goedkeurder")
LOGIN_ACADEMIES = ("demo-de-vonk", "demo-zilverzand")


def build_demo_assessments() -> None:
    call, _created = Call.objects.update_or_create(code=CALL_CODE, defaults={
        "year": YEAR, "kind": CallKind.ACADEMY_ROLLOUT, "title": f"STEM-academies {YEAR}: uitrol (beoordeling)",
        "budget": Decimal("40000.00"), "opens_at": datetime.datetime(2026, 9, 1, 9, tzinfo=TZ),
        "closes_at": datetime.datetime(2026, 11, 30, 17, tzinfo=TZ), "amount_per_municipality": Decimal("2500.00"),
        "cap_per_academy": Decimal("10000.00"), "report_due_date": datetime.date(YEAR + 1, 3, 31)})
    criteria = [Criterion.objects.update_or_create(call=call, title=title, defaults={
        "position": position, "weight": weight, "scale_max": 5})[0]
        for position, (title, weight) in enumerate(CRITERIA)]
    academies = (Academy.objects.filter(code__startswith=CODE_PREFIX).exclude(code__in=LOGIN_ACADEMIES)
                 .order_by("code")[:len(STAGES)])
    places = list(Municipality.objects.for_year(YEAR).order_by("nis_code"))
    users = get_user_model().objects.in_bulk(ASSESSORS, field_name="username")
    for index, (academy, (status, count, scores)) in enumerate(zip(academies, STAGES, strict=False)):
        submitted_at = datetime.datetime(2026, 11, 20 + index % 5, 10, tzinfo=TZ)
        values = {"status": status, "forecast_participants": 60 + 20 * index,
                  "submitted_at": submitted_at if status == ApplicationStatus.SUBMITTED else None}
        application, created = Application.objects.get_or_create(call=call, academy=academy, defaults=values)
        if not created and any(getattr(application, name) != value for name, value in values.items()):
            Application.objects.filter(pk=application.pk).update(**values)  # reruns leave no history behind
        application.planned_municipalities.set(places[index * 7: index * 7 + count])
        for username, (reach, quality, spread, recommendation) in zip(ASSESSORS, scores, strict=False):
            if username not in users:
                continue
            assessment, _created = Assessment.objects.update_or_create(
                application=application, assessor=users[username],
                defaults={"recommendation": recommendation, "comment": "Demobeoordeling.",
                          "submitted_at": timezone.make_aware(datetime.datetime(2026, 12, 1, 14))})
            for criterion, value in zip(criteria, (reach, quality, spread), strict=True):
                Score.objects.update_or_create(assessment=assessment, criterion=criterion, defaults={"value": value})
