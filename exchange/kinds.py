"""The import/export formats, one class per kind of data. Each kind reads a Table (see exchange.tables), checks
every cell, and writes in bulk: one query per referenced table (never one per row), bulk inserts and updates with
their django-simple-history rows, all in the caller's transaction. Export yields exactly the import format.

Rows are numbered as in the spreadsheet: the header is row 1, the first data row is row 2."""

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from academies.models import Academy, Event, OrganisationType
from exchange.belgian import (
    MAX_COUNT,
    MAX_SMALL,
    FieldError,
    is_empty,
    parse_count,
    parse_date,
    parse_datetime,
    parse_decimal,
    text,
)
from exchange.bulk import insert_with_history
from exchange.errors import ErrorCollector, ImportFailed, RowError
from exchange.municipalities import MunicipalityResolver
from exchange.tables import Table, normalise_header
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
)

BATCH_SIZE = 2000
PROGRESS_EVERY = 1000
INVALID = object()
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
LIST_SEPARATORS = re.compile(r"[;,|\n]+")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class RowOutcome:
    row: int
    outcome: str  # "new", "update" or "skip" (unchanged)
    label: str


@dataclass
class ImportSummary:
    kind: str
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rows: list[RowOutcome] = field(default_factory=list)
    keep_rows: bool = True  # the admin's preview lists every row; the command only needs the counts

    def as_dict(self) -> dict:
        return {"kind": self.kind, "total_rows": self.total_rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "dry_run": self.dry_run}


class Cells:
    """One data row, read through the file's column map; parse errors go to the collector with row and column."""

    def __init__(self, number: int, values: list, columns: dict, errors: ErrorCollector):
        self.number, self.values, self.columns, self.errors = number, values, columns, errors
        self.ok = True

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, column: str):
        index, _header = self.columns.get(column, (None, None))
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def header(self, column: str) -> str:
        return self.columns.get(column, (None, column))[1]

    def error(self, column: str | None, message: str) -> None:
        self.ok = False
        self.errors.add(self.number, self.header(column) if column else None, message)

    def get(self, column: str, parser=text, *, required: bool = False, **kwargs):
        value = self.raw(column)
        if is_empty(value):
            if required:
                self.error(column, _("a value is required"))
                return INVALID
            return None if parser is not text else ""
        try:
            return parser(value, **kwargs)
        except FieldError as error:
            self.error(column, str(error))
            return INVALID

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell as stripped text ("" when empty)."""
        index = self.columns.get(column, (None,))[0]
        value = self.values[index] if index is not None and index < len(self.values) else None
        result = value.strip() if value.__class__ is str and value[:1] != "'" else text(value)
        if required and not result:
            self.error(column, _("a value is required"))
        return result

    def counts(self, specs: list[tuple]) -> tuple:
        """Several count cells at once (see count_specs): plain digits on a fast path, else the full parser."""
        values, size, result = self.values, len(self.values), []
        for index, column, maximum in specs:
            value = values[index] if index is not None and index < size else None
            if value is None or value == "":
                result.append(None)
            elif value.__class__ is str and len(value) < 10 and value.isdigit() and value.isascii() \
                    and int(value) <= maximum:
                result.append(int(value))
            else:
                result.append(self.get(column, parse_count, maximum=maximum))
        return tuple(result)

    def get_text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.get(column, required=required)
        if value is not INVALID and len(value) > max_length:
            self.error(column, _("'%(value)s…' is longer than %(max)s characters") % {
                "value": value[:20], "max": max_length})
            return INVALID
        return value

    def get_code(self, column: str, *, max_length: int = 40) -> str:
        value = self.get_text(column, max_length=max_length, required=True)
        if value is not INVALID and not SLUG.match(value):
            self.error(column, _("'%(value)s' is not a valid code (letters, digits, - and _)") % {"value": value})
            return INVALID
        return value


DUTCH_CHOICES = {
    # Dutch words staff type in spreadsheets, whatever the translation catalogues say.
    "ontwerp": "draft", "ingediend": "submitted", "aanvaard": "accepted", "goedgekeurd": "accepted",
    "teruggestuurd": "returned", "academie": "academy_rollout", "uitrol": "academy_rollout",
    "partnerschap": "partnership_project", "gemeentelijke dienst": "municipal_service", "bibliotheek": "library",
    "maakbib": "library", "jeugdorganisatie": "youth_organisation", "wetenschapscentrum": "science_centre",
    "school": "school", "bedrijf": "company", "andere": "other",
}


def count_specs(columns: dict, wanted: list[tuple[str, int]]) -> list[tuple]:
    return [(columns.get(column, (None,))[0], column, maximum) for column, maximum in wanted]


def distinct_texts(table: Table, columns: dict, column: str) -> set[str]:
    index = columns.get(column, (None,))[0]
    if index is None:
        return set()
    return {text(value) for value in {values[index] for _number, values in table.rows if index < len(values)}}


def choice_parser(choices) -> Callable:
    """Accept a choice's key, or its label in Dutch or English, or a common Dutch word (case-insensitive)."""
    mapping = {word: key for word, key in DUTCH_CHOICES.items() if key in choices.values}
    for key, label in choices.choices:
        mapping[key.casefold()] = key
        for language in ("nl", "en"):
            with override(language):
                mapping[str(label).casefold()] = key

    def parse(value) -> str:
        key = mapping.get(text(value).casefold())
        if key is None:
            raise FieldError(_("'%(value)s' is not one of: %(choices)s") % {
                "value": text(value), "choices": ", ".join(choices.values)})
        return key

    return parse


