"""The synthetic demo dataset (2019-2023): invented academies, calls, applications, awards and final reports that
reproduce the figures published in the seed (../shared/DOMAIN.md), plus demo logins.

Definitions the dataset satisfies (the year of an award or report is its call's `year`):

- planned reach(Y): distinct municipalities in `Award.funded_municipalities` of the awards of year Y;
  confirmed reach(Y): distinct municipalities on the lines of received (submitted/accepted) final reports of year Y.
  Both equal the published figure for 2019-2022 (2022 also per province); every municipality is valid in Y.
- participants at least(Y): non-null line participants plus non-null `unattributed_participants` of the received
  reports of year Y. Draft and returned reports carry counts too, and must not be counted.
- gender (pooled): over the lines and unattributed blocks that give a split, sum(boys) / sum(boys + girls + other).
  2022: boys exactly 72.00 %, girls 27.9 % (a few "other"), which round to 72/28; MaakBibs exactly 60/40.
- coverage: expected = awards of Y; received = received reports; with a participant count = received reports with
  at least one non-null participants value (on a line or in `unattributed_participants`).

Everything is generated from one `random.Random(seed)` and written with stable keys (academy and call codes start
with "demo-"), so running the builder again changes nothing. Writes go through bulk operations: the whole dataset
takes a few seconds on SQLite.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from academies.models import Academy, AcademyMembership, Municipality, OrganisationType, Recognition
from grants.groups import MANAGER_GROUP, READER_GROUP
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    Trajectory,
    TransitionPriority,
    YearBudget,
)

SEED = 2022
CODE_PREFIX = "demo-"
EMAIL_DOMAIN = "demo.example"
TZ = ZoneInfo("Europe/Brussels")
YEARS = (2019, 2020, 2021, 2022, 2023)

# Report categories: how an award's final report looks in the demo.
MISSING = "missing"  # no report at all
DRAFT = "draft"  # started, not submitted (carries counts that must not be counted)
RETURNED = "returned"  # sent back for correction (idem)
NO_COUNTS = "no_counts"  # received, lines without any counts
UNATTRIBUTED_SPLIT = "unattributed_split"  # received, only an unattributed total with a gender split
UNATTRIBUTED_TOTAL = "unattributed_total"  # received, only an unattributed total, no gender split
NO_GENDER = "no_gender"  # received, participants per line, no gender split
MIXED = "mixed"  # received, lines with counts and gender plus an unattributed total without split
FULL = "full"  # received, participants and gender split on every line
NOT_RECEIVED = (MISSING, DRAFT, RETURNED)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False
    group: str = ""
    academy_code: str = ""


DEMO_LOGINS = (
    DemoLogin("demo-beheerder", "demo-beheerder-2024", "VLAIO staff (manager, superuser)", is_staff=True,
              is_superuser=True, group=MANAGER_GROUP),
    DemoLogin("demo-lezer", "demo-lezer-2024", "VLAIO staff (reader)", is_staff=True, group=READER_GROUP),
    DemoLogin("demo-vonk", "demo-vonk-2024", "academy contact", academy_code="demo-de-vonk"),
    DemoLogin("demo-zilverzand", "demo-zilverzand-2024", "academy contact", academy_code="demo-zilverzand"),
)

# Invented organisations: (code suffix, name, organisation type). None of them is a real organisation.
_ACADEMY_WORDS = (
    "Kopervonk", "Sterrenmos", "Klaverkompas", "Vonkenveld", "Tandwielhof", "Windvaantuin", "Bliksemberg", "Mierenbrug",
    "Ijzerbloem", "Zonnespaak", "Regenboogkaai", "Wolkenwerf", "Schroefbos", "Magneetmolen", "Kwartsduin",
    "Lichtjeshoek", "Pixelpolder", "Vliegerveld", "Kristalkreek", "Spiraalweide", "Raketrank", "Golfslagbeek",
    "Printerpad", "Dynamohoeve", "Robotrei", "Zandloperzoom", "Ankerlicht", "Morgenspoel", "Uilenspoor", "Koraalberg",
    "Nevelkouter", "Prismadal", "Hefboomhof", "Sleutelgat", "Circuitkamp", "Tolkegel", "Roosvector", "Lavalamp",
    "Wiekenwerf", "Kijkerkamp", "Bijenraat", "Zeepbelle", "Quarkhof", "Ionenvijver", "Fotonweg", "Atoomhaven",
    "Radarkant", "Kabelbaan", "Lasergrot", "Solderdorp", "Vectorweide", "Algoritmenhof", "Binairbos", "Neutronenhoek",
    "Kometenkaai", "Vuurvliegveld",
)
_TEMPLATES = (
    ("STEM-academie {}", OrganisationType.MUNICIPAL_SERVICE),
    ("Jeugdlab {}", OrganisationType.YOUTH_ORGANISATION),
    ("Maakbib {}", OrganisationType.LIBRARY),
    ("Wetenschapshuis {}", OrganisationType.SCIENCE_CENTRE),
    ("Techniekclub {}", OrganisationType.YOUTH_ORGANISATION),
    ("STEM-school {}", OrganisationType.SCHOOL),
    ("Codeerclub {}", OrganisationType.OTHER),
    ("Maakbib {}", OrganisationType.LIBRARY),
    ("STEM-academie {}", OrganisationType.MUNICIPAL_SERVICE),
    ("Ingenieurswerkplaats {}", OrganisationType.COMPANY),
)
_PARTNERSHIPS = (
    ("partnerschap-hefboom", "Partnerschap Hefboom 14+", OrganisationType.OTHER),
    ("partnerschap-kiemkracht", "Partnerschap Kiemkracht", OrganisationType.SCHOOL),
    ("techniekfabriek-vlier", "Techniekfabriek Vlier bv", OrganisationType.COMPANY),
    ("wetenschapshuis-meridiaan", "Wetenschapshuis Meridiaan", OrganisationType.SCIENCE_CENTRE),
    ("consortium-stroomop", "Consortium Stroomop", OrganisationType.OTHER),
)


def _academy_catalogue() -> tuple[tuple[str, str, str], ...]:
    rows = [("de-vonk", "STEM-academie De Vonk", OrganisationType.MUNICIPAL_SERVICE),
            ("zilverzand", "Maakbib Zilverzand", OrganisationType.LIBRARY)]
    for index, word in enumerate(_ACADEMY_WORDS):
        template, organisation_type = _TEMPLATES[index % len(_TEMPLATES)]
        rows.append((slugify(word), template.format(word), organisation_type))
    return tuple(rows)


DEMO_ACADEMIES = _academy_catalogue()  # 58 academies that apply for the rollout calls
DEMO_ORGANISATIONS = DEMO_ACADEMIES + _PARTNERSHIPS
DEMO_ACADEMY_NAMES = frozenset(name for _code, name, _type in DEMO_ORGANISATIONS)

# Which academies hold an award in which years (indexes into DEMO_ACADEMIES), chosen so that the number of rollout
# awards per year is 40, 48, 50, 52 and 55.
_ACTIVE_YEARS = (
    [(2019, 2023)] * 37 + [(2019, 2021)] * 3 + [(2020, 2023)] * 8 + [(2021, 2023)] * 2 + [(2022, 2023)] * 5
    + [(2023, 2023)] * 3
)
_REJECTED = {2021: (50,), 2022: (55, 56)}  # academies whose application that year was rejected

PROVINCE_REACH_2022 = {
    "Limburg": 27, "Antwerpen": 39, "Oost-Vlaanderen": 53, "Vlaams-Brabant": 38, "West-Vlaanderen": 64,
}
# 2022 rollout awards: 11 capped at EUR 12,000 and 41 of 1-4 municipalities at EUR 2,500 = EUR 464,500.00.
_SIZES_2022 = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] + [4] * 17 + [3] * 18 + [2] * 5 + [1]
PARTNERSHIP_TOTAL_2022 = Decimal("885685.05")
PARTNERSHIP_AWARDS_2022 = 13
PARTNERSHIP_CAP = Decimal("100000.00")
PARTNERSHIP_BUDGET_2022 = Decimal("1000000.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class YearSpec:
    year: int
    reach: int
    amount_per_municipality: Decimal
    cap_per_academy: Decimal
    call_budget: Decimal
    year_budget: Decimal
    participants: int | None  # exact "participants at least"; None: no received report carries counts
    boys_share: Fraction  # pooled over the blocks with a split
    report_mix: dict[str, int]
    received_cover_reach: bool = True  # confirmed reach equals planned reach
    exact_shares: bool = False  # the shares hold exactly (split sums made divisible by their denominators)


YEAR_SPECS = (
    YearSpec(2019, reach=162, amount_per_municipality=Decimal("2000.00"), cap_per_academy=Decimal("10000.00"),
             call_budget=Decimal("400000.00"), year_budget=Decimal("400000.00"), participants=None,
             boys_share=Fraction(70, 100), report_mix={MISSING: 1}),
    YearSpec(2020, reach=221, amount_per_municipality=Decimal("2000.00"), cap_per_academy=Decimal("10000.00"),
             call_budget=Decimal("550000.00"), year_budget=Decimal("600000.00"), participants=12_500,
             boys_share=Fraction(70, 100),
             report_mix={MISSING: 2, DRAFT: 1, NO_COUNTS: 15, UNATTRIBUTED_SPLIT: 1, UNATTRIBUTED_TOTAL: 2,
                         NO_GENDER: 6, MIXED: 1}),
    YearSpec(2021, reach=220, amount_per_municipality=Decimal("2500.00"), cap_per_academy=Decimal("12000.00"),
             call_budget=Decimal("650000.00"), year_budget=Decimal("700000.00"), participants=36_340,
             boys_share=Fraction(71, 100),
             report_mix={MISSING: 2, DRAFT: 1, RETURNED: 1, NO_COUNTS: 8, UNATTRIBUTED_SPLIT: 1,
                         UNATTRIBUTED_TOTAL: 2, NO_GENDER: 5, MIXED: 1}),
    YearSpec(2022, reach=221, amount_per_municipality=Decimal("2500.00"), cap_per_academy=Decimal("12000.00"),
             call_budget=Decimal("500000.00"), year_budget=Decimal("1500000.00"), participants=37_376,
             boys_share=Fraction(72, 100), exact_shares=True,
             report_mix={MISSING: 4, DRAFT: 3, RETURNED: 1, NO_COUNTS: 5, UNATTRIBUTED_SPLIT: 2,
                         UNATTRIBUTED_TOTAL: 2, NO_GENDER: 6, MIXED: 1}),
    # 2023: reports still coming in, so confirmed reach stays below planned reach.
    YearSpec(2023, reach=228, amount_per_municipality=Decimal("2500.00"), cap_per_academy=Decimal("12500.00"),
             call_budget=Decimal("700000.00"), year_budget=Decimal("2500000.00"), participants=24_180,
             boys_share=Fraction(70, 100), received_cover_reach=False,
             report_mix={MISSING: 18, DRAFT: 6, NO_COUNTS: 4, UNATTRIBUTED_TOTAL: 2, NO_GENDER: 3}),
)
LIBRARY_BOYS_SHARE = Fraction(60, 100)  # MaakBibs: about 60% boys / 40% girls

_TRAJECTORY_TITLES = (
    "Robotica-reeks", "Codeerkamp", "Zonnewagens bouwen", "Bruggen en torens", "Elektronica voor beginners",
    "3D-printen in de bib", "Waterraketten", "Natuur onder de microscoop", "Game-ontwerp", "Slimme stad",
)
_AGE_RANGES = ((6, 9), (8, 12), (10, 14), (12, 16))
_NARRATIVES = (
    "Veel enthousiasme; de reeksen waren snel volzet.",
    "Samenwerking met de lokale scholen liep goed.",
    "Minder inschrijvingen in het najaar; in het voorjaar meer vraag.",
    "Nieuwe begeleiders opgeleid; twee reeksen extra.",
)


@dataclass
class DemoSummary:
    academies: int = 0
    calls: int = 0
    applications: int = 0
    awards: int = 0
    final_reports: int = 0
    report_lines: int = 0
    users: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class _Block:
    """A count block: one report line or one report's unattributed totals."""

    has_split: bool
    library: bool
    weight: float
    participants: int = 0
    boys: int | None = None
    girls: int | None = None
    other: int | None = None


