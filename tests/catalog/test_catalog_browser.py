"""The catalogue as a person sees it: opened from disk in headless Chromium (Debian's
chromium and chromium-driver), links followed, the search used, the console read.

Screenshots of the index and a subject page are kept in ``$SCHEMALINT_ARTIFACTS`` (a
temporary folder by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tools import require_tool

pytestmark = pytest.mark.xdist_group("browser")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require_tool(CHROMIUM, "the catalogue is tested in a real browser")
    require_tool(CHROMEDRIVER, "Selenium drives Chromium through it")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1400,1000",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver named explicitly: Selenium Manager never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("SCHEMALINT_ARTIFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "ERROR")]


def screenshot(driver: Any, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(int(height) + 40, 2400))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    assert path.stat().st_size > 10_000  # a page drawn, not a blank


def test_index_lists_the_topics_with_what_they_carry(browser: Any, catalog_site: Path,
                                                      artifacts: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((catalog_site / "index.html").as_uri())
    rows = {row.find_element(By.CSS_SELECTOR, "td.name").text: row.text
            for row in browser.find_elements(By.CSS_SELECTOR, "#topics tbody tr")}
    assert sorted(rows) == ["customers", "orders", "payments", "refunds"]
    assert "state-transfer" in rows["orders"] and "team-orders" in rows["orders"]
    assert "order-service" in rows["orders"] and "billing" in rows["orders"]
    assert "cdc" in rows["customers"] and "command" in rows["payments"]
    assert "payment_id" in rows["payments"]  # key-fields from the configuration
    flow = browser.find_element(By.CSS_SELECTOR, ".flow-picture svg")
    assert flow.is_displayed() and flow.size["height"] > 100
    assert all(name in flow.text for name in ("order-service", "orders", "billing"))
    screenshot(browser, artifacts / "catalog-index.png")
    assert console_errors(browser) == []


def test_a_subject_page_shows_versions_commits_and_the_changelog(
        browser: Any, catalog_site: Path, catalog_project: Any, artifacts: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((catalog_site / "index.html").as_uri())
    browser.find_element(By.LINK_TEXT, "orders").click()
    assert browser.find_element(By.ID, "subject-name").text == "orders-value"

    versions = browser.find_elements(By.CSS_SELECTOR, "#versions > li")
    heads = [v.find_element(By.CSS_SELECTOR, ".version-head").text for v in versions]
    shas = catalog_project.git("log", "--format=%h", "--abbrev=7").split()
    assert [head.split()[:2] for head in heads] == [
        ["v3", "breaking"], ["v2", "compatible"], ["v1", "new"]]
    for head, sha, title in zip(heads, shas, ("Amount as text, for the ledger",
                                              "Orders carry their amount",
                                              "Orders, customers and payments, first versions"),
                                strict=True):
        assert sha in head and "2024-01-01" in head and title in head

    breaking = versions[0].find_element(By.CSS_SELECTOR, "table.changes tr.breaking").text
    assert "amount" in breaking and "breaks" in breaking
    assert "billing (team-billing)" in breaking  # the declared reader of the field
    added = versions[1].find_element(By.CSS_SELECTOR, "table.changes").text
    assert "amount" in added and "safe" in added

    fields = {row.get_attribute("id"): row.text
              for row in browser.find_elements(By.CSS_SELECTOR, "#fields tbody tr")}
    # Since the version it first appeared in, its type changed or not.
    assert "v2" in fields["field-amount"] and "v1" in fields["field-order_id"]
    screenshot(browser, artifacts / "catalog-subject.png")
    assert console_errors(browser) == []


@pytest.mark.parametrize(("query", "result", "page", "anchor"), [
    ("loyalty", "loyalty_tier", "customers-value", "field-loyalty_tier"),
    ("amount_cents", "amount_cents", "payments-value", "field-amount_cents"),
    ("total as text", "amount", "orders-value", "field-amount"),  # found by its doc
])
def test_search_finds_fields_and_docs_and_leads_to_them(
        browser: Any, catalog_site: Path, query: str, result: str, page: str,
        anchor: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get((catalog_site / "index.html").as_uri())
    browser.find_element(By.ID, "search").send_keys(query)
    links = browser.find_elements(By.CSS_SELECTOR, "#search-results a")
    assert links and links[0].text == result
    links[0].click()
    assert browser.find_element(By.ID, "subject-name").text == page
    assert browser.current_url.endswith(f"#{anchor}")
    assert browser.find_element(By.ID, anchor).is_displayed()
    assert console_errors(browser) == []


def test_markup_in_a_schema_doc_is_shown_never_run(browser: Any, catalog_site: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((catalog_site / "subjects" / "orders-value.html").as_uri())
    doc = browser.find_element(By.CSS_SELECTOR, "#field-order_id td.doc").text
    assert "<script>window.__catalogPwned = 1;</script>" in doc
    browser.get((catalog_site / "index.html").as_uri())
    browser.find_element(By.ID, "search").send_keys("order id")
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li")
    assert browser.execute_script("return window.__catalogPwned === undefined")
    assert console_errors(browser) == []
