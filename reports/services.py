"""Writes of the reports app: freezing the answer for a year; clearing and refreshing the stored figures."""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import selectors
from reports.documents.content import answer_content, answer_map_figures, answer_map_svg
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.models import FrozenAnswer, StoredFigures
from reports.years import is_programme_year, years_with_data


def content_hash(*, figures: list, docx: bytes, pdf: bytes) -> str:
    """The SHA-256 of a frozen answer: its figures as sorted JSON, then the DOCX bytes, then the PDF bytes."""
    digest = hashlib.sha256()
    digest.update(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(docx)
    digest.update(pdf)
    return digest.hexdigest()


def frozen_answer_is_intact(answer: FrozenAnswer) -> bool:
    """Whether the stored figures, DOCX and PDF of `answer` still give the hash stored when it was frozen."""
    actual = content_hash(figures=answer.figures, docx=bytes(answer.docx), pdf=bytes(answer.pdf))
    return hmac.compare_digest(actual, answer.content_hash)


def frozen_answer_create(*, year: int, acting_user) -> FrozenAnswer:
    """Stores the answer for `year` as it stands now: its figures, DOCX and PDF, by `acting_user`. Only a year of
    the programme (`reports.years.is_programme_year`) can be frozen."""
    if not is_programme_year(year):
        raise ValidationError({"year": _("%(year)s is not a year of the programme: its answer cannot be frozen.")
                               % {"year": year}}, code="not_a_programme_year")
    frozen_at = timezone.now()
    content = answer_content(year=year, as_of=timezone.localdate(frozen_at))
    figures = [{"key": figure.key, "label": figure.label, "value": figure.value, "kind": figure.kind}
               for figure in content.figures]
    docx, pdf = render_docx(content), render_pdf(content)
    answer = FrozenAnswer(year=year, frozen_at=frozen_at, as_of=content.as_of, frozen_by=acting_user,
                          frozen_by_name=acting_user.get_username(), figures=figures, docx=docx, pdf=pdf,
                          content_hash=content_hash(figures=figures, docx=docx, pdf=pdf))
    answer.full_clean()
    with transaction.atomic():
        answer.save(force_insert=True)
    return answer


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
