"""Hypothesis strategies for random multi-year datasets shaped like the hard cases of issue 10."""

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from tests.reports.oracle.dataset import (
    Academy,
    Award,
    Call,
    Dataset,
    Event,
    Line,
    Recognition,
    Report,
    YearBudget,
    exists_in,
    places,
)

# Stable municipalities, the 2019 mergers (Puurs + Sint-Amands, Deinze + Nevele, Opglabbeek -> Oudsbergen) and the
# 2025 mergers (Lochristi + Wachtebeke; Beveren + Kruibeke + Zwijndrecht, which moves from Antwerpen to
# Oost-Vlaanderen), on both sides of each merger.
CANDIDATES = ("44021", "24062", "71022", "31005", "11002",
              "12030", "12034", "12041", "44011", "44049", "44083", "71047", "72042",
              "44034", "44073", "44087", "11056", "46003", "46013", "46030")
YEARS = (2018, 2019, 2020, 2022, 2024, 2025)
ORGANISATION_TYPES = ("library", "youth_organisation", "company")
KINDS = ("academy_rollout", "partnership_project")
STATUSES = (None, "draft", "submitted", "accepted", "returned")


def pool(year: int) -> list[str]:
    return [code for code in CANDIDATES if exists_in(places()[code], year)]


@st.composite
def counts(draw) -> tuple:
    """(participants, boys, girls, other): any of them missing; boys + girls + other never above participants."""
    participants = draw(st.one_of(st.none(), st.integers(0, 400)))
    if draw(st.booleans()):
        return participants, None, None, None
    room = participants if participants is not None else 400
    parts = []
    for _ in range(3):
        part = draw(st.one_of(st.none(), st.integers(0, room)))
        room -= part or 0
        parts.append(part)
    return (participants, *parts)


@st.composite
def datasets(draw) -> tuple[Dataset, int]:
    """A dataset and the year asked."""
    academies = tuple(Academy(f"ac{index}", draw(st.sampled_from(ORGANISATION_TYPES)))
                      for index in range(draw(st.integers(1, 4))))
    years = draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=3, unique=True))
    calls = tuple(Call(f"call{index}", draw(st.sampled_from(years)), draw(st.sampled_from(KINDS)),
                       Decimal(draw(st.integers(0, 100_000_000))) / 100)
                  for index in range(draw(st.integers(1, 4))))
    awards, reports = [], []
    for call in calls:
        remaining = int(call.budget * 100)  # the awards import refuses an award over the call's budget
        for academy in academies:
            if remaining < 1 or not draw(st.booleans()):
                continue
            municipalities = pool(call.year)
            funded = tuple(draw(st.lists(st.sampled_from(municipalities), min_size=1, max_size=4, unique=True)))
            cents = draw(st.integers(1, min(10_000_000, remaining)))
            remaining -= cents
            awards.append(Award(call.code, academy.code, Decimal(cents) / 100, funded))
            status = draw(st.sampled_from(STATUSES))
            if status is None:
                continue
            lines = tuple(Line(code, *draw(counts()))
                          for code in draw(st.lists(st.sampled_from(municipalities), max_size=3, unique=True)))
            totals = draw(st.one_of(st.just((None, None, None, None)), counts()))
            reports.append(Report(call.code, academy.code, status, lines, *totals))
    dates = st.one_of(st.none(), st.dates(datetime.date(2017, 1, 1), datetime.date(2026, 12, 31)))
    events = tuple(Event(f"uit-{index}", draw(dates), draw(st.booleans()))
                   for index in range(draw(st.integers(0, 3))))
    recognitions = []
    for academy in academies:
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.dates(datetime.date(2017, 1, 1), datetime.date(2025, 12, 31)))
            end = draw(st.one_of(st.none(), st.dates(start, datetime.date(2026, 12, 31))))
            if all(start != other.valid_from for other in recognitions if other.academy == academy.code):
                recognitions.append(Recognition(academy.code, start, end))
    budgets = tuple(YearBudget(budget_year, Decimal(draw(st.integers(0, 500_000_000))) / 100)
                    for budget_year in draw(st.lists(st.sampled_from(range(2019, 2027)), max_size=3, unique=True)))
    dataset = Dataset(academies, calls, tuple(awards), tuple(reports), events, tuple(recognitions), budgets)
    return dataset, draw(st.sampled_from(sorted({call.year for call in calls})))
