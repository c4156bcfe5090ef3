"""The academy portal (/portaal/) and the staff workflow (/beheer/).

Portal views look every object up in a queryset scoped to the user's academies, so another academy's object
answers 404 whatever the method; `grants.rules` then decides what the user may do with their own object. Writes
go through `grants.services`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from academies.models import Academy
from grants import selectors, services
from grants.downloads import attachment_response
from grants.filters import ApplicationFilter
from grants.forms import (
    ApplicationForm,
    AwardForm,
    FinalReportForm,
    InviteForm,
    RejectForm,
    ReviewForm,
    report_line_formset,
    trajectory_formset,
)
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on known fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def history_rows(obj) -> list[dict]:
    """Who changed what and when, oldest first, from django-simple-history."""
    return history_rows_of(obj.history.all(), obj._meta)


def history_rows_of(records, meta) -> list[dict]:
    """Rows for the history table from historical records of one kind (`meta`: the tracked model's _meta).
    Each record is compared with the previous record of the same object."""
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    previous = {}
    rows = []
    for record in records:
        changes = []
        before = previous.get(record.id)
        if before is not None:
            delta = record.diff_against(before)
            changes = [str(meta.get_field(change.field).verbose_name) for change in delta.changes]
        previous[record.id] = record
        rows.append({"record": record, "changes": changes, "label": meta.verbose_name})
    return rows


# --- portal -----------------------------------------------------------------------------------------------------


def own_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user).select_related("call", "academy"), pk=pk)


def own_award(request: HttpRequest, pk: int) -> Award:
    return get_object_or_404(Award.objects.for_user(request.user).select_related(
        "application__call", "application__academy"), pk=pk)


def report_of(award: Award) -> FinalReport | None:
    return FinalReport.objects.filter(award=award).first()


@login_required
def portal_dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/portal_dashboard.html", selectors.portal_dashboard(user=request.user))


@login_required
def application_start(request: HttpRequest, academy_pk: int, call_pk: int) -> HttpResponse:
    academy = get_object_or_404(Academy.objects.for_user(request.user), pk=academy_pk)
    call = get_object_or_404(Call, pk=call_pk)
    if request.method == "POST":
        try:
            application = services.application_create(call=call, academy=academy)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("grants:portal-dashboard")
        return redirect("grants:application-edit", pk=application.pk)
    existing = Application.objects.filter(call=call, academy=academy).first()
    if existing is not None:
        return redirect("grants:application-detail", pk=existing.pk)
    return render(request, "grants/application_start.html", {"academy": academy, "call": call})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if request.method == "POST":
        return redirect("grants:application-detail", pk=pk)
    return render(request, "grants/application_detail.html", {
        "application": application,
        "trajectories": application.trajectories.select_related("municipality"),
        "planned": application.planned_municipalities.order_by("name_nl"),
        "requested_amount": services.requested_amount_for(application=application),
        "may_edit": request.user.has_perm("grants.edit_application", application),
        "is_open": application.call.is_open_at(timezone.now()),
        "award": Award.objects.filter(application=application).prefetch_related("funded_municipalities").first(),
    })


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if not request.user.has_perm("grants.edit_application", application):
        messages.error(request, _("This application has been submitted and can no longer be changed."))
        return redirect("grants:application-detail", pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    formset = trajectory_formset(application, request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        trajectories = [trajectory_form.as_input() for trajectory_form in formset.forms
                        if trajectory_form.cleaned_data and not formset._should_delete_form(trajectory_form)]
        try:
            services.application_update(
                application=application,
                planned_municipalities=form.cleaned_data["municipalities"],
                forecast_participants=form.cleaned_data["forecast_participants"],
                requested_amount=form.cleaned_data.get("requested_amount"),
                project_cost=form.cleaned_data.get("project_cost"),
                own_contribution=form.cleaned_data.get("own_contribution"),
                trajectories=trajectories,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your draft has been saved."))
            if "add_rows" in request.POST:
                return redirect("grants:application-edit", pk=pk)
            return redirect("grants:application-detail", pk=pk)
    return render(request, "grants/application_form.html", {
        "application": application, "form": form, "formset": formset,
        "requested_amount": services.requested_amount_for(application=application),
    })


@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if request.method != "POST":
        return redirect("grants:application-detail", pk=pk)
    if not request.user.has_perm("grants.edit_application", application):
        messages.error(request, _("This application has already been submitted."))
        return redirect("grants:application-detail", pk=pk)
    try:
        services.application_submit(application=application)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Your application has been submitted. You will receive a confirmation "
                                    "by e-mail."))
    return redirect("grants:application-detail", pk=pk)


@login_required
def report_edit(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = own_award(request, award_pk)
    report = report_of(award)
    editable = request.user.has_perm("grants.edit_finalreport", award)
    if request.method == "POST" and not editable:
        messages.error(request, _("This final report has been submitted and can no longer be changed."))
        return redirect("grants:report-edit", award_pk=award_pk)
    instance = report or FinalReport(award=award)
    data = request.POST if request.method == "POST" else None
    form = FinalReportForm(data, request.FILES or None, instance=instance)
    formset = report_line_formset(award=award, report=report, data=data)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            report = services.final_report_save(
                award=award,
                narrative=form.cleaned_data["narrative"],
                lines=formset.inputs(),
                unattributed_participants=form.cleaned_data["unattributed_participants"],
                unattributed_boys=form.cleaned_data["unattributed_boys"],
                unattributed_girls=form.cleaned_data["unattributed_girls"],
                unattributed_other=form.cleaned_data["unattributed_other"],
                attachment=form.cleaned_data.get("attachment"),
                remove_attachment=form.cleaned_data.get("remove_attachment", False),
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Your final report has been submitted."))
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect("grants:report-edit", award_pk=award_pk)
    return render(request, "grants/report_form.html", {
        "award": award, "report": report, "form": form, "formset": formset, "editable": editable,
        "lines": report.lines.select_related("municipality") if report else [],
    })


@login_required
def report_submit(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = own_award(request, award_pk)
    report = report_of(award)
    if request.method != "POST":
        return redirect("grants:report-edit", award_pk=award_pk)
    if report is None or not request.user.has_perm("grants.edit_finalreport", award):
        messages.error(request, _("Save your final report before submitting it."))
        return redirect("grants:report-edit", award_pk=award_pk)
    try:
        services.final_report_submit(report=report)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Your final report has been submitted."))
    return redirect("grants:report-edit", award_pk=award_pk)


def report_attachment_response(report: FinalReport | None) -> FileResponse:
    if report is None or not report.attachment:
        raise Http404
    name = report.attachment.name.rsplit("/", 1)[-1]
    return attachment_response(report.attachment.open("rb"), name)


@login_required
def report_attachment(request: HttpRequest, award_pk: int) -> FileResponse:
    return report_attachment_response(report_of(own_award(request, award_pk)))


# --- staff ------------------------------------------------------------------------------------------------------


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
    calls = Call.objects.with_awarded_amount().order_by("-year", "code")[:20]
    to_decide = Application.objects.filter(status=ApplicationStatus.SUBMITTED).for_table().order_by("submitted_at")
    to_review = FinalReport.objects.filter(status=FinalReportStatus.SUBMITTED).for_table().order_by("submitted_at")
    return render(request, "grants/staff_dashboard.html", {
        "calls": calls, "to_decide": to_decide, "to_review": to_review,
        "may_invite": request.user.has_perm("grants.invite_contact"),
    })


class StaffApplicationListView(FilterView):
    filterset_class = ApplicationFilter
    template_name = "grants/staff_application_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Application.objects.for_table().order_by("-call__year", "academy__name")


staff_application_list = staff_required(StaffApplicationListView.as_view())


def render_staff_application(request, application, award_form=None, reject_form=None, status=200):
    may_decide = request.user.has_perm("grants.decide_application", application)
    if may_decide:
        proposed = services.requested_amount_for(application=application)
        award_form = award_form or AwardForm(application=application, initial={
            "amount": proposed, "funded_municipalities": list(application.planned_municipalities.all())})
        reject_form = reject_form or RejectForm()
    award = Award.objects.filter(application=application).select_related("decided_by").prefetch_related(
        "funded_municipalities").first()
    call = Call.objects.with_awarded_amount().get(pk=application.call_id)
    return render(request, "grants/staff_application_detail.html", {
        "application": application, "award": award, "call": call,
        "trajectories": application.trajectories.select_related("municipality"),
        "planned": application.planned_municipalities.order_by("name_nl"),
        "requested_amount": services.requested_amount_for(application=application),
        "may_decide": may_decide, "award_form": award_form, "reject_form": reject_form,
        "history": sorted(history_rows(application) + (history_rows(award) if award else []),
                          key=lambda row: row["record"].history_date),
    }, status=status)


def staff_application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("call", "academy", "decided_by"), pk=pk)


@staff_required
def staff_application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_staff_application(request, staff_application(pk))


@staff_required
def staff_application_award(request: HttpRequest, pk: int) -> HttpResponse:
    application = staff_application(pk)
    if request.method != "POST":
        return redirect("grants:staff-application-detail", pk=pk)
    if not request.user.has_perm("grants.decide_application", application):
        raise PermissionDenied
    form = AwardForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.application_award(application=application, amount=form.cleaned_data["amount"],
                                       funded_municipalities=form.cleaned_data["funded_municipalities"],
                                       reason=form.cleaned_data["reason"], decided_by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The award has been saved and the academy informed."))
            return redirect("grants:staff-application-detail", pk=pk)
    return render_staff_application(request, application, award_form=form, status=400)


@staff_required
def staff_application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    application = staff_application(pk)
    if request.method != "POST":
        return redirect("grants:staff-application-detail", pk=pk)
    if not request.user.has_perm("grants.decide_application", application):
        raise PermissionDenied
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.application_reject(application=application, reason=form.cleaned_data["reason"],
                                        decided_by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application has been rejected and the academy informed."))
            return redirect("grants:staff-application-detail", pk=pk)
    return render_staff_application(request, application, reject_form=form, status=400)


@staff_required
def staff_report_list(request: HttpRequest) -> HttpResponse:
    reports = FinalReport.objects.for_table().order_by("-award__application__call__year",
                                                       "award__application__academy__name")
    status = request.GET.get("status", "")
    if status in FinalReportStatus.values:
        reports = reports.filter(status=status)
    return render(request, "grants/staff_report_list.html", {
        "reports": reports, "status": status, "statuses": FinalReportStatus.choices})


@staff_required
def staff_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(FinalReport.objects.for_table(), pk=pk)
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
        "lines": report.lines.select_related("municipality"),
        "funded": report.award.funded_municipalities.order_by("name_nl"),
        "history": sorted(history_rows(report) + history_rows_of(
            FinalReportLine.history.filter(report_id=report.pk), FinalReportLine._meta),
            key=lambda row: row["record"].history_date),
    }, status=400 if request.method == "POST" else 200)


@staff_required
def staff_report_attachment(request: HttpRequest, pk: int) -> FileResponse:
    return report_attachment_response(get_object_or_404(FinalReport, pk=pk))


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
    return render(request, "grants/staff_invite.html", {"form": form, "invitations": selectors.recent_invitations()})


# --- accounts ---------------------------------------------------------------------------------------------------


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation: the contact chooses a password, which activates the account. The
    token is Django's password-reset token, so it stops working once a password is set."""

    template_name = "registration/invite_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        self.user.is_active = True
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been set. You can now log in."))
        return response
