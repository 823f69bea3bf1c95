from crawler.spiders.tavistock_and_portman import TavistockAndPortmanSpider as Spider
from spider_page import facts


def test_perinatal_infant_observation():
    page = facts(Spider, "tavistock_and_portman.html", "https://tavistockandportman.ac.uk/courses/infant-observation-in-the-perinatal-period/")
    assert page["duration_months"] == "2.8" and page["fee"] == "GBP 650" and page["start_date_iso"] == "2026-02-04"


def test_course_code_from_prose():
    page = facts(Spider, "tavistock_and_portman_m7.html",
                 "https://tavistockandportman.ac.uk/courses/working-with-children-young-people-and-families-a-psychoanalytic-observational-approach-m7-saturday")
    assert page["course_code"] == "M7" and page["duration_months"] == "24"


def test_m80():
    page = facts(Spider, "tavistock_and_portman_m80.html", "https://tavistockandportman.ac.uk/courses/child-and-adolescent-psychoanalytic-psychotherapy-m80/")
    assert page["course_code"] == "M80" and page["duration_months"] == "48"
