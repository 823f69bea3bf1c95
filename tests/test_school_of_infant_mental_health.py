from crawler.spiders.school_of_infant_mental_health import SchoolOfInfantMentalHealthSpider as Spider
from spider_page import facts


def test_course_length_range():
    page = facts(Spider, "school_of_infant_mental_health.html", "https://infantmentalhealth.com/parent-infant-psychoanalytic-psychotherapy/")
    # "2 – 4 years" with a typographic dash.
    assert page["duration_months"] == "24–48"
    assert page["audience"].startswith("Clinicians with a professional qualification")
    assert "fee" not in page  # "please contact us" is no amount: unknown stays unknown


def test_workshops_page():
    page = facts(Spider, "school_of_infant_mental_health_workshops.html", "https://infantmentalhealth.com/")
    assert page["start_date_iso"] == "2026-03-14" and page["fee"] == "GBP 85"