@dataclass
class _ReportPlan:
    category: str
    lines: dict[str, _Block | None] = field(default_factory=dict)  # NIS code -> counts (None: no counts)
    half_days: dict[str, int] = field(default_factory=dict)
    unattributed: _Block | None = None


@dataclass
class _AwardPlan:
    academy: int  # index into DEMO_ORGANISATIONS
    call_code: str
    kind: str
    size: int
    library: bool
    funded: list[str] = field(default_factory=list)
    amount: Decimal = Decimal("0.00")
    requested: Decimal = Decimal("0.00")
    project_cost: Decimal | None = None
    own_contribution: Decimal | None = None
    report: _ReportPlan | None = None


def call_code(year: int, kind: str) -> str:
    return f"{CODE_PREFIX}{year}-{'rollout' if kind == CallKind.ACADEMY_ROLLOUT else 'partnership'}"


OPEN_CALL_CODE = f"{CODE_PREFIX}open-uitrol"


def open_call_values(today: datetime.date) -> dict:
    """A rollout call for next year that is open all of this year, so demo contacts can try applying.

    Its dates follow the calendar year, so reruns within a year change nothing; it has no applications and so
    no effect on the published figures of 2019-2023."""
    year = today.year + 1
    return {
        "code": OPEN_CALL_CODE, "year": year, "kind": CallKind.ACADEMY_ROLLOUT,
        "title": f"STEM-academies {year}: uitrol", "budget": Decimal("600000.00"),
        "opens_at": _moment(today.year, 1, 1, 9), "closes_at": _moment(today.year, 12, 31, 17),
        "amount_per_municipality": Decimal("2500.00"), "cap_per_academy": Decimal("12000.00"),
        "cap_per_project": None, "min_own_contribution_pct": None,
        "report_due_date": datetime.date(year + 1, 3, 31),
    }


