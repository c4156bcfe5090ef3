"""PostgreSQL-only paths: the COPY insert with history rows. Skipped on SQLite locally, a failure in CI."""

import pytest

from academies.models import Municipality
from exchange.importing.writing import COPY_THRESHOLD, insert_with_history
from grants.models import FinalReport, FinalReportLine
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.postgres
FIELDS = ["report_id", "municipality_id", "half_days", "participants", "boys", "girls", "other"]


def test_copy_insert_writes_rows_and_history(postgres_only, awarded_academies):
    reports = [FinalReport.objects.create(award=award) for award in awarded_academies[:2]]
    codes = list(Municipality.objects.for_year(2022).values_list("nis_code", flat=True))
    rows = [(report.pk, code, 2, 10, 5, 5, None) for report in reports for code in codes]
    assert len(rows) >= COPY_THRESHOLD
    user = StaffUserFactory()
    ids = insert_with_history(FinalReportLine, FIELDS, rows, user=user, reason="import")
    assert len(ids) == len(set(ids)) == len(rows) == FinalReportLine.objects.count()
    line = FinalReportLine.objects.get(pk=ids[0])
    assert (line.report_id, line.municipality_id, line.participants, line.other) == (reports[0].pk, codes[0], 10, None)
    record = line.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", user, "import")
    assert FinalReportLine.history.count() == len(rows)
    FinalReportLine.objects.filter(pk=ids[-1]).delete()
    fresh = FinalReportLine.objects.create(report=reports[1], municipality_id=codes[-1], half_days=1)
    assert fresh.pk > max(ids)  # the sequence moved past the copied rows
