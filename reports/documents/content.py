"""Everything the answer documents show for year Y, computed once from `reports.selectors` and written out in Dutch:
texts, tables, maps and the flat list of figures that a frozen answer stores and compares."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academies.belgian import format_count, format_euro, format_percent
from grants.models import CallKind
from reports import selectors
from reports.documents.by_year import municipalities_by_year
from reports.documents.table import Table
from reports.map_images import choropleth_svg
from reports.maps import Measure, choropleth_of, stored_boundaries
from reports.selectors.stored import stored


@dataclass(frozen=True)
class Figure:
    """One figure of the answer: a stable key, a Dutch label, a JSON value and how to write it."""

    key: str
    label: str
    value: int | str | None
    kind: str = "count"

    def display(self) -> str:
        return display(self.kind, self.value)


def display(kind: str, value) -> str:
    if value is None:
        return "–"
    if kind == "euro":
        return format_euro(Decimal(value))
    if kind == "share":
        return format_percent(Decimal(value))
    if kind == "count":
        return format_count(value)
    return str(value)


@dataclass
class MapAnnex:
    number: int
    title: str
    choropleth: object


@dataclass
class AnswerContent:
    year: int
    as_of: date
    status_line: str
    answer_1: list[str]
    provinces: Table
    answer_2: list[str]
    calls: Table
    answer_3: list[str]
    overview: Table
    annex_1: Table
    maps: list[MapAnnex]
    by_year_own: Table
    by_year_today: Table
    figures: list[Figure] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return self.as_of.strftime("%d/%m/%Y")


def _share_text(value) -> str:
    return format_percent(value) if value is not None else "–"


def answer_content(*, year: int, as_of: date | None = None, annexes: bool = True) -> AnswerContent:
    """The answer for `year` in Dutch, whatever the request's language; without `annexes` no maps nor per-year
    tables (enough for the figures)."""
    with translation.override("nl"):
        return _answer_content(year=year, as_of=as_of or timezone.localdate(), annexes=annexes)


def _answer_content(*, year: int, as_of: date, annexes: bool) -> AnswerContent:
    reach = selectors.reach_by_province(year=year)
    municipalities = selectors.reach_by_municipality(year=year)
    participation = selectors.participation(year=year)
    money_years = selectors.money(year=year)
    by_kind = selectors.money_by_kind(money_years, year)
    this_year = next((entry for entry in money_years if entry.year == year), None)
    next_year = next((entry for entry in money_years if entry.year == year + 1), None)
    trend = selectors.trend()
    trend_this = next((row for row in trend if row.year == year), None)
    trend_previous = next((row for row in trend if row.year == year - 1), None)
    p, t = participation.total, reach.total
    figures: list[Figure] = []

    def figure(key, label, value, kind="count"):
        if isinstance(value, Decimal):
            value = str(value)
        figures.append(Figure(key, label, value, kind))

    status_line = status_text(p, as_of)

    answer_1 = [_("In %(year)s, %(n)s municipalities had a STEM-academy that organised at least one series of STEM "
                  "activities, according to the final reports received (annexes 1 and 2). According to the awards, "
                  "activities were planned in %(planned)s municipalities.") % {
        "year": year, "n": format_count(t.confirmed_count), "planned": format_count(t.planned_count)}]
    figure("municipalities_confirmed", _("municipalities reached (final reports)"), t.confirmed_count)
    figure("municipalities_planned", _("municipalities reached (awards)"), t.planned_count)
    text = ""
    if p.reports_received < p.reports_expected:
        text = _("Not all final reports of the STEM-academies %(year)s have come in yet (%(received)s of "
                 "%(expected)s).") % {"year": year, "received": format_count(p.reports_received),
                                      "expected": format_count(p.reports_expected)} + " "
    text += _("So far at least %(n)s young people were reached in %(year)s.") % {
        "n": format_count(p.participants_at_least or 0), "year": year}
    text += " " + _("Passing on the number of participants is not compulsory: %(counted)s of the %(received)s final "
                    "reports received give a participant count, so this figure is a lower bound.") % {
        "counted": format_count(p.reports_with_participants), "received": format_count(p.reports_received)}
    if p.participants_unattributed:
        text += " " + _("Of them, %(n)s could not be attributed to a municipality; they count in the total but in "
                        "no municipality.") % {"n": format_count(p.participants_unattributed)}
    answer_1.append(text)
    figure("participants", _("participants (at least)"), p.participants_at_least)
    figure("reports_expected", _("final reports expected"), p.reports_expected)
    figure("reports_received", _("final reports received"), p.reports_received)
    figure("reports_with_participants", _("final reports with a participant count"), p.reports_with_participants)
    if p.reports_with_split:
        answer_1.append(_(
            "Nor is it asked to report gender. Based on the figures VLAIO received (%(n)s of the %(received)s final "
            "reports give a split), the STEM-academies reached on average %(boys)s boys and %(girls)s girls in "
            "%(year)s (pooled over all participants with a known gender).") % {
            "n": format_count(p.reports_with_split), "received": format_count(p.reports_received),
            "boys": _share_text(p.pooled_boys_share), "girls": _share_text(p.pooled_girls_share), "year": year}
            + " " + _("The mean of the shares per academy is %(boys)s boys and %(girls)s girls.") % {
            "boys": _share_text(p.mean_boys_share), "girls": _share_text(p.mean_girls_share)})
    else:
        answer_1.append(_("No final report received so far gives a gender split."))
    figure("boys_share", _("boys (pooled)"), _rounded(p.pooled_boys_share), "share")
    figure("girls_share", _("girls (pooled)"), _rounded(p.pooled_girls_share), "share")

    per_province = defaultdict(selectors.Counts)
    with_count = defaultdict(int)
    for row in municipalities.rows:
        per_province[row.province_code].add(row.participants, row.boys, row.girls, row.other)
        if row.confirmed and row.participants is not None:
            with_count[row.province_code] += 1
    province_rows = []
    for province in reach.provinces:
        counts = per_province[province.province_code]
        split = (counts.boys or 0) + (counts.girls or 0) + (counts.other or 0)
        boys, girls = selectors.share(counts.boys, split), selectors.share(counts.girls, split)
        province_rows.append([
            province.province, province.municipality_count, province.confirmed_count, province.planned_count,
            counts.participants,
            _share_text(boys), _share_text(girls),
            _("%(n)s of %(reached)s") % {"n": format_count(with_count[province.province_code]),
                                          "reached": format_count(province.confirmed_count)}])
        code = province.province_code
        figure(f"province_{code}_confirmed", _("%(province)s: municipalities reached") % {
            "province": province.province}, province.confirmed_count)
        figure(f"province_{code}_participants", _("%(province)s: participants (at least)") % {
            "province": province.province}, counts.participants)
        figure(f"province_{code}_boys_share", _("%(province)s: boys") % {"province": province.province},
               _rounded(boys), "share")
        figure(f"province_{code}_girls_share", _("%(province)s: girls") % {"province": province.province},
               _rounded(girls), "share")
    provinces = Table(
        header=[_("Province"), _("Municipalities in the province"), _("Reached (final reports)"),
                _("Reached (awards)"), _("Participants (at least)"), _("Boys"), _("Girls"),
                _("Municipalities with a participant count")],
        rows=province_rows,
        footer=[_("Flanders"), t.municipality_count, t.confirmed_count, t.planned_count, p.participants_at_least,
                _share_text(p.pooled_boys_share), _share_text(p.pooled_girls_share), ""])

    calls = this_year.calls if this_year else []
    answer_2 = [ngettext("For STEM in leisure time, %(calls)s call was launched in %(year)s.",
                         "For STEM in leisure time, %(calls)s calls were launched in %(year)s.", len(calls))
                % {"calls": len(calls), "year": year}]
    rollout, partnership = by_kind.get(CallKind.ACADEMY_ROLLOUT), by_kind.get(CallKind.PARTNERSHIP_PROJECT)
    if rollout:
        answer_2.append(_("%(amount)s was awarded to %(n)s STEM-academies for rolling out STEM activities.") % {
            "amount": format_euro(rollout.awarded), "n": format_count(rollout.award_count)})
        figure("rollout_awarded", _("awarded to STEM-academies"), rollout.awarded, "euro")
        figure("rollout_awards", _("STEM-academies funded"), rollout.award_count)
    if partnership:
        answer_2.append(_("%(amount)s was awarded to %(n)s innovation projects of partnerships.") % {
            "amount": format_euro(partnership.awarded), "n": format_count(partnership.award_count)})
        figure("partnership_awarded", _("awarded to innovation projects"), partnership.awarded, "euro")
        figure("partnership_awards", _("innovation projects funded"), partnership.award_count)
    if next_year and next_year.reserved is not None:
        answer_2.append(_("For %(next_year)s, %(amount)s is reserved in the budget.") % {
            "next_year": year + 1, "amount": format_euro(next_year.reserved)})
        figure("budget_next_year", _("budget reserved for %(year)s") % {"year": year + 1}, next_year.reserved, "euro")
    else:
        answer_2.append(_("No budget for %(next_year)s has been recorded yet.") % {"next_year": year + 1})
    calls_table = Table(
        header=[_("Call"), _("Awards"), _("Amount awarded"), _("Call budget")],
        rows=[[f"{call.title} ({call.kind_label})", call.award_count, call.awarded, call.budget] for call in calls],
        footer=[_("Total"), this_year.award_count, this_year.awarded, this_year.calls_budget] if this_year else None)

    answer_3 = []
    if trend:
        first = trend[0]
        answer_3.append(_("The first year in the data is %(first_year)s, with %(n)s municipalities reached according "
                          "to final reports (%(planned)s according to the awards).") % {
            "first_year": first.year, "n": format_count(first.municipalities_confirmed),
            "planned": format_count(first.municipalities_planned)})
    if trend_previous and trend_this:
        answer_3.append(_("The minimum number of young people reached went from %(before)s in %(previous)s to "
                          "%(now)s in %(year)s.") % {
            "before": format_count(trend_previous.participants_at_least or 0), "previous": trend_previous.year,
            "now": format_count(trend_this.participants_at_least or 0), "year": year})
    if trend_this and trend_this.events is not None:
        answer_3.append(_("UiTdatabank lists %(events)s STEM events in %(year)s, of which %(labelled)s with the label "
                          "STEM-academie.") % {"events": format_count(trend_this.events), "year": year,
                                               "labelled": format_count(trend_this.events_labelled)})
        figure("events", _("UiT events"), trend_this.events)
        figure("events_labelled", _("UiT events with STEM-academie label"), trend_this.events_labelled)
    overview = Table(
        header=[_("Year"), _("Municipalities (final reports)"), _("Municipalities (awards)"), _("Academies funded"),
                _("Participants (at least)"), _("Amount awarded"), _("UiT events"), _("with STEM-academie label")],
        rows=[[str(row.year), row.municipalities_confirmed, row.municipalities_planned, row.academies_funded,
               row.participants_at_least, row.amount_awarded, row.events, row.events_labelled]
              for row in trend])

    annex_1 = Table(
        header=[_("Municipality"), _("NIS code"), _("Province"), _("Academies"), _("Reached"),
                _("Participants"), _("Boys"), _("Girls")],
        rows=[[row.name, row.nis_code, row.province, max(row.academies_confirmed, row.academies_planned),
               reached_text(row.planned, row.confirmed), row.participants, row.boys, row.girls]
              for row in sorted(municipalities.rows, key=lambda row: (row.province, row.name))
              if row.planned or row.confirmed])

    if not annexes:
        empty = Table([], [])
        return AnswerContent(
            year=year, as_of=as_of, status_line=status_line, answer_1=answer_1, provinces=provinces,
            answer_2=answer_2, calls=calls_table, answer_3=answer_3, overview=overview, annex_1=annex_1, maps=[],
            by_year_own=empty, by_year_today=empty, figures=figures)
    maps = answer_maps(year=year, as_of=as_of)

    return AnswerContent(
        year=year, as_of=as_of, status_line=status_line, answer_1=answer_1, provinces=provinces, answer_2=answer_2,
        calls=calls_table, answer_3=answer_3, overview=overview, annex_1=annex_1, maps=maps,
        by_year_own=municipalities_by_year(last_year=year, today=False),
        by_year_today=municipalities_by_year(last_year=year, today=True), figures=figures)


@dataclass
class AnswerMapFigure:
    """A map of `answer_maps` as the answer page shows it: its annex number and title, and a text that says what
    the map shows (its legend with the number of municipalities in each class), for the image's alt text."""

    number: int
    title: str
    description: str
    has_boundaries: bool


