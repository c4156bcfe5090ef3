from django.urls import path

from reports import document_views, payment_views, views

app_name = "reports"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("antwoord/<int:year>/", views.AnswerSheetView.as_view(), name="answer-sheet"),
    path("antwoord/<int:year>/antwoord.<str:extension>", document_views.AnswerDocumentView.as_view(),
         name="answer-document"),
    path("antwoord/<int:year>/kaart-<int:number>.svg", document_views.AnswerMapView.as_view(), name="answer-map"),
    path("antwoord/<int:year>/afdruk.css", document_views.AnswerPrintStyleView.as_view(), name="answer-print-style"),
    path("antwoord/<int:year>/bevroren/", document_views.FrozenAnswerListView.as_view(), name="frozen-answers"),
    path("antwoord/<int:year>/bevriezen/", document_views.FreezeAnswerView.as_view(), name="answer-freeze"),
    path("bevroren/<int:pk>/", document_views.FrozenAnswerCompareView.as_view(), name="frozen-answer-compare"),
    path("bevroren/<int:pk>/antwoord.<str:extension>", document_views.FrozenAnswerDownloadView.as_view(),
         name="frozen-answer-download"),
    path("bereik/provincies/", views.ProvinceReachView.as_view(), name="reach-by-province"),
    path("bereik/gemeenten/", views.MunicipalityReachView.as_view(), name="reach-by-municipality"),
    path("deelnemers/", views.ParticipationView.as_view(), name="participation"),
    path("middelen/", views.MoneyView.as_view(), name="money"),
    path("middelen/betalingen/", payment_views.PaymentsView.as_view(), name="payments"),
    path("evolutie/", views.TrendView.as_view(), name="trend"),
    path("kaarten/", views.MapView.as_view(), name="map"),
]
