from crawler.spiders.au_milieu import AuMilieuSpider
from spider_page import facts


def test_au_milieu():
    page = facts(AuMilieuSpider, "au_milieu.html", "https://au-milieu.org/infant-parent-psychotherapy-course")
    assert page["duration_months"] == "24"
    assert page["location"] == "South West London"
    assert "psychoanalytic psychotherapists" in page["entry_requirements"]
