from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grants.services import contact_deactivate
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


User = get_user_model()


class UserAdmin(admin.site.get_model_admin(User).__class__):
    """Django's user admin with a deactivation that also holds for an account that never accepted its invitation
    (the "active" box is already off there, so unticking it would change nothing): grants.services.contact_deactivate.
    Unticking "active" on the form does the same for an active account."""

    actions = [*(admin.site.get_model_admin(User).actions or []), "deactivate"]

    @admin.action(description=_("Deactivate (ends sessions and open invitations)"), permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        for user in queryset:
            contact_deactivate(user=user, deactivated_by=request.user)
        self.message_user(request, ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.",
                                            len(queryset)) % {"count": len(queryset)})

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            contact_deactivate(user=obj, deactivated_by=request.user)


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