def has_history(model) -> bool:
    return hasattr(model, "history")


def create_all(model, objects: list, user) -> list:
    if not objects:
        return objects
    if has_history(model):
        return bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, default_user=user,
                                        default_change_reason=_("import"))
    return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def update_all(model, objects: list, fields: list[str], user) -> None:
    if not objects:
        return
    if has_history(model):
        bulk_update_with_history(objects, model, fields, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason=_("import"))
    else:
        model.objects.bulk_update(objects, fields, batch_size=BATCH_SIZE)


class Kind:
    """Base class: `columns` is the format; subclasses implement `load()` (parse + check, no writes),
    `write()` and `export_rows()`."""

    key: str
    model: type
    columns: tuple[Column, ...]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def import_permission(self) -> str:
        return f"{self.model._meta.app_label}.import_{self.model._meta.model_name}"

    @property
    def export_permission(self) -> str:
        return f"{self.model._meta.app_label}.export_{self.model._meta.model_name}"

    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def column_map(self, table: Table, errors: ErrorCollector) -> dict:
        by_name = {}
        for column in self.columns:
            for name in (column.name, *column.aliases):
                by_name[normalise_header(name)] = column.name
        columns = {}
        for index, header in enumerate(table.headers):
            name = by_name.get(normalise_header(header))
            if name is not None and name not in columns:
                columns[name] = (index, str(header).strip())
        for column in self.columns:
            if column.required and column.name not in columns:
                errors.add(1, column.name, _("this column is missing"))
        return columns

    def check(self, table: Table, *, progress: ProgressCallback | None = None,
              keep_rows: bool = True) -> tuple["ImportSummary", object]:
        """Parse and check every row against the database (reads only, one query per referenced table) and plan
        the writes. Raises ImportFailed listing every error."""
        errors = ErrorCollector()
        columns = self.column_map(table, errors)
        errors.raise_if_any()
        summary = ImportSummary(kind=self.key, total_rows=len(table), keep_rows=keep_rows)
        plan = self.load(table, columns, errors, summary, progress or (lambda done, total: None))
        errors.raise_if_any()
        return summary, plan

    def import_table(self, table: Table, *, dry_run: bool = False, user=None,
                     progress: ProgressCallback | None = None, keep_rows: bool = True) -> ImportSummary:
        """Check every row, then (unless `dry_run`) write. Raises ImportFailed listing all errors, before any write.
        Call inside `transaction.atomic()`: the writes of one file go together or not at all."""
        summary, plan = self.check(table, progress=progress, keep_rows=keep_rows)
        summary.dry_run = dry_run
        if not dry_run:
            self.write(plan, user)
        if progress:
            progress(len(table), len(table))
        return summary

    def rows(self, table: Table, columns: dict, errors: ErrorCollector, progress: ProgressCallback) -> Iterator[Cells]:
        total = len(table)
        for index, (number, values) in enumerate(table.rows, start=1):
            yield Cells(number, values, columns, errors)
            if index % PROGRESS_EVERY == 0:
                progress(index, total)

    def load(self, table, columns, errors, summary, progress):
        raise NotImplementedError

    def write(self, plan, user) -> None:
        raise NotImplementedError

    def export_rows(self, *, year: int | None = None, queryset=None) -> Iterator[list]:
        raise NotImplementedError


