import re
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from academies.belgian import FieldError, format_amount, parse_count, parse_decimal
from academies.models import Academy, Municipality
from academies.municipalities import AmbiguousMunicipality, MunicipalityResolver
from grants.models import Application, ApplicationPart, Call, CallKind, FinalReport, FinalReportLine
from grants.services import ReportLineInput
from grants.uploads import validate_attachment

User = get_user_model()

def municipality_choices_for(year: int):
    return Municipality.objects.for_year(year).select_related("province").order_by("name_nl")


def parse_municipalities(text: str, *, year: int) -> list[Municipality]:
    """Municipalities named in `text` (anything academies.municipalities resolves: name, postcode, "9000 Gent",
    NIS code), separated by commas, semicolons or new lines. Raises ValidationError naming every entry that is
    unknown or ambiguous in `year`."""
    resolver = MunicipalityResolver()
    found: set[str] = set()
    errors = []
    for entry in filter(None, (part.strip() for part in re.split(r"[,;\n]+", text))):
        try:
            found.add(resolver.resolve(entry, year))
        except AmbiguousMunicipality as error:
            names = ", ".join(sorted(resolver.name(code) for code in error.candidates))
            errors.append(_("“%(entry)s” matches several municipalities (%(names)s): type the name instead.")
                          % {"entry": entry, "names": names})
        except FieldError as error:
            hint = getattr(error, "hint", None)
            errors.append(_("“%(entry)s” is not a Flemish municipality or postcode in %(year)s.")
                          % {"entry": entry, "year": year} + (f" {hint}" if hint else ""))
    if errors:
        raise ValidationError(errors)
    return sorted(Municipality.objects.filter(pk__in=found), key=lambda municipality: municipality.name_nl)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name_nl} ({obj.province.name_nl})"


class AmountField(forms.DecimalField):
    """An amount in euro as a Belgian types it: 4000, 4000,00, 4.000,00, € 4.000,00 or 4000.00, read by
    `academies.belgian.parse_decimal` as the importer reads it, and shown for editing as 4.000,00.

    A dot followed by exactly three digits is a thousands separator (7.500 is seven thousand five hundred)."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return {**attrs, "inputmode": "decimal"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except FieldError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_amount(value)
        return value


class CountField(forms.IntegerField):
    """A count as a Belgian types it (1200 or 1.200), read by `academies.belgian.parse_count` as the importer
    reads it. A text box with a numeric keyboard: a number box would turn 1.200 into 1.2."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return {**attrs, "inputmode": "numeric"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_count(value)
        except FieldError as error:
            raise ValidationError(str(error), code="invalid") from error


def belgian_formfield(db_field, **kwargs):
    """`formfield_callback` of the portal and staff model forms: integer fields become `CountField`s, decimal
    fields `AmountField`s."""
    if isinstance(db_field, models.IntegerField) and not db_field.choices:
        kwargs.setdefault("form_class", CountField)
    elif isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", AmountField)
    return db_field.formfield(**kwargs)


class MunicipalityOfTheYearMixin:
    """A form with a `municipality` field offering the municipalities of the call's year."""

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_choices_for(year)
        self.fields["municipality"].empty_label = _("Choose a municipality")


# --- staff decisions --------------------------------------------------------------------------------------------


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return obj.name_nl


