"""What the assessment pages show: the ranking of a call's applications and whose scores a user may see."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from academies.belgian import round_half_up
from assessments.models import Assessment, Recommendation, Score
from grants.application_services import requested_amount_for
from grants.models import Application, ApplicationStatus, Call
from grants.services import call_awarded_amount


def assessments_required() -> int:
    return getattr(settings, "ASSESSMENTS_PER_APPLICATION", 2)


def weighted_score(assessment: Assessment) -> Decimal | None:
    """The assessment's scores as a share of the highest possible, 0-100, each criterion counted `weight` times;
    None until every criterion of the call is scored."""
    scores = list(assessment.scores.all())
    if not scores:
        return None
    total = sum(score.value * score.criterion.weight for score in scores)
    best = sum(score.criterion.scale_max * score.criterion.weight for score in scores)
    return Decimal(100 * total) / Decimal(best)


@dataclass
class RankedApplication:
    application: Application
    proposed_amount: Decimal | None
    submitted_assessments: int
    score: Decimal | None
    recommendations: dict[str, int]
    cumulative_amount: Decimal | None = None
    fits_budget: bool | None = None

    @property
    def complete(self) -> bool:
        return self.submitted_assessments >= assessments_required()


@dataclass
class Ranking:
    call: Call
    remaining_budget: Decimal
    rows: list[RankedApplication]


def ranking(*, call: Call) -> Ranking:
    """The call's submitted (undecided) applications by mean weighted score of their submitted assessments, best
    first (not yet assessed last), with the proposed amount by the call's rule and the running total against what
    is left of the budget, so the committee sees where the money runs out. A constant number of queries."""
    submitted = Assessment.objects.submitted().prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    applications = (Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
                    .select_related("academy", "call")
                    .prefetch_related("planned_municipalities", Prefetch("assessments", queryset=submitted,
                                                                         to_attr="submitted_assessments"))
                    .order_by("submitted_at", "pk"))
    rows = []
    for application in applications:
        assessments = application.submitted_assessments
        scores = [score for score in map(weighted_score, assessments) if score is not None]
        mean = round_half_up(sum(scores) / len(scores), 1) if scores else None
        count = len(application.planned_municipalities.all())
        rows.append(RankedApplication(
            application=application,
            proposed_amount=requested_amount_for(application=application, municipality_count=count),
            submitted_assessments=len(assessments),
            score=mean,
            recommendations={choice: sum(a.recommendation == choice for a in assessments)
                             for choice in Recommendation.values},
        ))
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0)))
    remaining = call.budget - call_awarded_amount(call=call)
    running = Decimal("0.00")
    for row in rows:
        if row.proposed_amount is not None:
            running += row.proposed_amount
            row.cumulative_amount = running
            row.fits_budget = running <= remaining
    return Ranking(call=call, remaining_budget=remaining, rows=rows)


def scores_visible(*, application: Application, user) -> bool:
    """Another assessor's scores are shown once the user submitted their own assessment of the application, or
    once the application has all its assessments (then nobody can start one any more)."""
    submitted = Assessment.objects.submitted().filter(application=application)
    return (submitted.filter(assessor=user).exists() or submitted.count() >= assessments_required())


def visible_assessments(*, application: Application, user) -> list[Assessment]:
    assessments = (Assessment.objects.filter(application=application).select_related("assessor")
                   .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion"))))
    if scores_visible(application=application, user=user):
        return [a for a in assessments if a.is_submitted or a.assessor_id == user.pk]
    return [a for a in assessments if a.assessor_id == user.pk]
