"""Writing the demo plan: bulk creates and updates keyed by natural keys, demo rows no longer planned deleted."""

import datetime
import random
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from academies.models import Academy, AcademyMembership, Municipality, Recognition
from demo.dataset import (
    _ACTIVE_YEARS,
    _AGE_RANGES,
    _NARRATIVES,
    _REJECTED,
    _TRAJECTORY_TITLES,
    CODE_PREFIX,
    DEMO_LOGINS,
    DEMO_ORGANISATIONS,
    DRAFT,
    EMAIL_DOMAIN,
    MISSING,
    OPEN_CALL_CODE,
    PARTNERSHIP_BUDGET_2022,
    PARTNERSHIP_CAP,
    RETURNED,
    SEED,
    YEAR_SPECS,
    YEARS,
    DemoSummary,
    _AwardPlan,
    _Block,
    _moment,
    call_code,
    open_call_values,
)
from demo.planning import _Planner
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Trajectory,
    TransitionPriority,
    YearBudget,
)


class _Sync:
    """Create, update and delete rows so that a model's demo rows equal the desired ones, keyed by natural key."""

    def __init__(self, summary: DemoSummary):
        self.summary = summary
        self.leftovers: list[tuple[type[models.Model], list[int]]] = []

    def rows(self, model: type[models.Model], scope: models.QuerySet, key: Callable[[models.Model], tuple],
             desired: dict[tuple, dict]) -> dict[tuple, int]:
        """`desired` maps key -> field values (attnames); returns key -> primary key."""
        existing = {key(obj): obj for obj in scope}
        to_create, to_update, changed = [], [], set()
        for row_key, values in desired.items():
            obj = existing.pop(row_key, None)
            if obj is None:
                to_create.append(model(**values))
                continue
            differing = [name for name, value in values.items() if getattr(obj, name) != value]
            if differing:
                for name in differing:
                    setattr(obj, name, values[name])
                to_update.append(obj)
                changed.update(differing)
        has_history = hasattr(model, "history")
        if to_create:
            if has_history:
                bulk_create_with_history(to_create, model, batch_size=500, default_change_reason="demo data")
            else:
                model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            if has_history:
                bulk_update_with_history(to_update, model, sorted(changed), batch_size=500,
                                         default_change_reason="demo data")
            else:
                model.objects.bulk_update(to_update, sorted(changed), batch_size=500)
        leftover = [obj.pk for obj in existing.values()]
        self.leftovers.append((model, leftover))
        self.summary.created += len(to_create)
        self.summary.updated += len(to_update)
        return {key(obj): obj.pk for obj in scope.exclude(pk__in=leftover)}

    def links(self, through: type[models.Model], owner: str, owner_ids: Iterable[int],
              desired: set[tuple[int, str]]) -> None:
        """Many-to-many rows (owner id, NIS code) of the given owners."""
        existing = {(getattr(row, f"{owner}_id"), row.municipality_id): row.pk
                    for row in through.objects.filter(**{f"{owner}_id__in": list(owner_ids)})}
        missing = desired - set(existing)
        through.objects.bulk_create([through(**{f"{owner}_id": owner_id, "municipality_id": code})
                                     for owner_id, code in sorted(missing)], batch_size=1000)
        extra = [pk for pair, pk in existing.items() if pair not in desired]
        through.objects.filter(pk__in=extra).delete()
        self.summary.created += len(missing)
        self.summary.deleted += len(extra)

    def delete_leftovers(self) -> None:
        """Demo rows no longer in the plan, children first (the foreign keys protect parents)."""
        for model, pks in reversed(self.leftovers):
            if pks:
                self.summary.deleted += len(pks)
                model.objects.filter(pk__in=pks).delete()


