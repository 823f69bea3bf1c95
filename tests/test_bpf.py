"""bpf: facts in sentences under tabs (Course content, Entry requirements, Course fees, How to apply)."""
import pytest

from crawler.spiders.bpf import BpfSpider
from spider_page import facts, methods, saved_page

URL = "https://www.britishpsychotherapyfoundation.org.uk/education/training/psychoanalytic-parent-infant-psychotherapy/"


@pytest.fixture(scope="module")
def page():
    return facts(BpfSpider, "bpf.html", URL)


def test_title_is_the_current_one_not_the_papers(page):
    # The page renamed the course under the same URL (OBSERVED.md).
    assert page["title"] == "Psychodynamic or Psychoanalytic Parent\u2011infant Psychotherapy (PPIP)"


def test_fees_come_from_the_course_fees_tab(page):
    assert page["fee"] == "GBP 4950"


def test_entry_requirements_tab(page):
    assert "UKCP" in page["entry_requirements"]


def test_next_intake(page):
    assert page["start_date_iso"] == "2026-01"


def test_duration_read_from_prose(page):
    assert page["duration_months"] == "18–24"
    assert methods(BpfSpider, "bpf.html", URL)["duration"] == "prose"


def test_infant_observation_page():
    page = facts(BpfSpider, "bpf_infant_observation.html",
                 "https://www.britishpsychotherapyfoundation.org.uk/education/pre-training-introductory-courses/Infant-Observation")
    assert page["duration_months"] == "24" and "personal therapy" in page["entry_requirements"]


def test_parse_yields_one_fetch_item():
    items = list(BpfSpider().parse(saved_page("bpf.html", URL, "bpf-parent-infant-psychotherapy")))
    assert len(items) == 1 and items[0]["outcome"] == "ok" and items[0]["course_id"] == "bpf-parent-infant-psychotherapy"
