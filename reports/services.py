"""Writes of the reports app: freezing the answer for a year; clearing and refreshing the stored figures."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import selectors
from reports.documents.bundle import annex_zip
from reports.documents.content import answer_content, answer_map_figures, answer_map_svg
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.models import FrozenAnswer, ResearchReport, StoredFigures
from reports.years import years_with_data


def content_hash(*, figures: list, docx: bytes, pdf: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(docx)
    digest.update(pdf)
    return digest.hexdigest()


def frozen_answer_create(*, year: int, acting_user) -> FrozenAnswer:
    """Stores the answer for `year` as it stands now: its figures, DOCX, PDF and annex ZIP (with the research
    report), all rendered from one `AnswerContent`, by `acting_user`."""
    frozen_at = timezone.now()
    content = answer_content(year=year, as_of=timezone.localdate(frozen_at))
    figures = [{"key": figure.key, "label": figure.label, "value": figure.value, "kind": figure.kind}
               for figure in content.figures]
    docx, pdf = render_docx(content), render_pdf(content)
    answer = FrozenAnswer(year=year, frozen_at=frozen_at, as_of=content.as_of, frozen_by=acting_user,
                          frozen_by_name=acting_user.get_username(), figures=figures, docx=docx, pdf=pdf,
                          annexes=annex_zip(content),
                          content_hash=content_hash(figures=figures, docx=docx, pdf=pdf))
    answer.full_clean()
    with transaction.atomic():
        answer.save(force_insert=True)
    return answer


RESEARCH_REPORT_MAX_BYTES = 25 * 1024 * 1024


def research_report_save(*, year: int, title: str, filename: str, data: bytes, acting_user) -> ResearchReport:
    """Attaches (or replaces) the research report of `year`: a PDF of at most 25 MB, stored with `acting_user` and
    the moment. Refused once an answer for the year is frozen: the frozen answer holds the report it was sent
    with."""
    if FrozenAnswer.objects.filter(year=year).exists():
        raise ValidationError(_("The answer for %(year)s is frozen: its research report can no longer be "
                                "replaced.") % {"year": year})
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > RESEARCH_REPORT_MAX_BYTES:
        raise ValidationError(_("The research report may be at most 25 MB."))
    if not data.startswith(b"%PDF-") or not filename.lower().endswith(".pdf"):
        raise ValidationError(_("The research report must be a PDF file."))
    report = ResearchReport.objects.filter(year=year).first() or ResearchReport(year=year)
    report.title, report.filename, report.data, report.size = title, filename, data, len(data)
    report.sha256 = hashlib.sha256(data).hexdigest()
    report.uploaded_at, report.uploaded_by = timezone.now(), acting_user
    report.uploaded_by_name = acting_user.get_username() if acting_user else "load_demo"
    report.full_clean()
    with transaction.atomic():
        report.save()
    return report


def stored_figures_clear() -> int:
    """Removes every stored figure (`reports.selectors.stored`); each is computed again on its next read."""
    removed, _by_model = StoredFigures.objects.all().delete()
    return removed


def stored_figures_refresh() -> int:
    """Computes now what the report pages and the answer page open with (each year with data, unfiltered, in every
    language of the site) where it is not stored for the current data, so that the first visit after a write reads
    it stored instead of computing it. What is still current is only read. Returns how many figure sets were
    computed."""
    started = timezone.now()
    today = timezone.localdate()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            years = sorted(years_with_data())
            selectors.money()
            selectors.trend()
            for year in years:
                selectors.reach_by_province(year=year)
                selectors.reach_by_municipality(year=year)
                selectors.participation(year=year)
                selectors.money(year=year)
                selectors.trend(until_year=year)
                for figure in answer_map_figures(year=year, as_of=today):
                    answer_map_svg(year=year, number=figure.number, as_of=today)
    return StoredFigures.objects.filter(computed_at__gte=started).count()
