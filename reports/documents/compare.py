"""Compare a frozen answer with today's `AnswerContent`, figure by figure."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academies.belgian import format_date
from grants.models import RECEIVED_STATUSES, FinalReport
from reports.documents.content import answer_content, display


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label} {self.before} -> {self.after}"


def figure_changes(frozen, *, today=None) -> list[FigureChange]:
    """The figures of `frozen` whose written value differs today (and figures that appeared or disappeared), in
    the answer's order. Both sides are written by `display` from their exact value: a share is rounded once."""
    content = today or answer_content(year=frozen.year, annexes=False)
    now_figures = {figure.key: figure for figure in content.figures}
    then = {figure["key"]: figure for figure in frozen.figures}
    changes = []
    for key, figure in then.items():
        now = now_figures.get(key)
        before, after = display(figure["kind"], figure["value"]), display(figure["kind"], now.value if now else None)
        if before != after:
            changes.append(FigureChange(key, figure["label"], before, after))
    for key, figure in now_figures.items():
        if key not in then:
            changes.append(FigureChange(key, figure.label, display(figure.kind, None), figure.display()))
    return changes


def received_since(frozen):
    """The final reports of the year received today that were not received when the answer was frozen, whoever
    wrote them: the portal sets `submitted_at`, an import does not, so "received then" is read from the report's
    history (every writer records it) and from `submitted_at`."""
    history = FinalReport.history.model.objects.filter(id=OuterRef("pk"), history_date__lte=frozen.frozen_at,
                                                       status__in=RECEIVED_STATUSES)
    return (FinalReport.objects.received().for_year(frozen.year)
            .exclude(submitted_at__lte=frozen.frozen_at)
            .exclude(Exists(history)))


def reports_received_since(frozen) -> str:
    """E.g. "4 eindrapportages ontvangen na 03/02/2023"."""
    count = received_since(frozen).count()
    return ngettext("%(n)s final report received after %(date)s", "%(n)s final reports received after %(date)s",
                    count) % {"n": count, "date": format_date(frozen.frozen_at)} if count else _(
        "no final report received since the freeze")
