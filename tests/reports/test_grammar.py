"""Dutch grammar where a number meets a noun (issue 27, point 4): singular and plural through ngettext /
blocktranslate count, and no sentence built around a "not known" figure."""

import pytest
from django.urls import reverse
from django.utils import translation

from grants.models import FinalReportStatus
from reports.maps import Measure, classify_row
from tests.factories import GENT, AwardFactory, FinalReportFactory, FinalReportLineFactory

pytestmark = pytest.mark.django_db


def participation_page(client, year: int = 2022) -> str:
    return client.get(reverse("reports:participation") + f"?year={year}").content.decode()


def one_report(**report):
    award = AwardFactory(funded=[GENT])
    final_report = FinalReportFactory(award=award, status=FinalReportStatus.ACCEPTED, **report)
    FinalReportLineFactory(report=final_report, participants=30, boys=20, girls=10)
    return final_report


def test_one_expected_final_report_is_singular(reader_client):
    one_report()
    page = participation_page(reader_client)
    assert "1 eindrapportage verwacht, 1 ontvangen" in page
    assert "eindrapportages verwacht" not in page
    assert "Over de 1 van 1 ontvangen eindrapportage die een genderverdeling geeft" in page


def test_no_unattributed_counts_says_so_without_not_known(reader_client):
    one_report()
    page = participation_page(reader_client)
    assert "niet gekend niet toe te wijzen" not in page
    assert "Ze zijn allemaal per gemeente geteld." in page


def test_unattributed_counts_are_named_plainly(reader_client):
    one_report(unattributed_participants=12)
    page = participation_page(reader_client)
    assert "Per gemeente geteld: 30; niet toe te wijzen aan een gemeente: 12." in page


@pytest.mark.parametrize("events,text", [(1, "1 evenement, waarvan 1 met label"),
                                         (2, "2 evenementen, waarvan 1 met label")])
def test_event_labels_on_the_map(events, text):
    row = type("Row", (), {"nis_code": GENT})()
    with translation.override("nl"):
        _entry, label = classify_row(Measure.EVENTS, row, events={GENT: (events, 1)})
    assert label.startswith(text)
