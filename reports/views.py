"""Report pages: each view wires one or a few selectors to a table, a map or a chart. Staff only."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from academies.models import Province
from grants.rules import may_read_reports
from reports import charts, selectors
from reports.exports import CONTENT_TYPES, export_response
from reports.forms import (
    MapFilterForm,
    MoneyFilterForm,
    ParticipationFilterForm,
    ProvinceReachFilterForm,
    ReportFilterForm,
    TrendFilterForm,
)
from reports.map_images import choropleth_png, stored_map_drawing, stored_map_figures
from reports.maps import Measure, stored_choropleth
from reports.models import MunicipalityBoundary
from reports.selectors import versions_tag
from reports.tables import (
    MoneyTable,
    MoneyYearTable,
    MunicipalityReachTable,
    ParticipationTable,
    ProvinceReachTable,
    ReachTotalsTable,
    TrendTable,
)
from reports.years import years_with_data


class StaffReportMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous users go to the login page; logged-in users without access get 403."""

    def test_func(self) -> bool:
        return may_read_reports(self.request.user)


class ReportView(StaffReportMixin, TemplateView):
    filter_form_class = ReportFilterForm
    table_class = None
    paginate_by = None

    def get_filter_form(self):
        years = selectors.report_years()
        self.years_with_data = years_with_data()
        default = max(self.years_with_data, default=None) or (years[0] if years else selectors.current_year() - 1)
        return self.filter_form_class(self.request.GET, years=years, default_year=default)

    def get_params(self) -> dict:
        return self.filter_form.selector_kwargs()

    def get_table_data(self, params: dict):
        raise NotImplementedError

    def get_table(self, params: dict):
        table = self.table_class(self.get_table_data(params))
        paginate = {"per_page": self.paginate_by} if self.paginate_by else False
        RequestConfig(self.request, paginate=paginate).configure(table)
        return table

    def export_filename(self, params: dict) -> str:
        return "-".join(str(part) for part in (self.table_class.export_name, params.get("year"),
                                                 params.get("province"), params.get("call_kind"),
                                                 params.get("organisation_type")) if part)

    def get(self, request, *args, **kwargs):
        self.filter_form = self.get_filter_form()
        self.params = self.get_params()
        self.table = self.get_table(self.params) if self.table_class else None
        export_format = request.GET.get("_export")
        if self.table is not None and export_format in CONTENT_TYPES:
            return export_response(self.table, export_format, filename=self.export_filename(self.params))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.params.get("year")
        context.update(filter_form=self.filter_form, params=self.params, table=self.table, year=year,
                       year_without_data=year is not None and year not in self.years_with_data)
        return context


def basis_year(params: dict) -> int | None:
    return selectors.current_year() if params.pop("today", False) else None


class IndexView(StaffReportMixin, TemplateView):
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = selectors.data_years()
        context["has_boundaries"] = MunicipalityBoundary.objects.exists()
        context["provinces"] = Province.objects.all()
        return context


class ProvinceReachView(ReportView):
    template_name = "reports/reach_by_province.html"
    filter_form_class = ProvinceReachFilterForm
    table_class = ProvinceReachTable

    def get_table_data(self, params):
        params = dict(params)
        self.reach = selectors.reach_by_province(basis_year=basis_year(params), **params)
        return self.reach.rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(reach=self.reach, **kwargs)


class MunicipalityReachView(ReportView):
    template_name = "reports/reach_by_municipality.html"
    table_class = MunicipalityReachTable
    paginate_by = 50

    def get_table_data(self, params):
        params = dict(params)
        self.reach = selectors.reach_by_municipality(basis_year=basis_year(params), **params)
        return self.reach.rows

    def get_table(self, params):
        if self.request.GET.get("_export") not in CONTENT_TYPES:
            return super().get_table(params)
        self.get_table_data(params)
        table = self.table_class(self.reach.rows)
        RequestConfig(self.request, paginate=False).configure(table)
        return ExportWithSummary(table, summary_rows(self.reach))

    def get_context_data(self, **kwargs):
        return super().get_context_data(reach=self.reach, totals_table=ReachTotalsTable(summary_rows(self.reach)),
                                        **kwargs)


def summary_rows(reach) -> list[dict]:
    """The rows an export of the reach per municipality ends with, after every municipality: the counts not
    attributable to a municipality, and the total (at least). Only columns that add up are filled: a municipality
    count of awards or academies does not sum to the year's (an award funds several municipalities)."""
    rows = []
    for label, counts in ((_("Not attributable to a municipality"), reach.unattributed),
                          (_("Total (at least)"), reach.totals)):
        if counts is not None:
            rows.append({"name": label, "participants": counts.participants, "boys": counts.boys,
                         "girls": counts.girls, "other": counts.other})
    return rows


class ExportWithSummary:
    """A table's `as_values()` (header, then the data rows in the table's order) followed by summary rows, given
    as {column name: value}; the other columns stay empty."""

    def __init__(self, table, summary: list[dict]):
        self.table, self.summary = table, summary

    def as_values(self):
        names = [column.name for column in self.table.columns.iterall() if not column.column.exclude_from_export]
        yield from self.table.as_values()
        for row in self.summary:
            yield [row.get(name) for name in names]


