"""Staff admin for API tokens (created and revoked here; the key is shown once) and published 360Giving years."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, PublishedYear
from api.services import token_create, token_revoke, token_validate_user


class ApiTokenCreationForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
        self.fields["user"].help_text = _("The VLAIO staff member the token reads for; academy contacts get none.")

    def clean_user(self):
        user = self.cleaned_data["user"]
        try:
            token_validate_user(user=user)
        except ValidationError as error:
            raise ValidationError(error.message_dict["user"]) from error
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["name", "user", "prefix", "created_at", "created_by", "last_used_at", "revoked_at",
                       "revoked_by"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["name", "user"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = token_create(name=obj.name, user=obj.user, created_by=request.user)
        obj.pk, obj.prefix, obj.created_at = token.pk, token.prefix, token.created_at
        request._api_token_key = key

    def response_add(self, request, obj, post_url_continue=None):
        """The key, once: it is not stored and cannot be shown again."""
        return TemplateResponse(request, "admin/api/apitoken/created.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj,
            "key": request._api_token_key, "title": _("API token created"),
        })

    def has_change_permission(self, request, obj=None):
        return False if obj is not None and not obj.is_active else super().has_change_permission(request, obj)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, revoked_by=request.user)
        self.message_user(request, _("The selected tokens are revoked."), messages.SUCCESS)


@admin.register(PublishedYear)
class PublishedYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published_at", "published_by"]
    list_select_related = ["published_by"]
    readonly_fields = ["published_at", "published_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)
