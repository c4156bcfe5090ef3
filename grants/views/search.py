"""The staff search box (/beheer/zoeken/?q=...): one query, results grouped by kind (`grants.search`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grants import search
from grants.views.staff import staff_required


@staff_required
def staff_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    groups = search.search(user=request.user, query=query) if query else []
    return render(request, "grants/staff_search.html", {
        "search_query": query, "groups": groups, "too_short": bool(query) and len(query) < search.MIN_LENGTH,
        "hit_count": sum(len(group.hits) for group in groups)})
