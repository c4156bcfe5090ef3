"""Compare a frozen answer with today's figures, figure by figure."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import FinalReport
from reports.documents.content import answer_content, display


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label} {self.before} -> {self.after}"


def figure_changes(frozen) -> list[FigureChange]:
    """The figures of `frozen` whose value differs today (and figures that appeared or disappeared), in the
    answer's order."""
    today = {figure.key: figure for figure in answer_content(year=frozen.year, annexes=False).figures}
    then = {figure["key"]: figure for figure in frozen.figures}
    changes = []
    for key, figure in then.items():
        now = today.get(key)
        now_value = now.value if now else None
        before, after = display(figure["kind"], figure["value"]), display(figure["kind"], now_value)
        if before != after:  # a share moving in its fourth decimal is not a change the answer shows
            changes.append(FigureChange(key, figure["label"], before, after))
    for key, figure in today.items():
        if key not in then:
            changes.append(FigureChange(key, figure.label, display(figure.kind, None), figure.display()))
    return changes


def reports_received_since(frozen) -> str:
    """E.g. "4 eindrapportages ontvangen na 03/02/2023"."""
    count = (FinalReport.objects.received().filter(award__application__call__year=frozen.year,
                                                   submitted_at__gt=frozen.frozen_at).count())
    return ngettext("%(n)s final report received after %(date)s", "%(n)s final reports received after %(date)s",
                    count) % {"n": count, "date": frozen.frozen_at.strftime("%d/%m/%Y")} if count else _(
        "no final report received since the freeze")
