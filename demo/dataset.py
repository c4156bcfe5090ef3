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
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from academies.models import OrganisationType
from grants.groups import MANAGER_GROUP, READER_GROUP
from grants.models import (
    CallKind,
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
    DemoLogin("demo-goedkeurder", "demo-goedkeurder-2024", "VLAIO staff (manager, second pair of eyes)",
              is_staff=True, group=MANAGER_GROUP),
    DemoLogin("demo-lezer", "demo-lezer-2024", "VLAIO staff (reader)", is_staff=True, group=READER_GROUP),
    DemoLogin("demo-financien", "demo-financien-2024", "VLAIO staff (manager; the second pair of eyes for payments)",
              is_staff=True, group=MANAGER_GROUP),
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

