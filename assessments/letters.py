"""Decision letters: a DOCX per decided application from the docxtpl template of its call's kind, and a ZIP of a
batch's letters."""

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from docxtpl import DocxTemplate

from academies.belgian import format_date, format_euro
from grants.emails import absolute_url
from grants.models import Application, ApplicationStatus

TEMPLATES = Path(__file__).with_name("letter_templates")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def letter_context(application: Application) -> dict:
    award = getattr(application, "award", None) if application.status == ApplicationStatus.AWARDED else None
    municipalities = sorted(award.funded_municipalities.all(), key=lambda place: place.name_nl) if award else []
    decided_by = application.decided_by
    return {
        "academy_name": application.academy.name,
        "kbo_number": application.academy.kbo_number,
        "call_title": application.call.title,
        "decided_on": format_date(award.decided_on if award else application.updated_at),
        "awarded": award is not None,
        "amount": format_euro(award.amount) if award else "",
        "municipality_count": len(municipalities),
        "municipalities": ", ".join(f"{place.name_nl} ({place.nis_code})" for place in municipalities),
        "reason": (award.amount_reason if award else application.decision_reason),
        "portal_url": absolute_url(reverse("grants:application-detail", args=[application.pk])),
        "decided_by": (decided_by.get_full_name() or decided_by.get_username()) if decided_by else "VLAIO",
    }


def render_letter(*, application: Application) -> bytes:
    """The letter is Dutch whatever the language of the staff member who decides."""
    template = DocxTemplate(TEMPLATES / f"{application.call.kind}.docx")
    with translation.override("nl"):
        template.render(letter_context(application), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def letters_zip(letters: Iterable) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            archive.writestr(letter.filename, bytes(letter.content))
    return buffer.getvalue()
