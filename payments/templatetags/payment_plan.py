"""`{% payment_plan award %}`: the call's payment plan of an award in one sentence, for the award e-mail
(templates/emails/decision.txt), which `grants` sends without importing `payments`."""

from django import template

from payments.services import advance_amount, plan_for

register = template.Library()


@register.inclusion_tag("payments/emails/payment_plan.txt")
def payment_plan(award) -> dict:
    advance = advance_amount(award)
    return {"advance_pct": plan_for(award.application.call).advance_pct, "advance": advance,
            "rest": award.amount - advance}
