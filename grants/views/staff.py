"""The staff workflow (/beheer/): VLAIO managers decide and review, readers look."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from grants import selectors, services
from grants.filters import ApplicationFilter, FinalReportFilter
from grants.forms import AwardForm, InviteForm, RejectForm, ReviewForm
from grants.models import Application, ApplicationStatus
from grants.tables import (
    CallTable,
    HistoryTable,
    InvitationTable,
    ReportLineTable,
    StaffApplicationTable,
    StaffReportTable,
    ToDecideTable,
    ToReviewTable,
    TrajectoryTable,
    report_line_rows,
)
from grants.views.common import add_errors
from grants.views.portal import report_attachment_response


def staff_required(view):
    """Logged-in VLAIO staff only (readers and managers); what they may change is checked per action."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.has_perm("grants.view_staff_pages"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    page = selectors.staff_dashboard()
    return render(request, "grants/staff_dashboard.html", {
        "to_decide": ToDecideTable(page["to_decide"]), "to_review": ToReviewTable(page["to_review"]),
        "calls": CallTable(page["calls"], may_change=request.user.has_perm("grants.change_call")),
        "may_invite": request.user.has_perm("grants.invite_contact"),
        "may_add_call": request.user.has_perm("grants.add_call"),
    })


class StaffApplicationListView(SingleTableMixin, FilterView):
    filterset_class = ApplicationFilter
    table_class = StaffApplicationTable
    table_pagination = {"per_page": 50}
    template_name = "grants/staff_application_list.html"

    def get_queryset(self):
        return selectors.staff_applications()


staff_application_list = staff_required(StaffApplicationListView.as_view())


def render_staff_application(request, application, award_form=None, reject_form=None, status=200):
    may_decide = request.user.has_perm("grants.decide_application", application)
    if may_decide:
        proposed = services.requested_amount_for(application=application)
        award_form = award_form or AwardForm(application=application, initial={
            "amount": proposed, "funded_municipalities": list(application.planned_municipalities.all())})
        reject_form = reject_form or RejectForm()
    award = selectors.award_of(application=application)
    return render(request, "grants/staff_application_detail.html", {
        "application": application, "award": award,
        "call": selectors.call_with_awarded_amount(call_id=application.call_id),
        "trajectory_table": TrajectoryTable(selectors.trajectories_of(application=application)),
        "planned": selectors.planned_of(application=application),
        "requested_amount": services.requested_amount_for(application=application),
        "may_decide": may_decide, "award_form": award_form, "reject_form": reject_form,
        "show_personal_data": request.user.has_perm("grants.view_personal_data"),
        "history": HistoryTable(selectors.application_history(application=application, award=award)),
    }, status=status)


def staff_application(pk: int) -> Application:
    return get_object_or_404(selectors.applications_for_staff(), pk=pk)


def already_decided(request: HttpRequest, application: Application) -> HttpResponse:
    """A decision posted for an application that is no longer waiting for one: one message, then the decision."""
    messages.warning(request, _("This application has already been decided; the decision is shown below."))
    return redirect("grants:staff-application-detail", pk=application.pk)


@staff_required
def staff_application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_staff_application(request, staff_application(pk))


class DecisionView(View):
    """A decision posted on an application (award or reject), one path for both: only a POST, only while the
    application waits for a decision, only with the decide permission; the form, then the service. A decision made
    meanwhile (a second submit, another manager) ends in one message and the decision shown."""

    form_class: type[forms.Form]
    form_name: str
    success_message: str

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("grants:staff-application-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = staff_application(pk)
        if application.status != ApplicationStatus.SUBMITTED:
            return already_decided(request, application)
        if not request.user.has_perm("grants.decide_application", application):
            raise PermissionDenied
        form = self.get_form(application)
        if form.is_valid():
            try:
                self.decide(application, form.cleaned_data)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return already_decided(request, application)
                add_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect("grants:staff-application-detail", pk=pk)
        return render_staff_application(request, application, status=400, **{self.form_name: form})

    def get_form(self, application: Application) -> forms.Form:
        return self.form_class(self.request.POST)

    def decide(self, application: Application, data: dict) -> None:
        raise NotImplementedError


class AwardView(DecisionView):
    form_name = "award_form"
    success_message = gettext_lazy("The award has been saved and the academy informed.")

    def get_form(self, application: Application) -> forms.Form:
        return AwardForm(self.request.POST, application=application)

    def decide(self, application: Application, data: dict) -> None:
        services.application_award(application=application, amount=data["amount"],
                                   funded_municipalities=data["funded_municipalities"], reason=data["reason"],
                                   decided_by=self.request.user)


class RejectView(DecisionView):
    form_class = RejectForm
    form_name = "reject_form"
    success_message = gettext_lazy("The application has been rejected and the academy informed.")

    def decide(self, application: Application, data: dict) -> None:
        services.application_reject(application=application, reason=data["reason"], decided_by=self.request.user)


staff_application_award = staff_required(AwardView.as_view())
staff_application_reject = staff_required(RejectView.as_view())


class StaffReportListView(SingleTableMixin, FilterView):
    filterset_class = FinalReportFilter
    table_class = StaffReportTable
    table_pagination = {"per_page": 50}
    template_name = "grants/staff_report_list.html"

    def get_queryset(self):
        return selectors.staff_reports()


staff_report_list = staff_required(StaffReportListView.as_view())


@staff_required
def staff_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for_staff(), pk=pk)
    may_review = request.user.has_perm("grants.review_finalreport", report)
    form = None
    if may_review:
        form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.final_report_review(report=report, accept=form.cleaned_data["decision"] == ReviewForm.ACCEPT,
                                             comment=form.cleaned_data["comment"], reviewed_by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The review has been saved and the academy informed."))
                return redirect("grants:staff-report-detail", pk=pk)
    return render(request, "grants/staff_report_detail.html", {
        "report": report, "award": report.award, "form": form,
        "show_personal_data": request.user.has_perm("grants.view_personal_data"),
        "line_table": ReportLineTable(report_line_rows(report, selectors.lines_of(report=report))),
        "comparison": selectors.funded_vs_reported(report=report),
        "history": HistoryTable(selectors.report_history(report=report)),
    }, status=400 if request.method == "POST" else 200)


@staff_required
def staff_report_attachment(request: HttpRequest, pk: int) -> FileResponse:
    if not request.user.has_perm("grants.view_personal_data"):
        raise PermissionDenied
    return report_attachment_response(get_object_or_404(selectors.reports_for_staff(), pk=pk))


@staff_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("grants.invite_contact"):
        raise PermissionDenied
    form = InviteForm(request.POST or None, initial={"academy": request.GET.get("academy")})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.contact_invite(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(email)s has been invited as a contact of %(academy)s.")
                             % {"email": membership.user.email, "academy": membership.academy.name})
            return redirect("grants:staff-invite")
    invitations = selectors.recent_invitations()
    return render(request, "grants/staff_invite.html", {
        "form": form, "invitations": InvitationTable(invitations) if invitations else None})
