"""Uploaded documents, checked by their content (never by their name or the browser's MIME type alone): PDF, the
OpenDocument formats and the Office Open XML formats, at most 10 MB."""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
REPORT_KINDS = ("pdf", "xlsx", "docx")
APPLICATION_KINDS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx")
MIME_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def _zip_kind(upload) -> str | None:
    """The kind of a zip package: an OpenDocument file by its `mimetype` entry, an Office file by its folder."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, KeyError, RuntimeError, OSError):
        return None
    finally:
        upload.seek(0)
    for kind, mime in MIME_TYPES.items():
        if kind.startswith("od") and mimetype == mime:
            return kind
    for folder, kind in OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def document_kind(upload) -> str | None:
    """"pdf", "odt", "ods", "odp", "docx", "xlsx" or "pptx" as the content says, None for anything else."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime == "application/pdf":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_attachment(upload, kinds: tuple[str, ...] = REPORT_KINDS) -> str:
    """Check an upload by its content and size: one of `kinds` whose name ends in that kind, at most 10 MB.
    Returns the kind."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The attachment is larger than 10 MB."), code="too_big")
    kind = document_kind(upload)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if kind not in kinds or extension != kind:
        if kinds == REPORT_KINDS:
            message = _("The attachment must be a PDF, XLSX or DOCX file (checked by its content).")
        else:
            message = _("The attachment must be a PDF, an OpenDocument file (ODT, ODS, ODP) or an Office file "
                        "(DOCX, XLSX, PPTX), checked by its content.")
        raise ValidationError(message, code="file_type")
    return kind
