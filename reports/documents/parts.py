"""The wording of each part of the answer (`reports.documents.model.PARTS`): one function per part, called by
`reports.documents.content` with the figures it read once (`AnswerSources`) and the list the part adds its
figures to (`Figures`). Every sentence where a number meets a noun or a verb goes through `ngettext`, so that a
count of 1 reads "1 eindrapportage vermeldt" and not "1 eindrapportages vermelden"; a sentence with two counts is
built from a phrase per count (`_of_received`)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from academies.belgian import format_count, format_euro
from academies.models import OrganisationType
from grants.models import CallKind
from reports.documents.model import Block, Figure, Part, ordered_provinces, paragraph, share_text
from reports.documents.paid import paid_texts
from reports.documents.table import Table


@dataclass
class AnswerSources:
    """What the selectors return for the answer's year, read once by `content.answer_sources`."""

    year: int
    reach: object
    municipalities: object
    participation: object
    money_years: list
    by_kind: dict
    this_year: object
    next_year: object
    trend: list
    trend_this: object
    trend_previous: object
    research: object
    provinces: list
    numbers: dict


@dataclass
class Figures:
    items: list[Figure] = field(default_factory=list)

    def add(self, key: str, label: str, value, kind: str = "count") -> None:
        self.items.append(Figure(key, label, str(value) if isinstance(value, Decimal) else value, kind))


def _of_received(received: int) -> str:
    """ "of the 3 final reports received": the phrase a count of reports with something is told against."""
    return ngettext("of the %(received)s final report received", "of the %(received)s final reports received",
                    received) % {"received": format_count(received)}


def reach_part(src: AnswerSources, figures: Figures) -> Part:
    year, total = src.year, src.reach.total
    text = ngettext(
        "In %(year)s, %(n)s municipality had a STEM-academy that organised at least one series of STEM activities, "
        "according to the final reports received (annexes 1 and 2).",
        "In %(year)s, %(n)s municipalities had a STEM-academy that organised at least one series of STEM "
        "activities, according to the final reports received (annexes 1 and 2).",
        total.confirmed_count) % {"year": year, "n": format_count(total.confirmed_count)}
    text += " " + ngettext("According to the awards, activities were planned in %(planned)s municipality.",
                           "According to the awards, activities were planned in %(planned)s municipalities.",
                           total.planned_count) % {"planned": format_count(total.planned_count)}
    figures.add("municipalities_confirmed", _("municipalities reached (final reports)"), total.confirmed_count)
    figures.add("municipalities_planned", _("municipalities reached (awards)"), total.planned_count)
    provinces = ordered_provinces(list(src.reach.provinces))
    blocks = [paragraph("answer-municipalities", text),
              paragraph("answer-provinces-intro", _(
                  "Number of municipalities per province with at least one recognised STEM-academy:")),
              Block("list", key="answer-provinces", items=[_province_item(src, province) for province in provinces])]
    _province_figures(provinces, figures)
    figures.add("unattributed_participants", _("participants not attributable to a municipality"),
                src.reach.unattributed.participants)
    blocks.append(Block("table", key="answer-province-table", caption=_(
        "Municipalities reached in %(year)s per province") % {"year": year}, table=Table(
        header=[_("Province"), _("Municipalities in the province"), _("Reached (final reports)"),
                _("Share (final reports)"), _("Reached (awards)"), _("Participants (at least)"),
                _("Received with participant count"), _("Boys (pooled)"), _("Girls (pooled)"),
                _("Reports with gender split")],
        rows=[province_row(province) for province in [*provinces, src.reach.unattributed]],
        footer=province_row(total))))
    blocks.append(paragraph("answer-provinces-note", _(
        "Participants and gender per province come from the municipality lines of received final reports. "
        "Coverage: received final reports with a participant count (or a gender split) on a municipality of the "
        "province, of those received for awards in the province. Counts an academy could give only as a total are "
        "not attributable to a municipality, so not to a province either: they are their own row, never spread. "
        "The provinces and that row add up to Flanders."), small=True))
    return Part("reach", _("1. Municipalities with at least one STEM-academy in %(year)s, per province, with "
                           "children reached") % {"year": year}, blocks)


