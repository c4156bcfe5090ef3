"""Writes of the reports app: freezing the answer for a year; clearing and refreshing the stored figures."""

import datetime
import hashlib
import hmac
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
from reports.models import FrozenAnswer, ResearchReport, StoredFigures, YearChange
from reports.years import is_programme_year, years_with_data


def content_hash(*, figures: list, docx: bytes, pdf: bytes, annexes: bytes | None = None) -> str:
    """The SHA-256 of a frozen answer: its figures as sorted JSON, then the DOCX bytes, the PDF bytes and the annex
    ZIP's bytes (answers frozen before the ZIP was kept have none)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(docx)
    digest.update(pdf)
    if annexes:
        digest.update(annexes)
    return digest.hexdigest()


def frozen_answer_is_intact(answer: FrozenAnswer) -> bool:
    """Whether the stored figures, DOCX and PDF of `answer` still give the hash stored when it was frozen."""
    annexes = bytes(answer.annexes) if answer.annexes else None
    actual = content_hash(figures=answer.figures, docx=bytes(answer.docx), pdf=bytes(answer.pdf), annexes=annexes)
    return hmac.compare_digest(actual, answer.content_hash)


def frozen_answer_create(*, year: int, acting_user) -> FrozenAnswer:
    """Stores the answer for `year` as it stands now: its figures, DOCX, PDF and annex ZIP (with the research
    report), all rendered from one `AnswerContent`, by `acting_user`. Only a year of the programme
    (`reports.years.is_programme_year`) can be frozen."""
    if not is_programme_year(year):
        raise ValidationError({"year": _("%(year)s is not a year of the programme: its answer cannot be frozen.")
                               % {"year": year}}, code="not_a_programme_year")
    frozen_at = timezone.now()
    content = answer_content(year=year, as_of=timezone.localdate(frozen_at))
    figures = [{"key": figure.key, "label": figure.label, "value": figure.value, "kind": figure.kind}
               for figure in content.figures]
    docx, pdf, annexes = render_docx(content), render_pdf(content), annex_zip(content)
    answer = FrozenAnswer(year=year, frozen_at=frozen_at, as_of=content.as_of, frozen_by=acting_user,
                          frozen_by_name=acting_user.get_username(), figures=figures, docx=docx, pdf=pdf,
                          annexes=annexes, content_hash=content_hash(figures=figures, docx=docx, pdf=pdf,
                                                                     annexes=annexes))
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
    """Removes every stored figure (`reports.selectors.storage`); each is computed again on its next read."""
    removed, _by_model = StoredFigures.objects.all().delete()
    return removed


def stored_figures_refresh() -> int:
    """Computes now what the report pages and the answer page open with (each year with data, unfiltered, in every
    language of the site) where it is not stored for the current data, so that the first visit after a write reads
    it stored instead of computing it. What is still current is only read. Returns how many figure sets were
    computed. The changes kept for recounting (`YearChange`) older than a day are removed: a figure stored before
    them is then computed in full."""
    started = timezone.now()
    YearChange.objects.filter(changed_at__lt=started - datetime.timedelta(days=1)).delete()
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
