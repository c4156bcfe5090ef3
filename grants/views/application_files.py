"""An application's attachments: served to the academy's contacts (portal, scoped to their academies: any other
academy's attachment answers 404) and to VLAIO managers (staff; readers do not see personal documents). Always
as a download (`grants.downloads.attachment_response`), never from a public URL."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from grants import selectors
from grants.downloads import attachment_response
from grants.models import ApplicationAttachment
from grants.views.staff import staff_required


def attachment_file(attachment: ApplicationAttachment) -> FileResponse:
    return attachment_response(attachment.file.open("rb"), attachment.name)


@login_required
def application_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    own = selectors.own_attachments(user=request.user)
    return attachment_file(get_object_or_404(own, pk=attachment_pk, application_id=pk))


@staff_required
def staff_application_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    if not request.user.has_perm("grants.view_personal_data"):
        raise PermissionDenied
    return attachment_file(get_object_or_404(selectors.attachments(), pk=attachment_pk, application_id=pk))
