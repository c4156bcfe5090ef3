from django.urls import path, register_converter

from api import views
from api.converters import GivingSelection

register_converter(GivingSelection, "giving_selection")

app_name = "api"

urlpatterns = [
    path("open-data/", views.index, name="open-data"),
    path("open-data/360giving/<giving_selection:selection>.<str:file_format>", views.giving_download,
         name="giving-download"),
    path("open-data/360giving/<int:year>/publish/", views.publish, name="giving-publish"),
    path("open-data/360giving/<int:year>/unpublish/", views.unpublish, name="giving-unpublish"),
]
