from crawler.spiders.other_providers import OtherProvidersSpider
from spider_page import facts, readings

URL = "https://www.ucl.ac.uk/prospective-students/graduate/research-degrees/child-and-adolescent-psychotherapy-dpsych"


def test_ucl_key_facts_uk_fee_not_overseas():
    page = facts(OtherProvidersSpider, "other_providers.html", URL)
    # OBSERVED.md: "UK fee 2025/26 GBP 6,215 (overseas 36,500); starts September 2025"
    assert page["fee"] == "GBP 6215" and page["duration_months"] == "48" and page["start_date_iso"] == "2025-09"
    # The home fee is the course fee, with its academic year; the overseas fee is its own fact.
    assert page["fee_year"] == "2025/26" and page["fee_overseas_gbp"] == "36500"
    read = readings(OtherProvidersSpider, "other_providers.html", URL)
    assert [(f["amount"], f["audience"], f["year"]) for f in read["fees"]] == [(6215, "UK", "2025/26")]
    assert [(f["amount"], f["audience"], f["year"]) for f in read["fee_overseas"]] == [(36500, "overseas", "2025/26")]
    assert "upper second" in page["entry_requirements"]


def test_vig_half_days_and_fee_in_prose():
    page = facts(OtherProvidersSpider, "other_providers_vig.html", "https://www.videointeractionguidance.net/training")
    # OBSERVED.md: "initial training course of four half-day sessions, about GBP 400"
    assert page["fee"] == "GBP 400"
    assert readings(OtherProvidersSpider, "other_providers_vig.html", "https://www.videointeractionguidance.net/training")["durations"][0]["days"] == [2, 2]