class _Writer:
    """Writes the plan, parents before children; each step returns or keeps the primary keys its children need."""

    def __init__(self, plans: dict[int, list[_AwardPlan]], seed: int):
        self.plans = plans
        self.rng = random.Random(seed + 1)
        self.summary = DemoSummary()
        self.sync = _Sync(self.summary)
        self.academy_pk: dict[int, int] = {}  # index into DEMO_ORGANISATIONS -> pk
        self.calls: dict[str, dict] = {}  # code -> field values
        self.call_pk: dict[str, int] = {}
        self.manager_id: int | None = None

    def write(self, reset_passwords: bool) -> DemoSummary:
        self.academies()
        self.users(reset_passwords)
        self.recognitions()
        self.calls_and_budgets()
        application_pk = self.applications()
        award_pk = self.awards(application_pk)
        self.reports(application_pk, award_pk)
        self.sync.delete_leftovers()
        return self.summary

    def awarded(self) -> Iterable[_AwardPlan]:
        for awards in self.plans.values():
            yield from awards

    def academies(self) -> None:
        seats = {}  # the first municipality an academy covers, 2022 first
        for year in sorted(self.plans, key=lambda year: (year != 2022, year)):
            for award in self.plans[year]:
                seats.setdefault(award.academy, award.funded[0])
        rows = {(CODE_PREFIX + code,): {"code": CODE_PREFIX + code, "name": name,
                                        "organisation_type": organisation_type,
                                        "seat_municipality_id": seats[index],
                                        "contact_email": f"{code}@{EMAIL_DOMAIN}"}
                for index, (code, name, organisation_type) in enumerate(DEMO_ORGANISATIONS)}
        ids = self.sync.rows(Academy, Academy.objects.filter(code__startswith=CODE_PREFIX), lambda obj: (obj.code,),
                             rows)
        self.academy_pk = {index: ids[(CODE_PREFIX + code,)] for index, (code, _n, _t) in enumerate(DEMO_ORGANISATIONS)}
        self.summary.academies = len(ids)

    def users(self, reset_passwords: bool) -> None:
        summary = self.summary
        academy_by_code = {CODE_PREFIX + code: self.academy_pk[index]
                           for index, (code, _n, _t) in enumerate(DEMO_ORGANISATIONS)}
        for login in DEMO_LOGINS:
            user, created = get_user_model().objects.get_or_create(
                username=login.username,
                defaults={"email": f"{login.username}@{EMAIL_DOMAIN}", "is_staff": login.is_staff,
                          "is_superuser": login.is_superuser},
            )
            summary.created += created
            if created or reset_passwords:
                user.set_password(login.password)
                user.save(update_fields=["password"])
            if (user.is_staff, user.is_superuser, user.is_active) != (login.is_staff, login.is_superuser, True):
                user.is_staff, user.is_superuser, user.is_active = login.is_staff, login.is_superuser, True
                user.save(update_fields=["is_staff", "is_superuser", "is_active"])
                summary.updated += 1
            if login.group:
                group, _created = Group.objects.get_or_create(name=login.group)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
                    summary.created += 1
            if login.academy_code:
                _membership, created = AcademyMembership.objects.get_or_create(
                    user=user, academy_id=academy_by_code[login.academy_code])
                summary.created += created
            if login.is_superuser:
                self.manager_id = user.pk
        summary.users = len(DEMO_LOGINS)

    def recognitions(self) -> None:
        rows = {}
        for index, (first, last) in enumerate(_ACTIVE_YEARS):
            first = min([first, *[year for year, indexes in _REJECTED.items() if index in indexes]])
            valid_from = datetime.date(first - 1, 12, 1)
            rows[(self.academy_pk[index], valid_from)] = {
                "academy_id": self.academy_pk[index], "valid_from": valid_from,
                "valid_to": None if last == YEARS[-1] else datetime.date(last, 12, 31),
                "reference": f"ERK-{first}-{index + 1:03d}",
            }
        self.sync.rows(Recognition, Recognition.objects.filter(academy__code__startswith=CODE_PREFIX),
                       lambda obj: (obj.academy_id, obj.valid_from), rows)

    def calls_and_budgets(self) -> None:
        for spec in YEAR_SPECS:
            code = call_code(spec.year, CallKind.ACADEMY_ROLLOUT)
            self.calls[code] = {
                "code": code, "year": spec.year, "kind": CallKind.ACADEMY_ROLLOUT,
                "title": f"STEM-academies {spec.year}: uitrol", "budget": spec.call_budget,
                "opens_at": _moment(spec.year - 1, 10, 1, 9), "closes_at": _moment(spec.year - 1, 12, 15, 17),
                "amount_per_municipality": spec.amount_per_municipality, "cap_per_academy": spec.cap_per_academy,
                "cap_per_project": None, "min_own_contribution_pct": None,
                "report_due_date": datetime.date(spec.year + 1, 3, 31),
            }
        code = call_code(2022, CallKind.PARTNERSHIP_PROJECT)
        self.calls[code] = {
            "code": code, "year": 2022, "kind": CallKind.PARTNERSHIP_PROJECT,
            "title": "Innovatieve STEM-projecten 14+ in partnerschap 2022", "budget": PARTNERSHIP_BUDGET_2022,
            "opens_at": _moment(2022, 3, 1, 9), "closes_at": _moment(2022, 5, 31, 17),
            "amount_per_municipality": None, "cap_per_academy": None, "cap_per_project": PARTNERSHIP_CAP,
            "min_own_contribution_pct": Decimal("30.00"), "report_due_date": datetime.date(2023, 3, 31),
        }
        self.calls[OPEN_CALL_CODE] = open_call_values(datetime.date.today())
        ids = self.sync.rows(Call, Call.objects.filter(code__startswith=CODE_PREFIX), lambda obj: (obj.code,),
                             {(code,): values for code, values in self.calls.items()})
        self.call_pk = {code: ids[(code,)] for code in self.calls}
        self.summary.calls = len(ids)
        for spec in YEAR_SPECS:
            _budget, created = YearBudget.objects.get_or_create(
                year=spec.year, defaults={"amount": spec.year_budget, "note": "demo"})
            self.summary.created += created

    def applications(self) -> dict[tuple[int, int], int]:
        """Awarded applications (planned = funded municipalities), a few rejected ones, and trajectories."""
        rng = self.rng
        rows, planned, rejected = {}, {}, set()
        for year, awards in self.plans.items():
            for award in awards:
                key = (self.call_pk[award.call_code], self.academy_pk[award.academy])
                closes_at = self.calls[award.call_code]["closes_at"]
                rows[key] = {
                    "call_id": key[0], "academy_id": key[1], "status": ApplicationStatus.AWARDED,
                    "forecast_participants": len(award.funded) * rng.randint(60, 160),
                    "requested_amount": award.requested, "project_cost": award.project_cost,
                    "own_contribution": award.own_contribution,
                    "submitted_at": closes_at - datetime.timedelta(days=rng.randint(1, 30)), "decision_reason": "",
                }
                planned[key] = award.funded
            reach = sorted({code for award in awards for code in award.funded})
            for index in _REJECTED.get(year, ()):
                key = (self.call_pk[call_code(year, CallKind.ACADEMY_ROLLOUT)], self.academy_pk[index])
                rows[key] = {
                    "call_id": key[0], "academy_id": key[1], "status": ApplicationStatus.REJECTED,
                    "forecast_participants": 150, "requested_amount": Decimal("5000.00"), "project_cost": None,
                    "own_contribution": None, "submitted_at": _moment(year - 1, 12, 10),
                    "decision_reason": "Activiteiten vallen buiten de voorwaarden van de oproep.",
                }
                planned[key] = rng.sample(reach, 2)
                rejected.add(key)
        ids = self.sync.rows(Application, Application.objects.filter(call__code__startswith=CODE_PREFIX),
                             lambda obj: (obj.call_id, obj.academy_id), rows)
        self.sync.links(Application.planned_municipalities.through, "application", ids.values(),
                        {(ids[key], code) for key, codes in planned.items() for code in codes})

        partnership_call = self.call_pk[call_code(2022, CallKind.PARTNERSHIP_PROJECT)]
        trajectories = {}
        for key, codes in planned.items():
            if key in rejected or rng.random() > 0.35:
                continue
            for number in range(1, rng.randint(1, 3) + 1):
                title = f"{rng.choice(_TRAJECTORY_TITLES)} {number}"
                age_min, age_max = (14, 18) if key[0] == partnership_call else rng.choice(_AGE_RANGES)
                trajectories[(ids[key], title)] = {
                    "application_id": ids[key], "title": title,
                    "transition_priority": rng.choice(TransitionPriority.values), "age_min": age_min,
                    "age_max": age_max, "half_days": rng.randint(2, 12), "municipality_id": rng.choice(codes),
                }
        self.sync.rows(Trajectory, Trajectory.objects.filter(application__call__code__startswith=CODE_PREFIX),
                       lambda obj: (obj.application_id, obj.title), trajectories)
        self.summary.applications = len(ids)
        return ids

    def application_key(self, award: _AwardPlan) -> tuple[int, int]:
        return (self.call_pk[award.call_code], self.academy_pk[award.academy])

    def awards(self, application_pk: dict[tuple[int, int], int]) -> dict[tuple[int], int]:
        rows, funded = {}, set()
        for award in self.awarded():
            application_id = application_pk[self.application_key(award)]
            year = self.calls[award.call_code]["year"]
            rows[(application_id,)] = {
                "application_id": application_id, "amount": award.amount,
                "decided_on": datetime.date(year, 7, 15) if award.kind == CallKind.PARTNERSHIP_PROJECT
                else datetime.date(year, 2, 15),
                "amount_reason": "", "decided_by_id": self.manager_id,
            }
            funded.update((application_id, code) for code in award.funded)
        ids = self.sync.rows(Award, Award.objects.filter(application__call__code__startswith=CODE_PREFIX),
                             lambda obj: (obj.application_id,), rows)
        self.sync.links(Award.funded_municipalities.through, "award", ids.values(),
                        {(ids[(application_id,)], code) for application_id, code in funded})
        self.summary.awards = len(ids)
        return ids

    def reports(self, application_pk: dict[tuple[int, int], int], award_pk: dict[tuple[int], int]) -> None:
        rng = self.rng
        rows, planned = {}, {}
        for award in self.awarded():
            report = award.report
            if report.category == MISSING:
                continue
            award_id = award_pk[(application_pk[self.application_key(award)],)]
            call = self.calls[award.call_code]
            due = call["report_due_date"]
            status = _report_status(report.category, call["year"], rng)
            unattributed = report.unattributed
            submitted = status != FinalReportStatus.DRAFT
            rows[(award_id,)] = {
                "award_id": award_id, "status": status, "narrative": rng.choice(_NARRATIVES) if submitted else "",
                **_counts(unattributed, prefix="unattributed_"),
                "submitted_at": _moment(due.year, due.month, due.day) - datetime.timedelta(days=rng.randint(0, 40))
                if submitted else None,
                "reviewed_at": _moment(due.year, 5, 15)
                if status in (FinalReportStatus.ACCEPTED, FinalReportStatus.RETURNED) else None,
                "review_comment": "Aantallen per gemeente ontbreken of kloppen niet; graag aanvullen."
                if status == FinalReportStatus.RETURNED else "",
            }
            planned[award_id] = report
        ids = self.sync.rows(FinalReport, FinalReport.objects.filter(
            award__application__call__code__startswith=CODE_PREFIX), lambda obj: (obj.award_id,), rows)

        lines = {}
        for award_id, report in planned.items():
            report_id = ids[(award_id,)]
            for code, block in report.lines.items():
                lines[(report_id, code)] = {"report_id": report_id, "municipality_id": code,
                                            "half_days": report.half_days[code], **_counts(block)}
        self.sync.rows(FinalReportLine, FinalReportLine.objects.filter(
            report__award__application__call__code__startswith=CODE_PREFIX),
            lambda obj: (obj.report_id, obj.municipality_id), lines)
        self.summary.final_reports = len(ids)
        self.summary.report_lines = len(lines)


