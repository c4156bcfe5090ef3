"""Admin for the money: payment plans and cost statements are edited here; bank accounts can be proposed here
(confirmation by a second staff member stays on the staff page); payments, batches, settlements and recoveries are
read-only, their writes go through the services (four eyes, balance or recovery)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from payments.models import BankAccount, CostStatement, Payment, PaymentBatch, PaymentPlan, Recovery, Settlement


@admin.register(PaymentPlan)
class PaymentPlanAdmin(SimpleHistoryAdmin):
    list_display = ["call", "advance_pct", "rate_per_municipality", "funding_rate_pct"]
    list_select_related = ["call"]
    autocomplete_fields = ["call"]


@admin.register(CostStatement)
class CostStatementAdmin(SimpleHistoryAdmin):
    list_display = ["final_report", "total_costs", "own_contribution", "other_funding", "accepted_costs"]
    list_select_related = ["final_report__award__application__academy", "final_report__award__application__call"]
    raw_id_fields = ["final_report"]


@admin.register(BankAccount)
class BankAccountAdmin(SimpleHistoryAdmin):
    list_display = ["academy", "iban", "holder", "proposed_by", "confirmed_by", "confirmed_at"]
    list_select_related = ["academy", "proposed_by", "confirmed_by"]
    search_fields = ["academy__name", "iban"]
    fields = ["academy", "iban", "holder", "proposed_by", "proposed_at", "confirmed_by", "confirmed_at"]
    readonly_fields = ["proposed_by", "proposed_at", "confirmed_by", "confirmed_at"]
    autocomplete_fields = ["academy"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        obj.proposed_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "award", "kind", "amount", "status", "batch", "paid_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["award__application__academy", "award__application__call", "batch"]


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "execution_date", "status", "created_by", "approved_by", "exported_at"]
    list_select_related = ["created_by", "approved_by"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["award", "computed_amount", "decided_amount", "decided_by", "decided_at"]
    list_select_related = ["award__application__academy", "award__application__call", "decided_by"]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ["award", "amount", "status", "received_on"]
    list_select_related = ["award__application__academy", "award__application__call"]
