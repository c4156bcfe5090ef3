"""The portal's application form: partial drafts, "save and check" naming what is missing next to each field, KBO
numbers typed the Belgian way, attachments; and the partnership rules refused in the admin's form as well."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from grants.models import Application, ApplicationStatus
from tests.grants.portal_setup import contact_of, manager
from tests.grants.test_application_services import PDF, demanding_call
from tests.grants.test_portal import application_data, management_forms

pytestmark = pytest.mark.django_db


def full_data(**extra) -> dict:
    data = application_data(trajectories=[], description="Een maakplaats voor jongeren.",
                            target_groups=["secondary_pupils", "less_obvious"], target_age_min="14",
                            target_age_max="18", transition_priority="circular_economy",
                            requested_amount="7.000,00", own_contribution="3.000,00", other_funding="500,00",
                            declaration="on", **management_forms(partners=1, cost_lines=2))
    data.update({"partners-0-name": "Fablab Noord", "partners-0-kbo_number": "0123.456.749",
                 "partners-0-role": "begeleiding", "cost_lines-0-description": "Materiaal",
                 "cost_lines-0-amount": "6.000,00", "cost_lines-1-description": "Begeleiding",
                 "cost_lines-1-amount": "4.000,00"})
    data.update(extra)
    return data


@pytest.fixture
def contact_and_application(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user, academy = contact_of()
    return user, Application.objects.create(call=demanding_call(), academy=academy)


def test_save_and_check_names_each_missing_part_next_to_its_field(client, contact_and_application):
    user, application = contact_and_application
    client.force_login(user)
    url = reverse("grants:application-edit", args=[application.pk])
    response = client.post(url, {**application_data(trajectories=[], municipalities=""), "check": "1"},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response.url.endswith("?controle=1")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="nl")
    assert set(page.context["form"].errors) == {"requested_amount", "description", "target_groups", "target_age_min",
                                                "transition_priority", "own_contribution", "attachments",
                                                "declaration"}
    assert list(page.context["partners"].non_form_errors()) == ["Voeg minstens één partner met zijn KBO-nummer toe."]
    body = page.content.decode()
    field_start = body.index('id="id_description"')
    assert body.index("Beschrijf het project.", field_start) - field_start < 600  # the message right under the field
    assert 'id="error-summary"' in body


def test_the_full_form_with_an_attachment_saves_and_goes_on_to_the_confirmation(client, contact_and_application):
    user, application = contact_and_application
    client.force_login(user)
    url = reverse("grants:application-edit", args=[application.pk])
    response = client.post(url, {**full_data(), "attachments": SimpleUploadedFile("begroting.pdf", PDF),
                                 "check": "1"})
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("grants:application-submit", args=[application.pk])
    application.refresh_from_db()
    assert application.partners.get().kbo_number == "0123456749"
    assert application.project_cost == Decimal("10000.00")
    assert application.target_groups == ["secondary_pupils", "less_obvious"]
    assert application.attachments.get().name == "begroting.pdf"
    detail = client.get(reverse("grants:application-detail", args=[application.pk])).content.decode()
    assert "Fablab Noord" in detail and "begroting.pdf" in detail
    client.post(reverse("grants:application-submit", args=[application.pk]))
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_kbo_number_with_a_wrong_check_number_is_refused_in_dutch(client, contact_and_application):
    user, application = contact_and_application
    client.force_login(user)
    response = client.post(reverse("grants:application-edit", args=[application.pk]),
                           full_data(**{"partners-0-kbo_number": "0123.456.748"}), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    errors = response.context["partners"].forms[0].errors
    assert errors["kbo_number"] == ["0123456748 is geen geldig KBO-nummer (10 cijfers met een geldig controlegetal)."]
    assert not application.partners.exists()


def test_the_admin_refuses_a_partnership_budget_over_the_cap_or_under_the_own_contribution(contact_and_application):
    _user, application = contact_and_application
    model_admin = admin.site._registry[Application]
    request = RequestFactory().get("/")
    request.user = manager()
    form_class = model_admin.get_form(request, application, change=True)
    data = {"call": application.call_id, "academy": application.academy_id, "status": "draft",
            "requested_amount": "150000.00", "project_cost": "100000.00", "own_contribution": "10000.00",
            "target_groups": "[]"}
    form = form_class(data, instance=application)
    assert not form.is_valid()
    assert {"requested_amount", "own_contribution"} <= set(form.errors)


def test_the_form_shows_what_was_saved_so_a_second_save_keeps_it(client, contact_and_application):
    user, application = contact_and_application
    client.force_login(user)
    url = reverse("grants:application-edit", args=[application.pk])
    client.post(url, {**full_data(), "attachments": SimpleUploadedFile("begroting.pdf", PDF)})
    form = client.get(url).context["form"]
    assert form["target_groups"].value() == ["secondary_pupils", "less_obvious"]
    assert form["declaration"].value() is True
    assert form.fields["remove_attachments"].choices == [(str(application.attachments.get().pk), "begroting.pdf")]
