"""The `awards` format: one row per award with its funded municipalities."""


from django.core.exceptions import ValidationError
from django.db.models import Sum

from academies.belgian import (
    FieldError,
    parse_date,
    parse_decimal,
    text,
)
from academies.models import Academy
from academies.municipalities import MunicipalityResolver
from exchange import messages
from exchange.importing.base import LIST_SEPARATORS, Column, Kind, changed_fields, record
from exchange.importing.cells import INVALID, flag_duplicate
from exchange.importing.writing import (
    BATCH_SIZE,
    create_all,
    update_all,
)
from grants import services
from grants.models import (
    ZERO,
    Application,
    ApplicationStatus,
    Award,
    Call,
)

DECIDABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.AWARDED)
RULED = ("amount", "amount_reason")


class StoredAwards:
    """What the rows of an awards file refer to, one query per table: calls and academies by code, the calls'
    applications and awards, the municipalities each award funds and the total awarded per call (kept up to date
    with the rows checked so far)."""

    def __init__(self, rows: list):
        self.resolver = MunicipalityResolver()
        self.calls = {call.code: call for call in Call.objects.filter(
            code__in={text(cells.raw("oproep")) for cells in rows})}
        self.academies = dict(Academy.objects.filter(code__in={text(cells.raw("academie")) for cells in rows})
                              .values_list("code", "id"))
        calls = self.calls.values()
        self.applications = {(app.call_id, app.academy_id): app
                             for app in Application.objects.filter(call__in=calls)}
        self.awards = {award.application_id: award for award in Award.objects.filter(application__call__in=calls)}
        self.awarded = dict(Award.objects.filter(application__call__in=calls).values("application__call").annotate(
            total=Sum("amount")).values_list("application__call", "total"))
        self.funded: dict[int, set[str]] = {}
        for award_id, nis_code in Award.funded_municipalities.through.objects.filter(
                award__in=self.awards.values()).values_list("award_id", "municipality_id"):
            self.funded.setdefault(award_id, set()).add(nis_code)


