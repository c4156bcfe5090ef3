"""Question 2 of the answer asked as "how much was actually paid": the sentences and figures of the money after the
award, from the one definition in reports.selectors.payments; content.py places them in part 2."""

from datetime import date

from django.utils.translation import gettext as _

from academies.belgian import format_euro
from reports.selectors.payments import payments_overview


def paid_texts(*, year: int, as_of: date, figure) -> list[str]:
    """Question 2 asked as "how much was actually paid": the money after the award on `as_of` (the answer's "stand
    op" day, in its status line), from reports.selectors.payments (docs/payments.md); said only when payments or
    recoveries of the year are recorded, and then every figure it adds is in a sentence."""
    money = next(iter(payments_overview(on=as_of, year=year).years), None)
    if money is None or not any(
        (money.advances, money.balances, money.still_to_pay, money.recoveries_received, money.to_recover)
    ):
        return []
    texts = [
        _("So far, %(paid)s of it has been paid (advances and balances, minus recoveries received).")
        % {"paid": format_euro(money.paid)}
    ]
    settled = {"settled": format_euro(money.settled), "released": format_euro(money.released)}
    if money.released:
        texts.append(
            _(
                "The awards settled on their accepted final report come to %(settled)s; %(released)s of "
                "what was awarded to them is released."
            )
            % settled
        )
    elif money.settled:
        texts.append(
            _("The awards settled on their accepted final report come to %(settled)s, the full amount awarded.")
            % settled
        )
    else:
        texts.append(_("No award has been settled on an accepted final report yet (%(settled)s).") % settled)
    texts.append(
        _("Still to pay: %(to_pay)s; to recover: %(to_recover)s.")
        % {"to_pay": format_euro(money.still_to_pay), "to_recover": format_euro(money.to_recover)}
    )
    for key, label, value in (
        ("paid", _("paid (advances and balances minus recoveries received)"), money.paid),
        ("settled", _("settled on the accepted final reports"), money.settled),
        ("still_to_pay", _("still to pay"), money.still_to_pay),
        ("to_recover", _("to recover"), money.to_recover),
    ):
        figure(f"payments_{key}", label, value, "euro")
    return texts
