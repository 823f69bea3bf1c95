from crawler.spiders.glasgow import GlasgowSpider
from spider_page import facts


def test_programme_duration_per_award():
    page = facts(GlasgowSpider, "glasgow.html", "https://www.gla.ac.uk/postgraduate/taught/infant-mental-health/")
    assert page["duration_months"] == "12–36"
    assert page["fee"] == "GBP 15000"   # the first (MSc) fee the page gives
    assert "2.1" in page["entry_requirements"]


def test_microcredential_says_ten_weeks():
    page = facts(GlasgowSpider, "glasgow_microcredential.html",
                 "https://www.gla.ac.uk/study/microcredentials/understanding-infant-mental-health-development/")
    assert page["duration_months"] == "2.3"


def test_course_catalogue_says_eleven_weeks():
    page = facts(GlasgowSpider, "glasgow_course_catalogue.html", "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642")
    # The two Glasgow pages disagree (10 vs 11 weeks): both are kept, each under its own URL.
    assert page["duration"] == "This course runs over eleven weeks."
    assert page["credits"] == "10" and page["start_date"] == "Semester 1"
    assert page["mode"] == "wholly distance learning"
