"""The money pages: staff (/beheer/betalingen/) gather due payments in batches, approve, export, import the
confirmation, confirm bank accounts and settle awards; the academy sees per award what was granted, settled, paid
and is still due (/portaal/toekenningen/<id>/betalingen/)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academies.models import Academy
from academies.spreadsheets import export_bytes
from grants.models import Award, CallKind, FinalReport
from grants.views.common import add_errors, flash_errors
from payments import exports, selectors, services, subsidieregister
from payments.confirmation import confirmation_import
from payments.forms import (
    AcceptedCostsForm,
    BankAccountForm,
    BatchForm,
    ConfirmationForm,
    CostStatementForm,
    RecoveryReceivedForm,
    RecoveryWaiveForm,
    SettlementForm,
)
from payments.importing import bank_accounts_import
from payments.models import BankAccount, BatchStatus, CostStatement, PaymentBatch, Recovery
from payments.tables import (
    AwardPaymentTable,
    BankAccountHistoryTable,
    BatchPaymentTable,
    BatchTable,
    DuePaymentTable,
    PendingAccountTable,
    RegisterTable,
)


def payments_staff(view=None, *, manage: bool = False):
    """Logged-in VLAIO staff who may see the payments; `manage` also needs the change permission."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            permission = "payments.manage_payments" if manage else "payments.view_payment_pages"
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def _may_manage(request) -> bool:
    return request.user.has_perm("payments.manage_payments")


