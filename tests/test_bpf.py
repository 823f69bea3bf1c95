"""bpf: facts in sentences under tabs, "Hybrid Learning" under the title (real-pages/19)."""
import pytest

from crawler.spiders.bpf import BpfSpider
from spider_page import facts, methods, readings, saved_page

URL = "https://www.britishpsychotherapyfoundation.org.uk/education/training/psychoanalytic-parent-infant-psychotherapy/"


@pytest.fixture(scope="module")
def page():
    return facts(BpfSpider, "bpf.html", URL)


def test_title_is_the_current_one_not_the_papers(page):
    # The page renamed the course under the same URL (OBSERVED.md).
    assert page["title"] == "Psychodynamic or Psychoanalytic Parent-infant Psychotherapy"


def test_next_intake_not_the_opening_of_applications(page):
    # "The next intake for this course will be January 2026. Applications will open in January 2025."
    assert page["start_date_iso"] == "2026-01"


def test_duration_read_from_prose(page):
    # "During this  2-year course" (double space as on the page); not "Once a month for 18 months".
    assert page["duration_months"] == "24"
    assert methods(BpfSpider, "bpf.html", URL)["duration"] == "prose"


def test_hybrid(page):
    assert readings(BpfSpider, "bpf.html", URL)["mode"]["mode"] == "hybrid"


def test_no_fee_or_entry_requirements_are_made_up(page):
    # The stored copy held neither: the fixture's tabs are empty, and so is the reading.
    assert "fee" not in page and "fees" not in page and "entry_requirements" not in page


def test_infant_observation_page():
    page = facts(BpfSpider, "bpf_infant_observation.html",
                 "https://www.britishpsychotherapyfoundation.org.uk/education/pre-training-introductory-courses/Infant-Observation")
    assert "Personal therapy at least weekly" in page["entry_requirements"]
    assert "duration_months" not in page   # "from birth to two" is the baby's age, no unit given


def test_parse_yields_one_fetch_item_with_where_and_readings():
    items = list(BpfSpider().parse(saved_page("bpf.html", URL, "bpf-parent-infant-psychotherapy")))
    assert len(items) == 1 and items[0]["outcome"] == "ok" and items[0]["course_id"] == "bpf-parent-infant-psychotherapy"
    assert items[0]["where"]["duration"] == {"layer": "prose", "selector": "main#content > div.tabs > div#tab-content > p"}
    assert items[0]["readings"]["dates"][0] == {"date": "2026-01", "role": "start",
                                                "text": "The next intake for this course will be January 2026"}
