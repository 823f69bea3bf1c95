"""Sunderland: a "Key course information" box and a strapline (real-pages/13)."""
from crawler.spiders.sunderland import SunderlandSpider
from spider_page import facts


def test_imh_course_page_has_only_the_seed_facts():
    page = facts(SunderlandSpider, "sunderland.html", "https://www.sunderland.ac.uk/study/north-east-workforce-skills/infant-mental-health/")
    assert page["duration"] == "10 weeks"   # seed 002: "Duration: 10 weeks"
    assert not {"start_date", "fees", "funding"} & set(page)


def test_key_course_information_box():
    page = facts(SunderlandSpider, "sunderland_academic_recognition_cpd.html", "https://www.sunderland.ac.uk/short-courses-cpd/academic-recognition-cpd")
    # "Duration12 weeks", "Start dates24 February 2026", "Fee£550", "Course codeCID1396"
    assert page["duration"] == "12 weeks" and page["start_date_iso"] == "2026-02-24"
    assert page["fee"] == "GBP 550" and page["course_code"] == "CID1396"
    # The strapline ("...development at Level 6.") is not a course fact read as one.
    assert page["level"] == "Short courses and CPD"
