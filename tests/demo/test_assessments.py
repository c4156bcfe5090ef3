import pytest

from assessments.models import Assessment
from assessments.selectors import ranking
from demo.assessments import CALL_CODE, build_demo_assessments
from demo.writing import build_demo_data
from grants.models import Call
from tests.conftest import load_reference_data


@pytest.mark.django_db(transaction=True)
def test_the_demo_assessment_round_ranks_eight_applications_twice_assessed_four():
    load_reference_data()
    build_demo_data()
    build_demo_assessments()
    build_demo_assessments()  # idempotent
    call = Call.objects.get(code=CALL_CODE)
    assert call.applications.count() == 8
    rows = ranking(call=call).rows
    assert len(rows) == 6
    assert sum(row.submitted_assessments == 2 for row in rows) == 4
    assert Assessment.objects.filter(application__call=call).count() == 9
    assert rows[0].score > rows[-2].score
    assert any(row.fits_budget is False for row in rows)
