"""Uploads are recognised by their content: PDF, OpenDocument and Office Open XML; anything else is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.uploads import APPLICATION_KINDS, REPORT_KINDS, document_kind, validate_attachment


def package(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT = package({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
ODS = package({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"})
DOCX = package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
PPTX = package({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.mark.parametrize("content, kind", [(PDF, "pdf"), (ODT, "odt"), (ODS, "ods"), (DOCX, "docx"), (PPTX, "pptx"),
                                           (package({"a.txt": b"x"}), None), (b"GIF89a", None)])
def test_the_kind_comes_from_the_content(content, kind):
    assert document_kind(io.BytesIO(content)) == kind


def test_an_application_takes_opendocument_and_a_final_report_does_not():
    assert validate_attachment(SimpleUploadedFile("plan.odt", ODT), APPLICATION_KINDS) == "odt"
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile("plan.odt", ODT), REPORT_KINDS)


def test_a_name_that_does_not_match_the_content_is_refused():
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile("plan.pdf", DOCX), APPLICATION_KINDS)
