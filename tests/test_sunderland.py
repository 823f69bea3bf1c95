from crawler.spiders.sunderland import SunderlandSpider
from spider_page import facts


def test_sunderland_table():
    page = facts(SunderlandSpider, "sunderland.html", "https://www.sunderland.ac.uk/study/north-east-workforce-skills/infant-mental-health/")
    assert page["duration"] == "10 weeks" and page["start_date_iso"] == "2026-01-12"
    # "Fully funded" is kept as words: it is funding, not a fee of 0.
    assert page["fees"].startswith("Fully funded") and "fee" not in page
