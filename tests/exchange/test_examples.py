"""The example files in docs/examples import into an empty database, in order, and a second import changes nothing."""

from pathlib import Path

import pytest
from django.conf import settings

from academies.models import Event
from exchange.services import import_file
from grants.models import FinalReport, FinalReportLine

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
ORDER = ("academies", "recognitions", "calls", "yearbudgets", "awards", "finalreports", "events")


@pytest.mark.django_db
def test_examples_import():
    for kind in ORDER:
        summary = import_file(kind=kind, data=(EXAMPLES / f"{kind}.csv").read_bytes())
        assert summary.created > 0, kind
    zwijndrecht = {year: FinalReportLine.objects.for_year(year).filter(municipality__name_nl__contains="Zwijndrecht")
                   .values_list("municipality_id", flat=True).first() for year in (2022,)}
    assert zwijndrecht == {2022: "11056"}
    report = FinalReport.objects.get(award__application__academy__code="jeugd-stem-zwijndrecht",
                                     award__application__call__year=2022)
    assert (report.unattributed_participants, report.unattributed_boys, report.unattributed_girls) == (120, 70, 50)
    assert Event.objects.with_stem_label().count() == 1
    for kind in ORDER:
        summary = import_file(kind=kind, data=(EXAMPLES / f"{kind}.csv").read_bytes())
        assert (summary.created, summary.updated) == (0, 0), kind
