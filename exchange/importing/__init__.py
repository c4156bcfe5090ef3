"""The import and export formats (docs/import-formats.md): one module per format on the shared planning
(`base`) and writing (`writing`)."""

from django.utils.translation import gettext as _

from exchange.errors import ImportFailed, RowError
from exchange.importing.academies import AcademyKind
from exchange.importing.awards import AwardKind
from exchange.importing.base import Kind
from exchange.importing.budgets import YearBudgetKind
from exchange.importing.calls import CallKindFormat
from exchange.importing.events import EventKind
from exchange.importing.finalreports import FinalReportKind
from exchange.importing.recognitions import RecognitionKind

KINDS: dict[str, Kind] = {kind.key: kind for kind in (AcademyKind(), CallKindFormat(), AwardKind(),
                                                       FinalReportKind(), EventKind(), RecognitionKind(),
                                                       YearBudgetKind())}


def get_kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ImportFailed([RowError(None, None, _("Unknown kind '%(kind)s'; choose from %(kinds)s") % {
            "kind": key, "kinds": ", ".join(KINDS)})]) from None
