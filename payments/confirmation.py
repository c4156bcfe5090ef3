"""The finance system's confirmation of paid transfers: a CSV with reference, date and amount (Belgian: semicolon,
decimal comma; a comma-separated file is read too). One pipeline: read -> validate every row -> write all or
nothing. Any wrong row refuses the whole file and names the row and the column."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from academies.belgian import FieldError, parse_date, parse_decimal, text
from payments.models import BatchStatus, Payment, PaymentStatus
from payments.services import describe_amount_mismatch, payments_mark_paid

HEADERS = {
    "reference": ("referentie", "reference"),
    "date": ("datum", "date", "betaaldatum"),
    "amount": ("bedrag", "amount"),
}


@dataclass(frozen=True)
class ConfirmedPayment:
    payment: Payment
    paid_on: datetime.date


def _rows(content: bytes) -> list[list[str]]:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text.")) from error
    first = decoded.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(decoded), delimiter=delimiter) if any(cell.strip() for cell in row)]


def _columns(header: list[str]) -> dict[str, int]:
    names = [text(cell).lower() for cell in header]
    columns = {}
    for key, accepted in HEADERS.items():
        found = [index for index, name in enumerate(names) if name in accepted]
        if not found:
            raise ValidationError(_("Column '%(column)s' is missing from the first row.") % {"column": accepted[0]})
        columns[key] = found[0]
    return columns


def confirmation_plan(content: bytes) -> list[ConfirmedPayment]:
    """Every row checked; a ValidationError lists each wrong row ("Rij 3, kolom 'bedrag': …")."""
    rows = _rows(content)
    if not rows:
        raise ValidationError(_("The file is empty."))
    columns = _columns(rows[0])
    header = rows[0]
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: (row[index] if index < len(row) else "") for key, index in columns.items()}
        parsed.append((number, cells))
    references = {text(cells["reference"]).upper() for _number, cells in parsed}
    payments = {payment.reference: payment for payment in Payment.objects.select_related("batch").filter(
        pk__in=[int(ref[5:]) for ref in references if ref.startswith("STEM-") and ref[5:].isdigit()])}
    errors, plan, seen = [], [], set()

    def error(number: int, key: str, message: str) -> None:
        errors.append(_("Row %(row)s, column '%(column)s': %(message)s")
                      % {"row": number, "column": text(header[columns[key]]), "message": message})

    for number, cells in parsed:
        reference = text(cells["reference"]).upper()
        payment = payments.get(reference)
        try:
            paid_on = parse_date(cells["date"])
        except FieldError as problem:
            error(number, "date", str(problem))
            paid_on = None
        else:
            if paid_on is None:
                error(number, "date", _("the date is missing"))
        try:
            amount: Decimal | None = parse_decimal(cells["amount"])
        except FieldError as problem:
            error(number, "amount", str(problem))
            amount = None
        if payment is None:
            error(number, "reference", _("no payment has the reference '%(reference)s'") % {"reference": reference})
            continue
        if reference in seen:
            error(number, "reference", _("the reference '%(reference)s' is in the file twice")
                  % {"reference": reference})
            continue
        seen.add(reference)
        if payment.status != PaymentStatus.IN_BATCH or payment.batch.status != BatchStatus.APPROVED:
            error(number, "reference", _("payment '%(reference)s' is not in an approved batch")
                  % {"reference": reference})
            continue
        if amount is not None and amount != payment.amount:
            error(number, "amount", describe_amount_mismatch(payment.amount, amount))
        if paid_on is not None and amount is not None and amount == payment.amount:
            plan.append(ConfirmedPayment(payment=payment, paid_on=paid_on))
    if errors:
        raise ValidationError(errors)
    return plan


def confirmation_import(*, content: bytes, actor: AbstractBaseUser) -> int:
    """Marks the confirmed payments paid: all of them, or none when a row is wrong. Returns the count."""
    plan = confirmation_plan(content)
    return payments_mark_paid(paid=[(item.payment, item.paid_on) for item in plan], actor=actor)
