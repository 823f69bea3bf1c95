"""OxPIP: question headings, facts in sentences (real-pages/18 for the template)."""
from crawler.spiders.oxpip import OxpipSpider
from spider_page import facts


def test_diploma_time_commitment_is_eighteen_months():
    page = facts(OxpipSpider, "oxpip.html", "https://www.oxpip.org.uk/extended-course/parent-infant-therapist-diploma")
    assert page["duration_months"] == "18"   # seed 002: "Duration: 18 months"
    assert "clinical registration" in page["audience"]


def test_advanced_practitioner():
    page = facts(OxpipSpider, "oxpip_advanced.html", "https://www.oxpip.org.uk/extended-course/advanced-parent-infant-practitioner-training")
    assert page["duration_months"] == "12"   # seed 002: "Duration: one year"


def test_short_courses_page_gives_no_facts():
    # Seed 002 names the page but no event, date or price: nothing is read, nothing made up.
    page = facts(OxpipSpider, "oxpip_short_courses.html", "https://app.sheepcrm.com/oxpip/events/e/training")
    assert set(page) == {"title"}


def test_infant_observation_side_period():
    page = facts(OxpipSpider, "oxpip_infant_observation.html", "https://www.oxpip.org.uk/extended-course/infant-observation-training")
    # "seven terms, allowing for one term in which to find ... However ... over four terms"
    assert page["duration_months"] == "12–28"
