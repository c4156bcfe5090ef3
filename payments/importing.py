"""Bank accounts from a CSV (academy code, IBAN, account holder): the one import of bank accounts. Every row is
checked with the same validator as the forms and the admin (`validate_iban`); one wrong row and nothing is
written, every wrong row named by row and column. Each account is proposed, so a second staff member still
confirms it before payments go to it."""

import csv
import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academies.belgian import text
from academies.models import Academy
from payments.models import BankAccount, normalise_iban, validate_iban
from payments.services import bank_account_propose

COLUMNS = {"academy": ("academie", "academy"), "iban": ("iban",), "holder": ("rekeninghouder", "holder")}


def bank_accounts_plan(content: bytes) -> list[dict]:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text.")) from error
    first = decoded.split("\n", 1)[0]
    rows = [row for row in csv.reader(io.StringIO(decoded), delimiter=";" if first.count(";") >= first.count(",")
                                      else ",") if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    names = [text(cell).lower() for cell in rows[0]]
    columns = {}
    for key, accepted in COLUMNS.items():
        found = [index for index, name in enumerate(names) if name in accepted]
        if not found:
            raise ValidationError(_("Column '%(column)s' is missing from the first row.") % {"column": accepted[0]})
        columns[key] = found[0]
    academies = {academy.code: academy for academy in Academy.objects.all()}
    errors, plan = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: text(row[index]) if index < len(row) else "" for key, index in columns.items()}
        problems = []
        academy = academies.get(cells["academy"])
        if academy is None:
            problems.append(("academy", _("no academy has the code '%(code)s'") % {"code": cells["academy"]}))
        iban = normalise_iban(cells["iban"])
        try:
            validate_iban(iban)
        except ValidationError as error:
            problems.append(("iban", " ".join(error.messages)))
        if not cells["holder"]:
            problems.append(("holder", _("the account holder is missing")))
        for key, message in problems:
            errors.append(_("Row %(row)s, column '%(column)s': %(message)s")
                          % {"row": number, "column": text(rows[0][columns[key]]), "message": message})
        if not problems:
            plan.append({"academy": academy, "iban": iban, "holder": cells["holder"]})
    if errors:
        raise ValidationError(errors)
    return plan


@transaction.atomic
def bank_accounts_import(*, content: bytes, actor: AbstractBaseUser) -> list[BankAccount]:
    """Proposes every account of the file (all or none); unchanged accounts are skipped."""
    proposed = []
    for row in bank_accounts_plan(content):
        current = BankAccount.objects.current_for(row["academy"])
        if current is not None and (current.iban, current.holder) == (row["iban"], row["holder"]):
            continue
        proposed.append(bank_account_propose(actor=actor, **row))
    return proposed
