"""Northampton: the course page (not stored: seed facts only) and a real news page."""
from crawler.spiders.northampton import NorthamptonSpider
from spider_page import facts

URL = "https://www.northampton.ac.uk/courses/postgraduate-certificate-in-advanced-practice-in-infant-mental-health-and-wellbeing/"
NEWS = "https://www.northampton.ac.uk/news/good-mental-health-starts-when-we-start-uon-students-champion-infant-mh/"


def test_course_page_seven_months_and_nothing_invented():
    page = facts(NorthamptonSpider, "northampton.html", URL)
    # Seed 001: "The bespoke seven month course is endorsed and accredited by ... (AIMH)".
    assert page["duration_months"] == "7"
    assert page["award"] == "PgCert"
    assert not {"fees", "start_date"} & set(page)   # no fee or intake is known


def test_a_news_pages_date_is_not_a_start():
    page = facts(NorthamptonSpider, "northampton_news.html", NEWS)
    assert page["date"] == "16.06.2023" and "start_date" not in page and "start_date_iso" not in page
    assert page["award"] == "PgCert"   # "... the Postgraduate Certificate in Advanced Practice ..."
