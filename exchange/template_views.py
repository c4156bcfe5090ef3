"""Download of the XLSX import template of a kind (`/admin/import/sjabloon/<kind>.xlsx?year=2022`, the year picked
on the import page from `template_years()`; another year is a 404); needs the kind's import permission."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from exchange.errors import ImportFailed
from exchange.importing import get_kind
from exchange.workbook_templates import CONTENT_TYPE, template_filename, template_workbook, template_years


@staff_member_required
def download_template(request, kind: str):
    try:
        exchange_kind = get_kind(kind)
    except ImportFailed:
        raise Http404 from None
    if not request.user.has_perm(exchange_kind.import_permission):
        raise PermissionDenied
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    if year is not None and year not in template_years():
        raise Http404
    response = HttpResponse(template_workbook(exchange_kind, year=year), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(exchange_kind, year)}"'
    return response