def _province_item(src: AnswerSources, province) -> str:
    item = f"{province.province}: {format_count(province.confirmed_count)}"
    if province.planned_count != province.confirmed_count:
        item += " (" + _("%(n)s according to the awards") % {"n": format_count(province.planned_count)} + ")"
    number = src.numbers.get(f"map-{province.province_code}", (None,))[0]
    if number:
        item += " (" + _("annex %(number)s") % {"number": number} + ")"
    return item


def _province_figures(provinces, figures: Figures) -> None:
    for province in provinces:
        code, name = province.province_code, province.province
        figures.add(f"province_{code}_confirmed", _("%(province)s: municipalities reached") % {"province": name},
                    province.confirmed_count)
        figures.add(f"province_{code}_participants", _("%(province)s: participants (at least)") % {
            "province": name}, province.participants)
        figures.add(f"province_{code}_boys_share", _("%(province)s: boys") % {"province": name},
                    province.pooled_boys_share, "share")
        figures.add(f"province_{code}_girls_share", _("%(province)s: girls") % {"province": name},
                    province.pooled_girls_share, "share")


def province_row(province) -> list:
    """A row of the province table: counts as raw values, shares and coverage written out."""
    coverage = (format_count(province.reports_with_participants) if province.reports_received is None else
                f"{format_count(province.reports_with_participants)} / {format_count(province.reports_received)}")
    return [province.province, province.municipality_count, province.confirmed_count,
            share_text(province.confirmed_share) if province.municipality_count is not None else None,
            province.planned_count, province.participants, coverage, share_text(province.pooled_boys_share),
            share_text(province.pooled_girls_share), province.reports_with_split]


def participants_text(p, year: int) -> str:
    """The paragraph on the young people reached: at least how many, out of which coverage, and the counts that
    belong to no municipality."""
    text = ""
    if p.reports_received < p.reports_expected:
        text = _("Not all final reports of the STEM-academies %(year)s have come in yet (%(received)s of "
                 "%(expected)s).") % {"year": year, "received": format_count(p.reports_received),
                                      "expected": format_count(p.reports_expected)} + " "
    if p.participants_at_least is None:
        text += _("The number of young people reached in %(year)s is not known: no final report received so far "
                  "gives a participant count.") % {"year": year}
    else:
        text += ngettext("So far at least %(n)s young person was reached in %(year)s.",
                         "So far at least %(n)s young people were reached in %(year)s.",
                         p.participants_at_least) % {"n": format_count(p.participants_at_least), "year": year}
    text += " " + ngettext(
        "Passing on the number of participants is not compulsory: %(counted)s %(of_received)s gives a participant "
        "count, so this figure is a lower bound.",
        "Passing on the number of participants is not compulsory: %(counted)s %(of_received)s give a participant "
        "count, so this figure is a lower bound.",
        p.reports_with_participants) % {"counted": format_count(p.reports_with_participants),
                                        "of_received": _of_received(p.reports_received)}
    if p.participants_unattributed:
        text += " " + ngettext(
            "Of them, %(n)s could not be attributed to a municipality; it counts in the total but in no "
            "municipality.",
            "Of them, %(n)s could not be attributed to a municipality; they count in the total but in no "
            "municipality.", p.participants_unattributed) % {"n": format_count(p.participants_unattributed)}
    return text


def children_part(src: AnswerSources, figures: Figures) -> Part:
    p = src.participation.total
    blocks = [paragraph("answer-participants", participants_text(p, src.year))]
    figures.add("participants", _("participants (at least)"), p.participants_at_least)
    figures.add("reports_expected", _("final reports expected"), p.reports_expected)
    figures.add("reports_received", _("final reports received"), p.reports_received)
    figures.add("reports_with_participants", _("final reports with a participant count"),
                p.reports_with_participants)
    figures.add("reports_with_split", _("final reports with a gender split"), p.reports_with_split)
    if p.reports_with_split:
        blocks += _gender_blocks(src, figures)
    else:
        blocks.append(paragraph("answer-gender", _("No final report received so far gives a gender split.")))
    figures.add("boys_share", _("boys (pooled)"), p.pooled_boys_share, "share")
    figures.add("girls_share", _("girls (pooled)"), p.pooled_girls_share, "share")
    figures.add("boys_mean_share", _("boys (mean per academy)"), exact(p.mean_boys_share), "share")
    figures.add("girls_mean_share", _("girls (mean per academy)"), exact(p.mean_girls_share), "share")
    return Part("children", "", blocks)


