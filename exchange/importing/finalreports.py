"""The `finalreports` format: one row per report line, grouped into final reports. The rows are checked here,
the lines decided by exchange.importing.finalreport_lines and kept and written by its writer (in memory, or staged
on PostgreSQL by exchange.importing.staging)."""


from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from academies.belgian import MAX_COUNT, MAX_SMALL
from academies.models import Academy
from academies.municipalities import MunicipalityResolver
from exchange import messages
from exchange.exporting import ExportQuery, query_rows
from exchange.importing.base import Column, Kind, changed_fields, record
from exchange.importing.cells import INVALID, choice_parser, count_specs
from exchange.importing.finalreport_lines import LINE_FIELDS, Line, LinePlanner, MemoryLines, split_error
from exchange.importing.staging import StagedLines
from exchange.importing.writing import create_all, update_all
from grants.models import Application, Award, Call, FinalReport, FinalReportLine, FinalReportStatus

LINE_COUNTS = LINE_FIELDS[1:]  # participants, boys, girls, other
UNATTRIBUTED = ("unattributed_participants", "unattributed_boys", "unattributed_girls", "unattributed_other")


@dataclass
class FinalReportPlan:
    """The reports to create and update, and the writer holding the decided lines (`present`: per LINE_FIELDS,
    whether its column is in the file)."""

    reports: list
    report_updates: list
    report_fields: set
    reports_by_award: dict
    lines: MemoryLines | StagedLines
    present: tuple[bool, ...]


