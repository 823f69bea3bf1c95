from crawler.spiders.school_of_infant_mental_health import SchoolOfInfantMentalHealthSpider as Spider
from spider_page import facts


def test_course_length_range():
    page = facts(Spider, "school_of_infant_mental_health.html", "https://infantmentalhealth.com/parent-infant-psychoanalytic-psychotherapy/")
    # Seed 002: "2-4 years – depending on previous qualification and experience"
    assert page["duration_months"] == "24–48"
    assert page["entry_requirements"] == "Professional qualification"
    assert "fee" not in page  # no fee is known: unknown stays unknown


def test_workshops_page_gives_no_dates_or_prices():
    page = facts(Spider, "school_of_infant_mental_health_workshops.html", "https://infantmentalhealth.com/")
    assert not {"start_date", "fees", "mode"} & set(page)
