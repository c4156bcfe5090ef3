"""The portal's application form per call kind: the application's fields, its trajectories, partners and cost
lines (formsets), attachments and the declaration on honour. `ApplicationFormBundle` holds them together for the
view: it validates them, hands the service its arguments and puts the service's errors next to the fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from academies.models import Municipality
from grants.application_services import (
    ApplicationDetails,
    CostLineInput,
    PartnerInput,
    TrajectoryInput,
    submission_problems,
)
from grants.forms import (
    AmountField,
    MunicipalityChoiceField,
    MunicipalityOfTheYearMixin,
    belgian_formfield,
    parse_municipalities,
)
from grants.models import Application, ApplicationPart, CallKind, CostLine, Partner, TargetGroup, Trajectory

PARTNERSHIP_ONLY = ("requested_amount", "project_cost", "own_contribution", "other_funding", "transition_priority")
REQUIRED_FIELDS = {
    ApplicationPart.DESCRIPTION: ("description",),
    ApplicationPart.TARGET_GROUPS: ("target_groups",),
    ApplicationPart.TARGET_AGES: ("target_age_min", "target_age_max"),
    ApplicationPart.TRANSITION_PRIORITY: ("transition_priority",),
    ApplicationPart.BUDGET: ("own_contribution",),
    ApplicationPart.ATTACHMENTS: ("attachments",),
    ApplicationPart.DECLARATION: ("declaration",),
}


class ApplicationForm(forms.ModelForm):
    municipalities = forms.CharField(
        label=_("Planned municipalities"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line or separated by commas: a municipality's name (Gent) or a postcode (9000)."),
    )
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), choices=TargetGroup.choices,
                                              widget=forms.CheckboxSelectMultiple, required=False)
    attachments = forms.FileField(
        label=_("Add an attachment"), required=False,
        help_text=_("PDF, OpenDocument (ODT, ODS, ODP) or Office (DOCX, XLSX, PPTX), at most 10 MB; one file per "
                    "save."))
    remove_attachments = forms.MultipleChoiceField(label=_("Remove attachments"), required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    declaration = forms.BooleanField(
        label=_("I declare on honour that this application is correct and complete, and that the partners "
                "named agree to take part."), required=False)

    class Meta:
        model = Application
        formfield_callback = belgian_formfield
        fields = ["description", "target_groups", "target_age_min", "target_age_max", "transition_priority",
                  "forecast_participants", "requested_amount", "project_cost", "own_contribution", "other_funding"]
        field_classes = {name: AmountField for name in ("requested_amount", "project_cost", "own_contribution",
                                                        "other_funding")}
        labels = {
            "description": _("Project description"),
            "target_age_min": _("Youngest age aimed at"),
            "target_age_max": _("Oldest age aimed at"),
            "transition_priority": _("Transition priority"),
            "forecast_participants": _("Forecast number of participants"),
            "requested_amount": _("Requested amount (EUR)"),
            "project_cost": _("Total project cost (EUR)"),
            "own_contribution": _("Own contribution (EUR)"),
            "other_funding": _("Other funding (EUR)"),
        }
        help_texts = {
            "description": _("What the project does, where, with whom, and what children and young people learn."),
            "project_cost": _("Leave empty to use the sum of the cost lines."),
            "other_funding": _("Subsidies or sponsoring from others for this project."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        if call.kind == CallKind.ACADEMY_ROLLOUT:
            for name in PARTNERSHIP_ONLY:
                del self.fields[name]
        for part, names in REQUIRED_FIELDS.items():
            for name in names:
                if call.requires(part) and name in self.fields:
                    self.fields[name].help_text = " ".join(
                        str(text) for text in (self.fields[name].help_text, _("Required to submit.")) if text)
        attachments = list(self.instance.attachments.all()) if self.instance.pk else []
        self.fields["remove_attachments"].choices = [(str(item.pk), item.name) for item in attachments]
        if not attachments:
            del self.fields["remove_attachments"]
        if self.instance.pk and not self.is_bound:
            self.initial["municipalities"] = "\n".join(
                municipality.name_nl for municipality in self.instance.planned_municipalities.order_by("name_nl"))
            self.initial["declaration"] = self.instance.declaration_signed_at is not None

    def clean_municipalities(self) -> list[Municipality]:
        return parse_municipalities(self.cleaned_data["municipalities"], year=self.instance.call.year)

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            description=data["description"], target_groups=data["target_groups"],
            target_age_min=data["target_age_min"], target_age_max=data["target_age_max"],
            transition_priority=data.get("transition_priority", ""), other_funding=data.get("other_funding"),
            declaration=data["declaration"])


class TrajectoryForm(MunicipalityOfTheYearMixin, forms.ModelForm):
    class Meta:
        model = Trajectory
        formfield_callback = belgian_formfield
        fields = ["title", "transition_priority", "age_min", "age_max", "half_days", "municipality"]
        labels = {
            "title": _("Title"),
            "transition_priority": _("Transition priority"),
            "age_min": _("Minimum age"),
            "age_max": _("Maximum age"),
            "half_days": _("Half-days"),
            "municipality": _("Municipality"),
        }
        field_classes = {"municipality": MunicipalityChoiceField}

    def as_input(self) -> TrajectoryInput:
        data = self.cleaned_data
        return TrajectoryInput(pk=self.instance.pk, title=data["title"],
                               transition_priority=data["transition_priority"], age_min=data["age_min"],
                               age_max=data["age_max"], half_days=data["half_days"], municipality=data["municipality"])


class PartnerForm(forms.ModelForm):
    kbo_number = forms.CharField(label=_("KBO number"), max_length=20, help_text=_("10 digits, e.g. 0123.456.749."))

    class Meta:
        model = Partner
        fields = ["name", "kbo_number", "role"]
        labels = {"name": _("Name"), "role": _("Role in the project")}

    def clean_kbo_number(self) -> str:
        """0123.456.749, 0123 456 749 and BE0123456749 are all 0123456749; the model checks the check number."""
        return re.sub(r"[\s.]|^BE", "", self.cleaned_data["kbo_number"].strip().upper())

    def as_input(self) -> PartnerInput:
        data = self.cleaned_data
        return PartnerInput(pk=self.instance.pk, name=data["name"], kbo_number=data["kbo_number"],
                            role=data["role"])


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostLine
        fields = ["description", "amount"]
        field_classes = {"amount": AmountField}
        labels = {"description": _("Cost"), "amount": _("Amount (EUR)")}

    def as_input(self) -> CostLineInput:
        return CostLineInput(pk=self.instance.pk, description=self.cleaned_data["description"],
                             amount=self.cleaned_data["amount"])


class NamedRowsFormSet(forms.BaseInlineFormSet):
    """Rows named "<row_label> N" in the error summary; `inputs()` gives the kept rows to the service."""

    row_label = _("Row %(number)s")

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.row_name = self.row_label % {"number": i + 1}
        return form

    def inputs(self) -> list:
        return [form.as_input() for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]


class TrajectoryRows(NamedRowsFormSet):
    row_label = _("Trajectory %(number)s")


class PartnerRows(NamedRowsFormSet):
    row_label = _("Partner %(number)s")


class CostLineRows(NamedRowsFormSet):
    row_label = _("Cost line %(number)s")


TrajectoryFormSet = forms.inlineformset_factory(Application, Trajectory, form=TrajectoryForm, formset=TrajectoryRows,
                                                extra=2, can_delete=True)
PartnerFormSet = forms.inlineformset_factory(Application, Partner, form=PartnerForm, formset=PartnerRows, extra=2,
                                             can_delete=True)
CostLineFormSet = forms.inlineformset_factory(Application, CostLine, form=CostLineForm, formset=CostLineRows,
                                              extra=3, can_delete=True)


def trajectory_formset(application: Application, data=None) -> forms.BaseInlineFormSet:
    return TrajectoryFormSet(data, instance=application, prefix="trajectories",
                             form_kwargs={"year": application.call.year})


class ApplicationFormBundle:
    """The application form and its formsets (trajectories, partners; cost lines for partnership projects)."""

    def __init__(self, application: Application, data=None, files=None):
        self.application = application
        self.form = ApplicationForm(data, files, instance=application)
        self.formsets = {"trajectories": trajectory_formset(application, data),
                         "partners": PartnerFormSet(data, instance=application, prefix="partners")}
        if application.call.kind == CallKind.PARTNERSHIP_PROJECT:
            self.formsets["cost_lines"] = CostLineFormSet(data, instance=application, prefix="cost_lines")

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(formset.is_valid() for formset in self.formsets.values())])

    def update_arguments(self) -> dict:
        """The keyword arguments of `application_services.application_update` (but the application and user)."""
        data = self.form.cleaned_data
        cost_lines = self.formsets.get("cost_lines")
        return {
            "planned_municipalities": data["municipalities"], "forecast_participants": data["forecast_participants"],
            "requested_amount": data.get("requested_amount"), "project_cost": data.get("project_cost"),
            "own_contribution": data.get("own_contribution"), "details": self.form.details(),
            "trajectories": self.formsets["trajectories"].inputs(), "partners": self.formsets["partners"].inputs(),
            "cost_lines": cost_lines.inputs() if cost_lines is not None else None,
            "new_attachments": [data["attachments"]] if data.get("attachments") else [],
            "removed_attachments": [int(pk) for pk in data.get("remove_attachments", [])],
        }

    def add_errors(self, error: ValidationError) -> None:
        """A service's errors next to their field: form fields on the form, `partners` and `cost_lines` above their
        rows, anything else at the top."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error)
            return
        for name, messages in error.error_dict.items():
            if name in self.formsets:
                self.formsets[name].non_form_errors().extend(
                    message for item in messages for message in item.messages)
            else:
                self.form.add_error(name if name in self.form.fields else None, messages)

    def check_submission(self) -> bool:
        """Put what is missing to submit the saved application next to the fields of the (unbound) form showing
        it; True when nothing is."""
        problems = submission_problems(self.application)
        if problems and not self.form.is_bound:
            self.form.full_clean()
            self.form.cleaned_data = {}
        if problems:
            self.add_errors(ValidationError(problems))
        return not problems

    def error_count(self) -> int:
        return len(self.form.errors) + sum(formset.total_error_count() for formset in self.formsets.values())
