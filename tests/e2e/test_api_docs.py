"""The API's interactive docs page works under the project's Content-Security-Policy (local assets, no inline
script): Swagger UI renders every operation, with nothing loaded from another origin."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


@pytest.mark.browser
def test_docs_page_renders_under_the_csp(live_server, transactional_db, browser):
    browser.get(f"{live_server.url}/api/v1/docs/")
    WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".opblock")) == 9
    foreign = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(arguments[0]))",
        live_server.url)
    assert foreign == []  # every asset from the app itself
