"""Staff pages of the written questions (/beheer/vragen/): managers register, draft, approve and send; readers
read the archive and the sent answers."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from academies.belgian import format_date
from grants.tables import HistoryTable
from grants.views.common import add_errors, flash_errors
from questions import selectors, services
from questions.answer import blocks_of, build_answer, question_header, render_docx, render_pdf
from questions.filters import ArchiveFilter, QuestionFilter
from questions.forms import (
    ApprovalRequestForm,
    QuestionForm,
    ReturnForm,
    StandardTextForm,
    StandardTextPickForm,
    TextBlockForm,
)
from questions.models import (
    AnswerKind,
    QuestionStatus,
    SentAnswer,
    Slot,
    StandardText,
    TextBlockVersion,
    WrittenQuestion,
)
from questions.tables import ArchiveTable, QuestionTable

CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}


def permission_required(permission: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


manager_required = permission_required("questions.manage_questions")
reader_required = permission_required("questions.read_answers")


class QuestionListView(SingleTableMixin, FilterView):
    filterset_class = QuestionFilter
    table_class = QuestionTable
    table_pagination = {"per_page": 50}
    template_name = "questions/question_list.html"

    def get_queryset(self):
        return selectors.question_list()


question_list = manager_required(QuestionListView.as_view())


class ArchiveView(SingleTableMixin, FilterView):
    filterset_class = ArchiveFilter
    table_class = ArchiveTable
    table_pagination = {"per_page": 50}
    template_name = "questions/archive.html"

    def get_queryset(self):
        return selectors.archive()


archive = reader_required(ArchiveView.as_view())


@manager_required
def question_create(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None, initial={"assignee": request.user,
                                                       "received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question is registered; the answer is due on %(date)s.") % {
                "date": format_date(question.due_on)})
            return redirect("questions:detail", pk=question.pk)
    return render(request, "questions/question_form.html", {"form": form}, status=400 if form.errors else 200)


@manager_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion, pk=pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_of(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("questions:detail", pk=question.pk)
    return render(request, "questions/question_form.html", {"form": form, "question": question},
                  status=400 if form.errors else 200)


@manager_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion.objects.for_table(), pk=pk)
    texts = services.current_texts(question)
    blocks = [{"slot": slot, "label": slot.label, "version": texts.get(slot.value),
               "pieces": blocks_of(texts[slot.value].text) if slot.value in texts else []}
              for slot in question.slots]
    review = services.pending_review(question)
    return render(request, "questions/question_detail.html", {
        "question": question, "header": question_header(question), "blocks": blocks, "review": review,
        "deadline_state": selectors.deadline_state(question, timezone.localdate()),
        "editable": question.status in services.EDITABLE_STATUSES,
        "approval_form": ApprovalRequestForm(exclude_user=request.user)
        if question.status == QuestionStatus.DRAFTING else None,
        "may_decide": review is not None and review.approver_id == request.user.pk,
        "return_form": ReturnForm(),
        "reviews": question.reviews.select_related("requested_by", "approver"),
        "sent_answers": question.sent_answers.all(),
        "history": HistoryTable(selectors.question_history(question)),
        "may_reopen": question.status == QuestionStatus.SENT
        and set(question.sent_answers.values_list("kind", flat=True)) == {AnswerKind.PROVISIONAL},
    })


@manager_required
def text_block_edit(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion, pk=pk)
    if slot not in Slot.values or Slot(slot) not in question.slots:
        raise Http404
    slot = Slot(slot)
    versions = list(TextBlockVersion.objects.filter(block__question=question, block__slot=slot)
                    .select_related("written_by").order_by("-number"))
    current = versions[0] if versions else None
    form = TextBlockForm(request.POST if "text" in request.POST else None,
                         initial={"text": current.text if current else ""})
    pick = StandardTextPickForm(request.POST if "standard" in request.POST else None, slot=slot)
    if request.method == "POST":
        chosen = form if "text" in request.POST else pick
        if chosen.is_valid():
            text = chosen.cleaned_data["text"] if chosen is form else chosen.cleaned_data["standard"].text
            try:
                services.text_block_write(question=question, slot=slot, text=text, acting_user=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The text is saved."))
                return redirect("questions:text-block", pk=question.pk, slot=slot.value)
    diffs = [{"version": version, "diff": services.version_diff(older, version)}
             for version, older in zip(versions, [*versions[1:], None][:len(versions)], strict=True)]
    return render(request, "questions/text_block_form.html", {
        "question": question, "slot": slot, "form": form, "pick": pick, "versions": diffs,
        "editable": question.status in services.EDITABLE_STATUSES,
    }, status=400 if form.errors or pick.errors else 200)


def _action(request: HttpRequest, pk: int, service, **kwargs) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion, pk=pk)
    try:
        service(question=question, acting_user=request.user, **kwargs)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("questions:detail", pk=question.pk)


@require_POST
@manager_required
def question_request_approval(request: HttpRequest, pk: int) -> HttpResponse:
    form = ApprovalRequestForm(request.POST, exclude_user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("questions:detail", pk=pk)
    return _action(request, pk, services.draft_send_for_approval, approver=form.cleaned_data["approver"],
                   provisional=form.cleaned_data["provisional"])


@require_POST
@manager_required
def question_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.draft_approve)


@require_POST
@manager_required
def question_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.draft_return, comment=request.POST.get("comment", ""))


@require_POST
@manager_required
def question_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.answer_send)


@require_POST
@manager_required
def question_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.question_reopen_for_final)


@require_POST
@manager_required
def question_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.question_publish)


def _document_response(data: bytes, name: str, extension: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@manager_required
def question_draft_document(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion, pk=pk)
    if extension not in CONTENT_TYPES:
        raise Http404
    texts = {slot: version.text for slot, version in services.current_texts(question).items()}
    answer = build_answer(question=question, texts=texts, as_of=timezone.localdate())
    data = render_docx(answer) if extension == "docx" else render_pdf(answer)
    return _document_response(data, f"ontwerp-antwoord-vraag-{question.number}", extension)


@reader_required
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(WrittenQuestion.objects.answered(), pk=pk)
    sent_answers = []
    for sent in question.sent_answers.select_related("sent_by", "approved_by").prefetch_related("frozen_answers"):
        blocks = [{"label": slot.label, "pieces": blocks_of(sent.text_blocks[slot.value])}
                  for slot in Slot if sent.text_blocks.get(slot.value)]
        sent_answers.append({"sent": sent, "blocks": blocks, "verified": services.sent_answer_verify(sent)})
    return render(request, "questions/archive_detail.html", {"question": question, "sent_answers": sent_answers})


@reader_required
def sent_answer_document(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    sent = get_object_or_404(SentAnswer.objects.select_related("question"), pk=pk)
    if extension not in CONTENT_TYPES:
        raise Http404
    return _document_response(bytes(getattr(sent, extension)), f"antwoord-vraag-{sent.question.number}-{sent.kind}",
                              extension)


@manager_required
def standard_texts(request: HttpRequest) -> HttpResponse:
    form = StandardTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_text_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The standard text is saved."))
            return redirect("questions:standard-texts")
    return render(request, "questions/standard_texts.html", {
        "form": form, "texts": StandardText.objects.all()}, status=400 if form.errors else 200)


def guide_blocks(text: str) -> list[tuple[str, str]]:
    """docs/questions.md as (kind, text) blocks: "h1"-"h3" headings, "item" list items, "paragraph"; all shown as
    text."""
    blocks = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            level = min(len(lines[0]) - len(lines[0].lstrip("#")), 3)
            blocks.append((f"h{level}", lines[0].lstrip("#").strip()))
            lines = lines[1:]
        items = [line for line in lines if line[:2] in ("- ", "* ") or line.split(". ", 1)[0].isdigit()]
        if lines and len(items) == len(lines):
            blocks.extend(("item", line.split(" ", 1)[1]) for line in lines)
        elif lines:
            blocks.append(("paragraph", " ".join(lines)))
    return blocks


@reader_required
def guide(request: HttpRequest) -> HttpResponse:
    text = (settings.BASE_DIR / "docs" / "questions.md").read_text(encoding="utf-8")
    return render(request, "questions/guide.html", {"blocks": guide_blocks(text)})
