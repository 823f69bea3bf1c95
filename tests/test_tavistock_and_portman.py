from crawler.spiders.tavistock_and_portman import TavistockAndPortmanSpider as Spider
from spider_page import facts


def test_perinatal_infant_observation_seed_facts_only():
    page = facts(Spider, "tavistock_and_portman.html", "https://tavistockandportman.ac.uk/courses/infant-observation-in-the-perinatal-period/")
    assert page["duration_months"] == "2.8"   # seed 002: "Duration: 12 weeks"
    assert not {"fees", "start_date", "course_code"} & set(page)


def test_course_code_in_brackets_after_the_title():
    page = facts(Spider, "tavistock_and_portman_m7.html",
                 "https://tavistockandportman.ac.uk/courses/working-with-children-young-people-and-families-a-psychoanalytic-observational-approach-m7-saturday")
    assert page["course_code"] == "M7" and page["award"] == "PgDip/MA"
    assert page["title"] == "Perinatal, child, adolescent and family work: a psychoanalytic observational approach"


def test_m80():
    page = facts(Spider, "tavistock_and_portman_m80.html", "https://tavistockandportman.ac.uk/courses/child-and-adolescent-psychoanalytic-psychotherapy-m80/")
    # "Child and adolescent psychoanalytic psychotherapy (M80)"; "comprises four years of NHS clinical training"
    assert page["course_code"] == "M80" and page["duration_months"] == "48"
