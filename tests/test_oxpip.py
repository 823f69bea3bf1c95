"""OxPIP: question headings, facts in sentences."""
from crawler.spiders.oxpip import OxpipSpider
from spider_page import facts


def test_diploma_time_commitment_is_eighteen_months():
    page = facts(OxpipSpider, "oxpip.html", "https://www.oxpip.org.uk/extended-course/parent-infant-therapist-diploma")
    # Regression: "one teaching day a month" once read as a one-month duration.
    assert page["duration_months"] == "18"
    assert "clinical registration" in page["entry_requirements"]
    assert "clinical registration" in page["audience"]


def test_advanced_practitioner():
    page = facts(OxpipSpider, "oxpip_advanced.html", "https://www.oxpip.org.uk/extended-course/advanced-parent-infant-practitioner-training")
    assert page["duration_months"] == "12"


def test_short_courses_list_takes_the_next_event():
    page = facts(OxpipSpider, "oxpip_short_courses.html", "https://app.sheepcrm.com/oxpip/events/e/training")
    assert page["start_date_iso"] == "2026-02-05" and page["fee"] == "GBP 60"
