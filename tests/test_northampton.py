from crawler.spiders.northampton import NorthamptonSpider
from spider_page import facts, methods

URL = "https://www.northampton.ac.uk/courses/postgraduate-certificate-in-advanced-practice-in-infant-mental-health-and-wellbeing/"


def test_key_facts_box():
    page = facts(NorthamptonSpider, "northampton.html", URL)
    # Seven months, as seed 001 and the news pages say (the paper says one year).
    assert page["duration_months"] == "7"
    assert page["start_date_iso"] == "2026-02"
    assert page["mode"] == "Online" and page["award"] == "PGCert" and page["fee"] == "GBP 2150"
    assert methods(NorthamptonSpider, "northampton.html", URL)["duration"] == "label"
