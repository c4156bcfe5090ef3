from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Recommendation, RejectionReason


class AssessmentForm(forms.Form):
    """A score field and a comment field per criterion of the call, then the recommendation and a comment."""

    recommendation = forms.ChoiceField(label=_("Recommendation"), required=False,
                                       choices=[("", "---------"), *Recommendation.choices])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, assessment=None, **kwargs):
        initial = {}
        if assessment is not None:
            initial = {"recommendation": assessment.recommendation, "comment": assessment.comment}
            for score in assessment.scores.all():
                initial[f"score_{score.criterion_id}"] = score.value
                initial[f"comment_{score.criterion_id}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(title)s (0 to %(max)s, weight %(weight)s)") % {
                    "title": criterion.title, "max": criterion.scale_max, "weight": criterion.weight},
                min_value=0, max_value=criterion.scale_max, required=False, help_text=criterion.description)
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(title)s") % {"title": criterion.title}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
        self.order_fields([name for criterion in self.criteria
                           for name in (f"score_{criterion.pk}", f"comment_{criterion.pk}")])

    def scores(self) -> dict:
        from assessments.services import ScoreInput

        return {criterion.pk: ScoreInput(value=self.cleaned_data.get(f"score_{criterion.pk}"),
                                         comment=self.cleaned_data.get(f"comment_{criterion.pk}", ""))
                for criterion in self.criteria}


class BatchDecisionForm(forms.Form):
    DECISIONS = [("award", _("Award the selected applications with the proposed amount")),
                 ("reject", _("Reject the selected applications"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Reason for a rejection"), required=False,
                               choices=[("", "---------"), *RejectionReason.choices])
    reason_text = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    selected = forms.MultipleChoiceField(label=_("Applications"), widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": _("Select at least one application.")})

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(str(a.pk), str(a.academy)) for a in applications]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose a reason for the rejection."))
        return data
