"""Saving and submitting a final report costs a constant number of queries, whatever its number of lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academies.models import Municipality
from grants import services
from grants.models import ApplicationStatus, FinalReportLine
from tests.factories import ApplicationFactory, AwardFactory
from tests.grants.portal_setup import open_call

MAX_QUERIES = 25


def lines(municipalities, participants=10):
    return [services.ReportLineInput(municipality=place, half_days=2, participants=participants, boys=4, girls=5)
            for place in municipalities]


def queries_to_save(award, report_lines) -> int:
    with CaptureQueriesContext(connection) as captured:
        services.final_report_save(award=award, narrative="Een goed jaar", lines=report_lines, submit=True)
    return len(captured)


@pytest.mark.parametrize("count", [1, 60])
def test_save_and_submit_take_a_constant_number_of_queries(db, count):
    award = AwardFactory(application=ApplicationFactory(call=open_call(), status=ApplicationStatus.AWARDED))
    municipalities = list(Municipality.objects.order_by("nis_code")[:count])
    assert queries_to_save(award, lines(municipalities)) <= MAX_QUERIES
    assert FinalReportLine.objects.filter(report__award=award).count() == count
    assert FinalReportLine.history.filter(report_id=award.final_report.pk).count() == count


def test_a_second_save_updates_changed_lines_and_removes_the_rest_in_few_queries(db):
    award = AwardFactory(application=ApplicationFactory(call=open_call(), status=ApplicationStatus.AWARDED))
    municipalities = list(Municipality.objects.order_by("nis_code")[:40])
    services.final_report_save(award=award, narrative="Concept", lines=lines(municipalities))
    kept, changed = municipalities[:10], municipalities[10:30]
    new = list(Municipality.objects.order_by("-nis_code")[:15])
    assert queries_to_save(award, lines(kept) + lines(changed, participants=12) + lines(new)) <= MAX_QUERIES
    saved = {line.municipality_id: line.participants for line in FinalReportLine.objects.filter(report__award=award)}
    assert saved == {**{place.pk: 10 for place in kept}, **{place.pk: 12 for place in changed},
                     **{place.pk: 10 for place in new}}
    history = FinalReportLine.history.filter(report_id=award.final_report.pk)
    assert history.filter(history_type="-").count() == 10
    assert history.filter(history_type="~").count() == 20
    assert history.filter(history_type="+").count() == 55
