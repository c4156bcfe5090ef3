"""The one answer for a year: every sentence, list, table, chart and annex of the answer to the parliamentary
question, with every figure (key and exact value), built once from `reports.selectors` per (year, as-of date,
language). The answer page, the Word and PDF answer, the annex ZIP, the frozen answer and "compare with today" all
render an `AnswerContent`; none of them computes or words a figure of its own.

Entry point for other documents (e.g. a written parliamentary question): `answer_content(year=..., parts=[...])`
selects parts (`PARTS`), then `AnswerContent.with_blocks(header=..., before=..., after=..., closing=...)` adds a
caller's text blocks; `render_docx`, `render_pdf` and the page render those blocks around the parts."""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academies.belgian import format_count, format_date, format_euro
from academies.models import OrganisationType
from grants.models import CallKind
from reports import selectors
from reports.charts import BarChart, bar_chart
from reports.documents.answer_maps import (  # noqa: F401 - part of this module's interface
    AnswerMapFigure,
    answer_map_figures,
    answer_map_svg,
    answer_maps,
    map_description,
)
from reports.documents.by_year import municipalities_by_year
from reports.documents.model import (  # noqa: F401 - part of this module's interface
    PARTS,
    Annex,
    AnswerContent,
    Block,
    Figure,
    MapAnnex,
    Part,
    display,
    known,
    ordered_provinces,
    paragraph,
    province_order,
    share_text,
)
from reports.documents.paid import paid_texts
from reports.documents.table import Table


def answer_content(*, year: int, as_of: date | None = None, language: str | None = None,
                   parts: list[str] | tuple[str, ...] | None = None, annexes: bool = True) -> AnswerContent:
    """The answer for `year` as it stands on `as_of` (today), in `language` (Dutch by default, the language of the
    documents). `parts` selects parts (keys of `PARTS`, all by default). Without `annexes` the annexes are listed
    (number, title) but their tables, maps and charts are not built: enough for the page and the figures."""
    with translation.override(language or "nl"):
        content = _answer_content(year=year, as_of=as_of or timezone.localdate(), annexes=annexes)
        content.language = translation.get_language()
    if parts is not None:
        content.parts = [part for part in content.parts if part.key in parts]
    return content


def _annex_numbers(*, year: int, provinces: list[tuple[str, str]], research) -> list[tuple[str, str]]:
    """(key, title) of every annex in the published order; the list's position + 1 is the annex number."""
    annexes = [("municipalities", _("Table of reach per municipality %(year)s") % {"year": year}),
               ("map-flanders", _("Map of reach: %(area)s") % {"area": _("Flanders")})]
    annexes += [(f"map-{code}", _("Map of reach: %(area)s") % {"area": name}) for code, name in provinces]
    if research is not None:
        annexes.append(("research-report", research.title))
    annexes += [("events-all", _("Dashboard of all STEM events in UiTdatabank %(year)s") % {"year": year}),
                ("events-labelled", _("Dashboard of the events with the label STEM-academie %(year)s") % {
                    "year": year}),
                ("overview", _("Overview per year")),
                ("by-year", _("Municipalities per year"))]
    return annexes


