from django.contrib import admin

from identity.models import AcmIdmAccount


@admin.register(AcmIdmAccount)
class AcmIdmAccountAdmin(admin.ModelAdmin):
    """Read only: accounts are written by the ACM/IDM login itself."""

    list_display = ["user", "target_group", "organisation_code", "last_login_at"]
    list_filter = ["target_group"]
    search_fields = ["user__username", "user__email", "organisation_code", "subject"]
    readonly_fields = ["user", "subject", "target_group", "organisation_code", "last_login_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
