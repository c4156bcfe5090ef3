"""The `finalreports` format: one row per report line, grouped into final reports."""


from django.utils.translation import gettext as _

from academies.belgian import (
    MAX_COUNT,
    MAX_SMALL,
)
from academies.models import Academy
from academies.municipalities import MunicipalityResolver
from exchange import messages
from exchange.importing.base import (
    INVALID,
    Column,
    Kind,
    _duplicate,
    changed_fields,
    choice_parser,
    count_specs,
    distinct_texts,
    record,
)
from exchange.importing.writing import (
    BATCH_SIZE,
    create_all,
    insert_with_history,
    update_all,
)
from grants.models import (
    Award,
    Call,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
)

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
                cells.error("oproep", messages.unknown_call(call_code))
            if academy_code and academy_id is None:
                cells.error("academie", messages.unknown_academy(academy_code))
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
            cells.clean_model(FinalReportLine, dict(zip(LINE_FIELDS, line, strict=True)),
                              {"participants": "deelnemers"})
            totals = cells.counts(report_specs)
            report = dict(zip(UNATTRIBUTED, totals, strict=True))
            cells.clean_model(FinalReport, report.copy(), {"unattributed_participants": "niet_toewijsbaar_deelnemers"})
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
                            user=user, reason=messages.history_reason())
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
