"""Open data: the 360Giving export of awards. Staff download any year; everyone downloads the years staff have
published."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from api import giving
from api.models import PublishedYear
from api.services import year_publish, year_unpublish
from api.tables import GivingYearTable
from grants.models import Award
from grants.rules import may_read_reports

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def award_counts() -> dict[int, int]:
    return dict(Award.objects.order_by().values_list("application__call__year")
                .annotate(count=Count("pk")).values_list("application__call__year", "count"))


@require_GET
def index(request):
    published = set(PublishedYear.objects.values_list("year", flat=True))
    counts = award_counts()
    staff = may_read_reports(request.user)
    years = sorted(counts if staff else published & set(counts), reverse=True)
    rows = [{"year": year, "awards": counts.get(year, 0), "published": year in published} for year in years]
    return render(request, "api/open_data.html", {
        "rows": rows, "table": GivingYearTable(rows, staff=staff), "staff": staff,
        "may_publish": staff and request.user.has_perm("api.add_publishedyear"),
        "may_unpublish": staff and request.user.has_perm("api.delete_publishedyear"),
    })


@require_GET
def giving_download(request, selection: str, file_format: str):
    """`selection` is a year of four ASCII digits or "all" (for the public: all published years)."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    staff = may_read_reports(request.user)
    published = set(PublishedYear.objects.values_list("year", flat=True))
    if selection == "all":
        years = None if staff else published
    elif selection.isascii() and selection.isdigit() and (staff or int(selection) in published):
        years = {int(selection)}
    else:
        raise Http404
    url = request.build_absolute_uri()
    if years is not None and not Award.objects.filter(application__call__year__in=years).exists():
        raise Http404
    if file_format == "json":
        content = giving.package_json(years=years, download_url=url)
    else:
        content = giving.package_csv(years=years)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="360giving-stem-academies-{selection}.{file_format}"'
    return response


@require_POST
@permission_required("api.add_publishedyear", raise_exception=True)
def publish(request, year: int):
    if not may_read_reports(request.user) or year not in award_counts():
        raise Http404
    year_publish(year=year, published_by=request.user)
    return redirect(reverse("api:open-data"))


@require_POST
@permission_required("api.delete_publishedyear", raise_exception=True)
def unpublish(request, year: int):
    year_unpublish(year=year)
    return redirect(reverse("api:open-data"))


@require_GET
def api_index(request):
    """/api/v1/ itself: what the read API is and where its documentation is, instead of a bare "not found"."""
    return render(request, "api/api_index.html")
