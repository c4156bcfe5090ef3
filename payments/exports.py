"""The files of an approved batch: the SEPA credit transfer (pain.001.001.03, via sepaxml) for the bank and the
CSV for the finance system (Belgian format, `academies.spreadsheets`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from academies.spreadsheets import export_bytes
from payments.models import BatchStatus, Payment, PaymentBatch, Settlement

SEPA_SCHEMA = "pain.001.001.03"
DEBTOR = {
    "name": "Agentschap Innoveren en Ondernemen",
    "IBAN": "BE94091012201114",
    "BIC": "GKCCBEBB",
}
"""The paying account; settings.PAYMENTS_DEBTOR (a dict with the same keys) overrides it."""


def debtor() -> dict:
    return {**DEBTOR, **getattr(settings, "PAYMENTS_DEBTOR", {})}


def _payments(batch: PaymentBatch):
    if batch.status != BatchStatus.APPROVED:
        raise ValidationError(_("Only an approved batch can be exported."))
    return batch.payments.for_table().order_by("pk")


def description(payment) -> str:
    call = payment.award.application.call
    return f"{payment.reference} {call.code} {payment.get_kind_display()}"


def sepa_credit_transfer(batch: PaymentBatch) -> bytes:
    """The pain.001.001.03 document; its control sum is the batch total."""
    transfer = SepaTransfer({**debtor(), "batch": True, "currency": "EUR"}, schema=SEPA_SCHEMA, clean=True)
    for payment in _payments(batch):
        transfer.add_payment({
            "name": payment.bank_account.holder,
            "IBAN": payment.bank_account.iban,
            "amount": int(payment.amount * 100),
            "execution_date": batch.execution_date,
            "description": description(payment),
            "endtoend_id": payment.reference,
        })
    return transfer.export(validate=True)


def finance_rows(batch: PaymentBatch):
    yield [_("reference"), _("batch"), _("academy"), _("KBO number"), _("call"), _("kind"), _("IBAN"),
           _("account holder"), _("amount"), _("execution date")]
    for payment in _payments(batch):
        academy = payment.award.application.academy
        yield [payment.reference, batch.reference, academy.name, academy.kbo_number,
               payment.award.application.call.code, payment.get_kind_display(), payment.bank_account.iban,
               payment.bank_account.holder, payment.amount, batch.execution_date]


def finance_csv(batch: PaymentBatch) -> bytes:
    return export_bytes(finance_rows(batch), "csv")


def payment_rows(*, year: int | None = None):
    """Every payment (docs/payments.md, "Exports"), Belgian through academies.spreadsheets."""
    payments = Payment.objects.for_table().order_by("award__application__call__year",
                                                    "award__application__call__code",
                                                    "award__application__academy__code", "kind")
    if year is not None:
        payments = payments.for_year(year)
    yield [_("reference"), _("year"), _("call"), _("academy code"), _("academy"), _("kind"), _("amount"),
           _("status"), _("batch"), _("IBAN"), _("paid on")]
    for payment in payments:
        application = payment.award.application
        yield [payment.reference, application.call.year, application.call.code, application.academy.code,
               application.academy.name, payment.get_kind_display(), payment.amount, payment.get_status_display(),
               payment.batch.reference if payment.batch else "",
               payment.bank_account.iban if payment.bank_account else "", payment.paid_on]


def settlement_rows(*, year: int | None = None):
    settlements = Settlement.objects.select_related(
        "award__application__call", "award__application__academy", "decided_by").order_by(
        "award__application__call__year", "award__application__call__code", "award__application__academy__code")
    if year is not None:
        settlements = settlements.filter(award__application__call__year=year)
    yield [_("year"), _("call"), _("academy code"), _("academy"), _("awarded"), _("computed amount"),
           _("decided amount"), _("reason for the override"), _("decided by"), _("decided at")]
    for settlement in settlements:
        application = settlement.award.application
        yield [application.call.year, application.call.code, application.academy.code, application.academy.name,
               settlement.award.amount, settlement.computed_amount, settlement.decided_amount,
               settlement.override_reason, settlement.decided_by.get_username(), settlement.decided_at]


EXPORTS = {"betalingen": payment_rows, "afrekeningen": settlement_rows}
