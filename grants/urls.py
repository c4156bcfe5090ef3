from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("portaal/", views.portal_dashboard, name="portal-dashboard"),
    path("portaal/academies/<int:academy_pk>/oproepen/<int:call_pk>/aanvragen/", views.application_start,
         name="application-start"),
    path("portaal/aanvragen/<int:pk>/", views.application_detail, name="application-detail"),
    path("portaal/aanvragen/<int:pk>/bewerken/", views.application_edit, name="application-edit"),
    path("portaal/aanvragen/<int:pk>/indienen/", views.application_submit, name="application-submit"),
    path("portaal/aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/", views.application_attachment,
         name="application-attachment"),
    path("portaal/toekenningen/<int:award_pk>/eindrapport/", views.report_edit, name="report-edit"),
    path("portaal/toekenningen/<int:award_pk>/eindrapport/indienen/", views.report_submit, name="report-submit"),
    path("portaal/toekenningen/<int:award_pk>/eindrapport/bijlage/", views.report_attachment,
         name="report-attachment"),
    path("beheer/", views.staff_dashboard, name="staff-dashboard"),
    path("beheer/aanvragen/", views.staff_application_list, name="staff-application-list"),
    path("beheer/aanvragen/<int:pk>/", views.staff_application_detail, name="staff-application-detail"),
    path("beheer/aanvragen/<int:pk>/toekennen/", views.staff_application_award, name="staff-application-award"),
    path("beheer/aanvragen/<int:pk>/afwijzen/", views.staff_application_reject, name="staff-application-reject"),
    path("beheer/aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/", views.staff_application_attachment,
         name="staff-application-attachment"),
    path("beheer/eindrapporten/", views.staff_report_list, name="staff-report-list"),
    path("beheer/eindrapporten/<int:pk>/", views.staff_report_detail, name="staff-report-detail"),
    path("beheer/eindrapporten/<int:pk>/bijlage/", views.staff_report_attachment, name="staff-report-attachment"),
    path("beheer/zoeken/", views.staff_search, name="staff-search"),
    path("beheer/oproepen/nieuw/", views.staff_call_create, name="staff-call-create"),
    path("beheer/oproepen/<int:pk>/bewerken/", views.staff_call_edit, name="staff-call-edit"),
    path("beheer/academies/<int:pk>/", views.staff_academy_detail, name="staff-academy-detail"),
    path("beheer/academies/<int:pk>/e-mails/<int:email_pk>/bounce/", views.staff_academy_bounce,
         name="staff-academy-bounce"),
    path("beheer/contactpersonen/uitnodigen/", views.staff_invite, name="staff-invite"),
    path("account/uitnodiging/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite-accept"),
]
