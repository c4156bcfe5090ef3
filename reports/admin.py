from django.contrib import admin

from reports.models import MunicipalityBoundary


@admin.register(MunicipalityBoundary)
class MunicipalityBoundaryAdmin(admin.ModelAdmin):
    """Read-only: boundaries come from `manage.py load_boundaries FILE.geojson`."""

    list_display = ["municipality", "municipality_id", "source", "loaded_at"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name_nl", "municipality__nis_code"]
    list_filter = ["source", "municipality__province"]
    readonly_fields = ["municipality", "path", "min_x", "min_y", "max_x", "max_y", "source", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
