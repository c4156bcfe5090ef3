"""Every URL pattern of the project, every role, GET and POST: the status each role gets and a database that did
not change (sessions, login-attempt logs and stored figures aside).

The patterns come from the URL configuration itself, so a new view is walked as soon as it exists; a pattern
without a line in ROUTES (or, under the admin, a model without a line in ADMIN_OBJECTS) fails the walk. Adding
a view is one line: its route, the arguments from the world below, and what each role gets (a profile).

The POST is empty: no form is valid without fields, so any write it causes is a view that writes on a request it
should refuse. The walk extends tests/grants/test_access_matrix.py (portal scoping) and test_staff_access.py.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from academies.models import AcademyMembership, Event, Municipality, Postcode, Province, Recognition, UitSnapshot
from api.models import ApiToken, PublishedYear
from api.services import token_create
from assessments.models import Assessment, Criterion
from exchange.models import ImportJob
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Award,
    Call,
    FinalReport,
    FinalReportStatus,
    ReportReminder,
)
from grants.models.mail import SentEmail
from identity.models import AcmIdmAccount
from payments.models import CostStatement, PaymentBatch, Recovery, Settlement
from questions.services import question_register
from reports.models import FrozenAnswer, MunicipalityBoundary
from reports.services import content_hash
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    FinalReportFactory,
    StaffUserFactory,
    YearBudgetFactory,
    municipality,
)
from tests.grants.portal_setup import GENT, contact_of, manager, open_call, reader
from tests.payments.factories import BankAccountFactory, PaymentFactory, PaymentPlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("anonymous", "other_contact", "reader", "staff_without_group", "manager")

# Tables a request may write without changing anything that matters.
UNTRACKED = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",
             "reports_storedfigures", "reports_datayearversion", "identity_passwordresetrequest",
             "identity_ratelimitedrequest"}


@dataclass
class World:
    """Academy A (whose contact is "other_contact") and academy B, whose objects the walk asks for."""

    contact_a: object
    academy_b: object
    call: Call
    draft_b: Application
    submitted_b: Application
    award_b: Award
    report_b: FinalReport
    job: ImportJob
    frozen: FrozenAnswer
    manager: object
    question: object = None
    batch: object = None
    account: object = None
    email: object = None
    attachment: object = None

    @property
    def year(self) -> int:
        return self.call.year


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    contact_a, _academy_a = contact_of()
    _contact_b, academy_b = contact_of()
    call = open_call()
    draft_b = ApplicationFactory(call=call, academy=academy_b, status=ApplicationStatus.DRAFT)
    draft_b.planned_municipalities.set([municipality(GENT)])
    submitted_b = ApplicationFactory(call=open_call(), academy=academy_b, status=ApplicationStatus.SUBMITTED)
    award_b = AwardFactory(application=ApplicationFactory(call=open_call(), academy=academy_b,
                                                          status=ApplicationStatus.AWARDED), funded=[GENT])
    report_b = FinalReportFactory(award=award_b, status=FinalReportStatus.SUBMITTED)
    report_b.attachment.save("b.pdf", ContentFile(b"%PDF-1.4 secret of B"))
    boss = manager(username="world-manager")
    frozen = FrozenAnswer.objects.create(year=call.year, frozen_at=timezone.now(), as_of=timezone.localdate(),
                                         frozen_by=boss, frozen_by_name="Bea", figures={}, docx=b"PK", pdf=b"%PDF",
                                         content_hash=content_hash(figures={}, docx=b"PK", pdf=b"%PDF"))
    job = ImportJob.objects.create(kind="academies", file_name="academies.csv", content=b"")
    token_create(name="dashboard", user=boss, created_by=boss)
    PublishedYear.objects.create(year=call.year)
    question = question_register(number=77, years=[call.year], parts=["reach"], assignee=boss, acting_user=boss,
                                 received_on=timezone.localdate(), member="An Vermeulen", minister="Jo Peeters",
                                 subject="STEM-academies", text="Hoeveel gemeenten?")
    batch = PaymentBatch.objects.create(execution_date=timezone.localdate(), created_by=boss)
    account = BankAccountFactory(academy=academy_b, pending=True)
    email = SentEmail.objects.create(academy=academy_b, kind="decision", subject="Beslissing",
                                     recipients=["b@example.org"])
    attachment = ApplicationAttachment.objects.create(
        application=draft_b, file=ContentFile(b"%PDF-1.4 plan of B", name="plan.pdf"), name="plan.pdf", kind="pdf",
        size=18)
    return World(contact_a, academy_b, call, draft_b, submitted_b, award_b, report_b, job, frozen, boss, question,
                 batch, account, email, attachment)


def log_in(client: Client, role: str, world: World) -> None:
    users = {"other_contact": lambda: world.contact_a, "reader": reader, "staff_without_group": StaffUserFactory,
             "manager": lambda: manager(username="walking-manager")}
    if role != "anonymous":
        client.force_login(users[role]())


@dataclass(frozen=True)
class Expect:
    """The status per role (in the order of ROLES), for GET and for an empty POST. `writes`: the roles whose POST
    succeeds perform an action that needs no fields (publish, freeze), so that POST runs after the database check."""

    get: str
    post: str
    writes: bool = False
    get_writes: bool = False

    def status(self, method: str, role: str) -> int:
        return int(getattr(self, method).split()[ROLES.index(role)])


# Profiles: what each role gets.                anonymous, other contact, reader, staff without group, manager
PUBLIC = Expect(get="200 200 200 200 200", post="405 405 405 405 405")
PUBLIC_FORM = Expect(get="200 200 200 200 200", post="200 200 200 200 200")
REDIRECT = Expect(get="302 302 302 302 302", post="302 302 302 302 302")
NOT_FOUND = Expect(get="404 404 404 404 404", post="404 404 404 404 404")
LOGIN_PAGE = Expect(get="200 302 302 302 302", post="200 302 302 302 302")
ACCOUNT_FORM = Expect(get="302 200 200 200 200", post="302 200 200 200 200")
ACCOUNT_PAGE = Expect(get="302 200 200 200 200", post="302 405 405 405 405")
LOGOUT = Expect(get="405 405 405 405 405", post="302 302 302 302 302")
PORTAL_HOME = Expect(get="302 200 200 200 200", post="302 200 200 200 200")
PORTAL_OF_B = Expect(get="302 404 404 404 404", post="302 404 404 404 404")
STAFF_PAGE = Expect(get="302 403 200 403 200", post="302 403 405 403 405")
STAFF_PAGE_WITH_FORM = Expect(get="302 403 200 403 200", post="302 403 200 403 200")
STAFF_DECISION = Expect(get="302 403 302 403 302", post="302 403 403 403 400")
STAFF_REVIEW = Expect(get="302 403 200 403 200", post="302 403 403 403 400")
MANAGER_FORM = Expect(get="302 403 403 403 200", post="302 403 403 403 200")
MANAGER_ACTION = Expect(get="302 403 403 403 200", post="302 403 403 403 302", writes=True)
OPEN_DATA_ACTION = Expect(get="405 405 405 405 405", post="403 403 403 403 302", writes=True)
API_READ = Expect(get="401 403 200 403 200", post="405 405 405 405 405")
ADMIN_PAGE = Expect(get="302 302 200 200 200", post="302 302 200 200 200")
ADMIN_LOGIN = Expect(get="200 200 302 302 302", post="200 200 200 200 200")
ADMIN_LOGOUT = Expect(get="302 302 405 405 405", post="302 302 302 302 302")
ADMIN_READ = Expect(get="302 302 200 200 200", post="302 302 405 405 405")
ADMIN_NOT_FOUND = Expect(get="302 302 404 404 404", post="302 302 404 404 404")
ADMIN_APP = Expect(get="302 302 200 404 200", post="302 302 200 404 200")
ADMIN_AUTOCOMPLETE = Expect(get="302 302 403 403 403", post="302 302 405 405 405")
IMPORT_MANAGER = Expect(get="302 302 403 403 200", post="302 302 403 403 200")
IMPORT_RESULT = Expect(get="302 302 403 403 302", post="302 302 403 403 302")
MANAGER_FORM_CHECKED = Expect(get="302 403 403 403 200", post="302 403 403 403 400")
MANAGER_POST_ACTION = Expect(get="405 405 405 405 405", post="302 403 403 403 302", writes=True)
MANAGER_REFUSED_STEP = Expect(get="405 405 405 405 405", post="302 403 403 403 302")
STAFF_NOT_YET = Expect(get="302 403 404 403 404", post="302 403 404 403 404")
IMPORT_EXPORT_PERSONAL = Expect(get="302 302 403 403 200", post="302 302 403 403 200")  # contact e-mails
IMPORT_EXPORT = Expect(get="302 302 200 403 200", post="302 302 200 403 200")


def no_arguments(world: World) -> dict:
    return {}


# One line per URL pattern: route -> (arguments from the world, or the whole path; profile).
ROUTES: dict[str, tuple[Callable[[World], dict | str], Expect]] = {
    "": (no_arguments, REDIRECT),
    "healthz": (no_arguments, PUBLIC),
    "toegankelijkheid/": (no_arguments, PUBLIC_FORM),  # the feedback form of the accessibility statement
    "i18n/setlang/": (no_arguments, REDIRECT),
    "account/login/": (no_arguments, LOGIN_PAGE),
    "account/acm-idm/aanmelden/": (no_arguments, NOT_FOUND),  # ACM/IDM is off in the tests' settings
    "account/acm-idm/terug/": (no_arguments, NOT_FOUND),
    "account/acm-idm/geweigerd/": (no_arguments, Expect(get="403 403 403 403 403", post="403 403 403 403 403")),
    "account/logout/": (no_arguments, LOGOUT),
    "account/password_reset/": (no_arguments, PUBLIC_FORM),
    "account/password_change/": (no_arguments, ACCOUNT_FORM),
    "account/password_change/done/": (no_arguments, ACCOUNT_PAGE),
    "account/password_reset/done/": (no_arguments, PUBLIC),
    "account/reset/<uidb64>/<token>/": (lambda w: {"uidb64": "MQ", "token": "set-password"}, PUBLIC_FORM),
    "account/reset/done/": (no_arguments, PUBLIC),
    "account/uitnodiging/<uidb64>/<token>/": (lambda w: {"uidb64": "MQ", "token": "set-password"}, PUBLIC_FORM),
    "admin/": (no_arguments, ADMIN_PAGE),
    "admin/login/": (no_arguments, ADMIN_LOGIN),
    "admin/logout/": (no_arguments, ADMIN_LOGOUT),
    "admin/password_change/": (no_arguments, ADMIN_PAGE),
    "admin/password_change/done/": (no_arguments, ADMIN_READ),
    "admin/autocomplete/": (no_arguments, ADMIN_AUTOCOMPLETE),
    "admin/jsi18n/": (no_arguments, ADMIN_READ),
    "admin/^(?P<app_label>auth|axes|django_tasks_database|academies|grants|payments|reports|exchange|assessments|api|"
    "identity)/$": (
        lambda w: "/admin/grants/", ADMIN_APP),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        lambda w: {"content_type_id": ContentType.objects.get_for_model(Call).pk, "object_id": w.call.pk},
        ADMIN_NOT_FOUND),  # a call has no page on the site
    "admin/(?P<url>.*)$": (lambda w: "/admin/geen-pagina/", ADMIN_NOT_FOUND),
    "admin/import/<int:pk>/": (lambda w: {"pk": w.job.pk}, IMPORT_MANAGER),
    "admin/import/<int:pk>/resultaat/": (lambda w: {"pk": w.job.pk}, IMPORT_RESULT),
    "admin/import/export/<slug:kind>.csv": (lambda w: {"kind": "academies"}, IMPORT_EXPORT_PERSONAL),
    "admin/import/uit/": (no_arguments, IMPORT_MANAGER),
    "admin/import/sjabloon/<slug:kind>.xlsx": (lambda w: {"kind": "academies"}, IMPORT_MANAGER),
    "api/v1/openapi.json": (no_arguments, PUBLIC_FORM),
    "api/v1/docs/": (no_arguments, PUBLIC_FORM),
    "api/v1/calls": (no_arguments, API_READ),
    "api/v1/awards": (no_arguments, API_READ),
    "api/v1/years/<year>/figures": (lambda w: {"year": w.year}, API_READ),
    "api/v1/reach/provinces": (lambda w: f"/api/v1/reach/provinces?year={w.year}", API_READ),
    "api/v1/reach/municipalities": (lambda w: f"/api/v1/reach/municipalities?year={w.year}", API_READ),
    "api/v1/trend": (no_arguments, API_READ),
    "api/v1/uit/snapshots": (no_arguments, API_READ),
    "api/v1/": (no_arguments, PUBLIC),
    "open-data/": (no_arguments, PUBLIC),
    "open-data/360giving/<giving_selection:selection>.<str:file_format>": (
        lambda w: {"selection": w.year, "file_format": "json"}, PUBLIC),
    "open-data/360giving/<int:year>/publish/": (lambda w: {"year": w.year}, OPEN_DATA_ACTION),
    "open-data/360giving/<int:year>/unpublish/": (lambda w: {"year": w.year}, OPEN_DATA_ACTION),
    "portaal/": (no_arguments, PORTAL_HOME),
    "portaal/academies/<int:academy_pk>/oproepen/<int:call_pk>/aanvragen/": (
        lambda w: {"academy_pk": w.academy_b.pk, "call_pk": w.call.pk}, PORTAL_OF_B),
    "portaal/aanvragen/<int:pk>/": (lambda w: {"pk": w.draft_b.pk}, PORTAL_OF_B),
    "portaal/aanvragen/<int:pk>/bewerken/": (lambda w: {"pk": w.draft_b.pk}, PORTAL_OF_B),
    "portaal/aanvragen/<int:pk>/indienen/": (lambda w: {"pk": w.draft_b.pk}, PORTAL_OF_B),
    "portaal/toekenningen/<int:award_pk>/eindrapport/": (lambda w: {"award_pk": w.award_b.pk}, PORTAL_OF_B),
    "portaal/toekenningen/<int:award_pk>/eindrapport/indienen/": (lambda w: {"award_pk": w.award_b.pk}, PORTAL_OF_B),
    "portaal/toekenningen/<int:award_pk>/eindrapport/bijlage/": (lambda w: {"award_pk": w.award_b.pk}, PORTAL_OF_B),
    "beheer/": (no_arguments, STAFF_PAGE_WITH_FORM),
    "beheer/aanvragen/": (no_arguments, STAFF_PAGE),
    "beheer/aanvragen/<int:pk>/": (lambda w: {"pk": w.submitted_b.pk}, STAFF_PAGE_WITH_FORM),
    "beheer/aanvragen/<int:pk>/toekennen/": (lambda w: {"pk": w.submitted_b.pk}, STAFF_DECISION),
    "beheer/aanvragen/<int:pk>/afwijzen/": (lambda w: {"pk": w.submitted_b.pk}, STAFF_DECISION),
    "beheer/eindrapporten/": (no_arguments, STAFF_PAGE),
    "beheer/eindrapporten/<int:pk>/": (lambda w: {"pk": w.report_b.pk}, STAFF_REVIEW),
    "beheer/eindrapporten/<int:pk>/bijlage/": (lambda w: {"pk": w.report_b.pk}, MANAGER_FORM),
    "beheer/contactpersonen/uitnodigen/": (no_arguments, MANAGER_FORM),
    "rapporten/": (no_arguments, STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/": (lambda w: {"year": w.year}, STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/antwoord.<str:extension>": (
        lambda w: {"year": w.year, "extension": "docx"}, STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/kaart-<int:number>.svg": (lambda w: {"year": w.year, "number": 2},
                                                                       STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/afdruk.css": (lambda w: {"year": w.year}, STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/bevroren/": (lambda w: {"year": w.year}, STAFF_PAGE),
    "rapporten/antwoord/<programme_year:year>/bevriezen/": (lambda w: {"year": w.year}, MANAGER_ACTION),
    "rapporten/bevroren/<int:pk>/": (lambda w: {"pk": w.frozen.pk}, STAFF_PAGE),
    "rapporten/bevroren/<int:pk>/antwoord.<str:extension>": (lambda w: {"pk": w.frozen.pk, "extension": "docx"},
                                                              STAFF_PAGE),
    "rapporten/bereik/provincies/": (no_arguments, STAFF_PAGE),
    "rapporten/bereik/gemeenten/": (no_arguments, STAFF_PAGE),
    "rapporten/deelnemers/": (no_arguments, STAFF_PAGE),
    "rapporten/middelen/": (no_arguments, STAFF_PAGE),
    "rapporten/evolutie/": (no_arguments, STAFF_PAGE),
    "rapporten/kaarten/": (no_arguments, STAFF_PAGE),

    # Added with issues 24-27: questions, payments, assessments, search, contact log, calls, research report.
    "api/v1/payments": (no_arguments, API_READ),
    "api/v1/settlements": (no_arguments, API_READ),
    "beheer/zoeken/": (no_arguments, STAFF_PAGE_WITH_FORM),
    "beheer/oproepen/nieuw/": (no_arguments, MANAGER_FORM),
    "beheer/oproepen/<int:pk>/bewerken/": (lambda w: {"pk": w.call.pk}, MANAGER_FORM),
    "beheer/academies/<int:pk>/": (lambda w: {"pk": w.academy_b.pk}, STAFF_PAGE_WITH_FORM),
    "beheer/academies/<int:pk>/e-mails/<int:email_pk>/bounce/": (
        lambda w: {"pk": w.academy_b.pk, "email_pk": w.email.pk}, Expect(get="302 403 403 403 302",
                                                                         post="302 403 403 403 302")),
    "beheer/aanvragen/<int:pk>/beoordelen/": (lambda w: {"pk": w.submitted_b.pk}, MANAGER_FORM_CHECKED),
    "beheer/oproepen/<int:call_pk>/beoordeling/": (lambda w: {"call_pk": w.call.pk}, MANAGER_FORM_CHECKED),
    "beheer/oproepen/<int:call_pk>/beslissingsbrieven.zip": (lambda w: {"call_pk": w.call.pk}, MANAGER_FORM),
    "portaal/aanvragen/<int:pk>/beslissingsbrief/": (lambda w: {"pk": w.submitted_b.pk}, PORTAL_OF_B),
    # Added with issue 26: an application's attachments, for its academy and VLAIO managers only.
    "portaal/aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/": (
        lambda w: {"pk": w.draft_b.pk, "attachment_pk": w.attachment.pk}, PORTAL_OF_B),
    "beheer/aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/": (
        lambda w: {"pk": w.draft_b.pk, "attachment_pk": w.attachment.pk}, MANAGER_FORM),
    "beheer/betalingen/": (no_arguments, Expect(get="302 403 200 403 200", post="302 403 403 403 400")),
    "beheer/betalingen/voorschotten/": (no_arguments, MANAGER_POST_ACTION),
    "beheer/betalingen/batches/": (no_arguments, STAFF_PAGE_WITH_FORM),
    "beheer/betalingen/batches/<int:pk>/": (lambda w: {"pk": w.batch.pk}, STAFF_PAGE_WITH_FORM),
    "beheer/betalingen/batches/<int:pk>/goedkeuren/": (lambda w: {"pk": w.batch.pk}, MANAGER_POST_ACTION),
    "beheer/betalingen/batches/<int:pk>/export.<str:file_format>": (
        lambda w: {"pk": w.batch.pk, "file_format": "csv"}, Expect(get="302 403 403 403 200",
                                                                   post="302 403 403 403 302", get_writes=True)),
    "beheer/betalingen/bevestiging/": (no_arguments, MANAGER_FORM_CHECKED),
    "beheer/betalingen/rekeningen/": (no_arguments, Expect(get="302 403 200 403 200", post="302 403 403 403 400")),
    "beheer/betalingen/rekeningen/<int:pk>/bevestigen/": (lambda w: {"pk": w.account.pk}, MANAGER_POST_ACTION),
    "beheer/betalingen/academies/<int:academy_pk>/rekening/": (lambda w: {"academy_pk": w.academy_b.pk},
                                                              MANAGER_FORM_CHECKED),
    "beheer/betalingen/export/<str:kind>.<str:file_format>": (lambda w: {"kind": "betalingen", "file_format": "csv"},
                                                             STAFF_PAGE_WITH_FORM),
    "beheer/betalingen/subsidieregister/": (no_arguments, STAFF_PAGE_WITH_FORM),
    "beheer/betalingen/toekenningen/<int:award_pk>/": (lambda w: {"award_pk": w.award_b.pk},
                                                      Expect(get="302 403 200 403 200", post="302 403 403 403 403")),
    "portaal/toekenningen/<int:award_pk>/betalingen/": (lambda w: {"award_pk": w.award_b.pk}, PORTAL_OF_B),
    "portaal/academies/<int:academy_pk>/rekening/": (lambda w: {"academy_pk": w.academy_b.pk}, PORTAL_OF_B),
    "rapporten/antwoord/<programme_year:year>/onderzoeksrapport/": (lambda w: {"year": w.year}, MANAGER_FORM),
    "rapporten/antwoord/<programme_year:year>/onderzoeksrapport.pdf": (
        lambda w: {"year": w.year}, Expect(get="302 403 404 403 404", post="302 403 405 403 405")),
    "rapporten/middelen/betalingen/": (no_arguments, STAFF_PAGE),
    "beheer/vragen/": (no_arguments, Expect(get="302 403 403 403 200", post="302 403 403 403 405")),
    "beheer/vragen/nieuw/": (no_arguments, MANAGER_FORM),
    "beheer/vragen/<int:pk>/": (lambda w: {"pk": w.question.pk}, MANAGER_FORM),
    "beheer/vragen/<int:pk>/bewerken/": (lambda w: {"pk": w.question.pk}, MANAGER_FORM),
    "beheer/vragen/<int:pk>/tekst/<slug:slot>/": (lambda w: {"pk": w.question.pk, "slot": "introduction"},
                                                 MANAGER_FORM),
    **{f"beheer/vragen/<int:pk>/{step}/": (lambda w: {"pk": w.question.pk}, MANAGER_REFUSED_STEP)
       for step in ("ter-goedkeuring", "goedkeuren", "terugsturen", "verzenden", "definitief-antwoord",
                    "gepubliceerd")},
    "beheer/vragen/<int:pk>/ontwerp.<str:extension>": (lambda w: {"pk": w.question.pk, "extension": "docx"},
                                                      MANAGER_FORM),
    "beheer/vragen/archief/": (no_arguments, STAFF_PAGE),
    "beheer/vragen/archief/<int:pk>/": (lambda w: {"pk": w.question.pk}, STAFF_NOT_YET),
    "beheer/vragen/antwoorden/<int:pk>/antwoord.<str:extension>": (lambda w: {"pk": w.question.pk,
                                                                                "extension": "docx"}, STAFF_NOT_YET),
    "beheer/vragen/standaardteksten/": (no_arguments, MANAGER_FORM),
    "beheer/vragen/handleiding/": (no_arguments, STAFF_PAGE_WITH_FORM),
}

# The admin's pages of each registered model: one line per model, the object its pages are walked with and what
# the reader and the manager may do with it there (an access level of ADMIN_LEVELS). Anonymous users and academy
# contacts are sent to the admin's login; a staff user without a group has level "none" everywhere.
ADMIN_OBJECTS: dict[str, tuple[Callable[[World], object], str, str]] = {
    "academies.Academy": (lambda w: w.academy_b, "view without export", "all"),
    "academies.AcademyMembership": (lambda w: AcademyMembership.objects.filter(academy=w.academy_b).first(), "none",
                                    "all"),
    "academies.Event": (lambda w: Event.objects.create(uit_id="walk-1", name="Robotkamp"), "view", "all"),
    "academies.Municipality": (lambda w: Municipality.objects.get(nis_code=GENT), "view", "all"),
    "academies.Postcode": (lambda w: Postcode.objects.first(), "view", "all"),
    "academies.Province": (lambda w: Province.objects.first(), "view", "all"),
    "academies.Recognition": (lambda w: Recognition.objects.filter(academy=w.academy_b).first(), "view", "all"),
    "academies.UitSnapshot": (lambda w: UitSnapshot.objects.create(
        year=w.year, source_url="https://uit.example", total_query="q", labelled_query="q", total_events=1,
        labelled_events=1), "view", "view+delete"),
    "api.ApiToken": (lambda w: ApiToken.objects.first(), "none", "all, fixed once created"),
    "api.PublishedYear": (lambda w: PublishedYear.objects.first(), "none", "all"),
    "auth.Group": (lambda w: Group.objects.first(), "none", "none"),
    "auth.User": (lambda w: w.manager, "none", "none"),
    "axes.AccessAttempt": (lambda w: AccessAttempt.objects.create(
        username="walk", ip_address="192.0.2.1", failures_since_start=1), "none", "none"),
    "axes.AccessFailureLog": (lambda w: AccessFailureLog.objects.create(username="walk", ip_address="192.0.2.1"),
                              "none", "none"),
    "axes.AccessLog": (lambda w: AccessLog.objects.create(username="walk", ip_address="192.0.2.1"), "none", "none"),
    "django_tasks_database.DBTaskResult": (lambda w: DBTaskResult.objects.create(
        task_path="exchange.tasks.run_import", args_kwargs={"args": [], "kwargs": {}}, backend_name="default",
        run_after=timezone.now()), "none", "none"),
    "exchange.ImportJob": (lambda w: w.job, "none", "view+delete"),
    "grants.Application": (lambda w: w.draft_b, "view", "all"),
    "grants.Award": (lambda w: w.award_b, "view", "all"),
    "grants.Call": (lambda w: w.call, "view", "all"),
    "grants.FinalReport": (lambda w: w.report_b, "view", "all"),
    "grants.ReportReminder": (lambda w: ReportReminder.objects.create(award=w.award_b, stage="due_soon"), "view",
                              "all"),
    "grants.YearBudget": (lambda w: YearBudgetFactory(), "view", "all"),
    "identity.AcmIdmAccount": (lambda w: AcmIdmAccount.objects.create(
        user=w.manager, subject="walk", target_group="GID", last_login_at=timezone.now()), "none", "none"),
    "reports.FrozenAnswer": (lambda w: w.frozen, "view", "view"),
    "payments.PaymentPlan": (lambda w: PaymentPlanFactory(call=w.call), "view, history form", "all"),
    "payments.CostStatement": (lambda w: CostStatement.objects.create(
        final_report=w.report_b, total_costs=Decimal("1000.00"), own_contribution=Decimal("300.00")),
        "view, history form", "all"),
    "payments.BankAccount": (lambda w: w.account, "view, history form", "all but change"),
    "payments.Payment": (lambda w: PaymentFactory(award=w.award_b, created_by=w.manager), "view, history form",
                         "view, history form"),
    "payments.PaymentBatch": (lambda w: w.batch, "view, history form", "view, history form"),
    "payments.Settlement": (lambda w: Settlement.objects.create(
        award=w.award_b, computed_amount=Decimal("2000.00"), decided_amount=Decimal("2000.00"),
        decided_by=w.manager), "view, history form", "view, history form"),
    "payments.Recovery": (lambda w: Recovery.objects.create(award=w.award_b, amount=Decimal("10.00"),
                                                            created_by=w.manager), "view, history form",
                          "view, history form"),
    "assessments.Criterion": (lambda w: Criterion.objects.create(call=w.call, title="Bereik"), "none", "all"),
    "assessments.Assessment": (lambda w: Assessment.objects.create(application=w.submitted_b, assessor=w.manager),
                               "none", "view, history form"),
    "reports.MunicipalityBoundary": (lambda w: MunicipalityBoundary.objects.create(
        municipality=Municipality.objects.get(nis_code=GENT), path="M0 0L1 0L1 1Z", min_x=0, min_y=0, max_x=1, max_y=1),
        "view", "view+delete"),
}

# The routes the admin makes for a model (after admin/<app>/<model>/) and their (GET, POST) status per level.
ADMIN_LEVELS = {
    "none": {"": "403 403", "add/": "403 403", "<path:object_id>/history/": "403 403",
             "<path:object_id>/delete/": "403 403", "<path:object_id>/change/": "403 403",
             "<path:object_id>/": "302 302", "import/": "403 403", "process_import/": "405 403",
             "export/": "403 403", "^([^/]+)/history/([^/]+)/$": "403 403", "<id>/password/": "403 403"},
    "view": {"": "200 200", "add/": "403 403", "<path:object_id>/history/": "200 200",
             "<path:object_id>/delete/": "403 403", "<path:object_id>/change/": "200 403",
             "<path:object_id>/": "302 302", "import/": "403 403", "process_import/": "405 403",
             "export/": "200 200", "^([^/]+)/history/([^/]+)/$": "200 403"},
    "all": {"": "200 200", "add/": "200 200", "<path:object_id>/history/": "200 200",
            "<path:object_id>/delete/": "200 200", "<path:object_id>/change/": "200 200",
            "<path:object_id>/": "302 302", "import/": "200 200", "process_import/": "405 200",
            "export/": "200 200", "^([^/]+)/history/([^/]+)/$": "200 200"},
}
ADMIN_LEVELS["view+delete"] = {**ADMIN_LEVELS["view"], "<path:object_id>/delete/": "200 200"}
ADMIN_LEVELS["view without export"] = {**ADMIN_LEVELS["view"], "export/": "403 403"}
# django-simple-history's record page answers its (revert) form to a POST; the views write nothing without fields.
ADMIN_LEVELS["view, history form"] = {**ADMIN_LEVELS["view"], "^([^/]+)/history/([^/]+)/$": "200 200"}
ADMIN_LEVELS["all but change"] = {**ADMIN_LEVELS["all"], "<path:object_id>/change/": "200 403"}
ADMIN_LEVELS["all, fixed once created"] = {**ADMIN_LEVELS["all"], "<path:object_id>/change/": "200 302"}


def all_routes() -> list[str]:
    """Every URL pattern of the project as its full route, in the order Django tries them (duplicates once)."""
    found = []

    def walk(entries, prefix: str) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and prefix + str(entry.pattern) not in found:
                found.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def admin_model_of(route: str) -> tuple[str, str] | None:
    """(model label, the rest of the route) for a route of a registered model's admin."""
    for model in admin.site._registry:
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if route.startswith(prefix):
            return model._meta.label, route[len(prefix):]
    return None