def _answer_content(*, year: int, as_of: date, annexes: bool) -> AnswerContent:
    from academies.models import Province
    from reports.models import ResearchReport

    reach = selectors.reach_by_province(year=year)
    municipalities = selectors.reach_by_municipality(year=year)
    participation = selectors.participation(year=year)
    money_years = selectors.money(year=year)
    by_kind = selectors.money_by_kind(money_years, year)
    this_year = next((entry for entry in money_years if entry.year == year), None)
    next_year = next((entry for entry in money_years if entry.year == year + 1), None)
    trend = selectors.trend(until_year=year)
    trend_this = next((row for row in trend if row.year == year), None)
    trend_previous = next((row for row in trend if row.year == year - 1), None)
    research = (ResearchReport.objects.filter(year=year).only("year", "title", "filename", "uploaded_at").first())
    provinces = ordered_provinces(list(Province.objects.values_list("nis_code", "name_nl")), code=lambda row: row[0])
    numbers = {key: (index, title) for index, (key, title) in
               enumerate(_annex_numbers(year=year, provinces=provinces, research=research), start=1)}
    p, t = participation.total, reach.total
    figures: list[Figure] = []

    def figure(key, label, value, kind="count"):
        if isinstance(value, Decimal):
            value = str(value)
        figures.append(Figure(key, label, value, kind))

    # 1. Reach per province
    reach_blocks = [paragraph("answer-municipalities", _(
        "In %(year)s, %(n)s municipalities had a STEM-academy that organised at least one series of STEM "
        "activities, according to the final reports received (annexes 1 and 2). According to the awards, "
        "activities were planned in %(planned)s municipalities.") % {
        "year": year, "n": format_count(t.confirmed_count), "planned": format_count(t.planned_count)})]
    figure("municipalities_confirmed", _("municipalities reached (final reports)"), t.confirmed_count)
    figure("municipalities_planned", _("municipalities reached (awards)"), t.planned_count)
    reach_blocks.append(paragraph("answer-provinces-intro", _(
        "Number of municipalities per province with at least one recognised STEM-academy:")))
    items = []
    provinces_in_order = ordered_provinces(list(reach.provinces))
    for province in provinces_in_order:
        item = f"{province.province}: {format_count(province.confirmed_count)}"
        if province.planned_count != province.confirmed_count:
            item += " (" + _("%(n)s according to the awards") % {"n": format_count(province.planned_count)} + ")"
        number = numbers.get(f"map-{province.province_code}", (None,))[0]
        if number:
            item += " (" + _("annex %(number)s") % {"number": number} + ")"
        items.append(item)
    reach_blocks.append(Block("list", key="answer-provinces", items=items))
    province_rows = [province_row(province) for province in [*provinces_in_order, reach.unattributed]]
    for province in provinces_in_order:
        code, name = province.province_code, province.province
        figure(f"province_{code}_confirmed", _("%(province)s: municipalities reached") % {"province": name},
               province.confirmed_count)
        figure(f"province_{code}_participants", _("%(province)s: participants (at least)") % {"province": name},
               province.participants)
        figure(f"province_{code}_boys_share", _("%(province)s: boys") % {"province": name},
               province.pooled_boys_share, "share")
        figure(f"province_{code}_girls_share", _("%(province)s: girls") % {"province": name},
               province.pooled_girls_share, "share")
    figure("unattributed_participants", _("participants not attributable to a municipality"),
           reach.unattributed.participants)
    reach_blocks.append(Block("table", key="answer-province-table", caption=_(
        "Municipalities reached in %(year)s per province") % {"year": year}, table=Table(
        header=[_("Province"), _("Municipalities in the province"), _("Reached (final reports)"),
                _("Share (final reports)"), _("Reached (awards)"), _("Participants (at least)"),
                _("Received with participant count"), _("Boys (pooled)"), _("Girls (pooled)"),
                _("Reports with gender split")],
        rows=province_rows, footer=province_row(t))))
    reach_blocks.append(paragraph("answer-provinces-note", _(
        "Participants and gender per province come from the municipality lines of received final reports. "
        "Coverage: received final reports with a participant count (or a gender split) on a municipality of the "
        "province, of those received for awards in the province. Counts an academy could give only as a total are "
        "not attributable to a municipality, so not to a province either: they are their own row, never spread. "
        "The provinces and that row add up to Flanders."), small=True))

    # 1. Children and gender
    text = ""
    if p.reports_received < p.reports_expected:
        text = _("Not all final reports of the STEM-academies %(year)s have come in yet (%(received)s of "
                 "%(expected)s).") % {"year": year, "received": format_count(p.reports_received),
                                      "expected": format_count(p.reports_expected)} + " "
    if p.participants_at_least is None:
        text += _("The number of young people reached in %(year)s is not known: no final report received so far "
                  "gives a participant count.") % {"year": year}
    else:
        text += _("So far at least %(n)s young people were reached in %(year)s.") % {
            "n": format_count(p.participants_at_least), "year": year}
    text += " " + _("Passing on the number of participants is not compulsory: %(counted)s of the %(received)s final "
                    "reports received give a participant count, so this figure is a lower bound.") % {
        "counted": format_count(p.reports_with_participants), "received": format_count(p.reports_received)}
    if p.participants_unattributed:
        text += " " + _("Of them, %(n)s could not be attributed to a municipality; they count in the total but in "
                        "no municipality.") % {"n": format_count(p.participants_unattributed)}
    children_blocks = [paragraph("answer-participants", text)]
    figure("participants", _("participants (at least)"), p.participants_at_least)
    figure("reports_expected", _("final reports expected"), p.reports_expected)
    figure("reports_received", _("final reports received"), p.reports_received)
    figure("reports_with_participants", _("final reports with a participant count"), p.reports_with_participants)
    figure("reports_with_split", _("final reports with a gender split"), p.reports_with_split)
    if p.reports_with_split:
        text = _(
            "Nor is it asked to report gender. Based on the figures VLAIO received (%(n)s of the %(received)s final "
            "reports give a split), the STEM-academies reached on average %(boys)s boys and %(girls)s girls in "
            "%(year)s (pooled over all participants with a known gender).") % {
            "n": format_count(p.reports_with_split), "received": format_count(p.reports_received),
            "boys": share_text(p.pooled_boys_share), "girls": share_text(p.pooled_girls_share), "year": year}
        text += " " + _(
            "The mean of the shares per academy (over the %(n)s academies whose final reports give a split, each "
            "academy's reports of the year taken together) is %(boys)s boys and %(girls)s girls.") % {
            "boys": share_text(p.mean_boys_share), "girls": share_text(p.mean_girls_share),
            "n": format_count(p.academies_with_split)}
        library = next((group for group in participation.by_organisation_type
                        if group.label == str(OrganisationType.LIBRARY.label)), None)
        if library is not None and library.pooled_boys_share is not None:
            text += " " + _(
                "This is an average: some initiatives, such as the libraries and their MaakBibs, reach a more even "
                "split of %(boys)s boys and %(girls)s girls.") % {
                "boys": share_text(library.pooled_boys_share), "girls": share_text(library.pooled_girls_share)}
            figure("library_boys_share", _("libraries / MaakBibs: boys"), library.pooled_boys_share, "share")
            figure("library_girls_share", _("libraries / MaakBibs: girls"), library.pooled_girls_share, "share")
        children_blocks.append(paragraph("answer-gender", text))
        children_blocks.append(Block("table", key="answer-organisation-types", caption=_(
            "Participants and gender per organisation type"), table=Table(
            header=[_("Organisation type"), _("Participants (at least)"), _("Reports with gender split"),
                    _("Boys (pooled)"), _("Girls (pooled)")],
            rows=[[str(group.label), group.participants_at_least,
                   f"{format_count(group.reports_with_split)} / {format_count(group.reports_received)}",
                   share_text(group.pooled_boys_share), share_text(group.pooled_girls_share)]
                  for group in participation.by_organisation_type])))
    else:
        children_blocks.append(paragraph("answer-gender", _("No final report received so far gives a gender split.")))
    figure("boys_share", _("boys (pooled)"), p.pooled_boys_share, "share")
    figure("girls_share", _("girls (pooled)"), p.pooled_girls_share, "share")
    figure("boys_mean_share", _("boys (mean per academy)"), _exact(p.mean_boys_share), "share")
    figure("girls_mean_share", _("girls (mean per academy)"), _exact(p.mean_girls_share), "share")

    # 2. Money
    calls = this_year.calls if this_year else []
    texts = [ngettext("For STEM in leisure time, %(calls)s call was launched in %(year)s.",
                      "For STEM in leisure time, %(calls)s calls were launched in %(year)s.", len(calls))
             % {"calls": len(calls), "year": year}]
    figure("calls", _("calls launched"), len(calls))
    rollout, partnership = by_kind.get(CallKind.ACADEMY_ROLLOUT), by_kind.get(CallKind.PARTNERSHIP_PROJECT)
    if rollout:
        texts.append(ngettext("%(amount)s was awarded to %(n)s STEM-academy for rolling out STEM activities.",
                              "%(amount)s was awarded to %(n)s STEM-academies for rolling out STEM activities.",
                              rollout.academy_count) % {
            "amount": format_euro(rollout.awarded), "n": format_count(rollout.academy_count)})
        if rollout.award_count != rollout.academy_count:
            texts.append(_("(%(n)s awards: some academies were funded in more than one call.)") % {
                "n": format_count(rollout.award_count)})
        figure("rollout_awarded", _("awarded to STEM-academies"), rollout.awarded, "euro")
        figure("rollout_academies", _("STEM-academies funded"), rollout.academy_count)
        figure("rollout_awards", _("awards to STEM-academies"), rollout.award_count)
    if partnership:
        texts.append(_("%(amount)s was awarded to %(n)s innovation projects of partnerships.") % {
            "amount": format_euro(partnership.awarded), "n": format_count(partnership.award_count)})
        figure("partnership_awarded", _("awarded to innovation projects"), partnership.awarded, "euro")
        figure("partnership_awards", _("innovation projects funded"), partnership.award_count)
    texts += paid_texts(year=year, as_of=as_of, figure=figure)
    if next_year and next_year.reserved is not None:
        texts.append(_("For %(next_year)s, %(amount)s is reserved in the budget.") % {
            "next_year": year + 1, "amount": format_euro(next_year.reserved)})
        figure("budget_next_year", _("budget reserved for %(year)s") % {"year": year + 1}, next_year.reserved, "euro")
    else:
        texts.append(_("No budget for %(next_year)s has been recorded yet.") % {"next_year": year + 1})
    money_blocks = [paragraph("answer-money", " ".join(texts)), Block(
        "table", key="answer-calls", caption=_("Calls of %(year)s") % {"year": year}, table=Table(
            header=[_("Call"), _("Awards"), _("Amount awarded"), _("Call budget")],
            rows=[[f"{call.title} ({call.kind_label})", call.award_count, call.awarded, call.budget]
                  for call in calls],
            footer=[_("Total"), this_year.award_count, this_year.awarded, this_year.calls_budget]
            if calls else None))]

    # 3. Overview per year
    texts = []
    if trend:
        first = trend[0]
        texts.append(_("The subsidy mechanism started in %(start)s; that year %(n)s municipalities were reached "
                       "according to final reports (%(planned)s according to the awards).") % {
            "start": first.year, "n": format_count(first.municipalities_confirmed),
            "planned": format_count(first.municipalities_planned)})
        figure("start_year", _("first year of the programme"), first.year, "text")
        figure("start_municipalities_confirmed", _("municipalities reached in the first year (final reports)"),
               first.municipalities_confirmed)
    if trend_previous and trend_this:
        texts.append(_("The minimum number of young people reached went from %(before)s in %(previous)s to "
                       "%(now)s in %(year)s.") % {
            "before": known(trend_previous.participants_at_least), "previous": trend_previous.year,
            "now": known(trend_this.participants_at_least), "year": year})
        figure("participants_previous_year", _("participants (at least) in %(year)s") % {"year": year - 1},
               trend_previous.participants_at_least)
    overview_number = numbers["overview"][0]
    texts.append(_("Annex %(overview)s gives the overview per year, annex %(by_year)s the municipalities per year "
                   "with the young people reached.") % {"overview": overview_number,
                                                         "by_year": numbers["by-year"][0]})
    trend_blocks = [paragraph("answer-trend", " ".join(texts))]
    if research is not None:
        trend_blocks.append(paragraph("answer-research", _(
            "Beyond these figures, research was done into the impact of the STEM-academies. The full research "
            "report is in annex %(number)s.") % {"number": numbers["research-report"][0]}))
    overview = Table(
        header=[_("Year"), _("Municipalities (final reports)"), _("Municipalities (awards)"), _("Academies funded"),
                _("Academies recognised"), _("Participants (at least)"), _("Amount awarded"), _("UiT events"),
                _("with STEM-academie label")],
        rows=[[str(row.year), row.municipalities_confirmed, row.municipalities_planned, row.academies_funded,
               row.academies_recognised, row.participants_at_least, row.amount_awarded, row.events,
               row.events_labelled] for row in trend])
    trend_blocks.append(Block("table", key="answer-overview", caption=_("Overview per year"), table=overview))

    # 3. UiT events
    events_blocks = []
    if trend_this and trend_this.events is not None:
        texts = []
        if trend_previous and trend_previous.events is not None:
            texts.append(_("The number of STEM events in UiTdatabank went from %(before)s in %(previous)s, of which "
                           "%(before_labelled)s with the label STEM-academie, to %(events)s in %(year)s, of which "
                           "%(labelled)s with the label STEM-academie (annexes %(all)s and %(only)s).") % {
                "before": format_count(trend_previous.events), "previous": trend_previous.year,
                "before_labelled": format_count(trend_previous.events_labelled),
                "events": format_count(trend_this.events), "labelled": format_count(trend_this.events_labelled),
                "year": year, "all": numbers["events-all"][0], "only": numbers["events-labelled"][0]})
            figure("events_previous_year", _("UiT events in %(year)s") % {"year": year - 1}, trend_previous.events)
        else:
            texts.append(_("UiTdatabank lists %(events)s STEM events in %(year)s, of which %(labelled)s with the "
                           "label STEM-academie (annexes %(all)s and %(only)s).") % {
                "events": format_count(trend_this.events), "year": year,
                "labelled": format_count(trend_this.events_labelled), "all": numbers["events-all"][0],
                "only": numbers["events-labelled"][0]})
        events_blocks.append(paragraph("answer-events", " ".join(texts)))
        figure("events", _("UiT events"), trend_this.events)
        figure("events_labelled", _("UiT events with STEM-academie label"), trend_this.events_labelled)
    else:
        events_blocks.append(paragraph("answer-events", _("No UiT events of %(year)s have been recorded.") % {
            "year": year}))

    parts = [
        Part("reach", _("1. Municipalities with at least one STEM-academy in %(year)s, per province, with children "
                        "reached") % {"year": year}, reach_blocks),
        Part("children", "", children_blocks),
        Part("money", _("2. Means in %(year)s and budget reserved for %(next_year)s") % {
            "year": year, "next_year": year + 1}, money_blocks),
        Part("trend", _("3. Academies, municipalities and participants per year since the start"), trend_blocks),
        Part("events", "", events_blocks),
    ]
    annex_list = [Annex(number, key, title) for key, (number, title) in numbers.items()]
    content = AnswerContent(
        year=year, as_of=as_of, language="nl", title=_("STEM-academies: state of affairs %(year)s") % {"year": year},
        status_line=status_text(p, as_of), parts=parts, annexes=annex_list, figures=figures, annexes_built=annexes)
    municipality_table = Table(
        header=[_("Municipality"), _("NIS code"), _("Province"), _("Academies (awards)"),
                _("Academies (final reports)"), _("Reached"), _("Participants"), _("Boys"), _("Girls")],
        rows=[[row.name, row.nis_code, row.province, row.academies_planned, row.academies_confirmed,
               reached_text(row.planned, row.confirmed), row.participants, row.boys, row.girls]
              for row in sorted(municipalities.rows, key=lambda row: (row.province, row.name))
              if row.planned or row.confirmed])
    content.annex("municipalities").tables = [("", municipality_table)]
    content.annex("overview").tables = [("", overview)]
    for code, _name in provinces:
        content.annex(f"map-{code}").province_code = code
    if research is not None:
        content.annex("research-report").document_name = research.filename
    dashboard = selectors.event_dashboard(year=year, province_order=province_order())
    for key, labelled_only in (("events-all", False), ("events-labelled", True)):
        annex = content.annex(key)
        annex.tables = event_tables(dashboard, labelled_only=labelled_only)
        annex.charts = event_charts(dashboard, labelled_only=labelled_only)
    if not annexes:
        return content
    maps = {annex.number: annex for annex in answer_maps(year=year, as_of=as_of)}
    for annex in content.annexes:
        if annex.key.startswith("map-"):
            annex.choropleth = maps[annex.number].choropleth if annex.number in maps else None
    if research is not None:
        content.annex("research-report").document = bytes(ResearchReport.objects.values_list(
            "data", flat=True).get(pk=research.pk))
    content.annex("by-year").tables = [
        (_("Each year's municipalities"), municipalities_by_year(last_year=year, today=False)),
        (_("Today's municipalities"), municipalities_by_year(last_year=year, today=True))]
    return content