class AwardKind(Kind):
    """One row per award; `gemeenten` lists the funded municipalities (NIS codes, postcodes or names separated by
    `,` `;` `|` or new lines), resolved for the call's year. A row that creates or changes an award meets the rules
    of the staff decision (`grants.services.award_check`): the academy's application in the call, when there is
    one, is submitted (or already awarded); an amount off the call's rule has a `motivering_bedrag`; a new or
    raised amount fits in what is left of the call's budget, counting the rows above it. A missing application is
    created, awarded (an award decided outside the portal)."""

    key = "awards"
    model = Award
    columns = (
        Column("oproep", ("call",), required=True),
        Column("academie", ("academy",), required=True),
        Column("bedrag", ("amount",), required=True),
        Column("beslist_op", ("decided_on",), required=True),
        Column("gemeenten", ("funded_municipalities", "municipalities")),
        Column("motivering_bedrag", ("amount_reason",)),
    )
    field_columns = {"amount": "bedrag", "decided_on": "beslist_op", "amount_reason": "motivering_bedrag"}

    def load(self, table, columns, errors, summary, progress, writing=None):
        rows = list(self.rows(table, columns, errors, progress))
        stored = StoredAwards(rows)
        plan = {"applications": [], "application_updates": [], "creates": [], "updates": [], "fields": set(),
                "m2m": []}
        seen = {}
        for cells in rows:
            parsed = self.parse_row(cells, columns, stored, seen)
            if parsed is not None:
                self.plan_row(cells, *parsed, stored, plan, summary)
        return plan

    def parse_row(self, cells, columns, stored: "StoredAwards", seen: dict) -> tuple | None:
        """The row's call, academy id, values and funded NIS codes (None: no `gemeenten` column), or None when a
        cell is wrong."""
        call_code, academy_code = cells.get("oproep", required=True), cells.get("academie", required=True)
        call = stored.calls.get(call_code)
        if call_code is not INVALID and call is None:
            cells.error("oproep", messages.unknown_call(call_code))
        academy_id = stored.academies.get(academy_code)
        if academy_code is not INVALID and academy_id is None:
            cells.error("academie", messages.unknown_academy(academy_code))
        values = self.present({
            "amount": cells.get("bedrag", parse_decimal, required=True),
            "decided_on": cells.get("beslist_op", parse_date, required=True),
            "amount_reason": cells.get_text("motivering_bedrag", max_length=None, multiline=True),
        }, columns)
        nis_codes = None
        if cells.has("gemeenten") and call is not None:
            nis_codes = set()
            for part in LIST_SEPARATORS.split(text(cells.raw("gemeenten"))):
                if part.strip():
                    try:
                        nis_codes.add(stored.resolver.resolve(part.strip(), call.year))
                    except FieldError as error:
                        cells.error("gemeenten", str(error))
        if call is not None and academy_id is not None:
            flag_duplicate(cells, "academie", seen, (call.id, academy_id), f"{call_code} / {academy_code}")
        if not cells.ok:
            return None
        return call, academy_id, values, nis_codes, f"{call_code} / {academy_code}"

    def plan_row(self, cells, call, academy_id, values, nis_codes, label, stored: "StoredAwards", plan,
                 summary) -> None:
        """The application (created awarded when missing) and the award of a checked row, after the rules of the
        staff decision (`_meets_award_rules`)."""
        funded = stored.funded
        application = stored.applications.get((call.id, academy_id))
        if application is not None and application.status not in DECIDABLE:
            cells.error("academie", services.not_submitted_message())
            return
        award = stored.awards.get(application.pk) if application is not None else None
        if not self._meets_award_rules(cells, application or Application(call=call, academy_id=academy_id),
                                       award, values, nis_codes, funded, stored.awarded):
            return
        if application is None:
            application = Application(call=call, academy_id=academy_id, status=ApplicationStatus.AWARDED)
            plan["applications"].append(application)
        elif application.status != ApplicationStatus.AWARDED:
            application.status = ApplicationStatus.AWARDED
            plan["application_updates"].append(application)
        outcome, changed = "skip", {}
        if award is None:
            award = Award(application=application, **values)
            plan["creates"].append(award)
            outcome = "new"
        elif changed := changed_fields(award, values):
            plan["updates"].append(award)
            plan["fields"].update(changed)
            outcome = "update"
        if nis_codes is not None and nis_codes != funded.get(award.pk, set()):
            plan["m2m"].append((award, nis_codes, funded.get(award.pk, set())))
            if award.pk:
                changed["funded"] = funded.get(award.pk, set())
                values = {**values, "funded": nis_codes}
            outcome = "update" if outcome == "skip" else outcome
        if outcome == "update":
            summary.note_change(cells.number, label, changed, values, {**self.field_columns, "funded": "gemeenten"})
        record(summary, cells.number, outcome, label)

    def _meets_award_rules(self, cells, application, award, values, nis_codes, funded, awarded) -> bool:
        """`award_check` for a row that creates the award or changes its amount, reason or municipalities (not for
        one that only changes its date);
        `awarded` (call id -> total of its awards) is kept up to date with the rows checked so far."""
        amount = values["amount"]
        stored_funded = funded.get(award.pk, set()) if award is not None else set()
        municipalities = stored_funded if nis_codes is None else nis_codes
        reason = values.get("amount_reason", award.amount_reason if award is not None else "") or ""
        previous = award.amount if award is not None else ZERO
        call = application.call
        total = awarded.get(call.id, ZERO) - previous
        unchanged = award is not None and all(getattr(award, name) == values[name] for name in RULED if name in values)
        if unchanged and municipalities == stored_funded:
            awarded[call.id] = total + amount
            return True
        remaining = call.budget - total
        try:
            services.award_check(application=application, amount=amount, municipality_count=len(municipalities),
                                 reason=reason, remaining=remaining if amount > previous else max(remaining, amount))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    cells.error({"amount": "bedrag", "reason": "motivering_bedrag"}.get(field), message)
            return False
        awarded[call.id] = total + amount
        return True

    def write(self, plan, user):
        create_all(Application, plan["applications"], user)
        update_all(Application, plan["application_updates"], ["status"], user)
        for award in plan["creates"]:
            award.application_id = award.application.pk
        create_all(Award, plan["creates"], user)
        update_all(Award, plan["updates"], sorted(plan["fields"]), user)
        through = Award.funded_municipalities.through
        removals = [(award.pk, old - new) for award, new, old in plan["m2m"] if old - new]
        for award_id, nis_codes in removals:
            through.objects.filter(award_id=award_id, municipality_id__in=nis_codes).delete()
        through.objects.bulk_create([through(award_id=award.pk, municipality_id=code)
                                     for award, new, old in plan["m2m"] for code in sorted(new - old)],
                                    batch_size=BATCH_SIZE)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Award.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.filter(application__call__year=year)
        funded: dict[int, list[str]] = {}
        through = Award.funded_municipalities.through
        for award_id, nis_code in through.objects.filter(award__in=queryset).order_by(
                "award_id", "municipality_id").values_list("award_id", "municipality_id"):
            funded.setdefault(award_id, []).append(nis_code)
        yield self.header()
        for pk, call, academy, amount, decided_on, reason in queryset.order_by(
                "application__call__code", "application__academy__code").values_list(
                "pk", "application__call__code", "application__academy__code", "amount", "decided_on",
                "amount_reason"):
            yield [call, academy, amount, decided_on, ", ".join(funded.get(pk, [])), reason]

