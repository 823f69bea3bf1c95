from crawler.spiders.ieyp import IeypSpider
from spider_page import facts


def test_nhs_jobs_advert():
    page = facts(IeypSpider, "ieyp.html", "https://www.jobs.nhs.uk/candidate/jobadvert/C9812-25-0456")
    # OBSERVED.md: "a 1-year fixed-term post ... course start 19 January 2026, teaching at Anna Freud in London"
    assert page["title"] == "Infant and Early Years Practitioner Parent-Infant (IEYP-PI) Trainee"
    assert page["duration_months"] == "12"
    assert page["start_date_iso"] == "2026-01-19"
    assert "Anna Freud" in page["location"]
    assert page["funding"] == "Paid by NHS England" and page["award"] == "PgDip"
