from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("antwoord/<int:year>/", views.AnswerSheetView.as_view(), name="answer-sheet"),
    path("bereik/provincies/", views.ProvinceReachView.as_view(), name="reach-by-province"),
    path("bereik/gemeenten/", views.MunicipalityReachView.as_view(), name="reach-by-municipality"),
    path("deelnemers/", views.ParticipationView.as_view(), name="participation"),
    path("middelen/", views.MoneyView.as_view(), name="money"),
    path("evolutie/", views.TrendView.as_view(), name="trend"),
    path("kaarten/", views.MapView.as_view(), name="map"),
]
