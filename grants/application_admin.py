"""The admin's inlines for what an application carries besides its fields: partners, cost lines, attachments."""

from django.contrib import admin

from grants.models import ApplicationAttachment, CostLine, Partner


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    fields = ["name", "kbo_number", "role"]


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0
    fields = ["description", "amount"]


class AttachmentInline(admin.TabularInline):
    """Listed only: an attachment is added by the academy and opened from the staff page of the application."""

    model = ApplicationAttachment
    extra = 0
    fields = ["name", "kind", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False
