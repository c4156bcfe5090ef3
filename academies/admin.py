"""Staff admin for the Flemish geography and the academies.

Every changelist runs a fixed number of queries whatever its number of rows: foreign keys shown in a column are
in `list_select_related`, counts come from annotations in `get_queryset()`.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academies.models import Academy, AcademyMembership, Municipality, Postcode, Province, Recognition

admin.site.site_header = _("STEM-academies administration")
admin.site.site_title = _("STEM-academies")
admin.site.index_title = _("Administration")

FIRST_REFERENCE_YEAR = 2018


def municipality_label(municipality: Municipality) -> str:
    """The name with its NIS code, and the last year of a merged municipality: Hasselt exists twice (71022 until
    2024, 71072 from 2025) and must be told apart when staff pick one."""
    if municipality.valid_to:
        return _("%(name)s (%(nis_code)s, until %(year)s)") % {
            "name": municipality.name_nl, "nis_code": municipality.nis_code, "year": municipality.valid_to.year}
    return _("%(name)s (%(nis_code)s)") % {"name": municipality.name_nl, "nis_code": municipality.nis_code}


class StaffAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, labelling municipalities with `municipality_label()`."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Municipality):
            result["text"] = municipality_label(obj)
        return result


def autocomplete_view(request):
    return StaffAutocompleteJsonView.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = autocomplete_view


class MunicipalityLabelMixin:
    """Form fields pointing to municipalities label their choices with `municipality_label()`, like the
    autocomplete does."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if getattr(db_field, "related_model", None) is Municipality and hasattr(formfield, "label_from_instance"):
            formfield.label_from_instance = municipality_label
        return formfield


class ValidInYearFilter(admin.SimpleListFilter):
    """Municipalities that existed in a year (mergers take effect on 1 January)."""

    title = _("valid in year")
    parameter_name = "valid_in"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in range(timezone.localdate().year, FIRST_REFERENCE_YEAR - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.for_year(int(self.value()))
        return queryset


class CurrentFilter(admin.SimpleListFilter):
    title = _("current or merged")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("current")), ("no", _("merged or ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class RecognisedInYearFilter(admin.SimpleListFilter):
    title = _("recognised in year")
    parameter_name = "recognised_in"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in range(timezone.localdate().year + 1, FIRST_REFERENCE_YEAR, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(pk__in=Academy.objects.recognised_in(int(self.value())).values("pk"))
        return queryset


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "nis_code", "current_municipality_count"]
    search_fields = ["name_nl", "name_fr", "nis_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            current_municipality_count=Count("municipalities", filter=Q(municipalities__valid_to__isnull=True)),
        )

    @admin.display(description=_("current municipalities"), ordering="current_municipality_count")
    def current_municipality_count(self, obj):
        return obj.current_municipality_count


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0
    fields = ["code"]


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityLabelMixin, admin.ModelAdmin):
    list_display = ["name_nl", "nis_code", "name_fr", "province", "valid_from", "valid_to", "successor"]
    list_filter = ["province", ValidInYearFilter, CurrentFilter]
    list_select_related = ["province", "successor"]
    search_fields = ["name_nl", "name_fr", "nis_code", "postcodes__code"]
    autocomplete_fields = ["successor"]
    inlines = [PostcodeInline]


@admin.register(Postcode)
class PostcodeAdmin(MunicipalityLabelMixin, admin.ModelAdmin):
    list_display = ["code", "municipality", "municipality_nis_code", "province"]
    list_filter = ["municipality__province"]
    list_select_related = ["municipality__province"]
    search_fields = ["code", "municipality__name_nl", "municipality__nis_code"]
    autocomplete_fields = ["municipality"]

    @admin.display(description=_("NIS code"), ordering="municipality__nis_code")
    def municipality_nis_code(self, obj):
        return obj.municipality_id

    @admin.display(description=_("province"), ordering="municipality__province__name_nl")
    def province(self, obj):
        return obj.municipality.province


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["valid_from", "valid_to", "reference"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("academy")


class AcademyMembershipInline(admin.TabularInline):
    model = AcademyMembership
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "academy")


@admin.register(Academy)
class AcademyAdmin(MunicipalityLabelMixin, admin.ModelAdmin):
    list_display = ["name", "code", "organisation_type", "seat_municipality", "province", "is_recognised",
                    "application_count"]
    list_filter = ["organisation_type", ("seat_municipality__province", admin.RelatedOnlyFieldListFilter),
                   RecognisedInYearFilter]
    list_select_related = ["seat_municipality__province"]
    search_fields = ["name", "code", "contact_email", "seat_municipality__name_nl"]
    autocomplete_fields = ["seat_municipality"]
    readonly_fields = ["created_at"]
    fields = ["code", "name", "organisation_type", "seat_municipality", "contact_email", "kbo_number", "created_at"]
    inlines = [RecognitionInline, AcademyMembershipInline]

    def get_fields(self, request, obj=None):
        """Readers (without the rule grants.view_personal_data) do not see the contact e-mail."""
        fields = super().get_fields(request, obj)
        if request.user.has_perm("grants.view_personal_data"):
            return fields
        return [name for name in fields if name != "contact_email"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if request.user.has_perm("grants.view_personal_data"):
            return fields
        return [name for name in fields if name != "contact_email"]

    def get_queryset(self, request):
        today = timezone.localdate()
        recognised_today = Recognition.objects.valid_on(today).filter(academy=OuterRef("pk"))
        return super().get_queryset(request).annotate(
            recognised_today=Exists(recognised_today),
            application_count=Count("applications", distinct=True),
        )

    @admin.display(description=_("province"), ordering="seat_municipality__province__name_nl")
    def province(self, obj):
        return obj.seat_municipality.province

    @admin.display(description=_("recognised today"), boolean=True, ordering="recognised_today")
    def is_recognised(self, obj):
        return obj.recognised_today

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, obj):
        return obj.application_count


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["academy", "valid_from", "valid_to", "reference"]
    list_filter = ["academy__organisation_type"]
    list_select_related = ["academy"]
    search_fields = ["academy__name", "academy__code", "reference"]
    autocomplete_fields = ["academy"]


@admin.register(AcademyMembership)
class AcademyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "academy", "created_at"]
    list_filter = ["academy__organisation_type"]
    list_select_related = ["user", "academy"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "academy__name",
                     "academy__code"]
    autocomplete_fields = ["user", "academy"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("e-mail"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email
