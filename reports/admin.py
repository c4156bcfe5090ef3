from django.contrib import admin

from reports.models import FrozenAnswer, MunicipalityBoundary


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


@admin.register(FrozenAnswer)
class FrozenAnswerAdmin(admin.ModelAdmin):
    """Read-only list: answers are frozen from the answer page; the database refuses changes and deletions."""

    list_display = ["year", "frozen_at", "frozen_by_name", "content_hash"]
    list_filter = ["year"]
    fields = ["year", "frozen_at", "as_of", "frozen_by_name", "content_hash", "figures"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("docx", "pdf")