def _gender_blocks(src: AnswerSources, figures: Figures) -> list[Block]:
    participation, p = src.participation, src.participation.total
    split = ngettext("%(n)s %(of_received)s gives a split", "%(n)s %(of_received)s give a split",
                     p.reports_with_split) % {"n": format_count(p.reports_with_split),
                                              "of_received": _of_received(p.reports_received)}
    text = _("Nor is it asked to report gender. Based on the figures VLAIO received (%(split)s), the STEM-academies "
             "reached on average %(boys)s boys and %(girls)s girls in %(year)s (pooled over all participants with "
             "a known gender).") % {"split": split, "boys": share_text(p.pooled_boys_share),
                                    "girls": share_text(p.pooled_girls_share), "year": src.year}
    text += " " + ngettext(
        "The mean of the shares per academy (over the %(n)s academy whose final reports give a split, its reports "
        "of the year taken together) is %(boys)s boys and %(girls)s girls.",
        "The mean of the shares per academy (over the %(n)s academies whose final reports give a split, each "
        "academy's reports of the year taken together) is %(boys)s boys and %(girls)s girls.",
        p.academies_with_split) % {"boys": share_text(p.mean_boys_share), "girls": share_text(p.mean_girls_share),
                                   "n": format_count(p.academies_with_split)}
    library = next((group for group in participation.by_organisation_type
                    if group.label == str(OrganisationType.LIBRARY.label)), None)
    if library is not None and library.pooled_boys_share is not None:
        text += " " + _(
            "This is an average: some initiatives, such as the libraries and their MaakBibs, reach a more even "
            "split of %(boys)s boys and %(girls)s girls.") % {
            "boys": share_text(library.pooled_boys_share), "girls": share_text(library.pooled_girls_share)}
        figures.add("library_boys_share", _("libraries / MaakBibs: boys"), library.pooled_boys_share, "share")
        figures.add("library_girls_share", _("libraries / MaakBibs: girls"), library.pooled_girls_share, "share")
    return [paragraph("answer-gender", text), Block(
        "table", key="answer-organisation-types", caption=_("Participants and gender per organisation type"),
        table=Table(header=[_("Organisation type"), _("Participants (at least)"), _("Reports with gender split"),
                            _("Boys (pooled)"), _("Girls (pooled)")],
                    rows=[[str(group.label), group.participants_at_least,
                           f"{format_count(group.reports_with_split)} / {format_count(group.reports_received)}",
                           share_text(group.pooled_boys_share), share_text(group.pooled_girls_share)]
                          for group in participation.by_organisation_type]))]


