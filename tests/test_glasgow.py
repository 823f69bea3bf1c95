"""Glasgow: a programme page (one "Duration" bullet per award), the microcredential page,
and course catalogue entries ("Taught Wholly by Distance Learning: Yes" as a bullet)."""
from crawler.spiders.glasgow import GlasgowSpider
from spider_page import facts, readings, saved_page

IMH = "https://www.gla.ac.uk/postgraduate/taught/infant-mental-health/"
MED5642 = "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642"


def test_programme_duration_per_award():
    # Seed 002: "MSc- 36 months part time, PGDip- 24 months part time, PGCert- 12 months part time"
    page = facts(GlasgowSpider, "glasgow.html", IMH)
    assert page["duration_months"] == "12–36"
    lengths = [(d["award"], d["months"]) for d in readings(GlasgowSpider, "glasgow.html", IMH)["durations"]]
    assert lengths == [("MSc", [36, 36]), ("PgDip", [24, 24]), ("PgCert", [12, 12])]
    assert page["award"] == "MSc/PgDip/PgCert"
    assert "2:1 honours" in page["entry_requirements"]
    assert "fee" not in page   # no fee is on the page


def test_microcredential_says_ten_weeks_and_links_its_catalogue_entry():
    url = "https://www.gla.ac.uk/study/microcredentials/understanding-infant-mental-health-development/"
    page = facts(GlasgowSpider, "glasgow_microcredential.html", url)
    assert page["duration_months"] == "2.3"   # seed 002: "Duration: 10 weeks"
    out = list(GlasgowSpider().parse(saved_page("glasgow_microcredential.html", url)))
    assert [r.url for r in out if hasattr(r, "callback")] == [MED5642]


def test_course_catalogue_says_eleven_weeks():
    page = facts(GlasgowSpider, "glasgow_course_catalogue.html", MED5642)
    # The two Glasgow pages disagree (10 vs 11 weeks): both are kept, each under its own URL.
    assert page["duration"] == "Online content delivered as an eleven-week course."
    assert page["credits"] == "10" and page["start_date"] == "Semester 1" and "start_date_iso" not in page
    # "Taught Wholly by Distance Learning: Yes" is the mode online, never the mode "Yes".
    assert page["mode"] == "online (wholly distance learning)"
    assert page["course_code"] == "MED5642" and page["title"] == "Understanding Infant Mental Health and Development"


def test_the_covid_notice_above_the_title_is_not_the_session():
    # "...published in the course catalogue for 2020-21" sits above the title; the session is 2022-23.
    assert facts(GlasgowSpider, "glasgow_course_catalogue.html", MED5642)["session"] == "2022-23"