class AwardForm(forms.Form):
    amount = AmountField(label=_("Amount (EUR)"), max_digits=12, decimal_places=2, min_value=0)
    funded_municipalities = MunicipalityMultipleChoiceField(
        queryset=Municipality.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label=_("Funded municipalities"))
    reason = forms.CharField(label=_("Reason (required when the amount differs from the call's rule)"),
                             widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funded_municipalities"].queryset = application.planned_municipalities.order_by("name_nl")
        if application.call.kind != CallKind.ACADEMY_ROLLOUT:
            self.fields["funded_municipalities"].help_text = _("Optional for partnership projects.")


class CallForm(forms.ModelForm):
    """The staff page for a call: the same fields and rules (`Call.clean()`, the database constraints) as the
    admin; amounts the Belgian way."""

    DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M"

    required_parts = forms.MultipleChoiceField(
        label=_("Required to submit an application"), choices=ApplicationPart.choices, required=False,
        widget=forms.CheckboxSelectMultiple, initial=ApplicationPart.values)

    class Meta:
        model = Call
        formfield_callback = belgian_formfield
        fields = ["code", "year", "kind", "title", "budget", "opens_at", "closes_at", "report_due_date",
                  "amount_per_municipality", "cap_per_academy", "cap_per_project", "min_own_contribution_pct",
                  "required_parts"]
        help_texts = {
            "code": _("Stable identifier used in imports and exports, e.g. academies-2025."),
            "amount_per_municipality": _("Academy rollout: the subsidy per municipality reached (required)."),
            "cap_per_academy": _("Academy rollout: the most one academy can receive."),
            "cap_per_project": _("Partnership project: the most one project can receive."),
            "min_own_contribution_pct": _("Partnership project: the share of the project cost the partners pay."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format=self.DATE_TIME_FORMAT)
            self.fields[name].input_formats = [self.DATE_TIME_FORMAT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["report_due_date"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["report_due_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        if self.instance.pk:
            self.fields["code"].disabled = True


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    ACCEPT = "accept"
    RETURN = "return"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[(ACCEPT, _("Accept the final report")),
                                          (RETURN, _("Return it to the academy for correction"))])
    comment = forms.CharField(label=_("Comment for the academy (required when returning)"),
                              widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what has to be corrected."))
        return cleaned


class InviteForm(forms.Form):
    academy = forms.ModelChoiceField(queryset=Academy.objects.order_by("name"), label=_("Academy"))
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


# --- final reports ----------------------------------------------------------------------------------------------


class FinalReportForm(forms.ModelForm):
    remove_attachment = forms.BooleanField(label=_("Remove the current attachment"), required=False)

    class Meta:
        model = FinalReport
        formfield_callback = belgian_formfield
        fields = ["narrative", "unattributed_participants", "unattributed_boys", "unattributed_girls",
                  "unattributed_other", "attachment"]
        labels = {
            "narrative": _("Narrative: how did the year go?"),
            "unattributed_participants": _("Participants"),
            "unattributed_boys": _("Boys"),
            "unattributed_girls": _("Girls"),
            "unattributed_other": _("Other/unspecified"),
            "attachment": _("Attachment (PDF, XLSX or DOCX, at most 10 MB)"),
        }
        widgets = {"narrative": forms.Textarea(attrs={"rows": 5}), "attachment": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.attachment:
            del self.fields["remove_attachment"]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type"):
            validate_attachment(upload)
            return upload
        return None


class FinalReportLineForm(MunicipalityOfTheYearMixin, forms.ModelForm):
    class Meta:
        model = FinalReportLine
        formfield_callback = belgian_formfield
        fields = ["municipality", "half_days", "participants", "boys", "girls", "other"]
        labels = {
            "municipality": _("Municipality"),
            "half_days": _("Half-days of activity"),
            "participants": _("Participants"),
            "boys": _("Boys"),
            "girls": _("Girls"),
            "other": _("Other/unspecified"),
        }
        field_classes = {"municipality": MunicipalityChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["half_days"].initial = None
        self.fields["half_days"].required = False

    def as_input(self) -> ReportLineInput:
        """Half-days left empty are stored as 0, the model's "not given", as the importer does."""
        data = self.cleaned_data
        return ReportLineInput(municipality=data["municipality"], half_days=data["half_days"] or 0,
                               participants=data["participants"], boys=data["boys"], girls=data["girls"],
                               other=data["other"])


class BaseReportLineFormSet(forms.BaseFormSet):
    """Rows for existing lines must stay valid (tick "delete" to drop one); proposed rows (the funded
    municipalities of a new report) and blank rows are skipped when left as they were."""

    def __init__(self, *args, kept_rows: int, year: int, **kwargs):
        self.kept_rows = kept_rows
        self.year = year
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["year"] = self.year
        if index is not None:
            kwargs["empty_permitted"] = index >= self.kept_rows
        return kwargs

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.row_name = _("Municipality %(number)s") % {"number": i + 1}
        return form

    def unreached_funded(self) -> list[str]:
        """Names of the proposed (funded) municipalities whose rows were left as they were: saving drops them, so
        the view asks the academy to confirm it did not reach them."""
        codes = [form.initial["municipality"] for index, form in enumerate(self.forms)
                 if index >= self.kept_rows and form.initial.get("municipality") and not form.has_changed()
                 and not self._should_delete_form(form)]
        if not codes:
            return []
        return list(Municipality.objects.filter(pk__in=codes).order_by("name_nl").values_list("name_nl", flat=True))

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            municipality = form.cleaned_data.get("municipality")
            if municipality is None:
                continue
            if municipality.pk in seen:
                raise ValidationError(_("%(name)s appears more than once.") % {"name": municipality.name_nl})
            seen.add(municipality.pk)

    def inputs(self) -> list[ReportLineInput]:
        rows = []
        for index, form in enumerate(self.forms):
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            if index >= self.kept_rows and not form.has_changed():
                continue
            rows.append(form.as_input())
        return rows


ReportLineFormSet = forms.formset_factory(FinalReportLineForm, formset=BaseReportLineFormSet, extra=3,
                                          can_delete=True)


def report_line_formset(*, award, report: FinalReport | None, data=None) -> BaseReportLineFormSet:
    year = award.application.call.year
    if report is not None and report.pk and report.lines.exists():
        initial = [{"municipality": line.municipality_id, "half_days": line.half_days,
                    "participants": line.participants, "boys": line.boys, "girls": line.girls, "other": line.other}
                   for line in report.lines.select_related("municipality")]
        kept = len(initial)
    else:
        initial = [{"municipality": municipality.pk}
                   for municipality in award.funded_municipalities.order_by("name_nl")]
        kept = 0
    return ReportLineFormSet(data, initial=initial, prefix="lines", kept_rows=kept, year=year)
