from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("nieuw/", views.question_create, name="create"),
    path("<int:pk>/", views.question_detail, name="detail"),
    path("<int:pk>/bewerken/", views.question_edit, name="edit"),
    path("<int:pk>/tekst/<slug:slot>/", views.text_block_edit, name="text-block"),
    path("<int:pk>/ter-goedkeuring/", views.question_request_approval, name="request-approval"),
    path("<int:pk>/goedkeuren/", views.question_approve, name="approve"),
    path("<int:pk>/terugsturen/", views.question_return, name="return"),
    path("<int:pk>/verzenden/", views.question_send, name="send"),
    path("<int:pk>/definitief-antwoord/", views.question_reopen, name="reopen"),
    path("<int:pk>/gepubliceerd/", views.question_publish, name="publish"),
    path("<int:pk>/ontwerp.<str:extension>", views.question_draft_document, name="draft-document"),
    path("archief/", views.archive, name="archive"),
    path("archief/<int:pk>/", views.archive_detail, name="archive-detail"),
    path("antwoorden/<int:pk>/antwoord.<str:extension>", views.sent_answer_document, name="sent-document"),
    path("standaardteksten/", views.standard_texts, name="standard-texts"),
    path("handleiding/", views.guide, name="guide"),
]