class Lookups:
    """Calls and academies by code, and per call (read when a row first names it, one query per table) its awards
    and their stored reports."""

    def __init__(self):
        self.calls = {code: (pk, year) for code, pk, year in Call.objects.values_list("code", "id", "year")}
        self.academies = dict(Academy.objects.values_list("code", "id"))
        self.awards: dict[int, dict[int, int]] = {}  # call id -> academy id -> award id
        self.reports: dict[int, FinalReport] = {}  # award id -> stored report (and, once planned, the new ones)

    def award(self, call_id: int | None, academy_id: int | None) -> int | None:
        if call_id is None or academy_id is None:
            return None
        awards = self.awards.get(call_id)
        if awards is None:
            awards = self.awards[call_id] = dict(Award.objects.filter(application__call_id=call_id).values_list(
                "application__academy_id", "id"))
            self.reports.update((report.award_id, report) for report in FinalReport.objects.filter(
                award__application__call_id=call_id))
        return awards.get(academy_id)


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
    field_columns = {"status": "status", "half_days": "halve_dagen", **line_columns, **report_columns}

    def part_names(self):
        meta = FinalReport._meta
        return {"reports": (str(meta.verbose_name), str(meta.verbose_name_plural)), "lines": (_("line"), _("lines"))}

    staged: bool | None = None
    """Which writer keeps and writes the lines: None, the staged writer on PostgreSQL and the in-memory one
    elsewhere; True or False chooses one (the tests run both on the same files)."""

    def uses_staging(self) -> bool:
        return connection.vendor == "postgresql" if self.staged is None else self.staged

    def streams(self) -> bool:
        return self.uses_staging()

    def load(self, table, columns, errors, summary, progress, writing=None):
        """Check every row as it comes (`check_rows`), decide every line (`LinePlanner`) and the reports
        (`plan_reports`), all in Python; the writer only keeps the decided lines and writes them (with `writing`,
        the staged writer writes new lines while the rest is read, rolled back when any check fails)."""
        lookups = Lookups()
        present = tuple(column in columns for column in ("halve_dagen", *self.line_columns.values()))
        if self.uses_staging():
            lines = StagedLines(write_early=writing is not None, user=getattr(writing, "user", None), errors=errors)
        else:
            lines = MemoryLines()
        planner = LinePlanner(lines, present=present, summary=summary, errors=errors,
                              field_columns=self.field_columns,
                              municipality_column=columns.get("gemeente", (None, "gemeente"))[1])
        try:
            report_values, report_rows = self.check_rows(table, columns, errors, summary, progress, lookups,
                                                         planner)
            planner.flush()
            reports = None if errors else self.plan_reports(lookups.reports, report_values, report_rows, columns,
                                                            errors, summary)
            errors.errors.sort(key=lambda error: error.row or 0)
            lines.finish(ok=not errors)
        except BaseException:
            lines.discard()
            raise
        if errors:
            lines.discard()
            return None
        reserved = lines.report_ids()
        for report in reports["reports"]:
            report.pk = reserved.get(report.award_id)
        return FinalReportPlan(**reports, reports_by_award=lookups.reports, lines=lines, present=present)

    def check_rows(self, table, columns, errors, summary, progress, lookups, planner) -> tuple[dict, dict]:
        """Check every row's cells; each municipality line goes to the planner, which may find more errors.
        Returns the report-level values found per award id and per award id its first row and label."""
        resolver = MunicipalityResolver()
        status_parser = choice_parser(FinalReportStatus)
        line_columns = [("halve_dagen", MAX_SMALL), *((column, MAX_COUNT) for column in self.line_columns.values())]
        line_specs = count_specs(columns, line_columns)
        report_specs = count_specs(columns, [(column, MAX_COUNT) for column in self.report_columns.values()])
        no_totals = (None,) * len(report_specs)
        report_values: dict[int, dict] = {}  # award id -> report-level values found in the file
        report_rows: dict[int, tuple[int, str]] = {}  # award id -> (its first row, its label)
        labels: dict[int, str] = {}  # award id -> its label, for its lines
        for cells in self.rows(table, columns, errors, progress):
            call_code, academy_code = cells.text("oproep", required=True), cells.text("academie", required=True)
            call_id, call_year, award_id = self.award_of(cells, lookups, call_code, academy_code)
            nis_code = None
            municipality = cells.text("gemeente")
            if municipality and call_id is not None:
                nis_code = cells.get("gemeente", resolver.resolve, year=call_year)
            line = cells.counts(line_specs)
            if not municipality and any(value is not None for value in line):
                column = line_columns[[value is not None for value in line].index(True)][0]
                cells.error(column, _("a municipality line needs a municipality (column 'gemeente'); "
                                      "put totals in the niet_toewijsbaar_* columns"))
            if split_exceeds(line[1], line[2:]):
                cells.clean_model(FinalReportLine, dict(zip(LINE_FIELDS, (line[0] or 0, *line[1:]), strict=True)),
                                  {"participants": "deelnemers"})
            totals = cells.counts(report_specs)
            report = None if totals == no_totals else dict(zip(UNATTRIBUTED, totals, strict=True))
            if report is not None:
                cells.clean_model(FinalReport, report.copy(),
                                  {"unattributed_participants": "niet_toewijsbaar_deelnemers"})
            status = cells.get("status", status_parser) if cells.text("status") else None
            if status is not None:
                report = report or dict(zip(UNATTRIBUTED, totals, strict=True))
                report["status"] = status
            if award_id is not None and nis_code not in (None, INVALID):
                stored = lookups.reports.get(award_id)
                values = (line[0] or 0, *line[1:])
                if INVALID in values:
                    values = tuple(None if value is INVALID else value for value in values)
                label = labels.get(award_id) or labels.setdefault(award_id, f"{call_code} / {academy_code}")
                planner.add(cells, Line(cells.number, award_id, stored.pk if stored else None, municipality,
                                        nis_code, values, label))
            if award_id is None or not cells.ok:
                continue
            if report is not None:
                self.merge_report_values(cells, report_values.setdefault(award_id, {}), report)
            else:
                report_values.setdefault(award_id, {})
            if award_id not in report_rows:
                report_rows[award_id] = (cells.number, f"{call_code} / {academy_code}")
            if nis_code is None:
                record(summary, cells.number, "report", report_rows[award_id][1])
        return report_values, report_rows

    @staticmethod
    def award_of(cells, lookups: Lookups, call_code: str, academy_code: str) -> tuple:
        """(call id, call year, award id) of a row, each None when unknown (an error on its cell)."""
        call_id, call_year = lookups.calls.get(call_code, (None, None))
        academy_id = lookups.academies.get(academy_code)
        if call_code and call_id is None:
            cells.error("oproep", messages.unknown_call(call_code))
        if academy_code and academy_id is None:
            cells.error("academie", messages.unknown_academy(academy_code))
        award_id = lookups.award(call_id, academy_id)
        if call_id is not None and academy_id is not None and award_id is None:
            cells.error("academie", _("academy '%(academy)s' has no award in call '%(call)s'") % {
                "academy": academy_code, "call": call_code})
        return call_id, call_year, award_id

    def merge_report_values(self, cells, known: dict, report: dict) -> None:
        """Report-level cells may be repeated on every row of a report; a value that differs from the one given on
        an earlier row is an error."""
        for name, value in report.items():
            if value is None:
                continue
            if known.get(name) is not None and known[name] != value:
                column = "status" if name == "status" else self.report_columns[name]
                cells.error(column, _("'%(value)s' differs from '%(other)s' given for the same report "
                                      "on an earlier row") % {"value": value, "other": known[name]})
            known[name] = value

    def plan_reports(self, reports: dict, report_values: dict, report_rows: dict, columns, errors, summary) -> dict:
        """Plan the reports of the file (`report_values`: award id -> report-level values found; `reports`: award id
        -> stored report, completed here with the new ones): {"reports": new, "report_updates": changed,
        "report_fields": the fields that change}."""
        plan = {"reports": [], "report_updates": [], "report_fields": set()}
        # An absent column leaves the stored value; an empty cell in a present column is "not reported".
        present_totals = [name for name in UNATTRIBUTED if self.report_columns[name] in columns]
        for award_id, found in report_values.items():
            report = reports.get(award_id)
            values = {name: found.get(name) for name in present_totals}
            row, label = report_rows[award_id]
            if report is None:
                report = FinalReport(award_id=award_id, status=found.get("status") or FinalReportStatus.SUBMITTED,
                                     **values)
                reports[award_id] = report
                plan["reports"].append(report)
                summary.created += 1
                summary.count("reports", "new")
                continue
            if found.get("status"):
                values = {"status": found["status"], **values}
            merged = FinalReport(**{name: values.get(name, getattr(report, name)) for name in UNATTRIBUTED})
            if message := split_error(merged, "unattributed_"):
                errors.add(row, "niet_toewijsbaar_deelnemers", message)
            if changed := changed_fields(report, values):
                plan["report_updates"].append(report)
                plan["report_fields"].update(changed)
                summary.updated += 1
                summary.count("reports", "update")
                summary.note_change(row, label, changed, values, self.field_columns)
            else:
                summary.count("reports", "skip")
        return plan

    def write(self, plan, user):
        create_all(FinalReport, plan.reports, user)
        update_all(FinalReport, plan.report_updates, sorted(plan.report_fields), user)
        plan.lines.write(plan.reports_by_award, user, plan.present)

    def discard(self, plan) -> None:
        if plan is not None:
            plan.lines.discard()

    def export_rows(self, *, year=None, queryset=None):
        yield self.header()
        yield from query_rows(self.export_query(year=year, queryset=queryset))

    def export_query(self, *, year=None, queryset=None) -> ExportQuery:
        """One row per line of the reports (all, of `year`, or of `queryset`) ordered by call, academy and NIS
        code; the report's status and unattributed totals on its first line only; a report without lines on a
        row of its own."""
        reports = FinalReport.objects.all() if queryset is None else queryset
        if year is not None:
            reports = reports.for_year(year)
        selected, params = reports.order_by().values("id").query.sql_with_params()
        tables = {name: model._meta.db_table for name, model in (
            ("report", FinalReport), ("line", FinalReportLine), ("award", Award), ("application", Application),
            ("call", Call), ("academy", Academy))}
        first = "row_number() OVER by_report = 1"
        first_only = ", ".join(f"CASE WHEN {first} THEN CAST(r.{name} AS integer) END" for name in UNATTRIBUTED)
        counts = ", ".join(f"CAST(l.{name} AS integer)" for name in ("half_days", *LINE_COUNTS))
        # The reports first (materialised, so the plan starts from them), and one sort for the window and the order.
        sql = f"""WITH selected AS MATERIALIZED ({selected})
            SELECT c.code, ac.code, CASE WHEN {first} THEN r.status END, l.municipality_id, {counts}, {first_only}
            FROM selected JOIN {tables["report"]} r ON r.id = selected.id
            JOIN {tables["award"]} a ON a.id = r.award_id
            JOIN {tables["application"]} ap ON ap.id = a.application_id
            JOIN {tables["call"]} c ON c.id = ap.call_id
            JOIN {tables["academy"]} ac ON ac.id = ap.academy_id
            LEFT JOIN {tables["line"]} l ON l.report_id = r.id
            WINDOW by_report AS (PARTITION BY c.code, ac.code, r.id ORDER BY l.municipality_id)
            ORDER BY c.code, ac.code, r.id, l.municipality_id"""
        return ExportQuery(sql, tuple(params), ("text",) * 4 + ("integer",) * (5 + len(UNATTRIBUTED)))


def split_exceeds(participants, parts: tuple) -> bool:
    """Whether boys + girls + other exceed the participants (the model's rule, checked by `clean()` for its
    message); False when a value did not parse."""
    if participants is None or participants is INVALID or parts == (None, None, None) or INVALID in parts:
        return False
    return sum(part or 0 for part in parts) > participants
