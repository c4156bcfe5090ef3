"""ACM/IDM login end to end in a real browser, against a real OpenID Connect provider on loopback
(tests/oidc_provider): staff get their group from their role, an organisation gets its academies from its KBO
number, a login without either gets a clear refusal page, and logging out ends the provider's session too."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from academies.models import AcademyMembership
from api.services import token_create
from grants.groups import MANAGER_GROUP, READER_GROUP, sync_staff_groups
from identity.models import AcmIdmAccount
from tests.e2e.conftest import browser, screenshot  # noqa: F401 - the browser fixtures
from tests.factories import AcademyFactory
from tests.identity.conftest import KBO_NUMBER, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Visit:
    def __init__(self, browser, live_server, provider):  # noqa: F811
        self.browser, self.base, self.provider = browser, live_server.url, provider

    def wait_for(self, condition, timeout: float = 20) -> None:
        WebDriverWait(self.browser, timeout, ignored_exceptions=(WebDriverException,)).until(condition)

    def log_in_with_acm_idm(self, username: str) -> None:
        self.browser.get(f"{self.base}/account/login/")
        self.browser.find_element(By.ID, "acm-idm-login").click()
        self.wait_for(lambda driver: driver.current_url.startswith(self.provider.base_url))
        self.browser.find_element(By.NAME, "username").send_keys(username)
        self.browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        self.browser.find_element(By.ID, "provider-submit").click()
        self.wait_for(lambda driver: driver.current_url.startswith(self.base)
                      and driver.execute_script("return document.readyState") == "complete")

    def log_out(self) -> None:
        self.browser.find_element(By.CSS_SELECTOR, "form[action='/account/logout/'] button").click()
        self.wait_for(lambda driver: driver.current_url.startswith(f"{self.base}/account/login/"))

    def text(self) -> str:
        return self.browser.find_element(By.TAG_NAME, "main").text


@pytest.fixture
def visit(browser, live_server, acm_idm, reference_data):  # noqa: F811
    sync_staff_groups()
    return Visit(browser, live_server, acm_idm)


def test_staff_log_in_with_their_role_and_log_out_of_acm_idm_too(visit, browser, screenshot):  # noqa: F811
    visit.log_in_with_acm_idm("ambtenaar-beheer")
    screenshot("01-staff-dashboard")
    assert browser.current_url == f"{visit.base}/beheer/"
    account = AcmIdmAccount.objects.select_related("user").get()
    assert (account.target_group, account.organisation_code) == ("GID", "OVO000097")
    assert account.user.is_staff and not account.user.is_superuser
    assert [group.name for group in account.user.groups.all()] == [MANAGER_GROUP]
    assert (account.user.first_name, account.user.email) == ("Bea", "bea@vlaio.example")

    visit.log_out()
    # the provider's session is over too: ACM/IDM asks for the password again
    browser.find_element(By.ID, "acm-idm-login").click()
    visit.wait_for(lambda driver: driver.current_url.startswith(visit.provider.base_url))
    assert browser.find_elements(By.ID, "provider-login")
    screenshot("02-provider-asks-again")

    visit.log_in_with_acm_idm("ambtenaar-lezer")
    assert browser.current_url == f"{visit.base}/beheer/"
    reader = AcmIdmAccount.objects.get(organisation_code="OVO000097", user__first_name="Lex").user
    assert [group.name for group in reader.groups.all()] == [READER_GROUP]


def test_an_organisation_reaches_the_academies_with_its_kbo_number(visit, browser, screenshot):  # noqa: F811
    vonk = AcademyFactory(name="STEM-academie De Vonk", kbo_number=KBO_NUMBER)
    annex = AcademyFactory(name="STEM-academie De Vonk Annex", kbo_number=KBO_NUMBER)
    AcademyFactory(name="Andere academie", kbo_number="0202239951")
    visit.log_in_with_acm_idm("academie")
    screenshot("01-organisation-portal")
    assert browser.current_url == f"{visit.base}/portaal/"
    assert "STEM-academie De Vonk" in visit.text() and "Andere academie" not in visit.text()
    user = AcmIdmAccount.objects.get().user
    assert not user.is_staff and not user.groups.exists()
    assert set(AcademyMembership.objects.filter(user=user).values_list("academy", flat=True)) == {vonk.pk, annex.pk}


@pytest.mark.parametrize(("username", "explanation"), [
    ("ambtenaar-zonder-rol", "geen rol"),
    ("onbekende-onderneming", "ondernemingsnummer"),
])
def test_a_login_without_role_or_academy_is_refused_with_a_clear_page(visit, browser, screenshot, settings,  # noqa: F811
                                                                      username, explanation):
    settings.AXES_ENABLED = True  # a refusal is no failed password: it locks out nobody at that address
    AcademyFactory(name="Andere academie", kbo_number=KBO_NUMBER)
    visit.log_in_with_acm_idm(username)
    screenshot("01-refused")
    assert browser.current_url == f"{visit.base}/account/acm-idm/geweigerd/"
    assert "Geen toegang tot het STEM-academies-portaal" in visit.text()
    assert explanation in visit.text()
    assert not AcmIdmAccount.objects.exists()
    assert not AccessAttempt.objects.exists()
    browser.get(f"{visit.base}/portaal/")
    assert "/account/login/" in browser.current_url  # not logged in

    # the refusal page ends the ACM/IDM session, so that another account or organisation can be chosen
    browser.get(f"{visit.base}/account/acm-idm/geweigerd/")
    browser.find_element(By.ID, "acm-idm-logout").click()
    visit.wait_for(lambda driver: driver.current_url.startswith(f"{visit.base}/account/login/"))
    browser.find_element(By.ID, "acm-idm-login").click()
    visit.wait_for(lambda driver: driver.current_url.startswith(visit.provider.base_url))
    assert browser.find_elements(By.ID, "provider-login")


def test_a_role_taken_away_in_acm_idm_takes_away_group_token_and_session(visit, browser, client, settings):  # noqa: F811
    """Issue 22: a manager whose role ACM/IDM took away was refused at the next login but kept the manager group,
    an API token that still answered 200 and a session that still opened /beheer/."""
    visit.log_in_with_acm_idm("ambtenaar-beheer")
    assert browser.current_url == f"{visit.base}/beheer/"
    user = AcmIdmAccount.objects.get().user
    _token, key = token_create(name="dashboard", user=user, created_by=user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/calls", **bearer).status_code == 200
    old_session = Client()
    old_session.cookies[settings.SESSION_COOKIE_NAME] = browser.get_cookie(settings.SESSION_COOKIE_NAME)["value"]
    assert old_session.get("/beheer/").status_code == 200

    with visit.provider.claims_changed("ambtenaar-beheer", stemacademies_rol_3d=["AndereToepassing:OVO000001"]):
        browser.delete_cookie(settings.SESSION_COOKIE_NAME)  # the old session stays with `old_session`
        browser.get(f"{visit.base}/account/login/")
        browser.find_element(By.ID, "acm-idm-login").click()  # ACM/IDM still knows the user: straight back
        visit.wait_for(lambda driver: driver.current_url.startswith(f"{visit.base}/account/acm-idm/geweigerd/"))
    assert browser.current_url == f"{visit.base}/account/acm-idm/geweigerd/"
    user.refresh_from_db()
    assert not user.groups.exists() and not user.is_staff
    assert client.get("/api/v1/calls", **bearer).status_code == 401
    response = old_session.get("/beheer/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
