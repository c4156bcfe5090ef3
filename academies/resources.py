"""django-import-export resources for academies (the hardened import formats replace these)."""

from import_export import resources

from academies.models import Academy


class AcademyResource(resources.ModelResource):
    class Meta:
        model = Academy
        import_id_fields = ("code",)
        fields = ("code", "name", "organisation_type", "seat_municipality", "contact_email")