def concrete_paths(world: World) -> tuple[dict[str, str], list[str]]:
    """The URL the walk requests for each route, and the routes the tables above give no arguments."""
    objects = {label: make(world) for label, (make, _reader, _manager) in ADMIN_OBJECTS.items()}
    paths, missing = {}, []
    for route in all_routes():
        try:
            paths[route] = concrete_path(route, world, objects)
        except KeyError as error:
            missing.append(f"{route} ({error})")
    return paths, missing


def concrete_path(route: str, world: World, admin_objects: dict[str, object]) -> str:
    model = admin_model_of(route)
    if model is not None:
        label, rest = model
        if rest not in ADMIN_LEVELS["none"]:
            raise KeyError(f"{route}: an admin route the walk does not know")
        obj = admin_objects[label]
        prefix = "/" + route[:len(route) - len(rest)]
        if rest == "^([^/]+)/history/([^/]+)/$":
            return f"{prefix}{obj.pk}/history/{obj.history.first().history_id}/"
        return prefix + re.sub(r"<(?:\w+:)?\w+>", str(obj.pk), rest)
    arguments, _expect = ROUTES[route]
    filled = arguments(world)
    if isinstance(filled, str):
        return filled
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(filled[match.group(1)]), route)


def expected(route: str, role: str, method: str) -> int:
    model = admin_model_of(route)
    if model is None:
        return ROUTES[route][1].status(method, role)
    if role in {"anonymous", "other_contact"}:
        return 302
    label, rest = model
    _make, reader_level, manager_level = ADMIN_OBJECTS[label]
    level = {"reader": reader_level, "manager": manager_level}.get(role, "none")
    get, post = ADMIN_LEVELS[level][rest].split()
    return int(get if method == "get" else post)