def record(summary: ImportSummary, number: int, outcome: str, label: str) -> None:
    """Count a row's outcome: "new", "update", "skip" (unchanged) or "report" (a row with only report-level
    cells, counted with its report)."""
    if summary.keep_rows:
        summary.rows.append(RowOutcome(number, "skip" if outcome == "report" else outcome, label))
    if outcome == "new":
        summary.created += 1
    elif outcome == "update":
        summary.updated += 1
    elif outcome == "skip":
        summary.unchanged += 1


def changed_fields(instance, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@dataclass
class UpsertPlan:
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    update_fields: set = field(default_factory=set)


def plan_upserts_by_code(model, parsed: list[tuple[int, str, dict]], summary) -> UpsertPlan:
    """Plan creates and updates for rows `(row number, code, values)` of a model keyed by its `code`, with one
    query for the existing rows; unchanged rows are recorded as skipped."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=[code for _number, code, _values in parsed])}
    plan = UpsertPlan()
    for number, code, values in parsed:
        obj = existing.get(code)
        if obj is None:
            plan.creates.append(model(code=code, **values))
            record(summary, number, "new", code)
        elif changed := changed_fields(obj, values):
            plan.updates.append(obj)
            plan.update_fields.update(changed)
            record(summary, number, "update", code)
        else:
            record(summary, number, "skip", code)
    return plan


def _duplicate(cells: Cells, column: str, seen: dict, key, value) -> bool:
    if key in seen:
        cells.error(column, _("'%(value)s' already appears on row %(row)s") % {"value": value, "row": seen[key]})
        return True
    seen[key] = cells.number
    return False


# --- Academies ----------------------------------------------------------------------------------------------------

class AcademyKind(Kind):
    key = "academies"
    model = Academy
    columns = (
        Column("code", required=True),
        Column("naam", ("name",), required=True),
        Column("type_organisatie", ("organisation_type", "type"), required=True),
        Column("gemeente_zetel", ("seat_municipality", "gemeente"), required=True),
        Column("email", ("contact_email", "e-mail"), required=True),
    )
    fields = ("name", "organisation_type", "seat_municipality_id", "contact_email")

    def load(self, table, columns, errors, summary, progress):
        resolver = MunicipalityResolver()
        organisation_type = choice_parser(OrganisationType)
        parsed, seen = [], {}
        for cells in self.rows(table, columns, errors, progress):
            code = cells.get_code("code")
            values = {
                "name": cells.get_text("naam", max_length=200, required=True),
                "organisation_type": cells.get("type_organisatie", organisation_type, required=True),
                "seat_municipality_id": cells.get("gemeente_zetel", resolver.resolve, required=True, year=None),
                "contact_email": cells.get_text("email", max_length=254, required=True),
            }
            if values["contact_email"] not in (INVALID, ""):
                try:
                    validate_email(values["contact_email"])
                except ValidationError:
                    cells.error("email", _("'%(value)s' is not an e-mail address") % {
                        "value": values["contact_email"]})
            if code is not INVALID:
                _duplicate(cells, "code", seen, code, code)
            if cells.ok:
                parsed.append((cells.number, code, values))
        return plan_upserts_by_code(Academy, parsed, summary)

    def write(self, plan, user):
        create_all(Academy, plan.creates, user)
        update_all(Academy, plan.updates, sorted(plan.update_fields), user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Academy.objects.all() if queryset is None else queryset
        yield self.header()
        yield from (list(row) for row in queryset.order_by("code").values_list(
            "code", "name", "organisation_type", "seat_municipality_id", "contact_email"))


# --- Calls --------------------------------------------------------------------------------------------------------

class CallKindFormat(Kind):
    key = "calls"
    model = Call
    columns = (
        Column("code", required=True),
        Column("jaar", ("year",), required=True),
        Column("soort", ("kind",), required=True),
        Column("titel", ("title",), required=True),
        Column("budget", required=True),
        Column("opent_op", ("opens_at",), required=True),
        Column("sluit_op", ("closes_at",), required=True),
        Column("bedrag_per_gemeente", ("amount_per_municipality",)),
        Column("plafond_per_academie", ("cap_per_academy",)),
        Column("plafond_per_project", ("cap_per_project",)),
        Column("min_eigen_bijdrage_pct", ("min_own_contribution_pct",)),
        Column("deadline_eindrapport", ("report_due_date",)),
    )
    field_columns = {
        "year": "jaar", "kind": "soort", "title": "titel", "budget": "budget", "opens_at": "opent_op",
        "closes_at": "sluit_op", "amount_per_municipality": "bedrag_per_gemeente",
        "cap_per_academy": "plafond_per_academie", "cap_per_project": "plafond_per_project",
        "min_own_contribution_pct": "min_eigen_bijdrage_pct", "report_due_date": "deadline_eindrapport",
    }

    def load(self, table, columns, errors, summary, progress):
        kind = choice_parser(CallKind)
        parsed, seen = [], {}
        for cells in self.rows(table, columns, errors, progress):
            code = cells.get_code("code")
            year = cells.get("jaar", parse_count, required=True, maximum=MAX_SMALL)
            if year not in (INVALID, None) and not 2000 <= year <= 2100:
                cells.error("jaar", _("'%(value)s' is not a year between 2000 and 2100") % {"value": year})
            values = {
                "year": year,
                "kind": cells.get("soort", kind, required=True),
                "title": cells.get_text("titel", max_length=200, required=True),
                "budget": cells.get("budget", parse_decimal, required=True),
                "opens_at": cells.get("opent_op", parse_datetime, required=True),
                "closes_at": cells.get("sluit_op", parse_datetime, required=True),
                "amount_per_municipality": cells.get("bedrag_per_gemeente", parse_decimal),
                "cap_per_academy": cells.get("plafond_per_academie", parse_decimal),
                "cap_per_project": cells.get("plafond_per_project", parse_decimal),
                "min_own_contribution_pct": cells.get("min_eigen_bijdrage_pct", parse_decimal,
                                                      limit=Decimal("1000")),
                "report_due_date": cells.get("deadline_eindrapport", parse_date),
            }
            pct = values["min_own_contribution_pct"]
            if pct not in (INVALID, None) and pct > 100:
                cells.error("min_eigen_bijdrage_pct", _("'%(value)s' is not a percentage (0 to 100)") % {
                    "value": pct})
            opens, closes = values["opens_at"], values["closes_at"]
            if opens not in (INVALID, None) and closes not in (INVALID, None) and closes <= opens:
                cells.error("sluit_op", _("The call must close after it opens."))
            if values["kind"] == CallKind.ACADEMY_ROLLOUT and values["amount_per_municipality"] is None:
                cells.error("bedrag_per_gemeente", _("An academy rollout call needs an amount per municipality."))
            if code is not INVALID:
                _duplicate(cells, "code", seen, code, code)
            if cells.ok:
                parsed.append((cells.number, code, values))
        return plan_upserts_by_code(Call, parsed, summary)

    def write(self, plan, user):
        create_all(Call, plan.creates, user)
        update_all(Call, plan.updates, sorted(plan.update_fields), user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Call.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.filter(year=year)
        yield self.header()
        for row in queryset.order_by("year", "code").values_list("code", *self.field_columns):
            row = list(row)
            row[5], row[6] = local_minutes(row[5]), local_minutes(row[6])
            yield row


def local_minutes(moment: datetime.datetime | None) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- Awards -------------------------------------------------------------------------------------------------------

class AwardKind(Kind):
    """One row per award; `gemeenten` lists the funded municipalities (NIS codes, postcodes or names separated by
    `,` `;` `|` or new lines), resolved for the call's year."""

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

    def load(self, table, columns, errors, summary, progress):
        resolver = MunicipalityResolver()
        rows = list(self.rows(table, columns, errors, progress))
        calls = {call.code: call for call in Call.objects.filter(
            code__in={text(cells.raw("oproep")) for cells in rows})}
        academies = dict(Academy.objects.filter(code__in={text(cells.raw("academie")) for cells in rows})
                         .values_list("code", "id"))
        applications = {(app.call_id, app.academy_id): app
                        for app in Application.objects.filter(call__in=calls.values())}
        awards = {award.application_id: award for award in Award.objects.filter(
            application__call__in=calls.values())}
        through = Award.funded_municipalities.through
        funded: dict[int, set[str]] = {}
        for award_id, nis_code in through.objects.filter(award__in=awards.values()).values_list(
                "award_id", "municipality_id"):
            funded.setdefault(award_id, set()).add(nis_code)

        plan = {"applications": [], "application_updates": [], "creates": [], "updates": [], "fields": set(),
                "m2m": []}
        seen = {}
        for cells in rows:
            call_code, academy_code = cells.get("oproep", required=True), cells.get("academie", required=True)
            call = calls.get(call_code)
            if call_code is not INVALID and call is None:
                cells.error("oproep", _("'%(value)s' is not a known call code") % {"value": call_code})
            academy_id = academies.get(academy_code)
            if academy_code is not INVALID and academy_id is None:
                cells.error("academie", _("'%(value)s' is not a known academy code") % {"value": academy_code})
            values = {
                "amount": cells.get("bedrag", parse_decimal, required=True),
                "decided_on": cells.get("beslist_op", parse_date, required=True),
                "amount_reason": cells.get("motivering_bedrag"),
            }
            nis_codes = None
            if cells.has("gemeenten") and call is not None:
                nis_codes = set()
                for part in LIST_SEPARATORS.split(text(cells.raw("gemeenten"))):
                    if part.strip():
                        try:
                            nis_codes.add(resolver.resolve(part.strip(), call.year))
                        except FieldError as error:
                            cells.error("gemeenten", str(error))
            if call is not None and academy_id is not None:
                _duplicate(cells, "academie", seen, (call.id, academy_id), f"{call_code} / {academy_code}")
            if not cells.ok:
                continue
            label = f"{call_code} / {academy_code}"
            application = applications.get((call.id, academy_id))
            if application is None:
                application = Application(call=call, academy_id=academy_id, status=ApplicationStatus.AWARDED)
                plan["applications"].append(application)
            elif application.status != ApplicationStatus.AWARDED:
                application.status = ApplicationStatus.AWARDED
                plan["application_updates"].append(application)
            award = awards.get(application.pk) if application.pk else None
            outcome = "skip"
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
                outcome = "update" if outcome == "skip" else outcome
            record(summary, cells.number, outcome, label)
        return plan

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


# --- Final reports ------------------------------------------------------------------------------------------------

LINE_COUNTS = ("participants", "boys", "girls", "other")
LINE_FIELDS = ("half_days", *LINE_COUNTS)
UNATTRIBUTED = ("unattributed_participants", "unattributed_boys", "unattributed_girls", "unattributed_other")


class FinalReportKind(Kind):
    """One row per municipality line of a final report: the award is `oproep` (call code) + `academie` (academy
    code). Report-level cells (`status`, `niet_toewijsbaar_*`) may be repeated on every row of the report or given
    once; a row with an empty `gemeente` carries only report-level cells. Empty counts are NULL (not reported)."""

    key = "finalreports"
    model = FinalReport
    columns = (
        Column("oproep", ("call",), required=True),
        Column("academie", ("academy",), required=True),
        Column("status"),
        Column("gemeente", ("municipality",)),
        Column("halve_dagen", ("half_days",)),
        Column("deelnemers", ("participants",)),
        Column("jongens", ("boys",)),
        Column("meisjes", ("girls",)),
        Column("andere", ("other",)),
        Column("niet_toewijsbaar_deelnemers", ("unattributed_participants",)),
        Column("niet_toewijsbaar_jongens", ("unattributed_boys",)),
        Column("niet_toewijsbaar_meisjes", ("unattributed_girls",)),
        Column("niet_toewijsbaar_andere", ("unattributed_other",)),
    )
    line_columns = dict(zip(LINE_COUNTS, ("deelnemers", "jongens", "meisjes", "andere"), strict=True))
    report_columns = dict(zip(UNATTRIBUTED, ("niet_toewijsbaar_deelnemers", "niet_toewijsbaar_jongens",
                                             "niet_toewijsbaar_meisjes", "niet_toewijsbaar_andere"), strict=True))

    def load(self, table, columns, errors, summary, progress):
        resolver = MunicipalityResolver()
        status_parser = choice_parser(FinalReportStatus)
        call_codes, academy_codes = (distinct_texts(table, columns, column) for column in ("oproep", "academie"))
        calls = dict(Call.objects.filter(code__in=call_codes).values_list("code", "id"))
        call_years = dict(Call.objects.filter(code__in=call_codes).values_list("id", "year"))
        academies = dict(Academy.objects.filter(code__in=academy_codes).values_list("code", "id"))
        awards = {(call_id, academy_id): award_id for award_id, call_id, academy_id in Award.objects.filter(
            application__call_id__in=calls.values()).values_list(
            "id", "application__call_id", "application__academy_id")}
        reports = {report.award_id: report for report in FinalReport.objects.filter(
            award__application__call_id__in=calls.values())}
        lines = {(row[1], row[2]): row for row in FinalReportLine.objects.filter(
            report__award__application__call_id__in=calls.values()).values_list(
            "id", "report_id", "municipality_id", *LINE_FIELDS)}

        line_columns = [("halve_dagen", MAX_SMALL), *((column, MAX_COUNT) for column in self.line_columns.values())]
        line_specs = count_specs(columns, line_columns)
        report_specs = count_specs(columns, [(column, MAX_COUNT) for column in self.report_columns.values()])
        report_values: dict[int, dict] = {}  # award id -> report-level values found in the file
        parsed_lines = []  # (row, award_id, nis_code, (half_days, participants, boys, girls, other), label)
        seen = {}
        for cells in self.rows(table, columns, errors, progress):
            call_code, academy_code = cells.text("oproep", required=True), cells.text("academie", required=True)
            call_id, academy_id = calls.get(call_code), academies.get(academy_code)
            if call_code and call_id is None:
                cells.error("oproep", _("'%(value)s' is not a known call code") % {"value": call_code})
            if academy_code and academy_id is None:
                cells.error("academie", _("'%(value)s' is not a known academy code") % {"value": academy_code})
            award_id = awards.get((call_id, academy_id))
            if call_id is not None and academy_id is not None and award_id is None:
                cells.error("academie", _("academy '%(academy)s' has no award in call '%(call)s'") % {
                    "academy": academy_code, "call": call_code})
            nis_code = None
            municipality = cells.text("gemeente")
            if municipality and call_id is not None:
                nis_code = cells.get("gemeente", resolver.resolve, year=call_years[call_id])
            line = cells.counts(line_specs)
            if not municipality and any(value is not None for value in line):
                column = line_columns[[value is not None for value in line].index(True)][0]
                cells.error(column, _("a municipality line needs a municipality (column 'gemeente'); "
                                      "put totals in the niet_toewijsbaar_* columns"))
            if line[1] is not None and any(value is not None for value in line[2:]):
                check_split(cells, line[1], line[2:], "deelnemers")
            totals = cells.counts(report_specs)
            report = dict(zip(UNATTRIBUTED, totals, strict=True))
            if totals[0] is not None:
                check_split(cells, totals[0], totals[1:], "niet_toewijsbaar_deelnemers")
            status = cells.get("status", status_parser) if cells.text("status") else None
            if status is not None:
                report["status"] = status
            if award_id is not None and nis_code not in (None, INVALID):
                _duplicate(cells, "gemeente", seen, (award_id, nis_code), municipality)
            if award_id is None or not cells.ok:
                continue
            known = report_values.setdefault(award_id, {})
            for name, value in report.items():
                if value is None:
                    continue
                if known.get(name) is not None and known[name] != value:
                    column = "status" if name == "status" else self.report_columns[name]
                    cells.error(column, _("'%(value)s' differs from '%(other)s' given for the same report "
                                          "on an earlier row") % {"value": value, "other": known[name]})
                known[name] = value
            label = f"{call_code} / {academy_code}" if summary.keep_rows else ""
            if nis_code is not None:
                parsed_lines.append((cells.number, award_id, nis_code, (line[0] or 0, *line[1:]), label))
            else:
                record(summary, cells.number, "report", label)
        if errors:
            return None

        plan = {"reports": [], "report_updates": [], "report_fields": set(), "lines": [], "line_updates": [],
                "line_fields": set(), "reports_by_award": reports}
        for award_id, found in report_values.items():
            report = reports.get(award_id)
            values = {name: found.get(name) for name in UNATTRIBUTED}
            if report is None:
                report = FinalReport(award_id=award_id, status=found.get("status") or FinalReportStatus.SUBMITTED,
                                     **values)
                reports[award_id] = report
                plan["reports"].append(report)
                summary.created += 1
            else:
                if found.get("status"):
                    values["status"] = found["status"]
                if changed := changed_fields(report, values):
                    plan["report_updates"].append(report)
                    plan["report_fields"].update(changed)
                    summary.updated += 1
        for number, award_id, nis_code, values, label in parsed_lines:
            report = reports[award_id]
            existing = lines.get((report.pk, nis_code)) if report.pk else None
            if existing is None:
                plan["lines"].append((award_id, nis_code, values))
                record(summary, number, "new", label and f"{label} / {nis_code}")
            elif existing[3:] != values:
                plan["line_updates"].append(FinalReportLine(id=existing[0], report_id=report.pk,
                                                            municipality_id=nis_code,
                                                            **dict(zip(LINE_FIELDS, values, strict=True))))
                plan["line_fields"].update(name for name, old, new in zip(LINE_FIELDS, existing[3:], values,
                                                                          strict=True) if old != new)
                record(summary, number, "update", label and f"{label} / {nis_code}")
            else:
                record(summary, number, "skip", label and f"{label} / {nis_code}")
        return plan

    def write(self, plan, user):
        create_all(FinalReport, plan["reports"], user)
        update_all(FinalReport, plan["report_updates"], sorted(plan["report_fields"]), user)
        reports = plan["reports_by_award"]
        insert_with_history(FinalReportLine, ["report_id", "municipality_id", *LINE_FIELDS],
                            [(reports[award_id].pk, nis_code, *values) for award_id, nis_code, values in plan["lines"]],
                            user=user, reason=_("import"))
        update_all(FinalReportLine, plan["line_updates"], sorted(plan["line_fields"]), user)

    def export_rows(self, *, year=None, queryset=None):
        reports = FinalReport.objects.all() if queryset is None else queryset
        if year is not None:
            reports = reports.for_year(year)
        order = ("award__application__call__code", "award__application__academy__code")
        report_rows = reports.order_by(*order).values_list(
            "id", "award__application__call__code", "award__application__academy__code", "status", *UNATTRIBUTED)
        lines = FinalReportLine.objects.filter(report__in=reports).order_by(
            *(f"report__{name}" for name in order), "municipality_id").values_list(
            "report_id", "municipality_id", "half_days", *LINE_COUNTS).iterator(chunk_size=BATCH_SIZE)
        yield self.header()
        pending = next(lines, None)
        for report_id, call, academy, status, *unattributed in report_rows.iterator(chunk_size=BATCH_SIZE):
            first = True
            while pending is not None and pending[0] == report_id:
                head = [call, academy, status] if first else [call, academy, ""]
                tail = unattributed if first else [None] * 4
                yield [*head, *pending[1:], *tail]
                first = False
                pending = next(lines, None)
            if first:
                yield [call, academy, status, "", None, None, None, None, None, *unattributed]


def check_split(cells: Cells, participants, parts, column: str) -> None:
    """boys + girls + other <= participants when participants is given (the database enforces it too)."""
    if participants is INVALID or any(part is INVALID for part in parts):
        return
    split = sum(part or 0 for part in parts)
    if split > participants:
        cells.error(column, _("Boys + girls + other/unspecified (%(split)s) is more than the number of participants "
                              "(%(participants)s).") % {"split": split, "participants": participants})


# --- UiT events ---------------------------------------------------------------------------------------------------

@dataclass
class EventRecord:
    row: int
    uit_id: str
    values: dict


def stem_labels() -> set[str]:
    from django.conf import settings

    return {label.casefold() for label in getattr(settings, "UIT_STEM_LABELS", ["STEM-academie"])}


def upsert_events(records: Iterable[EventRecord], summary: ImportSummary) -> UpsertPlan:
    """Plan creates and updates for events keyed on `uit_id` (one query); `has_stem_label` follows the labels."""
    records = list(records)
    wanted = stem_labels()
    existing = {event.uit_id: event for event in Event.objects.filter(uit_id__in=[r.uit_id for r in records])}
    plan, updated = UpsertPlan(), set()
    for item in records:
        values = dict(item.values)
        values["has_stem_label"] = any(label.casefold() in wanted for label in values.get("labels", []))
        event = existing.get(item.uit_id)
        if event is None:
            event = Event(uit_id=item.uit_id, **values)
            existing[item.uit_id] = event
            plan.creates.append(event)
            record(summary, item.row, "new", item.uit_id)
        elif changed := changed_fields(event, values):
            if event.pk and event.pk not in updated:
                updated.add(event.pk)
                plan.updates.append(event)
            plan.update_fields.update(changed)
            record(summary, item.row, "update", item.uit_id)
        else:
            record(summary, item.row, "skip", item.uit_id)
    return plan


def write_events(plan: UpsertPlan, user) -> None:
    create_all(Event, plan.creates, user)
    update_all(Event, plan.updates, sorted(plan.update_fields | {"updated_at"}), user)


class EventKind(Kind):
    key = "events"
    model = Event
    columns = (
        Column("uit_id", ("id",), required=True),
        Column("naam", ("name",), required=True),
        Column("startdatum", ("start_date",)),
        Column("einddatum", ("end_date",)),
        Column("postcode"),
        Column("gemeente", ("municipality",)),
        Column("organisator", ("organiser_name", "organiser")),
        Column("organisator_id", ("organiser_id",)),
        Column("leeftijd_min", ("age_min",)),
        Column("leeftijd_max", ("age_max",)),
        Column("labels"),
        Column("academie", ("academy",)),
    )

    def load(self, table, columns, errors, summary, progress):
        resolver = MunicipalityResolver()
        rows = list(self.rows(table, columns, errors, progress))
        academies = dict(Academy.objects.filter(code__in={text(cells.raw("academie")) for cells in rows})
                         .values_list("code", "id"))
        records, seen = [], {}
        for cells in rows:
            uit_id = cells.get_text("uit_id", max_length=100, required=True)
            start, end = cells.get("startdatum", parse_date), cells.get("einddatum", parse_date)
            if start not in (None, INVALID) and end not in (None, INVALID) and end < start:
                cells.error("einddatum", _("The end date cannot be before the start date."))
            municipality = None
            if not is_empty(cells.raw("gemeente")) and start is not INVALID:
                municipality = cells.get("gemeente", resolver.resolve, year=start.year if start else None)
            academy_code = cells.get("academie")
            academy_id = academies.get(academy_code) if academy_code else None
            if academy_code and academy_id is None:
                cells.error("academie", _("'%(value)s' is not a known academy code") % {"value": academy_code})
            age_min = cells.get("leeftijd_min", parse_count, maximum=MAX_SMALL)
            age_max = cells.get("leeftijd_max", parse_count, maximum=MAX_SMALL)
            if age_min not in (None, INVALID) and age_max not in (None, INVALID) and age_max < age_min:
                cells.error("leeftijd_max", _("The maximum age cannot be below the minimum age."))
            labels = [label.strip() for label in text(cells.raw("labels")).split(";") if label.strip()]
            if any(len(label) > 255 for label in labels):
                cells.error("labels", _("a label is longer than 255 characters"))
            values = {
                "name": cells.get_text("naam", max_length=300, required=True),
                "start_date": start, "end_date": end,
                "postcode": cells.get_text("postcode", max_length=10),
                "municipality_id": municipality,
                "organiser_name": cells.get_text("organisator", max_length=300),
                "organiser_id": cells.get_text("organisator_id", max_length=100),
                "age_min": age_min, "age_max": age_max, "labels": labels, "academy_id": academy_id,
            }
            if uit_id is not INVALID:
                _duplicate(cells, "uit_id", seen, uit_id, uit_id)
            if cells.ok:
                records.append(EventRecord(cells.number, uit_id, values))
        if errors:
            return None
        return upsert_events(records, summary)

    def write(self, plan, user):
        write_events(plan, user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Event.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.for_year(year)
        yield self.header()
        for row in queryset.order_by("start_date", "uit_id").values_list(
                "uit_id", "name", "start_date", "end_date", "postcode", "municipality_id", "organiser_name",
                "organiser_id", "age_min", "age_max", "labels", "academy__code"):
            row = list(row)
            row[10] = "; ".join(row[10] or [])
            yield row


KINDS: dict[str, Kind] = {kind.key: kind for kind in (AcademyKind(), CallKindFormat(), AwardKind(),
                                                       FinalReportKind(), EventKind())}


def get_kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ImportFailed([RowError(None, None, _("Unknown kind '%(kind)s'; choose from %(kinds)s") % {
            "kind": key, "kinds": ", ".join(KINDS)})]) from None