def province_row(province) -> list:
    """A row of the province table: counts as raw values, shares and coverage written out."""
    coverage = (format_count(province.reports_with_participants) if province.reports_received is None else
                f"{format_count(province.reports_with_participants)} / {format_count(province.reports_received)}")
    return [province.province, province.municipality_count, province.confirmed_count,
            share_text(province.confirmed_share) if province.municipality_count is not None else None,
            province.planned_count, province.participants, coverage, share_text(province.pooled_boys_share),
            share_text(province.pooled_girls_share), province.reports_with_split]


def event_tables(dashboard, *, labelled_only: bool) -> list[tuple[str, Table]]:
    """Events per month and per province (the events without a municipality in a row of their own), with the
    labelled share; for the labelled dashboard only the labelled events."""
    def row(label, group):
        if labelled_only:
            return [label, group.labelled]
        return [label, group.events, group.labelled, share_text(group.labelled_share)]

    header = ([_("Events with the label STEM-academie")] if labelled_only else
              [_("STEM events"), _("with the label STEM-academie"), _("Share with the label")])
    months = Table(header=[_("Month"), *header],
                   rows=[row(month_name(int(group.key)), group) for group in dashboard.months],
                   footer=row(_("Total"), dashboard.total))
    provinces = Table(header=[_("Province"), *header],
                      rows=[row(group.label or _("No municipality known"), group) for group in dashboard.provinces],
                      footer=row(_("Total"), dashboard.total))
    return [(_("Per month"), months), (_("Per province"), provinces)]


