import pytest

from assessments.models import Assessment
from assessments.selectors import ranking
from demo.assessments import CALL_CODE, build_demo_assessments
from demo.writing import build_demo_data
from grants.models import ApplicationStatus, Call, Partner
from tests.conftest import load_reference_data


@pytest.mark.django_db(transaction=True)
def test_the_demo_assessment_round_ranks_eight_applications_twice_assessed_four(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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
    applications = call.applications.all()
    assert all(application.description and application.target_groups for application in applications)
    assert all(application.partners.exists() for application in applications)
    submitted = [application for application in applications if application.status == ApplicationStatus.SUBMITTED]
    assert all(application.attachments.count() == 1 and application.declaration_signed_at
               for application in submitted)
    assert Partner.objects.filter(application__call=call).count() == 15
    assert all(full_clean_passes(partner) for partner in Partner.objects.filter(application__call=call))


def full_clean_passes(partner) -> bool:
    partner.full_clean()  # the synthetic KBO numbers have valid check numbers
    return True