def money_sentences(src: AnswerSources, figures: Figures, *, as_of: date) -> list[str]:
    """The sentences of question 2, in order: calls, what went to academies and to projects ("Enerzijds ...
    Daarnaast ..." only when both are there), what was paid by `as_of` (`reports.documents.paid`), the budget of
    next year."""
    year, calls = src.year, src.this_year.calls if src.this_year else []
    texts = [ngettext("For STEM in leisure time, %(calls)s call was launched in %(year)s.",
                      "For STEM in leisure time, %(calls)s calls were launched in %(year)s.", len(calls))
             % {"calls": len(calls), "year": year}]
    figures.add("calls", _("calls launched"), len(calls))
    rollout = src.by_kind.get(CallKind.ACADEMY_ROLLOUT)
    partnership = src.by_kind.get(CallKind.PARTNERSHIP_PROJECT)
    if rollout:
        texts += _rollout_sentences(rollout, followed=bool(partnership))
        figures.add("rollout_awarded", _("awarded to STEM-academies"), rollout.awarded, "euro")
        figures.add("rollout_academies", _("STEM-academies funded"), rollout.academy_count)
        figures.add("rollout_awards", _("awards to STEM-academies"), rollout.award_count)
    if partnership:
        texts.append(_partnership_sentence(partnership, after_rollout=bool(rollout)))
        figures.add("partnership_awarded", _("awarded to innovation projects"), partnership.awarded, "euro")
        figures.add("partnership_awards", _("innovation projects funded"), partnership.award_count)
    texts += paid_texts(year=year, as_of=as_of, figure=figures.add)
    if src.next_year and src.next_year.reserved is not None:
        texts.append(_("For %(next_year)s, %(amount)s is reserved in the budget.") % {
            "next_year": year + 1, "amount": format_euro(src.next_year.reserved)})
        figures.add("budget_next_year", _("budget reserved for %(year)s") % {"year": year + 1},
                    src.next_year.reserved, "euro")
    else:
        texts.append(_("No budget for %(next_year)s has been recorded yet.") % {"next_year": year + 1})
    return texts


def _rollout_sentences(rollout, *, followed: bool) -> list[str]:
    """What went to the academies; `followed` when a sentence on the innovation projects comes after it (Dutch
    then opens with "Enerzijds")."""
    values = {"amount": format_euro(rollout.awarded), "n": format_count(rollout.academy_count)}
    if followed:
        text = npgettext("before the innovation projects",
                         "%(amount)s was awarded to %(n)s STEM-academy for rolling out STEM activities.",
                         "%(amount)s was awarded to %(n)s STEM-academies for rolling out STEM activities.",
                         rollout.academy_count) % values
    else:
        text = ngettext("%(amount)s was awarded to %(n)s STEM-academy for rolling out STEM activities.",
                        "%(amount)s was awarded to %(n)s STEM-academies for rolling out STEM activities.",
                        rollout.academy_count) % values
    texts = [text]
    if rollout.award_count != rollout.academy_count:
        texts.append(ngettext("(%(n)s award: some academies were funded in more than one call.)",
                              "(%(n)s awards: some academies were funded in more than one call.)",
                              rollout.award_count) % {"n": format_count(rollout.award_count)})
    return texts


def _partnership_sentence(partnership, *, after_rollout: bool) -> str:
    """What went to the innovation projects; `after_rollout` when it follows the sentence on the academies (Dutch
    then opens with "Daarnaast")."""
    values = {"amount": format_euro(partnership.awarded), "n": format_count(partnership.award_count)}
    if after_rollout:
        return npgettext("after the academies",
                         "%(amount)s was awarded to %(n)s innovation project of a partnership.",
                         "%(amount)s was awarded to %(n)s innovation projects of partnerships.",
                         partnership.award_count) % values
    return ngettext("%(amount)s was awarded to %(n)s innovation project of a partnership.",
                    "%(amount)s was awarded to %(n)s innovation projects of partnerships.",
                    partnership.award_count) % values


def money_part(src: AnswerSources, figures: Figures, *, as_of: date) -> Part:
    calls, this_year = (src.this_year.calls if src.this_year else []), src.this_year
    table = Table(header=[_("Call"), _("Awards"), _("Amount awarded"), _("Call budget")],
                  rows=[[f"{call.title} ({call.kind_label})", call.award_count, call.awarded, call.budget]
                        for call in calls],
                  footer=[_("Total"), this_year.award_count, this_year.awarded, this_year.calls_budget]
                  if calls else None)
    blocks = [paragraph("answer-money", " ".join(money_sentences(src, figures, as_of=as_of))),
              Block("table", key="answer-calls", caption=_("Calls of %(year)s") % {"year": src.year}, table=table)]
    return Part("money", _("2. Means in %(year)s and budget reserved for %(next_year)s") % {
        "year": src.year, "next_year": src.year + 1}, blocks)


def exact(value) -> Decimal | None:
    """A Fraction as a Decimal of 28 digits: stored exactly enough that rounding it for display happens once."""
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)