def _moment(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


# --- planning (pure Python, no writes) -------------------------------------------------------------------------


class _Planner:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.position = list(range(len(DEMO_ACADEMIES)))
        self.rng.shuffle(self.position)  # order along the NIS codes: academies keep their region every year
        self.province_of = dict(Municipality.objects.for_year(2022).values_list("nis_code", "province__name_nl"))

    def plan(self) -> dict[int, list[_AwardPlan]]:
        reach_2022 = self._reach_2022()
        plans = {}
        for spec in YEAR_SPECS:
            valid = sorted(Municipality.objects.for_year(spec.year).values_list("nis_code", flat=True))
            reach = reach_2022 if spec.year == 2022 else self._reach_like(reach_2022, valid, spec.reach)
            plans[spec.year] = self._plan_year(spec, sorted(reach))
        return plans

    def _reach_2022(self) -> list[str]:
        reach = []
        for province, count in sorted(PROVINCE_REACH_2022.items()):
            codes = sorted(code for code, name in self.province_of.items() if name == province)
            reach += self.rng.sample(codes, count)
        return reach

    def _reach_like(self, base: list[str], valid: list[str], size: int) -> list[str]:
        """A reach of `size` that overlaps most of 2022's, as real reach does from year to year."""
        valid_set = set(valid)
        kept = [code for code in base if code in valid_set]
        self.rng.shuffle(kept)
        kept = kept[:min(size, len(kept)) - 12]
        others = sorted(valid_set - set(kept))
        return kept + self.rng.sample(others, size - len(kept))

    def _plan_year(self, spec: YearSpec, reach: list[str]) -> list[_AwardPlan]:
        rng = self.rng
        active = [index for index in self.position if _ACTIVE_YEARS[index][0] <= spec.year <= _ACTIVE_YEARS[index][1]]
        rollout = call_code(spec.year, CallKind.ACADEMY_ROLLOUT)
        if spec.year == 2022:
            sizes = list(_SIZES_2022)
            rng.shuffle(sizes)
        else:
            sizes = [rng.randint(2, 7) for _ in active]
        awards = [_AwardPlan(academy=index, call_code=rollout, kind=CallKind.ACADEMY_ROLLOUT, size=size,
                             library=DEMO_ORGANISATIONS[index][2] == OrganisationType.LIBRARY)
                  for index, size in zip(active, sizes, strict=True)]
        if spec.year == 2022:
            awards += self._partnership_awards()
        self._assign_categories(spec, awards)

        covering = [award for award in awards if award.kind == CallKind.ACADEMY_ROLLOUT
                    and (award.report.category not in NOT_RECEIVED or not spec.received_cover_reach)]
        if spec.year != 2022:
            while sum(award.size for award in covering) < len(reach) * 1.1:
                rng.choice(covering).size += 1
        self._assign_municipalities(reach, covering, [award for award in awards if award not in covering])
        for award in awards:
            if award.kind == CallKind.ACADEMY_ROLLOUT:
                award.amount = min(spec.amount_per_municipality * len(award.funded), spec.cap_per_academy)
                award.requested = award.amount
        self._plan_reports(spec, awards)
        return awards

    def _partnership_awards(self) -> list[_AwardPlan]:
        rng = self.rng
        academies = rng.sample([index for index in range(len(DEMO_ACADEMIES))
                                if _ACTIVE_YEARS[index][0] <= 2022 <= _ACTIVE_YEARS[index][1]
                                and DEMO_ACADEMIES[index][2] != OrganisationType.LIBRARY],
                               PARTNERSHIP_AWARDS_2022 - len(_PARTNERSHIPS))
        applicants = academies + list(range(len(DEMO_ACADEMIES), len(DEMO_ORGANISATIONS)))
        cap = PARTNERSHIP_CAP
        while True:
            amounts = [Decimal(rng.randint(4_000_000, 9_500_000)) / 100 for _ in applicants[1:]]
            last = PARTNERSHIP_TOTAL_2022 - sum(amounts)
            if Decimal("30000.00") <= last <= cap:
                amounts.append(last)
                break
        awards = []
        for index, amount in zip(applicants, amounts, strict=True):
            requested = min(cap, (amount * Decimal(rng.choice(("1.00", "1.00", "1.05", "1.10")))).quantize(CENT))
            cost = (requested / Decimal("0.70") * Decimal(rng.uniform(1.0, 1.3))).quantize(CENT, ROUND_CEILING)
            awards.append(_AwardPlan(academy=index, call_code=call_code(2022, CallKind.PARTNERSHIP_PROJECT),
                                     kind=CallKind.PARTNERSHIP_PROJECT, size=rng.randint(1, 4), library=False,
                                     amount=amount, requested=requested, project_cost=cost,
                                     own_contribution=cost - requested))
        return awards

    def _assign_categories(self, spec: YearSpec, awards: list[_AwardPlan]) -> None:
        """Not-received reports go to small, non-library awards; libraries always give the full split."""
        rng = self.rng
        order = awards[:]
        rng.shuffle(order)
        not_received = sorted((award for award in order if not award.library), key=lambda award: award.size)
        categories = {}
        for category in NOT_RECEIVED:
            for _ in range(spec.report_mix.get(category, 0)):
                categories[id(not_received.pop(0))] = category
        rest = [award for award in order if id(award) not in categories]
        rest.sort(key=lambda award: award.library)
        counting = [NO_COUNTS, UNATTRIBUTED_SPLIT, UNATTRIBUTED_TOTAL, NO_GENDER, MIXED]
        for category in counting:
            for _ in range(spec.report_mix.get(category, 0)):
                categories[id(rest.pop(0))] = category
        for award in awards:
            category = categories.get(id(award), FULL if spec.participants is not None else NO_COUNTS)
            award.report = _ReportPlan(category=category)

    def _assign_municipalities(self, reach: list[str], covering: list[_AwardPlan],
                               others: list[_AwardPlan]) -> None:
        """Covering awards share the reach out in NIS-code order (one chunk each) and add neighbours up to their
        size; other awards fund municipalities around a random point of the reach."""
        rng = self.rng
        if sum(award.size for award in covering) < len(reach):
            raise ValueError("The demo plan cannot cover the reach with the received reports.")
        covering.sort(key=lambda award: self.position.index(award.academy))
        quota = [1] * len(covering)
        remaining = len(reach) - len(covering)
        while remaining:
            for index, award in enumerate(covering):
                if remaining and quota[index] < award.size:
                    quota[index] += 1
                    remaining -= 1
        start = 0
        for award, count in zip(covering, quota, strict=True):
            chunk = reach[start:start + count]
            award.funded = chunk + self._neighbours(reach, start, start + count, award.size - count, set(chunk))
            start += count
        for award in others:
            anchor = rng.randrange(len(reach))
            award.funded = self._neighbours(reach, anchor, anchor, min(award.size, len(reach)), set())

    def _neighbours(self, reach: list[str], start: int, end: int, count: int, taken: set[str]) -> list[str]:
        pool = [code for code in reach[max(0, start - 12):end + 12] if code not in taken]
        if len(pool) < count:
            pool = [code for code in reach if code not in taken]
        return self.rng.sample(pool, count)

    def _plan_reports(self, spec: YearSpec, awards: list[_AwardPlan]) -> None:
        rng = self.rng
        blocks = []
        for award in awards:
            report = award.report
            if report.category == MISSING:
                continue
            for code in award.funded:
                report.half_days[code] = rng.randint(2, 14)
            counts_on_lines = report.category in (FULL, NO_GENDER, MIXED, DRAFT, RETURNED)
            for code in award.funded:
                if not counts_on_lines:
                    report.lines[code] = None
                    continue
                block = _Block(has_split=report.category != NO_GENDER, library=award.library,
                               weight=report.half_days[code] * rng.uniform(6, 20))
                report.lines[code] = block
                if report.category in NOT_RECEIVED:
                    self._fill_uncounted(block)
                else:
                    blocks.append(block)
            if report.category in (UNATTRIBUTED_SPLIT, UNATTRIBUTED_TOTAL, MIXED):
                weight = sum(report.half_days.values()) * rng.uniform(6, 20)
                report.unattributed = _Block(has_split=report.category == UNATTRIBUTED_SPLIT, library=award.library,
                                             weight=weight)
                blocks.append(report.unattributed)
        if spec.participants is None:
            return
        _allocate(spec.participants, blocks)
        split = [block for block in blocks if block.has_split]
        if spec.exact_shares:
            _make_divisible(split, blocks, spec.boys_share.denominator, LIBRARY_BOYS_SHARE.denominator)
        self._split_gender(spec, split)

    def _fill_uncounted(self, block: _Block) -> None:
        """Counts on a draft or returned report: plausible, never part of a figure."""
        block.participants = max(1, round(block.weight))
        block.boys = round(block.participants * 0.7)
        block.girls = block.participants - block.boys
        block.other = 0

    def _split_gender(self, spec: YearSpec, split: list[_Block]) -> None:
        rng = self.rng
        library = [block for block in split if block.library]
        others = [block for block in split if not block.library]
        total = sum(block.participants for block in split)
        library_total = sum(block.participants for block in library)
        library_boys = round(library_total * LIBRARY_BOYS_SHARE)  # exact when made divisible
        all_boys = round(total * spec.boys_share)
        for group, share, target in ((library, LIBRARY_BOYS_SHARE, library_boys),
                                     (others, None, all_boys - library_boys)):
            if not group:
                continue
            share = float(share if share is not None else Fraction(target, sum(block.participants
                                                                                for block in group)))
            for block in group:
                block.other = rng.randint(1, 3) if block.participants >= 40 and rng.random() < 0.06 else 0
                known = block.participants - block.other
                block.boys = min(known, max(0, round(known * (share + rng.uniform(-0.08, 0.08)))))
            _steer(group, target, rng)
            for block in group:
                block.girls = block.participants - block.other - block.boys


def _allocate(total: int, blocks: list[_Block]) -> None:
    """Share `total` over the blocks in proportion to their weight (largest remainder, at least 1 each)."""
    weights = sum(block.weight for block in blocks)
    spare = total - len(blocks)
    shares = [spare * block.weight / weights for block in blocks]
    for block, share in zip(blocks, shares, strict=True):
        block.participants = 1 + int(share)
    left = total - sum(block.participants for block in blocks)
    by_remainder = sorted(range(len(blocks)), key=lambda index: shares[index] - int(shares[index]), reverse=True)
    for index in by_remainder[:left]:
        blocks[index].participants += 1


def _make_divisible(split: list[_Block], blocks: list[_Block], denominator: int, library_denominator: int) -> None:
    """Move a few participants so that the libraries' split sum is a multiple of `library_denominator` (5 for
    60%) and the pooled split sum one of `denominator` (25 for 72%); the year's total stays the same."""
    library = [block for block in split if block.library]
    others = [block for block in split if not block.library]
    unsplit = [block for block in blocks if not block.has_split]
    _move(max(library, key=lambda block: block.participants), max(others, key=lambda block: block.participants),
          sum(block.participants for block in library) % library_denominator)
    _move(max(others, key=lambda block: block.participants), max(unsplit, key=lambda block: block.participants),
          sum(block.participants for block in split) % denominator)


def _move(source: _Block, target: _Block, count: int) -> None:
    source.participants -= count
    target.participants += count


def _steer(group: list[_Block], target: int, rng: random.Random) -> None:
    """Nudge the blocks' boys one at a time until they sum to `target`."""
    diff = target - sum(block.boys for block in group)
    step = 1 if diff > 0 else -1
    order = group[:]
    while diff:
        rng.shuffle(order)
        moved = False
        for block in order:
            if not diff:
                break
            new = block.boys + step
            if 0 <= new <= block.participants - block.other:
                block.boys = new
                diff -= step
                moved = True
        if not moved:
            raise ValueError("Cannot reach the gender target with these participant counts.")


# --- writing ---------------------------------------------------------------------------------------------------


class _Sync:
    """Create, update and delete rows so that a model's demo rows equal the desired ones, keyed by natural key."""

    def __init__(self, summary: DemoSummary):
        self.summary = summary
        self.leftovers: list[tuple[type[models.Model], list[int]]] = []

    def rows(self, model: type[models.Model], scope: models.QuerySet, key: Callable[[models.Model], tuple],
             desired: dict[tuple, dict]) -> dict[tuple, int]:
        """`desired` maps key -> field values (attnames); returns key -> primary key."""
        existing = {key(obj): obj for obj in scope}
        to_create, to_update, changed = [], [], set()
        for row_key, values in desired.items():
            obj = existing.pop(row_key, None)
            if obj is None:
                to_create.append(model(**values))
                continue
            differing = [name for name, value in values.items() if getattr(obj, name) != value]
            if differing:
                for name in differing:
                    setattr(obj, name, values[name])
                to_update.append(obj)
                changed.update(differing)
        has_history = hasattr(model, "history")
        if to_create:
            if has_history:
                bulk_create_with_history(to_create, model, batch_size=500, default_change_reason="demo data")
            else:
                model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            if has_history:
                bulk_update_with_history(to_update, model, sorted(changed), batch_size=500,
                                         default_change_reason="demo data")
            else:
                model.objects.bulk_update(to_update, sorted(changed), batch_size=500)
        leftover = [obj.pk for obj in existing.values()]
        self.leftovers.append((model, leftover))
        self.summary.created += len(to_create)
        self.summary.updated += len(to_update)
        return {key(obj): obj.pk for obj in scope.exclude(pk__in=leftover)}

    def links(self, through: type[models.Model], owner: str, owner_ids: Iterable[int],
              desired: set[tuple[int, str]]) -> None:
        """Many-to-many rows (owner id, NIS code) of the given owners."""
        existing = {(getattr(row, f"{owner}_id"), row.municipality_id): row.pk
                    for row in through.objects.filter(**{f"{owner}_id__in": list(owner_ids)})}
        missing = desired - set(existing)
        through.objects.bulk_create([through(**{f"{owner}_id": owner_id, "municipality_id": code})
                                     for owner_id, code in sorted(missing)], batch_size=1000)
        extra = [pk for pair, pk in existing.items() if pair not in desired]
        through.objects.filter(pk__in=extra).delete()
        self.summary.created += len(missing)
        self.summary.deleted += len(extra)

    def delete_leftovers(self) -> None:
        """Demo rows no longer in the plan, children first (the foreign keys protect parents)."""
        for model, pks in reversed(self.leftovers):
            if pks:
                self.summary.deleted += len(pks)
                model.objects.filter(pk__in=pks).delete()


class _Writer:
    """Writes the plan, parents before children; each step returns or keeps the primary keys its children need."""

    def __init__(self, plans: dict[int, list[_AwardPlan]], seed: int):
        self.plans = plans
        self.rng = random.Random(seed + 1)
        self.summary = DemoSummary()
        self.sync = _Sync(self.summary)
        self.academy_pk: dict[int, int] = {}  # index into DEMO_ORGANISATIONS -> pk
        self.calls: dict[str, dict] = {}  # code -> field values
        self.call_pk: dict[str, int] = {}
        self.manager_id: int | None = None

    def write(self, reset_passwords: bool) -> DemoSummary:
        self.academies()
        self.users(reset_passwords)
        self.recognitions()
        self.calls_and_budgets()
        application_pk = self.applications()
        award_pk = self.awards(application_pk)
        self.reports(application_pk, award_pk)
        self.sync.delete_leftovers()
        return self.summary

    def awarded(self) -> Iterable[_AwardPlan]:
        for awards in self.plans.values():
            yield from awards

    def academies(self) -> None:
        seats = {}  # the first municipality an academy covers, 2022 first
        for year in sorted(self.plans, key=lambda year: (year != 2022, year)):
            for award in self.plans[year]:
                seats.setdefault(award.academy, award.funded[0])
        rows = {(CODE_PREFIX + code,): {"code": CODE_PREFIX + code, "name": name,
                                        "organisation_type": organisation_type,
                                        "seat_municipality_id": seats[index],
                                        "contact_email": f"{code}@{EMAIL_DOMAIN}"}
                for index, (code, name, organisation_type) in enumerate(DEMO_ORGANISATIONS)}
        ids = self.sync.rows(Academy, Academy.objects.filter(code__startswith=CODE_PREFIX), lambda obj: (obj.code,),
                             rows)
        self.academy_pk = {index: ids[(CODE_PREFIX + code,)] for index, (code, _n, _t) in enumerate(DEMO_ORGANISATIONS)}
        self.summary.academies = len(ids)

    def users(self, reset_passwords: bool) -> None:
        summary = self.summary
        academy_by_code = {CODE_PREFIX + code: self.academy_pk[index]
                           for index, (code, _n, _t) in enumerate(DEMO_ORGANISATIONS)}
        for login in DEMO_LOGINS:
            user, created = get_user_model().objects.get_or_create(
                username=login.username,
                defaults={"email": f"{login.username}@{EMAIL_DOMAIN}", "is_staff": login.is_staff,
                          "is_superuser": login.is_superuser},
            )
            summary.created += created
            if created or reset_passwords:
                user.set_password(login.password)
                user.save(update_fields=["password"])
            if (user.is_staff, user.is_superuser, user.is_active) != (login.is_staff, login.is_superuser, True):
                user.is_staff, user.is_superuser, user.is_active = login.is_staff, login.is_superuser, True
                user.save(update_fields=["is_staff", "is_superuser", "is_active"])
                summary.updated += 1
            if login.group:
                group, _created = Group.objects.get_or_create(name=login.group)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
                    summary.created += 1
            if login.academy_code:
                _membership, created = AcademyMembership.objects.get_or_create(
                    user=user, academy_id=academy_by_code[login.academy_code])
                summary.created += created
            if login.is_superuser:
                self.manager_id = user.pk
        summary.users = len(DEMO_LOGINS)

    def recognitions(self) -> None:
        rows = {}
        for index, (first, last) in enumerate(_ACTIVE_YEARS):
            first = min([first, *[year for year, indexes in _REJECTED.items() if index in indexes]])
            valid_from = datetime.date(first - 1, 12, 1)
            rows[(self.academy_pk[index], valid_from)] = {
                "academy_id": self.academy_pk[index], "valid_from": valid_from,
                "valid_to": None if last == YEARS[-1] else datetime.date(last, 12, 31),
                "reference": f"ERK-{first}-{index + 1:03d}",
            }
        self.sync.rows(Recognition, Recognition.objects.filter(academy__code__startswith=CODE_PREFIX),
                       lambda obj: (obj.academy_id, obj.valid_from), rows)

    def calls_and_budgets(self) -> None:
        for spec in YEAR_SPECS:
            code = call_code(spec.year, CallKind.ACADEMY_ROLLOUT)
            self.calls[code] = {
                "code": code, "year": spec.year, "kind": CallKind.ACADEMY_ROLLOUT,
                "title": f"STEM-academies {spec.year}: uitrol", "budget": spec.call_budget,
                "opens_at": _moment(spec.year - 1, 10, 1, 9), "closes_at": _moment(spec.year - 1, 12, 15, 17),
                "amount_per_municipality": spec.amount_per_municipality, "cap_per_academy": spec.cap_per_academy,
                "cap_per_project": None, "min_own_contribution_pct": None,
                "report_due_date": datetime.date(spec.year + 1, 3, 31),
            }
        code = call_code(2022, CallKind.PARTNERSHIP_PROJECT)
        self.calls[code] = {
            "code": code, "year": 2022, "kind": CallKind.PARTNERSHIP_PROJECT,
            "title": "Innovatieve STEM-projecten 14+ in partnerschap 2022", "budget": PARTNERSHIP_BUDGET_2022,
            "opens_at": _moment(2022, 3, 1, 9), "closes_at": _moment(2022, 5, 31, 17),
            "amount_per_municipality": None, "cap_per_academy": None, "cap_per_project": PARTNERSHIP_CAP,
            "min_own_contribution_pct": Decimal("30.00"), "report_due_date": datetime.date(2023, 3, 31),
        }
        self.calls[OPEN_CALL_CODE] = open_call_values(datetime.date.today())
        ids = self.sync.rows(Call, Call.objects.filter(code__startswith=CODE_PREFIX), lambda obj: (obj.code,),
                             {(code,): values for code, values in self.calls.items()})
        self.call_pk = {code: ids[(code,)] for code in self.calls}
        self.summary.calls = len(ids)
        for spec in YEAR_SPECS:
            _budget, created = YearBudget.objects.get_or_create(
                year=spec.year, defaults={"amount": spec.year_budget, "note": "demo"})
            self.summary.created += created

    def applications(self) -> dict[tuple[int, int], int]:
        """Awarded applications (planned = funded municipalities), a few rejected ones, and trajectories."""
        rng = self.rng
        rows, planned, rejected = {}, {}, set()
        for year, awards in self.plans.items():
            for award in awards:
                key = (self.call_pk[award.call_code], self.academy_pk[award.academy])
                closes_at = self.calls[award.call_code]["closes_at"]
                rows[key] = {
                    "call_id": key[0], "academy_id": key[1], "status": ApplicationStatus.AWARDED,
                    "forecast_participants": len(award.funded) * rng.randint(60, 160),
                    "requested_amount": award.requested, "project_cost": award.project_cost,
                    "own_contribution": award.own_contribution,
                    "submitted_at": closes_at - datetime.timedelta(days=rng.randint(1, 30)), "decision_reason": "",
                }
                planned[key] = award.funded
            reach = sorted({code for award in awards for code in award.funded})
            for index in _REJECTED.get(year, ()):
                key = (self.call_pk[call_code(year, CallKind.ACADEMY_ROLLOUT)], self.academy_pk[index])
                rows[key] = {
                    "call_id": key[0], "academy_id": key[1], "status": ApplicationStatus.REJECTED,
                    "forecast_participants": 150, "requested_amount": Decimal("5000.00"), "project_cost": None,
                    "own_contribution": None, "submitted_at": _moment(year - 1, 12, 10),
                    "decision_reason": "Activiteiten vallen buiten de voorwaarden van de oproep.",
                }
                planned[key] = rng.sample(reach, 2)
                rejected.add(key)
        ids = self.sync.rows(Application, Application.objects.filter(call__code__startswith=CODE_PREFIX),
                             lambda obj: (obj.call_id, obj.academy_id), rows)
        self.sync.links(Application.planned_municipalities.through, "application", ids.values(),
                        {(ids[key], code) for key, codes in planned.items() for code in codes})

        partnership_call = self.call_pk[call_code(2022, CallKind.PARTNERSHIP_PROJECT)]
        trajectories = {}
        for key, codes in planned.items():
            if key in rejected or rng.random() > 0.35:
                continue
            for number in range(1, rng.randint(1, 3) + 1):
                title = f"{rng.choice(_TRAJECTORY_TITLES)} {number}"
                age_min, age_max = (14, 18) if key[0] == partnership_call else rng.choice(_AGE_RANGES)
                trajectories[(ids[key], title)] = {
                    "application_id": ids[key], "title": title,
                    "transition_priority": rng.choice(TransitionPriority.values), "age_min": age_min,
                    "age_max": age_max, "half_days": rng.randint(2, 12), "municipality_id": rng.choice(codes),
                }
        self.sync.rows(Trajectory, Trajectory.objects.filter(application__call__code__startswith=CODE_PREFIX),
                       lambda obj: (obj.application_id, obj.title), trajectories)
        self.summary.applications = len(ids)
        return ids

    def application_key(self, award: _AwardPlan) -> tuple[int, int]:
        return (self.call_pk[award.call_code], self.academy_pk[award.academy])

    def awards(self, application_pk: dict[tuple[int, int], int]) -> dict[tuple[int], int]:
        rows, funded = {}, set()
        for award in self.awarded():
            application_id = application_pk[self.application_key(award)]
            year = self.calls[award.call_code]["year"]
            rows[(application_id,)] = {
                "application_id": application_id, "amount": award.amount,
                "decided_on": datetime.date(year, 7, 15) if award.kind == CallKind.PARTNERSHIP_PROJECT
                else datetime.date(year, 2, 15),
                "amount_reason": "", "decided_by_id": self.manager_id,
            }
            funded.update((application_id, code) for code in award.funded)
        ids = self.sync.rows(Award, Award.objects.filter(application__call__code__startswith=CODE_PREFIX),
                             lambda obj: (obj.application_id,), rows)
        self.sync.links(Award.funded_municipalities.through, "award", ids.values(),
                        {(ids[(application_id,)], code) for application_id, code in funded})
        self.summary.awards = len(ids)
        return ids

    def reports(self, application_pk: dict[tuple[int, int], int], award_pk: dict[tuple[int], int]) -> None:
        rng = self.rng
        rows, planned = {}, {}
        for award in self.awarded():
            report = award.report
            if report.category == MISSING:
                continue
            award_id = award_pk[(application_pk[self.application_key(award)],)]
            call = self.calls[award.call_code]
            due = call["report_due_date"]
            status = _report_status(report.category, call["year"], rng)
            unattributed = report.unattributed
            submitted = status != FinalReportStatus.DRAFT
            rows[(award_id,)] = {
                "award_id": award_id, "status": status, "narrative": rng.choice(_NARRATIVES) if submitted else "",
                **_counts(unattributed, prefix="unattributed_"),
                "submitted_at": _moment(due.year, due.month, due.day) - datetime.timedelta(days=rng.randint(0, 40))
                if submitted else None,
                "reviewed_at": _moment(due.year, 5, 15)
                if status in (FinalReportStatus.ACCEPTED, FinalReportStatus.RETURNED) else None,
                "review_comment": "Aantallen per gemeente ontbreken of kloppen niet; graag aanvullen."
                if status == FinalReportStatus.RETURNED else "",
            }
            planned[award_id] = report
        ids = self.sync.rows(FinalReport, FinalReport.objects.filter(
            award__application__call__code__startswith=CODE_PREFIX), lambda obj: (obj.award_id,), rows)

        lines = {}
        for award_id, report in planned.items():
            report_id = ids[(award_id,)]
            for code, block in report.lines.items():
                lines[(report_id, code)] = {"report_id": report_id, "municipality_id": code,
                                            "half_days": report.half_days[code], **_counts(block)}
        self.sync.rows(FinalReportLine, FinalReportLine.objects.filter(
            report__award__application__call__code__startswith=CODE_PREFIX),
            lambda obj: (obj.report_id, obj.municipality_id), lines)
        self.summary.final_reports = len(ids)
        self.summary.report_lines = len(lines)


def _counts(block: _Block | None, prefix: str = "") -> dict[str, int | None]:
    """The count fields of a line (or, with prefix "unattributed_", of a report); all NULL without a block."""
    names = ("participants", "boys", "girls", "other")
    if block is None:
        return {prefix + name: None for name in names}
    return {prefix + name: getattr(block, name) for name in names}


def _report_status(category: str, year: int, rng: random.Random) -> str:
    if category == DRAFT:
        return FinalReportStatus.DRAFT
    if category == RETURNED:
        return FinalReportStatus.RETURNED
    if year >= 2023 or (year == 2022 and rng.random() < 0.3):
        return FinalReportStatus.SUBMITTED
    return FinalReportStatus.ACCEPTED


@transaction.atomic
def build_demo_data(*, seed: int = SEED, reset_passwords: bool = False) -> DemoSummary:
    """Create or update the demo dataset; a second run with the same seed changes nothing.

    Needs the reference geography (`manage.py load_reference`). The demo logins' passwords are set when a user is
    created, or again with `reset_passwords=True`. Year budgets are only created, never overwritten.
    """
    if Municipality.objects.for_year(2022).count() != 300:
        raise ValueError("Load the reference geography first (manage.py load_reference).")
    return _Writer(_Planner(seed).plan(), seed).write(reset_passwords)
