"""The staff admin of the grants app: changelists whose query count does not grow with their rows, the two staff
groups and what each may do, history and import/export."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academies.models import Academy
from grants.groups import MANAGER_APPS, MANAGER_GROUP, PERSONAL_DATA_PERMISSIONS, READER_APPS, READER_GROUP
from grants.models import Application, Award, Call, FinalReport, FinalReportStatus, ReminderStage, ReportReminder
from tests.factories import (
    GENT,
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    MembershipFactory,
    RecognitionFactory,
    StaffUserFactory,
    TrajectoryFactory,
    YearBudgetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The factories hash a password per user; these tests create many users and never log in with one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ANTWERPEN = "11002"
PROJECT_ADMIN_MODELS = [model for model, model_admin in admin.site._registry.items()
                        if type(model_admin).__module__ in ("academies.admin", "grants.admin")]


def staff_in_group(group_name: str, username: str):
    user = StaffUserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def manager():
    return staff_in_group(MANAGER_GROUP, "beheerder")


@pytest.fixture
def reader():
    return staff_in_group(READER_GROUP, "lezer")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def make_award_with_report(**award_kwargs) -> Award:
    """An award funding two municipalities, its application with a trajectory, a final report with a line and a
    reminder: every relation a changelist row could touch."""
    award = AwardFactory(funded=[GENT, ANTWERPEN], **award_kwargs)
    award.application.planned_municipalities.set([GENT, ANTWERPEN])
    TrajectoryFactory(application=award.application)
    report = FinalReportFactory(award=award, unattributed_participants=5)
    FinalReportLineFactory(report=report, participants=10, boys=6, girls=4)
    FinalReportLineFactory(report=report, municipality_id=ANTWERPEN)
    ReportReminder.objects.create(award=award, stage=ReminderStage.DUE_SOON)
    return award


def make_rows(model, count: int) -> None:
    for _ in range(count):
        if model is Call:
            call = CallFactory()
            make_award_with_report(application__call=call)
        elif model is Application:
            ApplicationFactory().planned_municipalities.set([GENT])
            make_award_with_report()
        else:
            make_award_with_report()


def changelist_queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == expected_rows
    return len(queries)


class TestChangelistQueryCount:
    @pytest.mark.parametrize("model", [Application, Award, FinalReport, Call, ReportReminder])
    @pytest.mark.parametrize("query", ["", "?year=2022"])
    def test_queries_do_not_grow_with_rows(self, manager_client, model, query):
        url = reverse(f"admin:grants_{model._meta.model_name}_changelist") + query
        make_rows(model, 2)
        rows = model.objects.count()
        manager_client.get(url)
        with_few_rows = changelist_queries(manager_client, url, rows)
        make_rows(model, 18)
        assert model.objects.count() >= 20
        assert changelist_queries(manager_client, url, model.objects.count()) == with_few_rows

    @pytest.mark.parametrize("query", ["?funded_municipalities__province__nis_code__exact=40000",
                                       "?final_report=missing", "?q=STEM"])
    def test_award_filters_do_not_grow_with_rows(self, manager_client, query):
        url = reverse("admin:grants_award_changelist") + query
        make_rows(Award, 2)
        manager_client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert manager_client.get(url).status_code == 200
        make_rows(Award, 18)
        with CaptureQueriesContext(connection) as many:
            assert manager_client.get(url).status_code == 200
        assert len(many) == len(few)


class TestChangelistColumns:
    def test_call_shows_awarded_amount_the_belgian_way(self, manager_client):
        call = CallFactory()
        make_award_with_report(application__call=call, amount="464500.00")
        content = manager_client.get(reverse("admin:grants_call_changelist")).content.decode()
        assert "€\u00a0464.500,00" in content

    @pytest.mark.parametrize("model", [Call, Award, FinalReport])
    def test_years_have_no_thousands_separator(self, manager_client, model):
        make_award_with_report()
        content = manager_client.get(reverse(f"admin:grants_{model._meta.model_name}_changelist")).content.decode()
        assert ">2022<" in content
        assert "2.022" not in content

    def test_award_shows_funded_municipalities_and_report_status(self, manager_client):
        make_award_with_report()
        response = manager_client.get(reverse("admin:grants_award_changelist"))
        award = response.context["cl"].result_list[0]
        assert award.funded_municipality_count == 2
        assert award.final_report.status == "submitted"

    def test_final_report_sums_participants_of_its_lines_only(self, manager_client):
        make_award_with_report()
        report = manager_client.get(reverse("admin:grants_finalreport_changelist")).context["cl"].result_list[0]
        assert (report.line_count, report.line_participants, report.unattributed_participants) == (2, 10, 5)

    def test_year_filter_keeps_only_that_year(self, manager_client):
        make_award_with_report(application__call=CallFactory(year=2021))
        make_award_with_report(application__call=CallFactory(year=2022))
        response = manager_client.get(reverse("admin:grants_award_changelist") + "?year=2021")
        assert [award.year for award in response.context["cl"].result_list] == [2021]

    def test_missing_final_report_filter(self, manager_client):
        make_award_with_report()
        without_report = AwardFactory()
        response = manager_client.get(reverse("admin:grants_award_changelist") + "?final_report=missing")
        assert list(response.context["cl"].result_list) == [without_report]


class TestEveryAdminPage:
    @pytest.mark.parametrize("model", PROJECT_ADMIN_MODELS, ids=lambda model: model._meta.label)
    def test_changelist_add_and_change_page_render(self, manager_client, model):
        award = make_award_with_report()
        RecognitionFactory(academy=award.application.academy)
        MembershipFactory(academy=award.application.academy)
        YearBudgetFactory()
        info = model._meta.app_label, model._meta.model_name
        assert manager_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        assert manager_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
        obj = model.objects.first()
        assert manager_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200

    def test_award_change_page_holds_the_final_report_inline(self, manager_client):
        award = make_award_with_report()
        response = manager_client.get(reverse("admin:grants_award_change", args=[award.pk]))
        assert any(formset.opts.model is FinalReport for formset in response.context["inline_admin_formsets"])

    def test_selected_municipalities_carry_their_nis_code(self, manager_client):
        award = make_award_with_report()
        content = manager_client.get(reverse("admin:grants_award_change", args=[award.pk])).content.decode()
        assert f'<option value="{GENT}" selected>Gent ({GENT})</option>' in content

    def test_history_of_an_award_is_visible(self, reader_client):
        award = make_award_with_report()
        award.amount = "5000.00"
        award.save()
        response = reader_client.get(reverse("admin:grants_award_history", args=[award.pk]))
        assert response.status_code == 200
        history_types = [record.history_type for record in response.context["page_obj"].object_list]
        assert history_types == ["~", "~", "+"], "changed amount, funded municipalities set, created"
        assert "5.000,00" in response.content.decode()

    @pytest.mark.parametrize("model", [Application, FinalReport])
    def test_history_of_applications_and_final_reports_is_visible(self, reader_client, model):
        make_award_with_report()
        obj = model.objects.get()
        response = reader_client.get(reverse(f"admin:grants_{model._meta.model_name}_history", args=[obj.pk]))
        assert response.status_code == 200
        assert len(response.context["page_obj"].object_list) >= 1

    def test_municipality_autocomplete_for_funded_municipalities(self, manager_client):
        response = manager_client.get(reverse("admin:autocomplete"), {
            "app_label": "grants", "model_name": "award", "field_name": "funded_municipalities", "term": "Gent"})
        assert response.status_code == 200
        assert GENT in {result["id"] for result in response.json()["results"]}


class TestAcceptAction:
    def accept(self, client, reports):
        return client.post(reverse("admin:grants_finalreport_changelist"), {
            "action": "accept_reports", "_selected_action": [report.pk for report in reports]})

    def test_manager_accepts_submitted_reports_and_skips_drafts(self, manager_client,
                                                                django_capture_on_commit_callbacks):
        submitted = make_award_with_report().final_report
        draft = make_award_with_report().final_report
        FinalReport.objects.filter(pk=draft.pk).update(status=FinalReportStatus.DRAFT)
        with django_capture_on_commit_callbacks(execute=True):
            assert self.accept(manager_client, [submitted, draft]).status_code == 302
        submitted.refresh_from_db()
        draft.refresh_from_db()
        assert (submitted.status, draft.status) == (FinalReportStatus.ACCEPTED, FinalReportStatus.DRAFT)
        assert submitted.reviewed_at is not None
        assert len(mail.outbox) == 1

    def test_reader_has_no_accept_action(self, reader_client):
        report = make_award_with_report().final_report
        response = reader_client.get(reverse("admin:grants_finalreport_changelist"))
        assert "accept_reports" not in response.content.decode()
        self.accept(reader_client, [report])
        report.refresh_from_db()
        assert report.status == FinalReportStatus.SUBMITTED


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("content_type__app_label", "codename"))


class TestStaffGroups:
    def test_manager_holds_every_permission_of_the_project_apps(self):
        every = set(Permission.objects.filter(content_type__app_label__in=MANAGER_APPS)
                    .values_list("content_type__app_label", "codename"))
        assert codenames(MANAGER_GROUP) == every
        assert {("grants", "import_award"), ("grants", "export_finalreport"), ("academies", "import_academy"),
                ("grants", "view_historicalaward"), ("grants", "delete_application")} <= every

    def test_reader_holds_view_and_export_only(self):
        reader = codenames(READER_GROUP)
        assert {codename.split("_", 1)[0] for _app, codename in reader} == {"view", "export"}
        assert {("grants", "view_award"), ("grants", "export_award"), ("grants", "view_historicalfinalreport"),
                ("academies", "view_municipality"), ("academies", "export_event")} <= reader
        every_view = set(Permission.objects.filter(content_type__app_label__in=READER_APPS,
                                                   codename__startswith="view_")
                         .values_list("content_type__app_label", "codename"))
        assert every_view - PERSONAL_DATA_PERMISSIONS <= reader
        assert not reader & PERSONAL_DATA_PERMISSIONS
        assert {app for app, _codename in reader} <= set(READER_APPS)

    def test_data_migration_creates_the_groups_and_the_missing_permissions(self):
        migration = importlib.import_module("grants.migrations.0002_staff_groups")
        Group.objects.filter(name__in=[MANAGER_GROUP, READER_GROUP]).delete()
        Permission.objects.filter(codename="import_award").delete()
        migration.create_staff_groups(django_apps, SimpleNamespace(connection=connection))
        assert ("grants", "import_award") in codenames(MANAGER_GROUP)
        assert ("grants", "export_award") in codenames(READER_GROUP)

    def test_sync_is_idempotent_and_keeps_groups_unique(self):
        from grants.groups import sync_staff_groups

        before = codenames(READER_GROUP)
        sync_staff_groups()
        assert codenames(READER_GROUP) == before
        assert Group.objects.filter(name__in=[MANAGER_GROUP, READER_GROUP]).count() == 2


def award_with_two_versions() -> tuple[Award, str]:
    """An award whose amount went from 4000 to 5000, and the URL of the history form of its first version."""
    award = make_award_with_report()
    first_version = award.history.earliest()
    award.amount = "5000.00"
    award.save()
    return award, reverse("admin:grants_award_simple_history", args=[award.pk, first_version.history_id])


def revert_data(award: Award) -> dict[str, str]:
    return {"application": str(award.application_id), "amount": "4000.00", "decided_on": "2022-03-01",
            "funded_municipalities": [GENT]}


class TestReaderIsReadOnly:
    @pytest.mark.parametrize("model", PROJECT_ADMIN_MODELS, ids=lambda model: model._meta.label)
    def test_changelist_200_add_403(self, reader_client, model):
        info = model._meta.app_label, model._meta.model_name
        personal = (model._meta.app_label, f"view_{model._meta.model_name}") in PERSONAL_DATA_PERMISSIONS
        assert reader_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == (
            403 if personal else 200)
        assert reader_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403

    def test_no_contact_email_narrative_or_contacts(self, reader_client):
        report = make_award_with_report()
        academy = report.application.academy
        MembershipFactory(academy=academy)
        body = reader_client.get(reverse("admin:academies_academy_change", args=[academy.pk])).content.decode()
        assert academy.contact_email not in body and "Contactpersonen" not in body
        final_report = report.final_report
        body = reader_client.get(reverse("admin:grants_finalreport_change", args=[final_report.pk])).content.decode()
        assert final_report.narrative not in body
        body = reader_client.get(reverse("admin:grants_award_change", args=[report.pk])).content.decode()
        assert final_report.narrative not in body

    def test_change_page_is_read_only_and_refuses_a_post(self, reader_client):
        award = make_award_with_report()
        url = reverse("admin:grants_award_change", args=[award.pk])
        response = reader_client.get(url)
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode()
        assert reader_client.post(url, {"amount": "1.00"}).status_code == 403
        assert reader_client.post(reverse("admin:grants_award_delete", args=[award.pk]), {"post": "yes"}
                                  ).status_code == 403
        award.refresh_from_db()
        assert str(award.amount) == "4000.00"

    def test_reader_cannot_revert_to_an_old_version(self, reader_client):
        award, url = award_with_two_versions()
        assert reader_client.get(url).status_code == 200
        assert reader_client.post(url, revert_data(award)).status_code == 403
        award.refresh_from_db()
        assert str(award.amount) == "5000.00"

    def test_manager_can_revert_to_an_old_version(self, manager_client):
        award, url = award_with_two_versions()
        assert manager_client.post(url, revert_data(award)).status_code == 302
        award.refresh_from_db()
        assert str(award.amount) == "4000.00"

    def test_reader_cannot_export_the_academies_contact_emails(self, reader_client):
        assert reader_client.get(reverse("admin:academies_academy_export")).status_code == 403

    @pytest.mark.parametrize("model", [Call, Award, FinalReport])
    def test_reader_sees_export_but_no_import(self, reader_client, model):
        info = model._meta.app_label, model._meta.model_name
        import_url = reverse("admin:{}_{}_import".format(*info))
        content = reader_client.get(reverse("admin:{}_{}_changelist".format(*info))).content.decode()
        assert import_url not in content
        assert reverse("admin:{}_{}_export".format(*info)) in content
        assert reader_client.get(import_url).status_code == 403
        assert reader_client.post(reverse("admin:{}_{}_process_import".format(*info)), {}).status_code == 403
        assert reader_client.get(reverse("admin:{}_{}_export".format(*info))).status_code == 200

    @pytest.mark.parametrize("model", [Academy, Call, Award, FinalReport])
    def test_manager_sees_import(self, manager_client, model):
        info = model._meta.app_label, model._meta.model_name
        import_url = reverse("admin:{}_{}_import".format(*info))
        assert import_url in manager_client.get(reverse("admin:{}_{}_changelist".format(*info))).content.decode()
        assert manager_client.get(import_url).status_code == 200
