"""The `academies` format: one row per academy, keyed by its code."""


from academies.models import Academy, OrganisationType
from academies.municipalities import MunicipalityResolver
from exchange.importing.base import Column, Kind, plan_upserts_by_code
from exchange.importing.cells import INVALID, choice_parser, flag_duplicate


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
    field_columns = {"name": "naam", "organisation_type": "type_organisatie", "seat_municipality_id": "gemeente_zetel",
                     "contact_email": "email"}

    def load(self, table, columns, errors, summary, progress, writing=None):
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
            cells.clean_model(Academy, {"code": code, **values}, {"code": "code", **self.field_columns})
            if code is not INVALID:
                flag_duplicate(cells, "code", seen, code, code)
            if cells.ok:
                parsed.append((cells.number, code, values))
        return plan_upserts_by_code(Academy, parsed, summary, self.field_columns)

    def write(self, plan, user):
        plan.write(Academy, user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Academy.objects.all() if queryset is None else queryset
        yield self.header()
        yield from (list(row) for row in queryset.order_by("code").values_list(
            "code", "name", "organisation_type", "seat_municipality_id", "contact_email"))

