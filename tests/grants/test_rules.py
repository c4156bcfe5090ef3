"""One definition of VLAIO staff (`grants.rules.is_vlaio_staff`), used by the staff pages, the reports and the
home page's redirect."""

import pytest
from django.urls import reverse

from grants.rules import is_vlaio_staff, may_read_reports
from tests.factories import StaffUserFactory, UserFactory
from tests.grants.portal_setup import PASSWORD, contact_of, manager, reader

pytestmark = pytest.mark.django_db


class TestStaff:
    def test_active_staff_accounts_in_a_staff_group_are_staff(self):
        assert is_vlaio_staff(manager())
        assert is_vlaio_staff(reader())
        assert is_vlaio_staff(StaffUserFactory(username="root", is_superuser=True))
        assert not is_vlaio_staff(StaffUserFactory(username="staff-without-groups"))
        inactive = reader()
        inactive.is_active = False
        assert not is_vlaio_staff(inactive)
        assert not is_vlaio_staff(UserFactory())

    def test_reports_need_staff_and_the_view_award_permission(self):
        assert may_read_reports(manager())
        assert may_read_reports(reader())
        assert not may_read_reports(StaffUserFactory(username="staff-without-groups"))
        contact, _academy = contact_of()
        assert not may_read_reports(contact)

    @pytest.mark.parametrize(("who", "target"), [("reader", "grants:staff-dashboard"),
                                                  ("contact", "grants:portal-dashboard")])
    def test_home_sends_staff_to_their_dashboard(self, client, who, target):
        user = reader() if who == "reader" else contact_of()[0]
        client.login(username=user.username, password=PASSWORD)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse(target)


class TestStaffNavigation:
    """The navigation asks `grants.rules` (the `grants.view_staff_pages` permission), never `user.is_staff`."""

    @pytest.mark.parametrize(("who", "sees_staff_pages"), [("reader", True), ("staff-without-groups", False)])
    def test_staff_links_follow_the_rule(self, client, who, sees_staff_pages):
        if who == "reader":
            user = reader()
        else:
            user = StaffUserFactory(username="staff-without-groups")
            user.set_password(PASSWORD)
            user.save()
        client.login(username=user.username, password=PASSWORD)
        page = client.get(reverse("accessibility")).content.decode()
        assert (reverse("grants:staff-dashboard") in page) is sees_staff_pages
        assert (reverse("grants:staff-search") in page) is sees_staff_pages
