"""Question 3 of the answer: the overview per year since the start (`trend_part`) and the UiT events
(`events_part`), with the tables and charts of the event dashboards (annexes). Counts meet their nouns through
`ngettext`."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academies.belgian import format_count
from reports.charts import BarChart, bar_chart
from reports.documents.model import Block, Part, known, paragraph, share_text
from reports.documents.parts import AnswerSources, Figures
from reports.documents.table import Table


def overview_table(trend) -> Table:
    return Table(
        header=[_("Year"), _("Municipalities (final reports)"), _("Municipalities (awards)"), _("Academies funded"),
                _("Academies recognised"), _("Participants (at least)"), _("Amount awarded"), _("UiT events"),
                _("with STEM-academie label")],
        rows=[[str(row.year), row.municipalities_confirmed, row.municipalities_planned, row.academies_funded,
               row.academies_recognised, row.participants_at_least, row.amount_awarded, row.events,
               row.events_labelled] for row in trend])


def trend_part(src: AnswerSources, figures: Figures, overview: Table) -> Part:
    year, texts = src.year, []
    if src.trend:
        first = src.trend[0]
        texts.append(ngettext(
            "The subsidy mechanism started in %(start)s; that year %(n)s municipality was reached according to "
            "final reports (%(planned)s according to the awards).",
            "The subsidy mechanism started in %(start)s; that year %(n)s municipalities were reached according to "
            "final reports (%(planned)s according to the awards).", first.municipalities_confirmed or 0) % {
            "start": first.year, "n": format_count(first.municipalities_confirmed),
            "planned": format_count(first.municipalities_planned)})
        figures.add("start_year", _("first year of the programme"), first.year, "text")
        figures.add("start_municipalities_confirmed", _("municipalities reached in the first year (final reports)"),
                    first.municipalities_confirmed)
    if src.trend_previous and src.trend_this:
        texts.append(_("The minimum number of young people reached went from %(before)s in %(previous)s to "
                       "%(now)s in %(year)s.") % {
            "before": known(src.trend_previous.participants_at_least), "previous": src.trend_previous.year,
            "now": known(src.trend_this.participants_at_least), "year": year})
        figures.add("participants_previous_year", _("participants (at least) in %(year)s") % {"year": year - 1},
                    src.trend_previous.participants_at_least)
    texts.append(_("Annex %(overview)s gives the overview per year, annex %(by_year)s the municipalities per year "
                   "with the young people reached.") % {"overview": src.numbers["overview"][0],
                                                         "by_year": src.numbers["by-year"][0]})
    blocks = [paragraph("answer-trend", " ".join(texts))]
    if src.research is not None:
        blocks.append(paragraph("answer-research", _(
            "Beyond these figures, research was done into the impact of the STEM-academies. The full research "
            "report is in annex %(number)s.") % {"number": src.numbers["research-report"][0]}))
    blocks.append(Block("table", key="answer-overview", caption=_("Overview per year"), table=overview))
    return Part("trend", _("3. Academies, municipalities and participants per year since the start"), blocks)


def events_part(src: AnswerSources, figures: Figures) -> Part:
    this, previous, year = src.trend_this, src.trend_previous, src.year
    if not (this and this.events is not None):
        return Part("events", "", [paragraph("answer-events", _("No UiT events of %(year)s have been recorded.") % {
            "year": year})])
    annexes = {"all": src.numbers["events-all"][0], "only": src.numbers["events-labelled"][0]}
    if previous and previous.events is not None:
        text = _("The number of STEM events in UiTdatabank went from %(before)s in %(previous)s, of which "
                 "%(before_labelled)s with the label STEM-academie, to %(events)s in %(year)s, of which "
                 "%(labelled)s with the label STEM-academie (annexes %(all)s and %(only)s).") % {
            "before": format_count(previous.events), "previous": previous.year,
            "before_labelled": format_count(previous.events_labelled), "events": format_count(this.events),
            "labelled": format_count(this.events_labelled), "year": year, **annexes}
        figures.add("events_previous_year", _("UiT events in %(year)s") % {"year": year - 1}, previous.events)
    else:
        text = ngettext("UiTdatabank lists %(events)s STEM event in %(year)s, of which %(labelled)s with the label "
                        "STEM-academie (annexes %(all)s and %(only)s).",
                        "UiTdatabank lists %(events)s STEM events in %(year)s, of which %(labelled)s with the label "
                        "STEM-academie (annexes %(all)s and %(only)s).", this.events) % {
            "events": format_count(this.events), "year": year, "labelled": format_count(this.events_labelled),
            **annexes}
    figures.add("events", _("UiT events"), this.events)
    figures.add("events_labelled", _("UiT events with STEM-academie label"), this.events_labelled)
    return Part("events", "", [paragraph("answer-events", text)])


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
