"""The planners' pages in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser), against `datasette serve` on 127.0.0.1 with the options of scripts/serve.

Each test saves a screenshot in test-artifacts/browser/ and the page's load time; axe-core (from
npm, node_modules/, installed by scripts/setup-browser) is injected into our own pages and must
find no WCAG 2 A/AA violation (nor may Datasette's table page, as templates/table.html serves it).
Bounded: one server and one browser for the module; the whole file runs in well under a minute.
"""
import json
import os
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from datasette_fixtures import ROOT, datasette_argv
from datasette_fixtures import catalogue_plain, catalogue_with_history  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.timeout(120)


def missing_prerequisite():
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is missing: run bash scripts/setup-browser"
    if not AXE.exists():
        return f"{AXE} is missing: run bash scripts/setup-browser (npm ci)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing: bash scripts/setup"
    return None


@pytest.fixture(scope="module", autouse=True)
def prerequisites():
    reason = missing_prerequisite()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs them: a missing browser there is a failure, not a skip
        pytest.skip(reason)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(catalogue_with_history, prerequisites):
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "datasette"), "serve", *datasette_argv(catalogue_with_history),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("datasette did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def timings():
    measured = {}
    yield measured
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-timings.json").write_text(json.dumps(measured, indent=2) + "\n")


@pytest.fixture(scope="module")
def browser(prerequisites):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, timings):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.timings = timings
    yield page
    context.close()


def record(page, name):
    """Screenshot and load time of the page as it is now."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
        return n ? {load_ms: Math.round(n.loadEventEnd - n.startTime),
                    dom_ready_ms: Math.round(n.domContentLoadedEventEnd - n.startTime),
                    server_ms: Math.round(n.responseEnd - n.requestStart)} : null; }""")
    page.timings[name] = {"url": page.url, **(nav or {})}


def axe_violations(page, name):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [n["html"][:200] for n in v["nodes"][:5]]} for v in result["violations"]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(violations, indent=2) + "\n")
    return violations


def test_home_page(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "UK infant mental health training catalogue"
    assert "Last crawl" in page.locator(".currency").inner_text()
    for link in ("Courses by AiMH level", "Courses by funding", "Courses by duration", "Career routes",
                 "Professions", "Recent changes", "Facts still unknown", "Find courses for me"):
        assert page.get_by_role("link", name=link, exact=True).count() >= 1, link
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    record(page, "01-home")
    assert axe_violations(page, "01-home") == []


def test_search_from_the_home_page(page):
    page.goto("/")
    page.get_by_label("Search the courses").fill("observation")
    page.get_by_label("Search the courses").press("Enter")
    page.wait_for_url(re.compile(r"/catalogue/courses\?_search=observation"))
    table = page.locator("table.rows-and-columns").inner_text()
    assert "Infant observation in the perinatal period" in table  # Tavistock
    assert "Observing Early Relationships" in table  # Tameside
    record(page, "02-search")
    assert axe_violations(page, "02-search") == []


def test_apply_a_facet(page):
    page.goto("/catalogue/courses")
    facet = page.locator('.facet-info[data-column=kind] a[href*="kind=intervention_training"]').first
    facet.click()
    page.wait_for_url(re.compile(r"kind=intervention_training"))
    kinds = page.locator("table.rows-and-columns td.col-kind").all_inner_texts()
    # A kind cell shows the kind's description and its id (kind is a foreign key to course_kinds).
    assert kinds and all("intervention_training" in k for k in kinds)
    assert len(kinds) == 11  # the eight named in DOMAIN, ABC, Watch Me Play!, and FH&SfL level 2 (seed-003)
    record(page, "03-facet")
    # Datasette's own table page, through templates/table.html and static/catalogue.css.
    assert axe_violations(page, "03-facet") == []


def test_find_courses_for_a_health_visitor_at_level_1(page):
    page.goto("/")
    page.get_by_role("link", name="Find courses for me").click()  # two clicks from the home page
    page.get_by_label("Your profession, in your own words").fill("health visitor")
    page.get_by_label("Your current AiMH level").select_option("1")
    page.get_by_role("button", name="Find courses").click()
    page.wait_for_selector("#courses-table")
    page.wait_for_load_state("load")  # the pathway picture too, before it is checked below
    assert "Health visitor" in page.locator("#finder-summary").inner_text()

    def verdict(course_id):
        return page.locator(f'tr.course[data-id="{course_id}"] .verdict').inner_text()

    # DOMAIN.md: OxPIP's advanced training and the Northampton PGCert are open to a health visitor;
    # the bpf course is not (it needs UKCP registration), and the page says why.
    assert verdict("oxpip-advanced-parent-infant-practitioner") == "Eligible"
    assert verdict("northampton-pgcert-infant-mental-health") == "Eligible"
    assert verdict("bpf-parent-infant-psychotherapy") == "Not eligible"
    assert "needs UKCP registration" in page.locator('tr.course[data-id="bpf-parent-infant-psychotherapy"]').inner_text()
    assert page.locator("tr.route").count() == 6
    pathway = page.locator('img[src*="pathway.svg"]')
    assert pathway.evaluate("i => i.complete && i.naturalWidth > 0")
    record(page, "04-find-courses")
    assert axe_violations(page, "04-find-courses") == []


def test_find_courses_by_keyboard_only(page):
    page.goto("/-/find-courses")
    for _ in range(40):  # Tab through the page to the profession field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "profession":
            break
    else:
        pytest.fail("the profession field cannot be reached with Tab")
    page.keyboard.type("HV")
    page.keyboard.press("Enter")
    page.wait_for_selector("#courses-table")
    assert page.locator("tr.course").count() > 10


def test_find_courses_bad_input_shows_a_message(page):
    response = page.goto("/-/find-courses?profession=xyzzy&level=1")
    assert response.status == 400
    alert = page.get_by_role("alert")
    assert "closely enough" in alert.inner_text()
    assert "Did you mean" in alert.inner_text()
    record(page, "05-find-courses-bad-input")
    assert axe_violations(page, "05-find-courses-bad-input") == []


@pytest.mark.parametrize("name, path", [("06-charts", "/-/charts"), ("07-changes", "/-/changes")])
def test_charts_and_changes_pages(page, name, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    record(page, name)
    assert axe_violations(page, name) == []