@payments_staff
def due_payments(request: HttpRequest) -> HttpResponse:
    due = selectors.due_payments()
    form = BatchForm(request.POST or None, due=due)
    if request.method == "POST":
        if not _may_manage(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                batch = services.batch_create(payments=form.cleaned_data["payments"],
                                              execution_date=form.cleaned_data["execution_date"],
                                              actor=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Batch %(number)s is made; a second staff member approves it.")
                                 % {"number": batch.pk})
                return redirect("payments:batch-detail", pk=batch.pk)
    accounts = selectors.current_bank_accounts({payment.award.application.academy_id for payment in due})
    return render(request, "payments/due_payments.html", {
        "form": form, "may_manage": _may_manage(request),
        "table": DuePaymentTable([(payment, accounts.get(payment.award.application.academy_id)) for payment in due],
                                 may_manage=_may_manage(request)),
        "without_advance": selectors.awards_without_advance().count(),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@payments_staff(manage=True)
def advances_create(request: HttpRequest) -> HttpResponse:
    created = services.advances_create_due(actor=request.user)
    messages.success(request, _("%(count)s advances are due.") % {"count": len(created)})
    return redirect("payments:due")


@payments_staff
def batch_list(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/batch_list.html", {"table": BatchTable(selectors.batches())})


@payments_staff
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(selectors.batches().select_related("created_by", "approved_by"), pk=pk)
    return render(request, "payments/batch_detail.html", {
        "batch": batch, "table": BatchPaymentTable(batch.payments.for_table().order_by("pk")),
        "may_approve": _may_manage(request) and batch.status == BatchStatus.DRAFT
        and batch.created_by_id != request.user.pk,
        "may_manage": _may_manage(request),
    })


@require_POST
@payments_staff(manage=True)
def batch_approve(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        services.batch_approve(batch=batch, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The batch is approved and can be exported."))
    return redirect("payments:batch-detail", pk=pk)


@payments_staff(manage=True)
def batch_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in ("xml", "csv"):
        raise Http404
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        if file_format == "xml":
            content, content_type = exports.sepa_credit_transfer(batch), "application/xml"
        else:
            content, content_type = exports.finance_csv(batch), "text/csv; charset=utf-8"
        services.batch_mark_exported(batch=batch, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("payments:batch-detail", pk=pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{file_format}"'
    return response


@payments_staff(manage=True)
def confirmation(request: HttpRequest) -> HttpResponse:
    form = ConfirmationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = confirmation_import(content=form.cleaned_data["file"].read(), actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(count)s payments are marked paid.") % {"count": count})
            return redirect("payments:batch-list")
    return render(request, "payments/confirmation.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@payments_staff
def bank_accounts(request: HttpRequest) -> HttpResponse:
    """The changes to confirm, and the import of bank accounts (CSV: academie, IBAN, rekeninghouder)."""
    form = ConfirmationForm(request.POST or None, request.FILES or None, prefix="accounts")
    form.fields["file"].label = _("bank accounts (CSV: academie, IBAN, rekeninghouder)")
    if request.method == "POST":
        if not _may_manage(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                proposed = bank_accounts_import(content=form.cleaned_data["file"].read(), actor=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("%(count)s bank accounts are proposed; a second staff member confirms "
                                            "them.") % {"count": len(proposed)})
                return redirect("payments:bank-accounts")
    return render(request, "payments/bank_accounts.html", {
        "table": PendingAccountTable(selectors.pending_bank_accounts()), "may_manage": _may_manage(request),
        "form": form,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@payments_staff(manage=True)
def bank_account_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.bank_account_confirm(account=get_object_or_404(BankAccount, pk=pk), actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The bank account is confirmed; payments go to it from now on."))
    return redirect("payments:bank-accounts")


def _bank_account_form(request: HttpRequest, academy: Academy, template: str, done: str, **context) -> HttpResponse:
    form = BankAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_account_propose(academy=academy, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The new bank account is saved; it takes effect once a second VLAIO staff "
                                        "member confirms it."))
            return redirect(done, **context)
    history = BankAccount.objects.filter(academy=academy).select_related("proposed_by", "confirmed_by")
    table = BankAccountHistoryTable(history, current=BankAccount.objects.current_for(academy))
    return render(request, template, {"form": form, "academy": academy, "history_table": table, **context},
                  status=400 if request.method == "POST" else 200)


@payments_staff(manage=True)
def staff_bank_account(request: HttpRequest, academy_pk: int) -> HttpResponse:
    academy = get_object_or_404(Academy, pk=academy_pk)
    return _bank_account_form(request, academy, "payments/bank_account_form.html", "payments:bank-accounts")


@payments_staff
def award_money(request: HttpRequest, award_pk: int) -> HttpResponse:
    """The staff view of one award's money: settlement (and its override), cost statement, recovery."""
    award = get_object_or_404(Award.objects.for_table(), pk=award_pk)
    report = FinalReport.objects.filter(award=award).first()
    statement = CostStatement.objects.filter(final_report=report).first() if report else None
    may_manage = _may_manage(request)
    forms = {"settlement": SettlementForm(prefix="settle"), "accepted": AcceptedCostsForm(prefix="costs"),
             "received": RecoveryReceivedForm(prefix="received"), "waive": RecoveryWaiveForm(prefix="waive")}
    computed = None
    try:
        computed = services.settlement_compute(award)
    except ValidationError as error:
        not_settleable = error.messages
    else:
        not_settleable = []
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        form = {"settle": "settlement", "costs": "accepted", "received": "received", "waive": "waive"}.get(action)
        if form is None:
            raise PermissionDenied
        bound = type(forms[form])(request.POST, prefix=action)
        forms[form] = bound
        if bound.is_valid():
            try:
                _award_action(action, award=award, statement=statement, data=bound.cleaned_data, actor=request.user)
            except ValidationError as error:
                add_errors(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("payments:award-money", award_pk=award.pk)
    money = selectors.award_money(award)
    return render(request, "payments/award_money.html", {
        "money": money, "payments_table": AwardPaymentTable(money.payments), "award": award, "report": report,
        "statement": statement,
        "computed": computed, "not_settleable": not_settleable, "may_manage": may_manage, **forms,
    }, status=400 if request.method == "POST" else 200)


def _award_action(action: str, *, award: Award, statement, data: dict, actor) -> None:
    if action == "settle":
        services.settlement_decide(award=award, actor=actor, decided_amount=data["decided_amount"],
                                   override_reason=data["override_reason"])
    elif action == "costs":
        if statement is None:
            raise ValidationError(_("There is no cost statement to accept."))
        with transaction.atomic():
            services.cost_statement_accept(statement=statement, accepted_costs=data["accepted_costs"], actor=actor)
    elif action == "received":
        services.recovery_receive(recovery=get_object_or_404(Recovery, award=award),
                                  received_on=data["received_on"], actor=actor)
    else:
        services.recovery_waive(recovery=get_object_or_404(Recovery, award=award), reason=data["reason"],
                                actor=actor)


@payments_staff
def data_export(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    """Payments or settlements (?jaar=2023 for one year) as Belgian CSV or XLSX."""
    if kind not in exports.EXPORTS or file_format not in ("csv", "xlsx"):
        raise Http404
    year = request.GET.get("jaar")
    rows = exports.EXPORTS[kind](year=int(year) if year and year.isdigit() else None)
    content = export_bytes(rows, file_format, title=kind)
    content_type = CONTENT_TYPES[file_format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}.{file_format}"'
    return response


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@payments_staff
def register_export(request: HttpRequest) -> HttpResponse:
    """The subsidy register of a quarter: the page, or ?formaat=csv|jsonld for the file."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar", today.year))
        quarter = int(request.GET.get("kwartaal", (today.month - 1) // 3 + 1))
        subsidieregister.quarter_bounds(year, quarter)
    except ValueError as error:
        raise Http404 from error
    requested = file_format = request.GET.get("formaat")
    try:
        if file_format == "csv":
            content = subsidieregister.register_csv(year=year, quarter=quarter)
            content_type = "text/csv; charset=utf-8"
        elif file_format == "jsonld":
            content = subsidieregister.register_json(year=year, quarter=quarter)
            content_type = "application/ld+json; charset=utf-8"
    except ValidationError as error:
        flash_errors(request, error)
        file_format = None
    if file_format not in ("csv", "jsonld"):
        return render(request, "payments/register.html", {
            "year": year, "quarter": quarter, "quarters": (1, 2, 3, 4),
            "missing_facts": subsidieregister.missing_facts(),
            "table": RegisterTable(subsidieregister.register_entries(year=year, quarter=quarter))},
            status=400 if requested else 200)
    response = HttpResponse(content, content_type=content_type)
    extension = "csv" if file_format == "csv" else "jsonld"
    response["Content-Disposition"] = f'attachment; filename="subsidieregister-{year}-K{quarter}.{extension}"'
    return response


# --- portal -------------------------------------------------------------------------------------------------------


@login_required
def portal_award_money(request: HttpRequest, award_pk: int) -> HttpResponse:
    """What the academy sees: granted, the payment plan, settled, paid, still due; and for a partnership project
    the cost statement it enters with its final report."""
    award = get_object_or_404(Award.objects.for_user(request.user).for_table(), pk=award_pk)
    report = FinalReport.objects.filter(award=award).first()
    statement = CostStatement.objects.filter(final_report=report).first() if report else None
    may_enter_costs = (report is not None and report.is_editable
                       and award.application.call.kind == CallKind.PARTNERSHIP_PROJECT)
    initial = {name: getattr(statement, name) for name in ("total_costs", "own_contribution", "other_funding")} \
        if statement else None
    form = CostStatementForm(request.POST or None, initial=initial) if may_enter_costs else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = {**form.cleaned_data, "other_funding": form.cleaned_data["other_funding"] or 0}
            try:
                services.cost_statement_save(final_report=report, actor=request.user, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The cost statement is saved."))
                return redirect("payments:portal-award-money", award_pk=award.pk)
    money = selectors.award_money(award)
    return render(request, "payments/portal_award_money.html", {
        "money": money, "payments_table": AwardPaymentTable(money.payments), "award": award, "form": form,
        "account": BankAccount.objects.current_for(award.application.academy),
    }, status=400 if request.method == "POST" else 200)


@login_required
def portal_bank_account(request: HttpRequest, academy_pk: int) -> HttpResponse:
    academy = get_object_or_404(Academy.objects.for_user(request.user), pk=academy_pk)
    return _bank_account_form(request, academy, "payments/portal_bank_account.html",
                              "payments:portal-bank-account", academy_pk=academy.pk)