class ParticipationView(ReportView):
    template_name = "reports/participation.html"
    filter_form_class = ParticipationFilterForm
    table_class = ParticipationTable

    def get_table_data(self, params):
        self.participation = selectors.participation(**params)
        return self.participation.by_organisation_type

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)


class MoneyView(ReportView):
    template_name = "reports/money.html"
    filter_form_class = MoneyFilterForm
    table_class = MoneyTable

    def get_table_data(self, params):
        self.years = selectors.money(**params)
        return [call for year in self.years for call in year.calls]

    def get_context_data(self, **kwargs):
        return super().get_context_data(money_years=self.years, year_table=MoneyYearTable(self.years), **kwargs)


class TrendView(ReportView):
    template_name = "reports/trend.html"
    filter_form_class = TrendFilterForm
    table_class = TrendTable

    def get_table_data(self, params):
        params = dict(params)
        self.trend = selectors.trend(basis_year=basis_year(params), **params)
        return self.trend

    def get_context_data(self, **kwargs):
        years = [row.year for row in self.trend]
        chart_list = []
        if self.trend:
            chart_list = [
                charts.bar_chart(title=_("Municipalities reached per year"), categories=years, series=[
                    (_("awards"), [row.municipalities_planned for row in self.trend]),
                    (_("final reports"), [row.municipalities_confirmed for row in self.trend])]),
                charts.bar_chart(title=_("Participants (at least) per year"), categories=years, series=[
                    (_("participants (at least)"), [row.participants_at_least for row in self.trend])]),
                charts.bar_chart(title=_("Amount awarded per year"), categories=years, money=True, series=[
                    (_("amount awarded"), [row.amount_awarded for row in self.trend])]),
                charts.bar_chart(title=_("Academies per year"), categories=years, series=[
                    (_("recognised"), [row.academies_recognised for row in self.trend]),
                    (_("funded"), [row.academies_funded for row in self.trend])]),
            ]
            if any(row.events is not None for row in self.trend):
                chart_list.append(charts.bar_chart(title=_("UiT events per year"), categories=years, series=[
                    (_("with STEM-academie label"), [row.events_labelled for row in self.trend]),
                    (_("without label"), [row.events_unlabelled for row in self.trend])]))
        return super().get_context_data(trend=self.trend, charts=chart_list, **kwargs)


class MapView(ReportView):
    """The map page reads the figures of the map drawn once per data version (`stored_map_figures`) and shows the
    drawing (`stored_map_drawing`) as an image (`format=image`, revalidated by an ETag of the year's data version);
    `format=svg` and `format=png` download it."""

    template_name = "reports/map.html"
    filter_form_class = MapFilterForm

    def get(self, request, *args, **kwargs):
        self.filter_form = self.get_filter_form()
        self.params = self.get_params()
        self.table = None
        image_format = request.GET.get("format")
        if image_format == "image":
            return self.image_response(request)
        if image_format == "png":
            return self.download(choropleth_png(stored_choropleth(**self.map_arguments())), "png", "image/png")
        if image_format == "svg":
            return self.download(stored_map_drawing(**self.map_arguments()).svg, "svg", "image/svg+xml; charset=utf-8")
        self.map = stored_map_figures(**self.map_arguments())
        return TemplateView.get(self, request, *args, **kwargs)

    def image_response(self, request):
        arguments = self.map_arguments()
        etag = quote_etag(versions_tag([arguments["year"]], map="page", **arguments))
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        response = HttpResponse(stored_map_drawing(**arguments).svg, content_type="image/svg+xml; charset=utf-8")
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response

    def download(self, content, extension: str, content_type: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        name = "-".join(str(part) for part in ("kaart", self.params["year"], self.params.get("province"),
                                               self.params["measure"]) if part)
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response

    def map_arguments(self) -> dict:
        params = dict(self.params)
        measure = params.pop("measure")
        province = params.get("province")
        area = (Province.objects.filter(nis_code=province).values_list("name_nl", flat=True).first()
                if province else _("Flanders"))
        if area is None:
            raise Http404
        label = dict(Measure.CHOICES)[measure]
        title = _("%(area)s %(year)s: %(measure)s") % {"area": area, "year": params["year"], "measure": label}
        return {"measure": measure, "title": str(title), "as_of": timezone.localdate(), **params}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_drawing"] = self.map
        context["provinces"] = Province.objects.all()
        return context


class AnswerSheetView(StaffReportMixin, TemplateView):
    """The answer to the seed's three questions for one year, with links to every annex; printable. It renders the
    `AnswerContent` the documents render (`reports.documents.content`), in the page's language."""

    template_name = "reports/answer_sheet.html"

    def get_context_data(self, **kwargs):
        from reports.documents.content import answer_content

        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        answer = answer_content(year=year, as_of=timezone.localdate(), language=translation.get_language(),
                                annexes=False)
        context.update(year=year, next_year=year + 1, answer=answer, status_line=answer.status_line,
                       answer_maps=answer_map_figures_of(year=year, as_of=answer.as_of),
                       research_report=answer.annex("research-report"))
        return context


def answer_map_figures_of(*, year: int, as_of):
    from reports.documents.content import answer_map_figures

    return answer_map_figures(year=year, as_of=as_of)
