"""The demo plan: which academy gets which award, report and counts each year (pure Python, no writes)."""

import random
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from academies.models import Municipality, OrganisationType
from demo.dataset import (
    _ACTIVE_YEARS,
    _PARTNERSHIPS,
    _SIZES_2022,
    CENT,
    DEMO_ACADEMIES,
    DEMO_ORGANISATIONS,
    DRAFT,
    FULL,
    LIBRARY_BOYS_SHARE,
    MISSING,
    MIXED,
    NO_COUNTS,
    NO_GENDER,
    NOT_RECEIVED,
    PARTNERSHIP_AWARDS_2022,
    PARTNERSHIP_CAP,
    PARTNERSHIP_TOTAL_2022,
    PROVINCE_REACH_2022,
    RETURNED,
    UNATTRIBUTED_SPLIT,
    UNATTRIBUTED_TOTAL,
    YEAR_SPECS,
    YearSpec,
    _AwardPlan,
    _Block,
    _ReportPlan,
    call_code,
)
from grants.models import (
    CallKind,
)


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
