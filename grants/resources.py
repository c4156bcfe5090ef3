"""django-import-export resources for calls, awards and final reports (the hardened formats replace these)."""

from import_export import resources

from grants.models import Award, Call, FinalReport


class CallResource(resources.ModelResource):
    class Meta:
        model = Call
        import_id_fields = ("code",)


class AwardResource(resources.ModelResource):
    class Meta:
        model = Award


class FinalReportResource(resources.ModelResource):
    class Meta:
        model = FinalReport
