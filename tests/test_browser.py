"""The planners' pages in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser), against `datasette serve` on 127.0.0.1 with the options of scripts/serve.

Each test saves a screenshot in test-artifacts/browser/ and the page's load time; axe-core (from
npm, node_modules/, installed by scripts/setup-browser) is injected into our own pages and must
find no WCAG 2 A/AA violation (nor may Datasette's table page, as templates/table.html serves it).
Every page type (home, finder, each planner's question, charts, scaling, a course, a table, a
search, changes) is also opened at 390 px (a phone) and 1280 px: the page is never wider than the
screen, no chart text is drawn under 11 px, axe finds nothing; screenshots NAME-390.png / -1280.png.
Bounded: one server and one browser for the module; the whole file runs in well under a minute.
"""
import json
import os
import re
import time
import urllib.request

import pytest

from datasette_fixtures import ROOT, datasette_argv
from datasette_fixtures import catalogue_plain, catalogue_with_history  # noqa: F401
from served_site import browser_tab, datasette_serving

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


@pytest.fixture(scope="module")
def server(catalogue_with_history, prerequisites):
    with datasette_serving(datasette_argv(catalogue_with_history)) as (base, _):
        yield base


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
    with browser_tab(browser, server, timings, {"width": 1200, "height": 900}) as tab:
        yield tab


def record(page, name):
    """Screenshot and load time of the page as it is now."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # The whole page, but at most the first 12,000 px: Datasette's table page as cards on a phone is
    # ~77,000 px tall, and a screenshot that size takes longer than the test may.
    height = page.evaluate("() => document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": 0, "width": width, "height": 12_000} if height > 12_000 else None
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, clip=clip, timeout=30_000)
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
                 "Professions", "Recent changes", "Facts not yet known", "Find courses for me"):
        assert page.get_by_role("link", name=link, exact=True).count() >= 1, link
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    record(page, "01-home")
    assert axe_violations(page, "01-home") == []


def test_search_from_the_home_page(page):
    page.goto("/")
    page.get_by_label("Search the courses").fill("observation")
    page.get_by_label("Search the courses").press("Enter")
    page.wait_for_url(re.compile(r"/catalogue/search_courses\?q=observation"))
    table = page.locator("table#answer").inner_text()
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


# ---------------------------------------------------------------- every page type, phone and desktop

WIDTHS = (390, 1280)
PAGE_TYPES = [
    ("home", "/"),
    ("finder", "/-/find-courses?profession=health+visitor&level=1"),
    ("finder-top-level", "/-/find-courses?profession=clinical+psychologist&level=3"),
    ("question-level", "/catalogue/courses_by_aimh_level"),
    ("question-funding", "/catalogue/courses_by_funding"),
    ("question-duration", "/catalogue/courses_by_duration"),
    ("question-profession", "/catalogue/courses_for_profession?profession=HV"),
    ("question-profession-typo", "/catalogue/courses_for_profession?profession=health+visiter"),
    ("question-unknown", "/catalogue/unknown_facts"),
    ("question-search", "/catalogue/search_courses?q=video+feedback"),
    ("question-changed", "/catalogue/what_changed"),
    ("charts", "/-/charts"),
    ("scaling", "/-/scaling"),
    ("course", "/catalogue/courses/northampton-pgcert-infant-mental-health"),
    ("table", "/catalogue/courses"),
    ("search", "/catalogue/courses?_search=video+feedback"),
    ("changes", "/-/changes"),
    # issue 23: the readable pages home links to instead of raw tables, the sources page, the SQL on request
    ("sources", "/-/sources"),
    ("question-routes", "/catalogue/career_routes"),
    ("question-professions", "/catalogue/professions_explained"),
    ("question-requirements", "/catalogue/who_can_take_what"),
    ("question-levels-explained", "/catalogue/aimh_levels_explained"),
    ("question-disagree", "/catalogue/where_sources_disagree"),
    ("question-how", "/catalogue/courses_by_funding?_how=1"),
    ("scaling-changed", "/-/scaling?pay_rise=5%25"),
    ("provider", "/catalogue/providers/oxpip"),
    ("route", "/catalogue/routes/recruit-to-train"),
    ("question-glossary", "/catalogue/glossary_explained"),
]
# The smallest chart text as drawn on screen: each chart image's own SVG is read, its smallest
# font-size (13 unless a text says otherwise) scaled by the image's width on the page over its own.
SMALLEST_CHART_TEXT = """async () => {
  const sizes = [];
  for (const img of document.querySelectorAll('img.chart')) {
    const svgText = await (await fetch(img.currentSrc || img.src)).text();
    const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
    const base = parseFloat(svg.getAttribute('font-size') || '16');
    const own = parseFloat(svg.getAttribute('width'));
    let smallest = base;
    for (const t of svg.querySelectorAll('text')) {
      let size = base, node = t;
      while (node && node !== svg) { if (node.getAttribute && node.getAttribute('font-size')) { size = parseFloat(node.getAttribute('font-size')); break; } node = node.parentNode; }
      smallest = Math.min(smallest, size);
    }
    sizes.push({src: img.currentSrc || img.src, px: smallest * img.getBoundingClientRect().width / own});
  }
  return sizes;
}"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, browser, server, timings):
    with browser_tab(browser, server, timings, {"width": request.param, "height": 900}, width=request.param) as tab:
        yield tab


