"""Admin integration. The admins of academies, calls, awards and final reports are registered by their own apps;
this module (autodiscovered after theirs: `exchange` comes after `academies` and `grants` in INSTALLED_APPS)
re-registers each one with `ExchangeAdminMixin` and django-import-export in front (`with_import_export`), so the
lower apps never import `exchange`. It reads Belgian CSV/XLSX, writes exports with formula neutralisation (numbers stay
numbers), enforces the upload size limit and sends files of more than EXCHANGE_BACKGROUND_ROWS rows to the
background queue with a progress page. Also registers the admins of UiT events and of import jobs."""

from django.conf import settings
from django.contrib import admin
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin, ImportExportModelAdmin
from import_export.forms import ExportForm

from academies.models import Academy, Event
from academies.spreadsheets import export_bytes
from exchange import messages
from exchange.errors import ImportFailed
from exchange.formats import EXCHANGE_FORMATS
from exchange.models import ImportJob
from exchange.resources import AcademyResource, AwardResource, CallResource, EventResource, FinalReportResource
from exchange.tables import count_data_rows
from exchange.tasks import run_import_job
from exchange.workbook_templates import template_year, template_years
from grants.models import Award, Call, FinalReport


class ExchangeAdminMixin:
    formats = EXCHANGE_FORMATS
    import_formats = EXCHANGE_FORMATS
    export_formats = EXCHANGE_FORMATS
    export_form_class = ExportForm
    skip_admin_log = True  # the import writes in bulk; django-simple-history keeps who changed what
    import_template_name = "exchange/import.html"

    def _exchange_kind(self, request):
        return self.get_import_resource_classes(request)[0].kind()

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        kind = self.resource_classes[0].exchange_kind
        context["exchange_template_url"] = reverse("exchange:template", args=[kind])
        context["exchange_template_years"] = template_years()
        context["exchange_template_year"] = template_year(None)
        return context

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file") if request.method == "POST" else None
        if upload is not None and self.has_import_permission(request):
            if upload.size > settings.EXCHANGE_MAX_UPLOAD_BYTES:
                flash.error(request, messages.file_too_large(upload.size, settings.EXCHANGE_MAX_UPLOAD_BYTES))
                return HttpResponseRedirect(request.path)
            data = upload.read()
            upload.seek(0)
            try:
                rows = count_data_rows(data)
            except ImportFailed:
                rows = 0  # the normal path reports the read error on the form
            if rows > settings.EXCHANGE_BACKGROUND_ROWS:
                job = ImportJob.objects.create(kind=self._exchange_kind(request).key, file_name=upload.name[:255],
                                               content=data, user=request.user, total_rows=rows)
                run_import_job.enqueue(job.pk)
                return redirect("exchange:job-progress", pk=job.pk)
        return super().import_action(request, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        """On confirmation an unrecognised column stops the import, unless the user ticked that it may be ignored
        (the preview lists such columns)."""
        request = kwargs.get("request")
        kwargs = super().get_import_data_kwargs(**kwargs)
        confirming = request is not None and request.resolver_match is not None \
            and request.resolver_match.url_name.endswith("_process_import")
        kwargs["strict"] = confirming and not request.POST.get("ignore_unknown_columns")
        return kwargs

    def process_result(self, result, request):
        """After confirmation: the summary per part, or (nothing written) every error."""
        errors = getattr(result, "exchange_errors", [])
        if errors:
            for error in errors[:20]:
                flash.error(request, str(error))
            flash.error(request, messages.nothing_imported(len(errors)))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        summary = getattr(result, "exchange_summary", None)
        if summary is None:
            return super().add_success_message(result, request)
        flash.success(request, summary.describe())

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFailed):
            for message in e.messages:
                form.add_error("import_file", message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        rows = self.get_export_resource_classes(request)[0].kind().export_rows(queryset=queryset)
        return export_bytes(rows, file_format.get_extension())


def with_import_export(model, resource_class) -> None:
    """Replace the admin registered for `model` by a subclass with the Belgian import and export in front."""
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(registered.__name__, (ExchangeAdminMixin, ImportExportMixin, registered), {
        "__module__": __name__, "__doc__": registered.__doc__, "resource_classes": [resource_class]}))


with_import_export(Academy, AcademyResource)
with_import_export(Call, CallResource)
with_import_export(Award, AwardResource)
with_import_export(FinalReport, FinalReportResource)


@admin.register(Event)
class EventAdmin(ExchangeAdminMixin, ImportExportModelAdmin):
    resource_classes = [EventResource]
    list_display = ["name", "start_date", "municipality", "organiser_name", "academy", "has_stem_label"]
    list_filter = ["has_stem_label", "start_date"]
    list_select_related = ["municipality", "academy"]
    search_fields = ["name", "uit_id", "organiser_name", "postcode"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["academy", "municipality"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "progress", "total_rows", "user", "created_at"]
    list_filter = ["status", "kind"]
    exclude = ["content"]
    readonly_fields = ["kind", "file_name", "user", "status", "total_rows", "processed_rows", "summary", "errors",
                       "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj):
        return f"{obj.percent}%"
from exchange import uit_admin  # noqa: E402,F401  (registers the UiT snapshots)
