from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("beheer/aanvragen/<int:pk>/beoordelen/", views.assessment_edit, name="assessment-edit"),
    path("beheer/oproepen/<int:call_pk>/beoordeling/", views.call_ranking, name="ranking"),
    path("beheer/oproepen/<int:call_pk>/beslissingsbrieven.zip", views.call_letters, name="letters"),
    path("portaal/aanvragen/<int:pk>/beslissingsbrief/", views.letter_download, name="letter"),
]
