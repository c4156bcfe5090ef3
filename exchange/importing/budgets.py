"""The `yearbudgets` format: one row per year with the amount reserved in the budget, keyed by `jaar`. No
permissions of its own: year budgets travel with the calls' import and export permissions."""

from django.utils.translation import gettext as _

from academies.belgian import MAX_SMALL, parse_count, parse_decimal
from exchange.importing.base import Column, Kind, plan_upserts
from exchange.importing.cells import INVALID, flag_duplicate
from grants.models import YearBudget


class YearBudgetKind(Kind):
    key = "yearbudgets"
    model = YearBudget
    columns = (
        Column("jaar", ("year",), required=True),
        Column("bedrag", ("amount",), required=True),
        Column("notitie", ("note",)),
    )

    @property
    def import_permission(self) -> str:
        return "grants.import_call"

    @property
    def export_permission(self) -> str:
        return "grants.export_call"

    def load(self, table, columns, errors, summary, progress, writing=None):
        rows = list(self.rows(table, columns, errors, progress))
        existing = {budget.year: budget for budget in YearBudget.objects.all()}
        parsed, seen = [], {}
        for cells in rows:
            year = cells.get("jaar", parse_count, required=True, maximum=MAX_SMALL)
            if year not in (INVALID, None) and not 2000 <= year <= 2100:
                cells.error("jaar", _("'%(value)s' is not a year between 2000 and 2100") % {"value": year})
            values = {"amount": cells.get("bedrag", parse_decimal, required=True),
                      "note": cells.get_text("notitie", max_length=300)}
            cells.clean_model(YearBudget, {"year": year, **values}, {"year": "jaar", "amount": "bedrag",
                                                                     "note": "notitie"})
            if year is not INVALID:
                flag_duplicate(cells, "jaar", seen, year, year)
            if not cells.ok:
                continue
            parsed.append((cells.number, year, str(year), values))
        return plan_upserts(existing, parsed, summary, lambda year, values: YearBudget(year=year, **values),
                             {"amount": "bedrag", "note": "notitie"})

    def write(self, plan, user):
        plan.write(YearBudget, user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = YearBudget.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.filter(year=year)
        yield self.header()
        yield from (list(row) for row in queryset.order_by("year").values_list("year", "amount", "note"))