def answer_map_figures(*, year: int, as_of: date) -> list[AnswerMapFigure]:
    """The six maps of `answer_maps` without their shapes, stored apart: the answer page reads a few strings and
    links each map as an image (`answer_map_svg`)."""
    return stored("answer_map_figures", _answer_map_figures, years=[year], year=year, as_of=as_of)


def _answer_map_figures(*, year: int, as_of: date) -> list[AnswerMapFigure]:
    return [AnswerMapFigure(annex.number, annex.title, map_description(annex.choropleth),
                            annex.choropleth.has_boundaries)
            for annex in answer_maps(year=year, as_of=as_of)]


def map_description(choropleth) -> str:
    """The text equivalent of a map: its title and each class of its legend with its number of municipalities."""
    classes = "; ".join(placed.entry.label_with_count for placed in choropleth.legend)
    return _("%(title)s. Municipalities per class: %(classes)s.") % {"title": choropleth.title, "classes": classes}


def answer_map_svg(*, year: int, number: int, as_of: date) -> str | None:
    """Annex `number` of `answer_maps` drawn as an SVG document (`choropleth_svg`), stored apart; None for a
    number that is not one of the maps."""
    return stored("answer_map_svg", _answer_map_svg, years=[year], year=year, number=number, as_of=as_of)


