from crawler.spiders.ieyp import IeypSpider
from spider_page import facts


def test_nhs_jobs_advert():
    page = facts(IeypSpider, "ieyp.html", "https://www.jobs.nhs.uk/candidate/jobadvert/C9812-25-0456")
    assert page["title"] == "Infant and Early Years Practitioner Parent-Infant (IEYP-PI) Trainee"
    assert page["duration_months"] == "12"
    assert page["start_date_iso"] == "2026-01-19"
    assert "Anna Freud" in page["location"]
    assert page["funding"].startswith("£28,407")
