from django.urls import path, register_converter

from reports import document_views, payment_views, views
from reports.years import is_programme_year


class ProgrammeYearConverter:
    """A year of the programme (`reports.years.is_programme_year`); any other number (0, 1999, 2101) matches no
    URL, so it is a 404 before a view computes anything."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_programme_year(year):
            raise ValueError(f"{year} is not a year of the programme")
        return year

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(ProgrammeYearConverter, "programme_year")

app_name = "reports"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("antwoord/<programme_year:year>/", views.AnswerSheetView.as_view(), name="answer-sheet"),
    path("antwoord/<programme_year:year>/antwoord.<str:extension>", document_views.AnswerDocumentView.as_view(),
         name="answer-document"),
    path("antwoord/<programme_year:year>/kaart-<int:number>.svg", document_views.AnswerMapView.as_view(),
         name="answer-map"),
    path("antwoord/<programme_year:year>/afdruk.css", document_views.AnswerPrintStyleView.as_view(),
         name="answer-print-style"),
    path("antwoord/<programme_year:year>/onderzoeksrapport/", document_views.ResearchReportView.as_view(),
         name="research-report"),
    path("antwoord/<programme_year:year>/onderzoeksrapport.pdf", document_views.ResearchReportDownloadView.as_view(),
         name="research-report-download"),
    path("antwoord/<programme_year:year>/bevroren/", document_views.FrozenAnswerListView.as_view(),
         name="frozen-answers"),
    path("antwoord/<programme_year:year>/bevriezen/", document_views.FreezeAnswerView.as_view(),
         name="answer-freeze"),
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
