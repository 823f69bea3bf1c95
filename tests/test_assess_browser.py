"""/-/workforce-assessment in headless Chromium on a 390 px wide phone screen (the same server and
browser set-up as tests/test_browser.py): rate in the form, get the plan, nothing wider than the
screen, chart text at least 11 px, no WCAG 2 A/AA violation."""
import csv
import re
from urllib.parse import urlencode

import pytest

from datasette_fixtures import ROOT
from datasette_fixtures import catalogue_plain, catalogue_with_history  # noqa: F401
from served_site import browser_tab, send_a_file_from_the_computer
from test_browser import axe_violations, browser, prerequisites, record, server, timings  # noqa: F401

pytestmark = pytest.mark.timeout(120)
PHONE = {"width": 390, "height": 844}
EXAMPLE = ROOT / "docs" / "examples" / "assessment.csv"
PART_IDS = {"Health visiting": "health-visiting", "Family hubs": "family-hubs", "Maternity services":
            "maternity-services", "Voluntary sector": "voluntary-sector", "Social work": "social-work"}


@pytest.fixture
def phone(browser, server, timings):  # noqa: F811
    with browser_tab(browser, server, timings, PHONE, device_scale_factor=1) as tab:
        yield tab


def example_query():
    params = {}
    for row in csv.DictReader(EXAMPLE.open(encoding="utf-8")):
        pid = PART_IDS[row["workforce_part"]]
        params[f"{pid}.{row['item']}"] = row["rating"]
        if row["professions"]:
            params[f"{pid}.professions"], params[f"{pid}.levels"] = row["professions"], row["aimh_levels"]
    return urlencode(params)


def overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_rate_in_the_form_and_get_the_plan_on_a_phone(phone):
    phone.goto("/-/workforce-assessment")
    assert overflow(phone) <= 0
    phone.locator("details.part summary", has_text="Health visiting").click()
    phone.get_by_label("6. Have the knowledge and skills to observe the quality of parent-child relationships").nth(1) \
        .select_option("R")  # the second part on the page is health visiting (seed 004's order)
    phone.locator("#health-visiting-professions").fill("health visitor")
    phone.locator("#health-visiting-levels").fill("1")
    phone.get_by_role("button", name="Make the training plan").click()
    phone.wait_for_selector(".assessment-result")
    # the state is in the URL: the plan can be bookmarked
    assert re.search(r"health-visiting\.6=R", phone.url)
    gap = phone.locator('section.gap[data-part="Health visiting"][data-item="6"]')
    assert "Red" in gap.locator("h3").inner_text()
    suggested = gap.locator("li.offer.suggested")
    # health visitors at AiMH 1 hold level 1 already: nothing for everyone, one for some (level 2), open to them
    assert suggested.count() == 1 and all("Eligible" in t for t in suggested.all_inner_texts())
    assert "holds AiMH level 1 or above already" in gap.locator("p.tier-everyone").inner_text()
    assert overflow(phone) <= 0
    bookmarked = phone.url
    phone.goto(bookmarked)
    assert phone.locator('section.gap[data-part="Health visiting"][data-item="6"]').count() == 1


def test_the_sample_area_plan_fits_a_phone_and_its_chart_is_readable(phone):
    response = phone.goto(f"/-/workforce-assessment?{example_query()}")
    assert response.status == 200
    phone.wait_for_load_state("load")
    assert overflow(phone) <= 0, "the page is wider than a 390 px screen"
    wide = phone.evaluate("""() => [...document.querySelectorAll('section.content *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == []
    sizes = phone.evaluate("""() => { const svg = document.querySelector('svg.rag-chart');
        const scale = svg.getScreenCTM().a;
        return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }""")
    assert sizes and min(sizes) >= 11, sizes
    labels = phone.evaluate("() => [...document.querySelectorAll('svg.rag-chart text')].map(t => t.textContent)")
    # no label runs past the chart's own edge
    assert phone.evaluate("""() => { const svg = document.querySelector('svg.rag-chart');
        return [...svg.querySelectorAll('text')].every(t => t.getBBox().x + t.getBBox().width <= svg.viewBox.baseVal.width); }""")
    assert any(label.startswith("Voluntary sector: 2 R, 0 A, 0 G") for label in labels)
    assert phone.locator("section.gap").count() == 13  # the example's 6 Red and 7 Amber
    record(phone, "20-workforce-assessment-phone")
    assert axe_violations(phone, "20-workforce-assessment-phone") == []


def test_bad_rating_shows_an_alert_on_a_phone(phone):
    response = phone.goto("/-/workforce-assessment?family-hubs.6=Purple")
    assert response.status == 400
    assert "rating 'Purple' is not R, A or G" in phone.get_by_role("alert").inner_text()
    assert overflow(phone) <= 0


DESK = {"width": 1280, "height": 900}


@pytest.fixture(params=["phone", "desk"])
def screen(request, browser, server, timings):  # noqa: F811
    with browser_tab(browser, server, timings, PHONE if request.param == "phone" else DESK, device_scale_factor=1,
                     size_name=request.param) as tab:
        yield tab


def test_a_planners_own_file_is_read_in_the_browser_and_planned_in_tiers(screen, tmp_path):
    # 40 health visitors at AiMH 1 rate item 6 Red. They hold level 1 (seed 002 4.2: "general knowledge and
    # skills"), so no level 1 course (seed 002 Appendix 1: "Infant observation in the perinatal period ...
    # Duration: 12 weeks", 480 staff-weeks) is suggested for all 40; seed 003 Level 2's "several practitioners"
    # take the longer level 2 training: a local decision.
    own = tmp_path / "our-assessment.csv"
    own.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                   "Health visiting,6,R,40,health visitor,1\n", encoding="utf-8")
    screen.goto("/-/workforce-assessment")
    send_a_file_from_the_computer(screen, own, "#assessment-file-form summary", "#assessment-file", "assessment",
                                  "Health visiting,6,R,40", "Make the plan from this file")
    screen.wait_for_selector(".assessment-result")
    assert "assessment=" in screen.url           # the plan lives in the URL: nothing was uploaded or kept
    everyone = screen.locator("p.tier-everyone").first.inner_text()
    assert "holds AiMH level 1 or above already" in everyone and "480" not in everyone
    some = screen.locator("p.tier-some").first.inner_text()
    assert "a local decision" in some and "several practitioners from your local authority area" in some
    assert "Infant and Early Years Practitioner Parent-Infant (IEYP-PI) trainee post" in \
        screen.locator("p.recruit").inner_text()
    totals = screen.locator("#tier-totals").inner_text()
    assert "480" not in totals and "a local decision" in totals and "GBP" not in totals and "£0" not in totals
    assert overflow(screen) <= 0
    record(screen, f"21-workforce-assessment-file-{screen.size_name}")
    assert axe_violations(screen, f"21-workforce-assessment-file-{screen.size_name}") == []
    with screen.expect_download() as download:
        screen.get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "tier,2,Health visiting,6,R" in text and "none: level held" in text and ",40,480,480," not in text