def event_charts(dashboard, *, labelled_only: bool) -> list[BarChart]:
    months = [month_name(int(group.key))[:3] for group in dashboard.months]
    if labelled_only:
        series = [(_("with the label STEM-academie"), [group.labelled for group in dashboard.months])]
    else:
        series = [(_("with the label STEM-academie"), [group.labelled for group in dashboard.months]),
                  (_("without label"), [group.events - group.labelled for group in dashboard.months])]
    return [bar_chart(title=_("STEM events per month %(year)s") % {"year": dashboard.year}, categories=months,
                      series=series)]


def month_name(month: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month])


def _exact(value) -> Decimal | None:
    """A Fraction as a Decimal of 28 digits: stored exactly enough that rounding it for display happens once."""
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)



def status_text(participation_total, as_of: date) -> str:
    """ "Stand op DD/MM/JJJJ" and the coverage of the final reports, shown on every page of the answer."""
    p = participation_total
    coverage = _("Final reports received: %(received)s of %(expected)s; %(counted)s give a participant count, "
                 "%(split)s a gender split.") % {
        "received": format_count(p.reports_received), "expected": format_count(p.reports_expected),
        "counted": format_count(p.reports_with_participants), "split": format_count(p.reports_with_split)}
    return f"{_('Status on %(date)s') % {'date': format_date(as_of)}}. {coverage}"


def reached_text(planned: bool, confirmed: bool) -> str:
    if planned and confirmed:
        return _("planned and confirmed")
    if confirmed:
        return _("confirmed")
    return _("planned") if planned else ""
