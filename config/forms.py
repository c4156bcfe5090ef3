from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedbackForm(forms.Form):
    """The feedback route of the accessibility statement: a problem reported reaches VLAIO staff by e-mail."""

    message = forms.CharField(label=_("What did not work, and on which page?"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.EmailField(label=_("Your e-mail address, if you want an answer"), required=False)
