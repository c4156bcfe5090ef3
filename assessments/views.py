"""Staff pages of the assessment (managers): score an application, rank a call, decide a batch, download the
letters; and the decision letter for the academy's contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from academies.models import AcademyMembership
from assessments import services
from assessments.forms import AssessmentForm, BatchDecisionForm
from assessments.letters import DOCX_TYPE, letters_zip
from assessments.models import Assessment, DecisionLetter
from assessments.selectors import ranking, visible_assessments
from assessments.tables import RankingTable
from grants.models import Application, Call


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "assessments.assess")
    application = get_object_or_404(Application.objects.select_related("call", "academy"), pk=pk)
    mine = Assessment.objects.filter(application=application, assessor=request.user).first()
    criteria = application.call.criteria.all()
    form = AssessmentForm(request.POST or None, criteria=criteria, assessment=mine)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assessment_save(application=application, assessor=request.user, scores=form.scores(),
                                         recommendation=form.cleaned_data["recommendation"],
                                         comment=form.cleaned_data["comment"], submit="submit" in request.POST)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items() if hasattr(error, "error_dict") else [
                        (None, error.messages)]:
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                messages.success(request, _("Your assessment has been saved."))
                return redirect("assessments:ranking", call_pk=application.call_id)
        status = 400
    return render(request, "assessments/assessment_form.html", {
        "application": application, "form": form, "mine": mine,
        "assessments": visible_assessments(application=application, user=request.user)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def call_ranking(request: HttpRequest, call_pk: int) -> HttpResponse:
    _require(request, "assessments.assess")
    call = get_object_or_404(Call, pk=call_pk)
    result = ranking(call=call)
    applications = [row.application for row in result.rows]
    form = BatchDecisionForm(request.POST or None, applications=applications)
    status = 200
    if request.method == "POST":
        _require(request, "assessments.decide_batch")
        if form.is_valid():
            chosen = {int(pk) for pk in form.cleaned_data["selected"]}
            award = form.cleaned_data["decision"] == "award"
            decisions = [services.Decision(application=row.application, award=award,
                                           reason=form.cleaned_data["reason"],
                                           reason_text=form.cleaned_data["reason_text"])
                         for row in result.rows if row.application.pk in chosen]
            try:
                letters = services.decisions_take(decisions=decisions, decided_by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, ngettext(
                    "%(count)s application decided; its letter is ready.",
                    "%(count)s applications decided; the letters are ready.", len(letters)) % {"count": len(letters)})
                return redirect("assessments:ranking", call_pk=call.pk)
        status = 400
    table = RankingTable(result.rows)
    return render(request, "assessments/ranking.html", {"ranking": result, "form": form, "table": table},
                  status=status)


@login_required
def call_letters(request: HttpRequest, call_pk: int) -> HttpResponse:
    _require(request, "assessments.assess")
    call = get_object_or_404(Call, pk=call_pk)
    letters = DecisionLetter.objects.filter(application__call=call).select_related("application__academy",
                                                                                  "application__call")
    response = HttpResponse(letters_zip(letters), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="beslissingsbrieven-{call.code}.zip"'
    return response


@login_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The academy's contacts and VLAIO staff; anyone else gets a 404, as for the application itself."""
    letter = get_object_or_404(DecisionLetter.objects.select_related("application__academy", "application__call"),
                               application_id=pk)
    staff = request.user.has_perm("grants.view_staff_pages")
    contact = AcademyMembership.objects.filter(user=request.user, academy_id=letter.application.academy_id).exists()
    if not (staff or contact):
        raise Http404
    response = HttpResponse(bytes(letter.content), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return response
