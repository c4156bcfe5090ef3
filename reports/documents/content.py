"""The one answer for a year: every sentence, list, table, chart and annex of the answer to the parliamentary
question, with every figure (key and exact value), built once from `reports.selectors` per (year, as-of date,
language). The answer page, the Word and PDF answer, the annex ZIP, the frozen answer and "compare with today" all
render an `AnswerContent`; none of them computes or words a figure of its own.

Entry point for other documents (e.g. a written parliamentary question): `answer_content(year=..., parts=[...])`
selects parts (`PARTS`), then `AnswerContent.with_blocks(header=..., before=..., after=..., closing=...)` adds a
caller's text blocks; `render_docx`, `render_pdf` and the page render those blocks around the parts."""

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from academies.belgian import format_count, format_date
from reports import selectors
from reports.documents.answer_maps import (  # noqa: F401 - part of this module's interface
    AnswerMapFigure,
    answer_map_figures,
    answer_map_svg,
    answer_maps,
    map_description,
)
from reports.documents.by_year import municipalities_by_year
from reports.documents.history import event_charts, event_tables, events_part, overview_table, trend_part
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
from reports.documents.parts import (  # noqa: F401 - part of this module's interface
    AnswerSources,
    Figures,
    children_part,
    money_part,
    province_row,
    reach_part,
)
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


def answer_sources(*, year: int) -> AnswerSources:
    """Everything the answer for `year` reads from the selectors, read once."""
    from academies.models import Province
    from reports.models import ResearchReport

    money_years = selectors.money(year=year)
    trend = selectors.trend(until_year=year)
    research = ResearchReport.objects.filter(year=year).only("year", "title", "filename", "uploaded_at").first()
    provinces = ordered_provinces(list(Province.objects.values_list("nis_code", "name_nl")), code=lambda row: row[0])
    numbers = {key: (index, title) for index, (key, title) in
               enumerate(_annex_numbers(year=year, provinces=provinces, research=research), start=1)}
    return AnswerSources(
        year=year, reach=selectors.reach_by_province(year=year),
        municipalities=selectors.reach_by_municipality(year=year),
        participation=selectors.participation(year=year), money_years=money_years,
        by_kind=selectors.money_by_kind(money_years, year),
        this_year=next((entry for entry in money_years if entry.year == year), None),
        next_year=next((entry for entry in money_years if entry.year == year + 1), None),
        trend=trend, trend_this=next((row for row in trend if row.year == year), None),
        trend_previous=next((row for row in trend if row.year == year - 1), None),
        research=research, provinces=provinces, numbers=numbers)


def _answer_content(*, year: int, as_of: date, annexes: bool) -> AnswerContent:
    src = answer_sources(year=year)
    figures = Figures()
    overview = overview_table(src.trend)
    parts = [reach_part(src, figures), children_part(src, figures), money_part(src, figures, as_of=as_of),
             trend_part(src, figures, overview), events_part(src, figures)]
    content = AnswerContent(
        year=year, as_of=as_of, language="nl", title=_("STEM-academies: state of affairs %(year)s") % {"year": year},
        status_line=status_text(src.participation.total, as_of), parts=parts,
        annexes=[Annex(number, key, title) for key, (number, title) in src.numbers.items()],
        figures=figures.items, annexes_built=annexes)
    _annex_tables(content, src, overview)
    if annexes:
        _annex_documents(content, src, as_of=as_of)
    return content


def _annex_tables(content: AnswerContent, src: AnswerSources, overview: Table) -> None:
    """The tables and charts of the annexes (cheap: from the figures read), and the province of each map."""
    municipality_table = Table(
        header=[_("Municipality"), _("NIS code"), _("Province"), _("Academies (awards)"),
                _("Academies (final reports)"), _("Reached"), _("Participants"), _("Boys"), _("Girls")],
        rows=[[row.name, row.nis_code, row.province, row.academies_planned, row.academies_confirmed,
               reached_text(row.planned, row.confirmed), row.participants, row.boys, row.girls]
              for row in sorted(src.municipalities.rows, key=lambda row: (row.province, row.name))
              if row.planned or row.confirmed])
    content.annex("municipalities").tables = [("", municipality_table)]
    content.annex("overview").tables = [("", overview)]
    for code, _name in src.provinces:
        content.annex(f"map-{code}").province_code = code
    if src.research is not None:
        content.annex("research-report").document_name = src.research.filename
    dashboard = selectors.event_dashboard(year=src.year, province_order=province_order())
    for key, labelled_only in (("events-all", False), ("events-labelled", True)):
        annex = content.annex(key)
        annex.tables = event_tables(dashboard, labelled_only=labelled_only)
        annex.charts = event_charts(dashboard, labelled_only=labelled_only)


def _annex_documents(content: AnswerContent, src: AnswerSources, *, as_of: date) -> None:
    """The expensive annexes: the maps, the research report's PDF and the municipalities per year."""
    from reports.models import ResearchReport

    maps = {annex.number: annex for annex in answer_maps(year=src.year, as_of=as_of)}
    for annex in content.annexes:
        if annex.key.startswith("map-"):
            annex.choropleth = maps[annex.number].choropleth if annex.number in maps else None
    if src.research is not None:
        content.annex("research-report").document = bytes(ResearchReport.objects.values_list(
            "data", flat=True).get(pk=src.research.pk))
    content.annex("by-year").tables = [
        (_("Each year's municipalities"), municipalities_by_year(last_year=src.year, today=False)),
        (_("Today's municipalities"), municipalities_by_year(last_year=src.year, today=True))]


def status_text(participation_total, as_of: date) -> str:
    """ "Stand op DD/MM/JJJJ" and the coverage of the final reports, shown on every page of the answer (each count
    behind a label, so that no count has to agree with a noun or a verb)."""
    p = participation_total
    coverage = _("Final reports received: %(received)s of %(expected)s; with a participant count: %(counted)s; "
                 "with a gender split: %(split)s.") % {
        "received": format_count(p.reports_received), "expected": format_count(p.reports_expected),
        "counted": format_count(p.reports_with_participants), "split": format_count(p.reports_with_split)}
    return f"{_('Status on %(date)s') % {'date': format_date(as_of)}}. {coverage}"


def reached_text(planned: bool, confirmed: bool) -> str:
    if planned and confirmed:
        return _("planned and confirmed")
    if confirmed:
        return _("confirmed")
    return _("planned") if planned else ""
