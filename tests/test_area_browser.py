"""/-/area-plan in headless Chromium at 390 px (a phone) and 1280 px (a desk), with the server and
browser set-up of tests/test_browser.py: ask for an area, read the plan, open a staff list from the
computer (read in the browser, nothing uploaded), nothing wider than the screen, no WCAG 2 A/AA
violation. Figures from seed 002 section 8: teams = babies x 5% / 150, rounded up; 3 parent-infant
specialists a team."""
import pytest

from datasette_fixtures import catalogue_plain, catalogue_with_history  # noqa: F401
from served_site import browser_tab, send_a_file_from_the_computer
from test_browser import axe_violations, browser, prerequisites, record, server, timings  # noqa: F401

pytestmark = pytest.mark.timeout(120)
SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(params=sorted(SIZES))
def page(request, browser, server, timings):  # noqa: F811
    with browser_tab(browser, server, timings, SIZES[request.param], device_scale_factor=1,
                     size_name=request.param) as tab:
        yield tab


def overflow(tab):
    return tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_ask_for_an_area_from_home_and_read_the_plan(page):
    page.goto("/")
    page.get_by_role("link", name="What does our area need?").click()
    page.wait_for_selector("#babies")
    assert page.locator("#area-summary").count() == 0      # nothing assumed: the planner gives the number
    page.locator("#babies").fill("14000")
    page.get_by_role("button", name="Show the plan").click()
    page.wait_for_selector("#area-summary")
    assert "babies=14000" in page.url                      # the plan lives in the URL
    # 14,000 x 5% / 150 = 4.667 -> 5 whole teams
    assert page.locator("#teams").inner_text() == "5"
    assert "4.667 teams" in page.locator("#area-summary").inner_text()
    assert "Parent-infant specialist: 15 WTE" in page.locator("ul.posts").inner_text()   # 3 x 5
    assert overflow(page) <= 0, "the page is wider than the screen"
    record(page, f"30-area-plan-{page.size_name}")
    assert axe_violations(page, f"30-area-plan-{page.size_name}") == []


def test_a_staff_list_is_read_from_the_computer_into_the_form(page, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("name,profession,level\nHV1,health visitor,1\n", encoding="utf-8")
    page.goto("/-/area-plan?babies=3000")
    send_a_file_from_the_computer(page, staff, "details.part summary", "#roster-file", "roster", "HV1", "Show the plan")
    page.wait_for_selector("#area-summary")
    # one team: 3 parent-infant specialist posts, HV1 in one of them at AiMH 1 (the post needs 2)
    gap = page.locator("#role-parent-infant-specialist p.gap").inner_text()
    assert gap == "In post: 1 (0 at the level); vacant: 2; to train: 1."
    assert overflow(page) <= 0


def test_bad_number_of_babies_shows_an_alert(page):
    response = page.goto("/-/area-plan?babies=-4")
    assert response.status == 400
    assert "is negative" in page.get_by_role("alert").inner_text()
    assert overflow(page) <= 0
