"""The demo's assessment round: a closed 2027 rollout call with eight applications at different stages, criteria,
and two submitted assessments each for four of them (by demo-beheerder and demo-goedkeurder), so the ranking, the
batch decision and the letters can be tried. Each application shows the richer form: a project description,
target groups and ages, partners with (synthetic, valid) KBO numbers, and for the submitted ones the declaration
on honour and a one-page PDF attachment. Invented data; idempotent. The open call stays without applications."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from academies.models import Academy, Municipality
from assessments.models import Assessment, Criterion, Recommendation, Score
from demo.dataset import CODE_PREFIX, TZ
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationPart,
    ApplicationStatus,
    Call,
    CallKind,
    Partner,
)

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
REQUIRED_PARTS = [ApplicationPart.DESCRIPTION, ApplicationPart.TARGET_GROUPS, ApplicationPart.TARGET_AGES,
                  ApplicationPart.PARTNERS, ApplicationPart.ATTACHMENTS, ApplicationPart.DECLARATION]
TOPICS = ("robotica", "programmeren", "3D-printen", "elektronica", "biotechnologie", "drones", "klimaatmeters",
          "gamedesign")
TARGET_GROUPS = (["primary_pupils"], ["primary_pupils", "girls"], ["secondary_pupils"],
                 ["primary_pupils", "less_obvious"], ["secondary_pupils", "girls", "less_obvious"],
                 ["special_needs"], ["primary_pupils", "secondary_pupils"], ["less_obvious"])
PARTNER_KINDS = ("Bibliotheek", "Jeugdhuis", "Basisschool", "Maakplaats")
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
              b"trailer<</Root 1 0 R>>\n%%EOF\n"


def synthetic_kbo(number: int) -> str:
    """A KBO number with a valid check number, from a running number: synthetic, not a real enterprise."""
    first = f"{900000 + number:08d}"
    return f"{first}{97 - int(first) % 97:02d}"


def application_values(index: int, status: str) -> dict:
    submitted = status == ApplicationStatus.SUBMITTED
    moment = datetime.datetime(2026, 11, 20 + index % 5, 10, tzinfo=TZ)
    age_min = 6 + index % 3 * 3
    return {"status": status, "forecast_participants": 60 + 20 * index, "submitted_at": moment if submitted else None,
            "description": (f"Reeks rond {TOPICS[index]} voor kinderen en jongeren, na school en in de vakanties, "
                            "samen met lokale partners. Elke reeks eindigt met een toonmoment voor de ouders."
                            if index != 1 else "Ontwerp: nog aan te vullen."),
            "target_groups": TARGET_GROUPS[index], "target_age_min": age_min, "target_age_max": age_min + 6,
            "declaration_signed_at": moment if submitted else None}


def add_parts(application: Application, index: int) -> None:
    """Two partners (one for the second draft) and, once submitted, a PDF attachment; kept as they are on reruns."""
    for number in range(1 if index == 1 else 2):
        Partner.objects.get_or_create(application=application, kbo_number=synthetic_kbo(index * 10 + number),
                                      defaults={"name": f"{PARTNER_KINDS[(index + number) % 4]} Demo {index + 1}",
                                                "role": "locatie en begeleiding"})
    if application.status == ApplicationStatus.SUBMITTED and not application.attachments.exists():
        ApplicationAttachment.objects.create(
            application=application, name=f"projectplan-{index + 1}.pdf", kind="pdf", size=len(MINIMAL_PDF),
            file=ContentFile(MINIMAL_PDF, name=f"projectplan-{index + 1}.pdf"))
LOGIN_ACADEMIES = ("demo-de-vonk", "demo-zilverzand")


def build_demo_assessments() -> None:
    call, _created = Call.objects.update_or_create(code=CALL_CODE, defaults={
        "year": YEAR, "kind": CallKind.ACADEMY_ROLLOUT, "title": f"STEM-academies {YEAR}: uitrol (beoordeling)",
        "budget": Decimal("40000.00"), "opens_at": datetime.datetime(2026, 9, 1, 9, tzinfo=TZ),
        "closes_at": datetime.datetime(2026, 11, 30, 17, tzinfo=TZ), "amount_per_municipality": Decimal("2500.00"),
        "cap_per_academy": Decimal("10000.00"), "report_due_date": datetime.date(YEAR + 1, 3, 31),
        "required_parts": REQUIRED_PARTS})
    criteria = [Criterion.objects.update_or_create(call=call, title=title, defaults={
        "position": position, "weight": weight, "scale_max": 5})[0]
        for position, (title, weight) in enumerate(CRITERIA)]
    academies = (Academy.objects.filter(code__startswith=CODE_PREFIX).exclude(code__in=LOGIN_ACADEMIES)
                 .order_by("code")[:len(STAGES)])
    places = list(Municipality.objects.for_year(YEAR).order_by("nis_code"))
    users = get_user_model().objects.in_bulk(ASSESSORS, field_name="username")
    for index, (academy, (status, count, scores)) in enumerate(zip(academies, STAGES, strict=False)):
        values = application_values(index, status)
        application, created = Application.objects.get_or_create(call=call, academy=academy, defaults=values)
        if not created and any(getattr(application, name) != value for name, value in values.items()):
            Application.objects.filter(pk=application.pk).update(**values)  # reruns leave no history behind
        application.planned_municipalities.set(places[index * 7: index * 7 + count])
        add_parts(application, index)
        for username, (reach, quality, spread, recommendation) in zip(ASSESSORS, scores, strict=False):
            if username not in users:
                continue
            assessment, _created = Assessment.objects.update_or_create(
                application=application, assessor=users[username],
                defaults={"recommendation": recommendation, "comment": "Demobeoordeling.",
                          "submitted_at": timezone.make_aware(datetime.datetime(2026, 12, 1, 14))})
            for criterion, value in zip(criteria, (reach, quality, spread), strict=True):
                Score.objects.update_or_create(assessment=assessment, criterion=criterion, defaults={"value": value})
