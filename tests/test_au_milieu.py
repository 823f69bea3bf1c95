from crawler.spiders.au_milieu import AuMilieuSpider
from spider_page import facts


def test_au_milieu():
    page = facts(AuMilieuSpider, "au_milieu.html", "https://au-milieu.org/infant-parent-psychotherapy-course")
    # Seed 002: "Duration: 2 years p/t", "Eligibility: existing psychoanalytic psychotherapist",
    # "The first cohort will be in January 2024."
    assert page["duration_months"] == "24"
    assert page["entry_requirements"] == "existing psychoanalytic psychotherapist"
    assert page["start_date_iso"] == "2024-01"
