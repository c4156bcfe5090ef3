from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("beheer/betalingen/", views.due_payments, name="due"),
    path("beheer/betalingen/voorschotten/", views.advances_create, name="advances-create"),
    path("beheer/betalingen/batches/", views.batch_list, name="batch-list"),
    path("beheer/betalingen/batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("beheer/betalingen/batches/<int:pk>/goedkeuren/", views.batch_approve, name="batch-approve"),
    path("beheer/betalingen/batches/<int:pk>/export.<str:file_format>", views.batch_export, name="batch-export"),
    path("beheer/betalingen/bevestiging/", views.confirmation, name="confirmation"),
    path("beheer/betalingen/rekeningen/", views.bank_accounts, name="bank-accounts"),
    path("beheer/betalingen/rekeningen/<int:pk>/bevestigen/", views.bank_account_confirm,
         name="bank-account-confirm"),
    path("beheer/betalingen/academies/<int:academy_pk>/rekening/", views.staff_bank_account,
         name="staff-bank-account"),
    path("beheer/betalingen/export/<str:kind>.<str:file_format>", views.data_export, name="export"),
    path("beheer/betalingen/subsidieregister/", views.register_export, name="register"),
    path("beheer/betalingen/toekenningen/<int:award_pk>/", views.award_money, name="award-money"),
    path("portaal/toekenningen/<int:award_pk>/betalingen/", views.portal_award_money, name="portal-award-money"),
    path("portaal/academies/<int:academy_pk>/rekening/", views.portal_bank_account, name="portal-bank-account"),
]
