"""Staff admin for calls, budgets, applications, awards, final reports and reminders.

Every changelist runs a fixed number of queries whatever its number of rows: foreign keys shown in a column are
in `list_select_related`, counts and sums come from annotations in `get_queryset()`. Applications, awards and
final reports show their django-simple-history history; the main models have import/export buttons
(django-import-export, guarded by the import_*/export_* permissions).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from academies.admin import MunicipalityLabelMixin
from academies.belgian import format_count, format_euro
from grants.application_admin import AttachmentInline, CostLineInline, PartnerInline
from grants.models import (
    Application,
    Award,
    Call,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    ReportReminder,
    Trajectory,
    YearBudget,
)
from grants.services import final_report_reopen_after_change, final_report_review


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, except that reverting to an old version needs the right to change.

    Its history form view saves a POST for anyone who may view the history, so a reader could revert."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_history_permission(
                request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CallYearFilter(admin.SimpleListFilter):
    """Filter on the year of the call; subclasses name the lookup path to `Call.year`."""

    title = _("year")
    parameter_name = "year"
    year_path = "call__year"

    def lookups(self, request, model_admin):
        years = Call.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{self.year_path: int(self.value())})
        return queryset


class AwardYearFilter(CallYearFilter):
    year_path = "application__call__year"


class ReportYearFilter(CallYearFilter):
    year_path = "award__application__call__year"


class FinalReportStatusFilter(admin.SimpleListFilter):
    """An award's final report: missing, or its status."""

    title = _("final report")
    parameter_name = "final_report"
    MISSING = "missing"

    def lookups(self, request, model_admin):
        return [(self.MISSING, _("none yet")), *FinalReportStatus.choices]

    def queryset(self, request, queryset):
        if self.value() == self.MISSING:
            return queryset.filter(final_report__isnull=True)
        if self.value() in FinalReportStatus.values:
            return queryset.filter(final_report__status=self.value())
        return queryset


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["code", "year_display", "kind", "title", "budget_display", "awarded_amount_display", "award_count",
                    "opens_at", "closes_at", "report_due_date"]
    list_display_links = ["code", "title"]
    list_filter = ["year", "kind"]
    search_fields = ["code", "title"]
    fieldsets = [
        (None, {"fields": ["code", "year", "kind", "title", "budget"]}),
        (_("Dates"), {"fields": ["opens_at", "closes_at", "report_due_date"]}),
        (_("Academy rollout"), {"fields": ["amount_per_municipality", "cap_per_academy"]}),
        (_("Partnership project"), {"fields": ["cap_per_project", "min_own_contribution_pct"]}),
        (_("Application form"), {"fields": ["required_parts"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_awarded_amount()

    @admin.display(description=_("year"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    @admin.display(description=_("budget"), ordering="budget")
    def budget_display(self, obj):
        return format_euro(obj.budget)

    @admin.display(description=_("awarded"), ordering="awarded_amount")
    def awarded_amount_display(self, obj):
        return format_euro(obj.awarded_amount)

    @admin.display(description=_("awards"), ordering="award_count")
    def award_count(self, obj):
        return format_count(obj.award_count)


@admin.register(YearBudget)
class YearBudgetAdmin(admin.ModelAdmin):
    list_display = ["year_display", "amount_display", "note"]
    search_fields = ["note"]

    @admin.display(description=_("year"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    @admin.display(description=_("amount reserved"), ordering="amount")
    def amount_display(self, obj):
        return format_euro(obj.amount)


class TrajectoryInline(MunicipalityLabelMixin, admin.TabularInline):
    model = Trajectory
    extra = 0
    fields = ["title", "transition_priority", "age_min", "age_max", "half_days", "municipality"]
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


@admin.register(Application)
class ApplicationAdmin(MunicipalityLabelMixin, HistoryAdmin):
    list_display = ["academy", "call", "status", "requested_amount_display", "awarded_amount_display",
                    "planned_municipality_count", "forecast_participants_display", "submitted_at"]
    list_filter = [CallYearFilter, "call", "call__kind", "status", "academy__organisation_type",
                   ("academy__seat_municipality__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["academy", "call", "award"]
    search_fields = ["academy__name", "academy__code", "call__code", "call__title"]
    autocomplete_fields = ["call", "academy", "planned_municipalities", "decided_by"]
    readonly_fields = ["created_at", "updated_at", "declaration_signed_at", "declaration_signed_by"]
    inlines = [TrajectoryInline, PartnerInline, CostLineInline, AttachmentInline]
    history_list_display = ["status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related).annotate(
            planned_municipality_count=Count("planned_municipalities", distinct=True))

    @admin.display(description=_("requested amount"), ordering="requested_amount")
    def requested_amount_display(self, obj):
        return format_euro(obj.requested_amount)

    @admin.display(description=_("awarded"), ordering="award__amount")
    def awarded_amount_display(self, obj):
        award = getattr(obj, "award", None)
        return format_euro(award.amount if award else None)

    @admin.display(description=_("planned municipalities"), ordering="planned_municipality_count")
    def planned_municipality_count(self, obj):
        return format_count(obj.planned_municipality_count)

    @admin.display(description=_("forecast participants"), ordering="forecast_participants")
    def forecast_participants_display(self, obj):
        return format_count(obj.forecast_participants)


class FinalReportInline(admin.StackedInline):
    model = FinalReport
    extra = 0
    max_num = 1
    show_change_link = True
    fields = ["status", "narrative", ("unattributed_participants", "unattributed_boys", "unattributed_girls",
                                      "unattributed_other"), "attachment", ("submitted_at", "reviewed_at"),
              "review_comment"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award__application__academy",
                                                            "award__application__call")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.has_perm("grants.view_personal_data"):
            return fields
        return [name for name in fields if name not in FinalReportAdmin.PERSONAL_FIELDS]


@admin.register(Award)
class AwardAdmin(MunicipalityLabelMixin, HistoryAdmin):
    list_display = ["academy", "call", "year", "amount_display", "funded_municipality_count", "decided_on",
                    "final_report_status"]
    list_filter = [AwardYearFilter, "application__call", "application__call__kind",
                   "application__academy__organisation_type",
                   ("funded_municipalities__province", admin.RelatedOnlyFieldListFilter), FinalReportStatusFilter]
    list_select_related = ["application__academy", "application__call", "final_report"]
    search_fields = ["application__academy__name", "application__academy__code", "application__call__code",
                     "application__call__title"]
    autocomplete_fields = ["application", "funded_municipalities", "decided_by"]
    inlines = [FinalReportInline]
    history_list_display = ["amount"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related).annotate(
            funded_municipality_count=Count("funded_municipalities", distinct=True))

    def save_related(self, request, form, formsets, change):
        """An accepted final report changed in the inline goes back to review, as in `FinalReportAdmin`."""
        accepted = set(FinalReport.objects.filter(award=form.instance, status=FinalReportStatus.ACCEPTED)
                       .values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model is not FinalReport:
                continue
            for report_form in formset.forms:
                report = report_form.instance
                changes = [str(report_form.fields[name].label) for name in report_form.changed_data
                           if name not in FinalReportAdmin.REVIEW_FIELDS]
                if report.pk in accepted and report.status == FinalReportStatus.ACCEPTED and changes:
                    final_report_reopen_after_change(report=report, changes=changes, changed_by=request.user)
                    self.message_user(request, _("The report was accepted: after this change it is back to review "
                                                 "and the academy has been told."), messages.WARNING)

    @admin.display(description=_("academy"), ordering="application__academy__name")
    def academy(self, obj):
        return obj.application.academy

    @admin.display(description=_("call"), ordering="application__call__code")
    def call(self, obj):
        return obj.application.call

    @admin.display(description=_("year"), ordering="application__call__year")
    def year(self, obj):
        return str(obj.application.call.year)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return format_euro(obj.amount)

    @admin.display(description=_("funded municipalities"), ordering="funded_municipality_count")
    def funded_municipality_count(self, obj):
        return format_count(obj.funded_municipality_count)

    @admin.display(description=_("final report"), ordering="final_report__status")
    def final_report_status(self, obj):
        report = getattr(obj, "final_report", None)
        return report.get_status_display() if report else _("none yet")


class FinalReportLineInline(MunicipalityLabelMixin, admin.TabularInline):
    model = FinalReportLine
    extra = 0
    fields = ["municipality", "half_days", "participants", "boys", "girls", "other"]
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "municipality", "report__award__application__academy", "report__award__application__call")


@admin.register(FinalReport)
class FinalReportAdmin(HistoryAdmin):
    list_display = ["academy", "year", "status", "line_count", "line_participants", "unattributed_participants",
                    "submitted_at", "reviewed_at"]
    list_filter = [ReportYearFilter, "award__application__call", "status",
                   "award__application__academy__organisation_type",
                   ("lines__municipality__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["award__application__academy", "award__application__call"]
    search_fields = ["award__application__academy__name", "award__application__academy__code", "narrative"]
    autocomplete_fields = ["award", "reviewed_by"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["award", "status", "narrative", "attachment"]}),
        (_("Participants not attributable to a municipality"), {
            "fields": [("unattributed_participants", "unattributed_boys", "unattributed_girls",
                        "unattributed_other")],
        }),
        (_("Review"), {"fields": ["submitted_at", "reviewed_at", "reviewed_by", "review_comment", "updated_at"]}),
    ]
    inlines = [FinalReportLineInline]
    history_list_display = ["status"]
    actions = ["accept_reports"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related).annotate(
            line_count=Count("lines"), line_participants=Sum("lines__participants"))

    REVIEW_FIELDS = {"status", "submitted_at", "reviewed_at", "reviewed_by", "review_comment"}
    PERSONAL_FIELDS = {"narrative", "attachment", "review_comment"}

    def get_fieldsets(self, request, obj=None):
        """Readers (without the rule grants.view_personal_data) see the figures, not the narrative, attachment or
        review comment."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("grants.view_personal_data"):
            return fieldsets
        return [(name, {**options, "fields": [field for field in options["fields"]
                                              if field not in self.PERSONAL_FIELDS]})
                for name, options in fieldsets]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if request.user.has_perm("grants.view_personal_data"):
            return fields
        return [name for name in fields if name != "narrative"]

    def save_model(self, request, obj, form, change):
        obj._was_accepted = change and FinalReport.objects.filter(
            pk=obj.pk, status=FinalReportStatus.ACCEPTED).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """An accepted report whose content was changed here goes back to review and its academy is told
        (`final_report_reopen_after_change`); changing only the review fields does not."""
        super().save_related(request, form, formsets, change)
        report = form.instance
        changes = [str(form.fields[name].label) for name in form.changed_data if name not in self.REVIEW_FIELDS]
        if any(formset.has_changed() for formset in formsets):
            changes.append(str(FinalReportLine._meta.verbose_name_plural))
        if getattr(report, "_was_accepted", False) and report.status == FinalReportStatus.ACCEPTED and changes:
            final_report_reopen_after_change(report=report, changes=changes, changed_by=request.user)
            self.message_user(request, _("The report was accepted: after this change it is back to review and "
                                         "the academy has been told."), messages.WARNING)

    @admin.display(description=_("academy"), ordering="award__application__academy__name")
    def academy(self, obj):
        return obj.award.application.academy

    @admin.display(description=_("year"), ordering="award__application__call__year")
    def year(self, obj):
        return str(obj.award.application.call.year)

    @admin.display(description=_("municipalities reached"), ordering="line_count")
    def line_count(self, obj):
        return format_count(obj.line_count)

    @admin.action(description=_("Accept the selected submitted final reports"), permissions=["change"])
    def accept_reports(self, request, queryset):
        """Through `final_report_review()`, so each academy gets its e-mail; reports not submitted are skipped."""
        accepted = 0
        for report in queryset:
            try:
                final_report_review(report=report, accept=True, comment="", reviewed_by=request.user)
            except ValidationError:
                continue
            accepted += 1
        skipped = len(queryset) - accepted
        self.message_user(request, ngettext("%(count)s final report accepted.", "%(count)s final reports accepted.",
                                            accepted) % {"count": accepted}, messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(count)s final report skipped: only submitted reports can be accepted.",
                "%(count)s final reports skipped: only submitted reports can be accepted.", skipped,
            ) % {"count": skipped}, messages.WARNING)

    @admin.display(description=_("participants in municipality lines"), ordering="line_participants")
    def line_participants(self, obj):
        return format_count(obj.line_participants) or None


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["award", "stage", "sent_at"]
    list_filter = ["stage", ReportYearFilter]
    list_select_related = ["award__application__academy", "award__application__call"]
    search_fields = ["award__application__academy__name", "award__application__academy__code"]
    autocomplete_fields = ["award"]
    readonly_fields = ["sent_at"]
