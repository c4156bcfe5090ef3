"""Portal (academy contacts) and staff (VLAIO) views; `grants.urls` wires them."""

from grants.views.academies import staff_academy_bounce, staff_academy_detail
from grants.views.accounts import InviteAcceptView
from grants.views.application_files import application_attachment, staff_application_attachment
from grants.views.calls import staff_call_create, staff_call_edit
from grants.views.portal import (
    application_detail,
    application_edit,
    application_start,
    application_submit,
    portal_dashboard,
    report_attachment,
    report_edit,
    report_submit,
)
from grants.views.search import staff_search
from grants.views.staff import (
    staff_application_award,
    staff_application_detail,
    staff_application_list,
    staff_application_reject,
    staff_dashboard,
    staff_invite,
    staff_report_attachment,
    staff_report_detail,
    staff_report_list,
)

__all__ = [
    "InviteAcceptView", "application_attachment", "staff_application_attachment",
    "application_detail", "application_edit", "application_start", "application_submit",
    "portal_dashboard", "report_attachment", "report_edit", "report_submit", "staff_application_award",
    "staff_application_detail", "staff_application_list", "staff_application_reject", "staff_dashboard",
    "staff_invite", "staff_report_attachment", "staff_report_detail", "staff_report_list", "staff_academy_bounce",
    "staff_academy_detail", "staff_search", "staff_call_create", "staff_call_edit",
]
