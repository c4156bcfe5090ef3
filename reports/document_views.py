"""Downloads of the answer for a year (DOCX, PDF, annex ZIP) and its frozen versions. Staff only; freezing needs
the beheerder permission `reports.add_frozenanswer`."""

import base64
import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, View

from academies.belgian import format_stamp
from reports.documents.bundle import annex_zip
from reports.documents.compare import figure_changes, reports_received_since
from reports.documents.content import answer_content, answer_map_svg
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.forms import ResearchReportForm
from reports.models import FrozenAnswer, ResearchReport
from reports.selectors import versions_tag
from reports.services import (
    RESEARCH_REPORT_MAX_BYTES,
    frozen_answer_create,
    frozen_answer_is_intact,
    research_report_save,
)
from reports.tables import FrozenAnswerTable
from reports.views import StaffReportMixin

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def attachment(data: bytes, *, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


class AnswerDocumentView(StaffReportMixin, View):
    """antwoord-2022.docx / .pdf / bijlagen-2022.zip, generated now."""

    def get(self, request, year: int, extension: str):
        if extension == "zip":
            return attachment(annex_zip(answer_content(year=year)), filename=f"bijlagen-{year}", extension="zip")
        render = {"docx": render_docx, "pdf": render_pdf}.get(extension)
        if render is None:
            raise Http404
        return attachment(render(answer_content(year=year)), filename=f"antwoord-{year}", extension=extension)


class AnswerMapView(StaffReportMixin, View):
    """Annex `number` (2-7) of the answer page as an SVG image. The browser keeps it and asks again with the ETag,
    which changes with the year's data, the day and the language: an unchanged map costs one query."""

    def get(self, request, year: int, number: int):
        as_of = timezone.localdate()
        etag = quote_etag(versions_tag([year], map="answer", number=number, as_of=as_of))
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        svg = answer_map_svg(year=year, number=number, as_of=as_of)
        if svg is None:
            raise Http404
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response


def css_string(text: str) -> str:
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;()/-%€" else f"\\{ord(ch):06x}" for ch in text) + '"'


class AnswerPrintStyleView(StaffReportMixin, View):
    """A4 page margins that carry the "stand op" line and the coverage on every printed page (CSS margin boxes; a
    stylesheet of its own because the content security policy forbids inline styles)."""

    def get(self, request, year: int):
        from reports.documents.content import status_text
        from reports.selectors import participation

        line = status_text(participation(year=year).total, timezone.localdate())
        css = ("@page { size: A4; margin: 14mm 12mm 20mm 12mm;\n"
               f"  @bottom-left {{ content: {css_string(line)}; font: 7pt sans-serif; color: #555; }}\n"
               "  @bottom-right { content: counter(page) \" / \" counter(pages); font: 7pt sans-serif; color: #555; }"
               "\n}\n")
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response


class FrozenAnswerListView(StaffReportMixin, TemplateView):
    template_name = "reports/frozen_answer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = kwargs["year"]
        context["table"] = FrozenAnswerTable(FrozenAnswer.objects.filter(year=kwargs["year"]).only(
            "year", "frozen_at", "as_of", "frozen_by_name", "content_hash"), year=kwargs["year"])
        context["may_freeze"] = self.request.user.has_perm("reports.add_frozenanswer")
        return context


class FreezeAnswerView(StaffReportMixin, PermissionRequiredMixin, TemplateView):
    """GET asks for confirmation; POST freezes."""

    template_name = "reports/frozen_answer_confirm.html"
    permission_required = "reports.add_frozenanswer"

    def post(self, request, year: int):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Confirm that you want to freeze the answer."))
            return redirect("reports:answer-freeze", year=year)
        answer = frozen_answer_create(year=year, acting_user=request.user)
        messages.success(request, _("The answer for %(year)s has been frozen.") % {"year": year})
        return redirect("reports:frozen-answer-compare", pk=answer.pk)


class FrozenAnswerDownloadView(StaffReportMixin, View):
    """The stored bytes, exactly as frozen (the annexes ZIP as `zip`), and only while they prove it: every download
    recomputes the SHA-256 of the figures, DOCX, PDF and ZIP (`frozen_answer_is_intact`); a mismatch is logged and
    refused (409) instead of served. `Content-Digest` (RFC 9530) gives the SHA-256 of the file itself."""

    def get(self, request, pk: int, extension: str):
        field = {"docx": "docx", "pdf": "pdf", "zip": "annexes"}.get(extension)
        if field is None:
            raise Http404
        answer = get_object_or_404(FrozenAnswer, pk=pk)
        if not frozen_answer_is_intact(answer):
            logger.error("frozen answer %s (%s) does not match its SHA-256 %s: download of the %s refused",
                         answer.pk, answer.year, answer.content_hash, extension.upper(),
                         extra={"frozen_answer": answer.pk, "request": request, "status_code": 409})
            return render(request, "reports/frozen_answer_tampered.html", {"frozen": answer}, status=409)
        if getattr(answer, field) is None:
            raise Http404
        data = bytes(getattr(answer, field))
        prefix = "bijlagen" if extension == "zip" else "antwoord"
        name = f"{prefix}-{answer.year}-bevroren-{format_stamp(answer.frozen_at)}"
        response = attachment(data, filename=name, extension=extension)
        response["Content-Digest"] = f"sha-256=:{base64.b64encode(hashlib.sha256(data).digest()).decode()}:"
        return response


class ResearchReportView(StaffReportMixin, PermissionRequiredMixin, FormView):
    """Attach or replace the research report of a year (annex "onderzoeksrapport"), until the answer is frozen."""

    template_name = "reports/research_report.html"
    permission_required = "reports.add_researchreport"
    form_class = ResearchReportForm

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        return super().get_context_data(
            year=year, report=ResearchReport.objects.filter(year=year).defer("data").first(),
            frozen=FrozenAnswer.objects.filter(year=year).exists(), **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > RESEARCH_REPORT_MAX_BYTES:
            form.add_error("file", _("The research report may be at most 25 MB."))
            return self.form_invalid(form)
        try:
            research_report_save(year=self.kwargs["year"], title=form.cleaned_data["title"], filename=upload.name,
                                 data=upload.read(), acting_user=self.request.user)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The research report has been saved."))
        return redirect("reports:answer-sheet", year=self.kwargs["year"])


class ResearchReportDownloadView(StaffReportMixin, View):
    def get(self, request, year: int):
        report = get_object_or_404(ResearchReport, year=year)
        response = HttpResponse(bytes(report.data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="onderzoeksrapport-{year}.pdf"'
        return response


class FrozenAnswerCompareView(StaffReportMixin, DetailView):
    """The frozen figures against today's, with the hash; a frozen answer that no longer matches its hash says so
    above its figures."""

    template_name = "reports/frozen_answer_compare.html"
    context_object_name = "frozen"
    model = FrozenAnswer

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=figure_changes(self.object),
                                        received_since=reports_received_since(self.object),
                                        intact=frozen_answer_is_intact(self.object), **kwargs)