@pytest.mark.parametrize("name, path", PAGE_TYPES, ids=[name for name, _ in PAGE_TYPES])
def test_every_page_fits_the_screen_reads_and_passes_axe(sized_page, name, path):
    page = sized_page
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_load_state("load")
    shot = f"{name}-{page.width}"
    record(page, shot)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} at {page.width} px is {overflow} px wider than the screen"
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    for chart in page.evaluate(SMALLEST_CHART_TEXT):
        assert chart["px"] >= 11, f"{chart['src']} at {page.width} px draws text {chart['px']:.1f} px high"
    assert "SELECT" not in page.title() and "select" not in page.title(), "the tab title is words, not SQL"
    assert axe_violations(page, shot) == []


def test_charts_on_a_phone_are_drawn_for_a_phone(browser, server):
    """At 390 px the charts come in their narrow layout (text at its size), at 1280 px the wide one."""
    for width, narrow in ((390, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=server)
        page = context.new_page()
        page.goto("/-/charts")
        page.wait_for_load_state("load")
        sources = page.evaluate("() => [...document.querySelectorAll('img.chart')].map(i => i.currentSrc)")
        assert len(sources) == 2
        assert all(("layout=narrow" in s) == narrow for s in sources), (width, sources)
        context.close()


def test_a_question_page_is_a_page_not_a_query(page):
    page.goto("/catalogue/courses_by_funding")
    assert page.locator("h1").inner_text() == "Courses by funding"
    assert page.title().startswith("Courses by funding")
    # Issue 23: the SQL is not on the page a planner reads; "How this was worked out" shows it.
    assert page.locator("#sql-query").count() == 0 and "SELECT" not in page.locator("body").inner_text()
    page.get_by_role("link", name="How this was worked out").click()
    page.wait_for_url(re.compile(r"_how=1"))
    sql = page.locator("#sql-query")
    assert sql.is_visible() and "COALESCE(c.funding, 'unknown')" in sql.inner_text()
    page.go_back()
    # seed 000: IEYP tuition "fully funded by NHS England": its row says so in words, and links to the course.
    ieyp = page.locator("#answer tr", has_text="Infant and Early Years Practitioner (IEYP) Postgraduate Diploma")
    assert "Fully funded" in ieyp.inner_text() and "fully_funded" not in ieyp.inner_text()
    ieyp.get_by_role("link", name="Infant and Early Years Practitioner (IEYP) Postgraduate Diploma").click()
    page.wait_for_url(re.compile(r"/catalogue/courses/ieyp-postgraduate-diploma$"))
    assert page.locator("h1").inner_text() == "Infant and Early Years Practitioner (IEYP) Postgraduate Diploma"


def test_a_profession_with_a_typo_is_read_by_the_matcher(page):
    page.goto("/catalogue/courses_for_profession")
    page.get_by_label("Profession, in your own words").fill("health visiter")
    page.get_by_role("button", name="Show the answer").click()
    notice = page.locator("#profession-matched")
    assert "Health visitor" in notice.inner_text()
    # the query's verdicts come from the recommender, whose matcher reads the typo: the answer is there
    page.wait_for_selector("#answer tr")
    assert page.locator("#answer tr").count() > 10
    page.goto("/catalogue/courses_for_profession?profession=xyzzy")
    alert = page.get_by_role("alert")
    assert "closely enough" in alert.inner_text() and "Did you mean" in alert.inner_text()


def test_the_course_page_reads_as_a_course(page):
    page.goto("/catalogue/courses/northampton-pgcert-infant-mental-health")
    key = page.locator(".course-key-facts").inner_text()
    # seed 001: "seven month course"; seed 002 Appendix 1: "one year": both shown, side by side.
    assert "seven month course" in key and "one year" in key
    assert page.locator("#disagree-duration").is_visible()
    # The served catalogue has a crawl history: Northampton's page got a 404 on 1 Nov (tests/datasette_fixtures.py).
    assert "last fetched 1 Nov 2026, 09:01 UTC" in key and "HTTP 404" in key
    # The raw row is for analysts: one link away, on Datasette's own table page.
    page.get_by_role("link", name="this course's row in the courses table").click()
    page.wait_for_url(re.compile(r"/catalogue/courses\?id=northampton-pgcert-infant-mental-health"))
    assert page.locator("table.rows-and-columns tbody tr").count() == 1


def test_the_scaling_question_answered_whole(page):
    page.goto("/")
    page.get_by_role("link", name="Scaling up parent-infant relationship teams").click()
    headline = page.locator("#scaling-headline").inner_text()
    # seed 002 Appendix 2: "45" teams in 25/26, "400" in 29/30, a five-year total of GBP 332,302,759.
    assert "£332,302,759" in headline and "45" in headline and "400" in headline
    assert "332302759" not in page.content()
    page.get_by_role("link", name="No pay rise").click()
    assert "with your changes" in page.locator("#scaling-headline").inner_text()
    assert "£332,302,759" not in page.locator("#scaling-headline").inner_text()


def test_search_in_the_fields_words(page):
    page.goto("/catalogue/search_courses?q=video+feedback")
    found = page.locator("#answer").inner_text()
    # seed 000: the IEYP's parent-infant pathway gains "accreditation in either ... (VIPP) or ... (VIG)".
    assert "Infant and Early Years Practitioner (IEYP) Postgraduate Diploma" in found
    assert "Video Interaction Guidance (VIG) initial training" in found


# ---------------------------------------------------------------- issue 23: what a planner reads

def test_a_citation_opens_its_source_on_the_sources_page(page):
    # seed-002 section 5.2 is cited by the M7 course's level reason ("a good knowledge of the needs of babies").
    page.goto("/catalogue/courses_by_aimh_level?level=1")
    cite = page.locator("a.cite", has_text="Parent-Infant Foundation workforce paper, section 5.2").first
    assert cite.is_visible()
    assert "seed-002" not in page.locator("#answer").inner_text()
    cite.click()
    page.wait_for_url(re.compile(r"/-/sources#seed-002$"))
    entry = page.locator("section#seed-002")
    assert entry.locator("h2").inner_text() == "Parent-Infant Foundation workforce paper"
    # the full title, as sources.yaml has it, and the id the JSON answers cite
    assert "Solutions to Growing the Specialised Parent-Infant Relationship Workforce" in entry.inner_text()
    assert "seed-002" in entry.inner_text()


def test_routes_funded_or_not_counts_the_unknown(page):
    page.goto("/")
    page.get_by_role("link", name="Career routes, funded or not").click()
    page.wait_for_url(re.compile(r"/catalogue/career_routes$"))
    headings = page.locator("#answer thead th").all_inner_texts()
    assert "Funded?" in headings and "Length" in headings and not any("_" in h for h in headings)
    # routes.yaml: two routes are funded (yes), three vary, and the champions training says nothing: one bucket each,
    # the funded facet shown once.
    facet = page.locator("#facet-funded")
    assert facet.count() == 1
    assert facet.inner_text() == "Funded: Varies 3, Yes 2, not known 1."


def test_opening_one_part_of_the_assessment_keeps_the_others_open(page):
    page.goto("/-/workforce-assessment")
    parts = page.locator("form.assessment details.part")
    first, second = parts.nth(0), parts.nth(1)
    assert first.evaluate("d => d.open")  # the first part starts open
    second.locator("summary").click()
    page.locator("form.assessment details.part").nth(1).locator("select").first.select_option("R")
    page.locator("body").click(position={"x": 5, "y": 5})  # a click elsewhere on the page
    assert first.evaluate("d => d.open") and second.evaluate("d => d.open"), "the accordion keeps other sections open"
    # the navigation menu still closes on a click elsewhere
    menu = page.locator("details.nav-menu")
    if menu.count():
        menu.locator("summary").click()
        page.locator("h1").click()
        assert not menu.evaluate("d => d.open")


def test_a_rated_part_stays_open_after_the_plan_is_made(page):
    page.goto("/-/workforce-assessment?health-visiting.6=R&health-visiting.professions=health+visitor&health-visiting.levels=1")
    page.wait_for_selector(".assessment-result")
    rated = page.locator("form.assessment details.part", has=page.locator("#health-visiting-6"))
    assert rated.evaluate("d => d.open")


def test_which_courses_lead_there_opens_filled_in(page):
    page.goto("/-/scaling")
    page.get_by_role("link", name="to AiMH level 2").click()
    page.wait_for_url(re.compile(r"/catalogue/courses_by_aimh_level\?level=2$"))
    assert page.get_by_label("AiMH level the courses build towards").input_value() == "2"
    levels = set(page.locator("#answer td.col-builds_towards").all_inner_texts())
    assert levels == {"AiMH level 2: advanced knowledge and skills"}


def test_search_shows_the_words_that_matched(page):
    page.goto("/catalogue/search_courses?q=observe")
    # seed 002 7.5 (the ACP's clinical training): "including a 2-year weekly infant observation": the words
    # matched are marked in the course's own text, not the glossary's list of synonyms.
    row = page.locator("#answer tr", has_text="Child and Adolescent Psychotherapy clinical training (can include")
    where = row.locator("td.col-matched")
    assert "2-year weekly infant observation" in where.inner_text()
    assert where.locator("mark").first.inner_text().lower().startswith("observ")


def test_pathway_chart_labels_wrap_instead_of_being_cut(server):
    # A trainee clinical psychologist's pathways name long courses ("Postgraduate Certificate in Advanced
    # Practice in Infant Mental Health and Wellbeing"): every word of each step is drawn, none cut with "...".
    for layout in ("", "&layout=narrow"):
        svg = urllib.request.urlopen(
            f"{server}/-/charts/pathway.svg?profession=health+visitor&level=1{layout}").read().decode()
        assert "\u2026" not in svg and "..." not in svg
        assert "Wellbeing" in svg
