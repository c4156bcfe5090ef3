from django import forms
from django.utils.translation import gettext_lazy as _

from academies.belgian import FieldError, parse_decimal
from payments.models import validate_iban


class AmountField(forms.CharField):
    """A Belgian amount (1.234,56 or 1234.56)."""

    def to_python(self, value):
        try:
            return parse_decimal(super().to_python(value))
        except FieldError as error:
            raise forms.ValidationError(str(error)) from error


class BankAccountForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42, validators=[validate_iban])
    holder = forms.CharField(label=_("account holder"), max_length=200)

    def clean_iban(self):
        return "".join(self.cleaned_data["iban"].split()).upper()


class BatchForm(forms.Form):
    payments = forms.ModelMultipleChoiceField(queryset=None, label=_("due payments"),
                                              widget=forms.CheckboxSelectMultiple)
    execution_date = forms.DateField(label=_("execution date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payments"].queryset = due
        self.fields["payments"].label_from_instance = lambda payment: (
            f"{payment.reference} – {payment.award.application.academy} – {payment.get_kind_display()}")


class ConfirmationForm(forms.Form):
    file = forms.FileField(label=_("confirmation of the finance system (CSV: reference, date, amount)"))


class SettlementForm(forms.Form):
    decided_amount = AmountField(label=_("decided amount"), required=False,
                                 help_text=_("Empty: the computed amount."))
    override_reason = forms.CharField(label=_("reason for the override"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class CostStatementForm(forms.Form):
    total_costs = AmountField(label=_("total costs"))
    own_contribution = AmountField(label=_("own contribution"))
    other_funding = AmountField(label=_("other funding"), required=False)


class AcceptedCostsForm(forms.Form):
    accepted_costs = AmountField(label=_("accepted costs"), required=False,
                                 help_text=_("Empty: the total costs are accepted."))


class RecoveryReceivedForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=forms.DateInput(attrs={"type": "date"}))


class RecoveryWaiveForm(forms.Form):
    reason = forms.CharField(label=_("reason for the waiver"), widget=forms.Textarea(attrs={"rows": 2}))
