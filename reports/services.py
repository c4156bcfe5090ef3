"""Writes of the reports app: freezing the answer for a year; clearing the stored figures."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from reports.documents.content import answer_content
from reports.documents.docx import render_docx
from reports.documents.pdf import render_pdf
from reports.models import FrozenAnswer, StoredFigures


def content_hash(*, figures: list, docx: bytes, pdf: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(docx)
    digest.update(pdf)
    return digest.hexdigest()


def frozen_answer_create(*, year: int, acting_user) -> FrozenAnswer:
    """Stores the answer for `year` as it stands now: its figures, DOCX and PDF, by `acting_user`."""
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
