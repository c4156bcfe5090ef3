"""The `calls` format: one row per call, keyed by its code."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from academies.belgian import (
    MAX_SMALL,
    format_datetime_iso,
    parse_count,
    parse_date,
    parse_datetime,
    parse_decimal,
)
from exchange.importing.base import Column, Kind, plan_upserts_by_code
from exchange.importing.cells import INVALID, choice_parser, distinct_texts, flag_duplicate
from grants.models import (
    Call,
    CallKind,
)


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

    def load(self, table, columns, errors, summary, progress, writing=None):
        kind = choice_parser(CallKind)
        parsed, seen = [], {}
        stored_amounts = {} if "bedrag_per_gemeente" in columns else dict(Call.objects.filter(
            code__in=distinct_texts(table, columns, "code")).values_list("code", "amount_per_municipality"))
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
            cleaned = {"code": code, **values}
            if "bedrag_per_gemeente" not in columns:  # the stored amount counts, and stays
                cleaned["amount_per_municipality"] = stored_amounts.get(code)
            cells.clean_model(Call, cleaned, {"code": "code", **self.field_columns})
            if code is not INVALID:
                flag_duplicate(cells, "code", seen, code, code)
            if cells.ok:
                parsed.append((cells.number, code, self.present(values, columns)))
        return plan_upserts_by_code(Call, parsed, summary, self.field_columns)

    def write(self, plan, user):
        plan.write(Call, user)

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
    return format_datetime_iso(moment)