def _counts(block: _Block | None, prefix: str = "") -> dict[str, int | None]:
    """The count fields of a line (or, with prefix "unattributed_", of a report); all NULL without a block."""
    names = ("participants", "boys", "girls", "other")
    if block is None:
        return {prefix + name: None for name in names}
    return {prefix + name: getattr(block, name) for name in names}


def _report_status(category: str, year: int, rng: random.Random) -> str:
    if category == DRAFT:
        return FinalReportStatus.DRAFT
    if category == RETURNED:
        return FinalReportStatus.RETURNED
    if year >= 2023 or (year == 2022 and rng.random() < 0.3):
        return FinalReportStatus.SUBMITTED
    return FinalReportStatus.ACCEPTED


@transaction.atomic
def build_demo_data(*, seed: int = SEED, reset_passwords: bool = False) -> DemoSummary:
    """Create or update the demo dataset; a second run with the same seed changes nothing.

    Needs the reference geography (`manage.py load_reference`). The demo logins' passwords are set when a user is
    created, or again with `reset_passwords=True`. Year budgets are only created, never overwritten.
    """
    if Municipality.objects.for_year(2022).count() != 300:
        raise ValueError("Load the reference geography first (manage.py load_reference).")
    return _Writer(_Planner(seed).plan(), seed).write(reset_passwords)
