from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import Assessment, Criterion


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "weight", "scale_max", "position"]
    list_filter = ["call__year", "call"]
    ordering = ["call", "position"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Read-only: assessments are written through the assessment page, where the rules hold."""

    list_display = ["application", "assessor", "recommendation", "submitted_at"]
    list_filter = ["application__call", "recommendation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
