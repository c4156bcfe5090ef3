from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.groups import MANAGER_GROUP
from questions.models import Part, Slot, StandardText, WrittenQuestion

FIRST_YEAR = 2019


def managers():
    return (get_user_model().objects.filter(is_active=True, is_staff=True)
            .filter(groups__name=MANAGER_GROUP).distinct().order_by("username"))


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class QuestionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    received_on = forms.DateField(label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.CharField(label=_("Member of parliament"), max_length=200)
    minister = forms.CharField(label=_("Minister"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(label=_("Question text"), widget=forms.Textarea(attrs={"rows": 8}))
    years = forms.TypedMultipleChoiceField(label=_("Years asked"), coerce=int, choices=year_choices,
                                           widget=forms.CheckboxSelectMultiple)
    parts = forms.MultipleChoiceField(label=_("Parts asked"), choices=Part.choices,
                                      widget=forms.CheckboxSelectMultiple)
    assignee = StaffChoiceField(label=_("Assigned to"), queryset=managers(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = managers()

    @classmethod
    def initial_of(cls, question: WrittenQuestion) -> dict:
        return {"number": question.number, "received_on": question.received_on, "member": question.member,
                "minister": question.minister, "subject": question.subject, "text": question.text,
                "years": question.years, "parts": [part.value for part in question.parts],
                "assignee": question.assignee}


class TextBlockForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Plain text: a blank line starts a new paragraph, a line starting with "
                                       "\"- \" is a list item. HTML is shown as typed."))


class StandardTextPickForm(forms.Form):
    standard = forms.ModelChoiceField(label=_("Standard text"), queryset=StandardText.objects.none())

    def __init__(self, *args, slot: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = StandardText.objects.filter(slot=slot)


class StandardTextForm(forms.Form):
    slot = forms.ChoiceField(label=_("Place in the answer"), choices=Slot.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class ApprovalRequestForm(forms.Form):
    approver = StaffChoiceField(label=_("Approver"), queryset=managers())
    provisional = forms.BooleanField(label=_("This is a provisional answer"), required=False)

    def __init__(self, *args, exclude_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = managers()
        if exclude_user is not None:
            queryset = queryset.exclude(pk=exclude_user.pk)
        self.fields["approver"].queryset = queryset


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}))