def _answer_map_svg(*, year: int, number: int, as_of: date) -> str | None:
    annex = next((annex for annex in answer_maps(year=year, as_of=as_of) if annex.number == number), None)
    return None if annex is None else str(choropleth_svg(annex.choropleth))


def answer_maps(*, year: int, as_of: date) -> list[MapAnnex]:
    """Annexes 2-7: the maps of reach (final reports) of Flanders and of each province in name order (the order
    of the answer page's annex numbers), stored while the year's data and the outlines are unchanged."""
    return stored("answer_maps", _answer_maps, years=[year], year=year, as_of=as_of)


def _answer_maps(*, year: int, as_of: date) -> list[MapAnnex]:
    """One selector call and one boundary query for the six maps."""
    from academies.models import Province

    measure = dict(Measure.CHOICES)[Measure.CONFIRMED]
    rows = list(selectors.reach_by_municipality(year=year).rows)  # built once for the six maps
    boundaries = stored_boundaries(year=year)
    provinces = Province.objects.order_by("name_nl").values_list("nis_code", "name_nl")
    areas = [(None, _("Flanders")), *provinces]
    return [MapAnnex(number, area, choropleth_of(
        [row for row in rows if code is None or row.province_code == code], boundaries, year=year,
        measure=Measure.CONFIRMED, as_of=as_of,
        title=_("%(area)s %(year)s: %(measure)s") % {"area": area, "year": year, "measure": measure}))
        for number, (code, area) in enumerate(areas, start=2)]


def status_text(participation_total, as_of: date) -> str:
    """ "Stand op DD/MM/JJJJ" and the coverage of the final reports, shown on every page of the answer."""
    p = participation_total
    coverage = _("Final reports received: %(received)s of %(expected)s; %(counted)s give a participant count, "
                 "%(split)s a gender split.") % {
        "received": format_count(p.reports_received), "expected": format_count(p.reports_expected),
        "counted": format_count(p.reports_with_participants), "split": format_count(p.reports_with_split)}
    return f"{_('Status on %(date)s') % {'date': as_of.strftime('%d/%m/%Y')}}. {coverage}"


def reached_text(planned: bool, confirmed: bool) -> str:
    if planned and confirmed:
        return _("planned and confirmed")
    if confirmed:
        return _("confirmed")
    return _("planned") if planned else ""


def _rounded(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.0001"))