def database_snapshot() -> dict[str, str]:
    """A digest of every row of every table but the UNTRACKED ones."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - UNTRACKED):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            digests[table] = hashlib.sha256(repr(sorted(map(repr, cursor.fetchall()))).encode()).hexdigest()
    return digests


def test_every_route_has_concrete_arguments(world):
    _paths, missing = concrete_paths(world)
    assert missing == [], "add these to ROUTES or ADMIN_OBJECTS in tests/config/test_url_walk.py"
    assert not set(ROUTES) - set(all_routes()), "ROUTES names routes that no longer exist"
    assert len(all_routes()) > 200


@pytest.mark.parametrize("role", ROLES)
def test_every_route_as(role, world, client):
    log_in(client, role, world)
    paths, missing = concrete_paths(world)
    assert missing == []
    before = database_snapshot()
    wrong, actions = [], []
    for route, path in paths.items():
        for method in ("get", "post"):
            if route in {"account/logout/", "admin/logout/"} and method == "post":
                continue  # would end the walk's own session
            if method == "post" and post_writes(route, role) or method == "get" and get_writes(route, role):
                actions.append((method, route, path))
                continue
            check(client, method, route, path, role, wrong)
    after = database_snapshot()
    for method, route, path in actions:  # after the database check: these requests are actions that write
        check(client, method, route, path, role, wrong)
    changed = sorted(table for table in before if before[table] != after.get(table))
    assert not wrong, "\n".join(wrong)
    assert changed == [], f"{role}'s walk changed these tables"


def post_writes(route: str, role: str) -> bool:
    """An empty POST that succeeds by design: an action without fields, or the admin saving an object whose fields
    are all read-only (it logs "no fields changed")."""
    model = admin_model_of(route)
    if model is not None:
        return model[1] == "<path:object_id>/change/" and expected(route, role, "post") == 302
    return ROUTES[route][1].writes and expected(route, role, "post") < 400


def get_writes(route: str, role: str) -> bool:
    """A GET that records what it did by design: a payment batch's export stamps the batch as exported."""
    return admin_model_of(route) is None and ROUTES[route][1].get_writes and expected(route, role, "get") < 400


def check(client: Client, method: str, route: str, path: str, role: str, wrong: list[str]) -> None:
    status = getattr(client, method)(path).status_code
    if status != expected(route, role, method):
        wrong.append(f"{method.upper()} {path} ({route}): {status}, expected {expected(route, role, method)}")
