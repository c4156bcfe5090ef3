"""Who may do what with the money (django `rules`): VLAIO managers hold the change permissions of the payments
app (group "VLAIO beheerder"), readers see the pages; the four-eyes rules themselves are in the services."""

import rules

from grants.rules import is_academy_contact, is_vlaio_staff


@rules.predicate
def may_change_payments(user) -> bool:
    return user.has_perm("payments.change_payment")


@rules.predicate
def may_view_payments(user) -> bool:
    return user.has_perm("payments.view_payment")


rules.add_perm("payments.view_payment_pages", is_vlaio_staff & may_view_payments)
rules.add_perm("payments.manage_payments", is_vlaio_staff & may_change_payments)
rules.add_perm("payments.view_award_money", is_academy_contact)
rules.add_perm("payments.propose_bank_account", is_academy_contact)
