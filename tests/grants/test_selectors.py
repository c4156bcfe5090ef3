"""The portal's front page is computed in `grants.selectors.portal_dashboard`, from the query vocabulary."""

import datetime

import pytest
from django.utils import timezone

from grants.selectors import portal_dashboard
from tests.factories import AwardFactory, CallFactory, FinalReportFactory
from tests.grants.portal_setup import contact_of, open_call

pytestmark = pytest.mark.django_db


class TestPortalDashboard:
    def test_open_calls_say_who_may_apply(self):
        user, recognised = contact_of()
        _user, unrecognised = contact_of(recognised=False)
        unrecognised.memberships.create(user=user)
        call = open_call()
        data = portal_dashboard(user=user)
        [row] = data["call_rows"]
        assert row["call"] == call
        assert {item["academy"]: item["may_apply"] for item in row["academies"]} == {
            recognised: True, unrecognised: False}

    def test_award_rows_flag_overdue_reports(self):
        user, academy = contact_of()
        past = timezone.localdate() - datetime.timedelta(days=1)
        late = AwardFactory(application__academy=academy, application__call=CallFactory(report_due_date=past))
        received = AwardFactory(application__academy=academy, application__call=CallFactory(report_due_date=past))
        FinalReportFactory(award=received)
        rows = {row["award"]: row for row in portal_dashboard(user=user)["award_rows"]}
        assert (rows[late]["overdue"], rows[late]["report"]) == (True, None)
        assert (rows[received]["overdue"], rows[received]["report"].award) == (False, received)
