"""The academy portal (/portaal/).

Portal views look every object up in a queryset scoped to the user's academies, so another academy's object
answers 404 whatever the method; `grants.rules` then decides what the user may do with their own object. Writes
go through `grants.services`."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import application_services, selectors, services
from grants.application_forms import ApplicationFormBundle
from grants.downloads import attachment_response
from grants.forms import FinalReportForm, report_line_formset
from grants.models import Application, Award, FinalReport
from grants.tables import PortalApplicationTable, PortalAwardTable, ReportLineTable, TrajectoryTable, report_line_rows
from grants.views.common import add_errors, flash_errors


def own_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(selectors.own_applications(user=request.user), pk=pk)


def own_award(request: HttpRequest, pk: int) -> Award:
    return get_object_or_404(selectors.own_awards(user=request.user), pk=pk)


@login_required
def portal_dashboard(request: HttpRequest) -> HttpResponse:
    page = selectors.portal_dashboard(user=request.user)
    return render(request, "grants/portal_dashboard.html", {
        "academies": page["academies"], "call_rows": page["call_rows"],
        "application_table": PortalApplicationTable(page["applications"]),
        "award_table": PortalAwardTable(page["award_rows"]),
    })


@login_required
def application_start(request: HttpRequest, academy_pk: int, call_pk: int) -> HttpResponse:
    academy = get_object_or_404(selectors.own_academies(user=request.user), pk=academy_pk)
    call = get_object_or_404(selectors.calls(), pk=call_pk)
    if request.method == "POST":
        try:
            application = application_services.application_create(call=call, academy=academy)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("grants:portal-dashboard")
        return redirect("grants:application-edit", pk=application.pk)
    existing = selectors.application_of(call=call, academy=academy)
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
        "trajectory_table": TrajectoryTable(selectors.trajectories_of(application=application)),
        "planned": selectors.planned_of(application=application),
        "requested_amount": application_services.requested_amount_for(application=application),
        "may_edit": request.user.has_perm("grants.edit_application", application),
        "is_open": application.call.is_open_at(timezone.now()),
        "award": selectors.award_of(application=application),
    })


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft as far as it is filled in. "Save and check" then shows what is still missing to submit it
    next to the fields (`?controle=1`), or goes on to the confirmation step when nothing is."""
    application = own_application(request, pk)
    if not request.user.has_perm("grants.edit_application", application):
        messages.error(request, _("This application has been submitted and can no longer be changed."))
        return redirect("grants:application-detail", pk=pk)
    bundle = ApplicationFormBundle(application, request.POST or None, request.FILES or None)
    if request.method == "POST":
        if bundle.is_valid():
            try:
                application_services.application_update(application=application, updated_by=request.user,
                                                         **bundle.update_arguments())
            except ValidationError as error:
                bundle.add_errors(error)
            else:
                messages.success(request, _("Your draft has been saved."))
                if "check" in request.POST:
                    return redirect(reverse("grants:application-edit", args=[pk]) + "?controle=1")
                if "add_rows" in request.POST:
                    return redirect("grants:application-edit", pk=pk)
                return redirect("grants:application-detail", pk=pk)
    elif request.GET.get("controle") and bundle.check_submission():
        return redirect("grants:application-submit", pk=pk)
    return render(request, "grants/application_form.html", {
        "application": application, "bundle": bundle, "form": bundle.form, **bundle.formsets,
        "requested_amount": application_services.requested_amount_for(application=application),
    })


@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation step (what will be submitted, or what is still missing); POST: submit."""
    application = own_application(request, pk)
    if not request.user.has_perm("grants.edit_application", application):
        messages.error(request, _("This application has already been submitted."))
        return redirect("grants:application-detail", pk=pk)
    if request.method != "POST":
        return render(request, "grants/application_submit_confirm.html", {
            "application": application,
            "planned": selectors.planned_of(application=application),
            "requested_amount": application_services.requested_amount_for(application=application),
            "trajectory_count": application.trajectories.count(),
            "problems": application_services.submission_problems(application),
        })
    try:
        application_services.application_submit(application=application)
    except ValidationError as error:
        flash_errors(request, error)
        if hasattr(error, "error_dict"):
            return redirect("grants:application-submit", pk=pk)
    else:
        messages.success(request, _("Your application has been submitted. You will receive a confirmation "
                                    "by e-mail."))
    return redirect("grants:application-detail", pk=pk)


@login_required
def report_edit(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = own_award(request, award_pk)
    report = selectors.report_of(award=award)
    editable = request.user.has_perm("grants.edit_finalreport", award)
    if request.method == "POST" and not editable:
        messages.error(request, _("This final report has been submitted and can no longer be changed."))
        return redirect("grants:report-edit", award_pk=award_pk)
    instance = report or FinalReport(award=award)
    data = request.POST if request.method == "POST" else None
    form = FinalReportForm(data, request.FILES or None, instance=instance)
    formset = report_line_formset(award=award, report=report, data=data)
    unreached = []
    if data is not None and form.is_valid() and formset.is_valid():
        unreached = [] if data.get("confirm_unreached") else formset.unreached_funded()
    if data is not None and form.is_valid() and formset.is_valid() and not unreached:
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
        "unreached": unreached, "submit_from": report_submit_from(award),
        "line_table": ReportLineTable(report_line_rows(report, selectors.lines_of(report=report))),
    })


def report_submit_from(award) -> datetime.date | None:
    """1 January of the report's year while that day is still to come (FinalReport.clean refuses earlier)."""
    first_day = datetime.date(award.application.call.year, 1, 1)
    return first_day if timezone.localdate() < first_day else None


@login_required
def report_submit(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = own_award(request, award_pk)
    report = selectors.report_of(award=award)
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
    return report_attachment_response(selectors.report_of(award=own_award(request, award_pk)))
