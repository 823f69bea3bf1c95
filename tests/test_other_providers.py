from crawler.spiders.other_providers import OtherProvidersSpider
from spider_page import facts, methods

URL = "https://www.ucl.ac.uk/prospective-students/graduate/research-degrees/child-and-adolescent-psychotherapy-dpsych"


def test_json_ld_comes_first():
    page = facts(OtherProvidersSpider, "other_providers.html", URL)
    assert page["fee"] == "GBP 6215" and page["duration_months"] == "48" and page["start_date_iso"] == "2025-09-22"
    assert methods(OtherProvidersSpider, "other_providers.html", URL)["fees"] == "json-ld"
    # Labels fill what JSON-LD does not give.
    assert "upper second" in page["entry_requirements"]


def test_vig_half_days():
    page = facts(OtherProvidersSpider, "other_providers_vig.html", "https://www.videointeractionguidance.net/training")
    assert page["fee"] == "GBP 400"
