"""UiT snapshots in the admin: read-only, with a link to the page that fetches a year (exchange:uit-fetch)."""

from django.contrib import admin

from academies.models import UitSnapshot


@admin.register(UitSnapshot)
class UitSnapshotAdmin(admin.ModelAdmin):
    change_list_template = "admin/academies/uitsnapshot/change_list.html"
    list_display = ["year", "fetched_at", "total_events", "labelled_events", "without_municipality", "fetched_by"]
    list_filter = ["year"]
    list_select_related = ["fetched_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
