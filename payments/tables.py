"""The payments pages' lists, on the one base `academies.tables.BaseTable`."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_date, format_datetime
from academies.tables import BaseTable, CountColumn, DayColumn, EuroColumn


def by_whom(user, moment) -> str:
    """"anna, 04/05/2023 09:30": who did it and when."""
    return f"{user.get_username()}, {format_datetime(moment)}"


def payment_status(payment) -> str:
    status = payment.get_status_display().capitalize()
    return f"{status} ({format_date(payment.paid_on)})" if payment.paid_on else status


class BatchTable(BaseTable):
    reference = tables.Column(verbose_name=_("Batch"), linkify=("payments:batch-detail", [tables.A("pk")]))
    status = tables.Column(verbose_name=_("Status"))
    execution_date = DayColumn(verbose_name=_("Execution date"))
    payment_count = CountColumn(verbose_name=_("Payments"))
    total_amount = EuroColumn(verbose_name=_("Total"))
    created_by = tables.Column(verbose_name=_("Created by"))
    approved_by = tables.Column(verbose_name=_("Approved by"), default="–")

    caption = _("Batches, newest first")

    def render_status(self, record):
        return record.get_status_display().capitalize()

    def render_created_by(self, value):
        return value.get_username()

    def render_approved_by(self, value):
        return value.get_username()

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "batches"}
        empty_text = _("No batches yet.")


class AwardPaymentTable(BaseTable):
    caption = _("Payments")
    reference = tables.Column(verbose_name=_("Reference"))
    kind = tables.Column(verbose_name=_("Kind"))
    amount = EuroColumn(verbose_name=_("Amount"))
    status = tables.Column(verbose_name=_("Status"))

    def render_kind(self, record):
        return record.get_kind_display().capitalize()

    def render_status(self, record):
        return payment_status(record)

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "award-payments"}
        empty_text = _("No payments yet.")


class BatchPaymentTable(AwardPaymentTable):
    """The payments of a batch: an award's payment columns with the academy and the account paid to."""

    caption = _("Payments in this batch")
    reference = tables.Column(verbose_name=_("Reference"),
                              linkify=lambda record: reverse("payments:award-money", args=[record.award_id]))
    academy = tables.Column(accessor="award__application__academy__name", verbose_name=_("Academy"))
    iban = tables.Column(accessor="bank_account__iban", verbose_name=_("IBAN"), default="")

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "batch-payments"}
        sequence = ("reference", "academy", "kind", "iban", "amount", "status")


class PendingAccountTable(BaseTable):
    caption = _("Proposed bank accounts")
    academy = tables.Column(verbose_name=_("Academy"),
                            linkify=lambda record: reverse("payments:staff-bank-account", args=[record.academy_id]))
    iban = tables.Column(verbose_name=_("IBAN"))
    holder = tables.Column(verbose_name=_("Account holder"))
    proposed_by = tables.Column(verbose_name=_("Proposed by"))
    action = tables.TemplateColumn(template_name="payments/includes/confirm_account.html", empty_values=(),
                                   verbose_name=_("Action"))

    def render_academy(self, value):
        return value.name

    def render_proposed_by(self, record):
        return by_whom(record.proposed_by, record.proposed_at)

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "pending-accounts"}
        empty_text = _("No changes to confirm.")


class BankAccountHistoryTable(BaseTable):
    caption = _("Bank accounts of this academy, newest first")
    iban = tables.Column(verbose_name=_("IBAN"))
    holder = tables.Column(verbose_name=_("Account holder"))
    proposed_by = tables.Column(verbose_name=_("Proposed by"))
    confirmed_by = tables.Column(empty_values=(), verbose_name=_("Confirmed by"))

    def __init__(self, data, *, current=None, **kwargs):
        super().__init__(data, **kwargs)
        self.current = current

    def render_iban(self, record):
        if record == self.current:
            return format_html("{} <strong>({})</strong>", record.iban, _("current"))
        return record.iban

    def render_proposed_by(self, record):
        return by_whom(record.proposed_by, record.proposed_at)

    def render_confirmed_by(self, record):
        if record.confirmed_by is None:
            return _("not yet confirmed")
        return by_whom(record.confirmed_by, record.confirmed_at)

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "bank-account-history"}
        empty_text = _("No bank account yet.")


class RegisterTable(BaseTable):
    caption = _("Awards in the register of this quarter")
    beneficiary = tables.Column(accessor="academy__name", verbose_name=_("Beneficiary"))
    kbo_number = tables.Column(accessor="academy__kbo_number", verbose_name=_("KBO number"), default="–")
    call = tables.Column(accessor="call__code", verbose_name=_("Call"))
    granted = EuroColumn(accessor="award__amount", verbose_name=_("Granted"))
    committed = EuroColumn(verbose_name=_("Committed"))
    paid = EuroColumn(verbose_name=_("Paid"))
    last_payment = DayColumn(verbose_name=_("Last payment"), default="–")

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "register"}
        empty_text = _("No awards in this quarter.")


class DuePaymentTable(BaseTable):
    """Payments due and not yet in a batch, each with a box to put it in the batch (managers only) and the
    academy's confirmed IBAN. Rows: (payment, confirmed account or None)."""

    caption = _("Payments that are due and not yet in a batch")
    select = tables.Column(empty_values=(), verbose_name=_("Select"))
    reference = tables.Column(empty_values=(), verbose_name=_("Reference"))
    academy = tables.Column(empty_values=(), verbose_name=_("Academy"))
    call = tables.Column(empty_values=(), verbose_name=_("Call"))
    kind = tables.Column(empty_values=(), verbose_name=_("Kind"))
    amount = EuroColumn(accessor=tables.A("0__amount"), verbose_name=_("Amount"))
    iban = tables.Column(empty_values=(), verbose_name=_("Confirmed IBAN"))

    def __init__(self, data, *, may_manage: bool, **kwargs):
        super().__init__(data, **kwargs)
        self.may_manage = may_manage

    def render_select(self, record):
        payment = record[0]
        return format_html('<input type="checkbox" name="payments" value="{}" id="pay-{}" class="form-check-input"{}>'
                           '<label for="pay-{}" class="visually-hidden">{}</label>', payment.pk, payment.pk,
                           "" if self.may_manage else " disabled", payment.pk, payment.reference)

    def render_reference(self, record):
        payment = record[0]
        return format_html('<a href="{}">{}</a>', reverse("payments:award-money", args=[payment.award_id]),
                           payment.reference)

    def render_academy(self, record):
        return record[0].award.application.academy.name

    def render_call(self, record):
        return record[0].award.application.call.code

    def render_kind(self, record):
        return record[0].get_kind_display().capitalize()

    def render_iban(self, record):
        account = record[1]
        return account.iban if account else format_html('<span class="text-danger">{}</span>', _("none confirmed"))

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "due-payments"}
