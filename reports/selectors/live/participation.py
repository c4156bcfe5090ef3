"""Participants and gender: totals (at least), coverage, pooled shares and the mean of per-academy shares."""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Sum

from academies.models import (
    OrganisationType,
)
from reports.selectors.base import PicklesPositionally, PooledSplit, add_counts, awards_of, received_reports_of


@dataclass
class Participation(PicklesPositionally, PooledSplit):
    """Participants (a lower bound) and gender shares with their coverage, for all academies or one group."""

    label: str = ""
    reports_expected: int = 0
    reports_received: int = 0
    reports_with_participants: int = 0
    participants_attributed: int | None = None
    participants_unattributed: int | None = None
    reports_with_split: int = 0
    boys: int = 0
    girls: int = 0
    other: int = 0
    academy_splits: dict[int, list[int]] = field(default_factory=dict)
    means: tuple[Fraction | None, Fraction | None, Fraction | None] | None = None  # set by finish()

    @property
    def participants_at_least(self) -> int | None:
        return add_counts(self.participants_attributed, self.participants_unattributed)

    @property
    def academies_with_split(self) -> int:
        return len(self.academy_splits)

    def _mean(self, index: int) -> Fraction | None:
        """Mean over the academies with a split of each academy's share, its reports of the year pooled first;
        exact (a Fraction), so that rounding for display happens once."""
        if not self.academy_splits:
            return None
        parts_by_total: dict[int, int] = defaultdict(int)  # summed per denominator: a few fractions, not thousands
        for split in self.academy_splits.values():
            parts_by_total[sum(split)] += split[index]
        return sum(Fraction(part, total) for total, part in parts_by_total.items()) / len(self.academy_splits)

    def finish(self) -> None:
        """Computes the three means once, when every report is added, so that reading them (and storing them)
        does not sum thousands of fractions again."""
        self.means = (self._mean(0), self._mean(1), self._mean(2))

    def _mean_of(self, index: int) -> Fraction | None:
        return self._mean(index) if self.means is None else self.means[index]

    @property
    def mean_boys_share(self) -> Fraction | None:
        return self._mean_of(0)

    @property
    def mean_girls_share(self) -> Fraction | None:
        return self._mean_of(1)

    @property
    def mean_other_share(self) -> Fraction | None:
        return self._mean_of(2)

    @property
    def is_complete(self) -> bool:
        """True when every expected report is received and carries a participant count."""
        return self.reports_expected == self.reports_with_participants

    def add_report(self, *, academy_id, line_participants, line_participant_values, unattributed_participants,
                   boys, girls, other) -> None:
        self.reports_received += 1
        if line_participant_values or unattributed_participants is not None:
            self.reports_with_participants += 1
        self.participants_attributed = add_counts(self.participants_attributed, line_participants)
        self.participants_unattributed = add_counts(self.participants_unattributed, unattributed_participants)
        if boys is None and girls is None and other is None:
            return
        boys, girls, other = boys or 0, girls or 0, other or 0
        total = boys + girls + other
        if not total:
            return
        self.reports_with_split += 1
        self.boys += boys
        self.girls += girls
        self.other += other
        split = self.academy_splits.setdefault(academy_id, [0, 0, 0])
        split[0] += boys
        split[1] += girls
        split[2] += other


@dataclass
class ParticipationReport:
    year: int
    total: Participation
    by_organisation_type: list[Participation]


def live_participation(*, year: int, call_kind: str | None = None, organisation_type: str | None = None,
                  ) -> ParticipationReport:
    """Participants "at least" with coverage (final reports expected = awards, received, received with a count) and
    gender shares over the reports that give a split, pooled (sum of boys / sum of boys+girls+other) and as the mean
    of per-academy shares (each academy's reports of the year pooled first); overall and per organisation type.
    Two queries."""
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    expected = dict(awards_of(**filters).values_list("application__academy__organisation_type")
                    .annotate(count=Count("id")).order_by())
    reports = (received_reports_of(**filters)
               .values_list("id", "award__application__academy_id", "award__application__academy__organisation_type",
                            "unattributed_participants", "unattributed_boys", "unattributed_girls",
                            "unattributed_other")
               .annotate(line_participants=Sum("lines__participants"),
                         line_participant_values=Count("lines__participants"),
                         line_boys=Sum("lines__boys"), line_girls=Sum("lines__girls"),
                         line_other=Sum("lines__other"))
               .order_by())
    labels = dict(OrganisationType.choices)
    total = Participation(label="")
    groups = {kind: Participation(label=str(labels.get(kind, kind)), reports_expected=count)
              for kind, count in expected.items()}
    total.reports_expected = sum(expected.values())
    for (_id, academy_id, kind, u_participants, u_boys, u_girls, u_other, l_participants, l_values, l_boys, l_girls,
         l_other) in reports:
        group = groups.setdefault(kind, Participation(label=str(labels.get(kind, kind))))
        for target in (total, group):
            target.add_report(academy_id=academy_id, line_participants=l_participants, line_participant_values=l_values,
                              unattributed_participants=u_participants, boys=add_counts(l_boys, u_boys),
                              girls=add_counts(l_girls, u_girls), other=add_counts(l_other, u_other))
    ordered = [groups[kind] for kind, _label in OrganisationType.choices if kind in groups]
    for group in (total, *ordered):
        group.finish()
    return ParticipationReport(year=year, total=total, by_organisation_type=ordered)


