"""The currency policy as a pure function (crawler/catalogue/currency.py): which value a course shows.

Each threshold is tested at, below and above its boundary. Values are the sources' own words:
seed 002 Appendix 1 ("one year", "18 months", "2 years"), the Northampton page's key facts
("UK £2,150 (2025/26)", "February 2026"), the bpf page ("£4,950 per year").
"""
import pytest

from crawler.catalogue.currency import SIGHTINGS_NEEDED, decide, doubt

SEED = {"value": "one year", "source_id": "seed-002", "source_kind": "seed", "section": "Appendix 1", "shown": True}
PAGE = "https://www.oxpip.org.uk/extended-course/advanced-parent-infant-practitioner-training"


def seen(*readings, method="label"):
    """Successful crawls of the page, one a day, each giving `reading` (None: the field was missing)."""
    return [{"fetched_at": f"2026-11-{day:02d}T04:17:00+00:00", "url": PAGE,
             "reading": None if r is None else (r, method)} for day, r in enumerate(readings, start=1)]


def test_two_sightings_are_needed_by_the_written_policy():
    # docs/data-model.md: "seen in two consecutive successful crawls".
    assert SIGHTINGS_NEEDED == 2


@pytest.mark.parametrize("times, shown", [(1, "one year"), (2, "One year, part time"), (3, "One year, part time")])
def test_a_page_reading_is_shown_after_two_consecutive_sightings(times, shown):
    decision = decide("duration", [SEED], seen(*["One year, part time"] * times))
    assert decision.shown["value"] == shown
    # seen once: it waits for the next crawl; seen twice or more: replaced once, with the old value kept
    assert len(decision.changes) == (0 if times < 2 else 1)
    assert (decision.waiting or {}).get("status") == ("seen once" if times < 2 else None)


def test_the_replaced_value_and_the_new_source_are_recorded():
    decision = decide("duration", [SEED], seen("One year, part time", "One year, part time"))
    old, new = decision.changes[0]
    assert old["value"] == "one year" and old["source_id"] == "seed-002"
    assert new["url"] == PAGE and new["fetched_at"] == "2026-11-02T04:17:00+00:00" and new["source_kind"] == "crawl"


def test_sightings_must_be_consecutive():
    # A crawl in between that did not give the field breaks the run of sightings.
    decision = decide("duration", [SEED], seen("One year, part time", None, "One year, part time"))
    assert decision.shown["value"] == "one year"
    assert decision.waiting["status"] == "seen once"


def test_structured_data_is_shown_after_one_sighting():
    decision = decide("duration", [SEED], seen("P12M one year", method="json-ld"))
    assert decision.shown["value"] == "P12M one year"


def test_a_promoted_value_stays_when_later_crawls_lose_the_field():
    decision = decide("duration", [SEED], seen("One year, part time", "One year, part time", None, None))
    assert decision.shown["value"] == "One year, part time"


def test_a_pin_beats_any_reading():
    pinned = {"value": "one year", "source_id": "project-judgement", "source_kind": "judgement", "pinned": True,
              "why": "the provider confirmed by email", "shown": True}
    decision = decide("duration", [dict(SEED, shown=False), pinned], seen(*["18 months"] * 5))
    assert decision.shown["value"] == "one year" and decision.shown["how"] == "pinned"
    assert decision.waiting["kind"] == "conflicts with a pinned value"
    assert decision.changes == []


def test_a_doubtful_reading_waits_for_a_person_and_is_never_shown():
    decision = decide("duration", [SEED], seen(*["10 years"] * 4))
    assert decision.shown["value"] == "one year"
    assert decision.waiting["status"] == "waits for a person"


@pytest.mark.parametrize("reading, doubtful", [
    ("4 months", False),    # 12 / 4 = 3 times shorter: at the boundary, plausible
    ("5 months", False),    # 2.4 times: below
    ("3 months", True),     # 4 times: above
    ("36 months", False),   # 3 times longer: at
    ("37 months", True),    # above
])
def test_a_duration_far_outside_every_other_source_is_doubtful(reading, doubtful):
    assert (doubt("duration", reading, ["one year"]) is not None) is doubtful


def test_a_duration_close_to_any_one_source_is_plausible():
    # Northampton: seed 002 says one year, seed 001 seven months; "seven months" is close to one of them.
    assert doubt("duration", "7 months part-time", ["one year", "seven month course"]) is None
    assert doubt("duration", "2 days", ["one year", "seven month course"]) is not None


@pytest.mark.parametrize("reading, doubtful", [
    ("UK £2,150 (2025/26)", False),   # the page's own fee, as on the key facts
    ("£6,450", False),                # 3 times £2,150: at the boundary
    ("£6,451", True),                 # above
    ("£717", False),                  # just under 3 times cheaper
    ("£716", True),                   # more than 3 times cheaper
])
def test_a_fee_far_from_every_other_source_is_doubtful(reading, doubtful):
    assert (doubt("cost", reading, [2150.0]) is not None) is doubtful


@pytest.mark.parametrize("reading", [
    "The fee for the course is £4,950 per year, payable in termly instalments.",    # bpf: a part, not the whole
    "MSc £15,000; PgDip £10,000; PgCert £5,000 (total).",                          # Glasgow: several awards
    "Please contact the School for current fees.",                                  # no amount
    "€1,500",                                                                       # not in pounds
])
def test_a_fee_reading_that_is_not_one_fee_for_the_course_waits(reading):
    assert doubt("cost", reading, []) is not None


def test_a_start_next_to_an_application_date_waits():
    # bpf's page: "next intake January 2026; applications open January 2025".
    assert doubt("start_dates", "January 2026. Applications open January 2025.", []) is not None
    assert doubt("start_dates", "February 2026", []) is None


@pytest.mark.parametrize("title", ["Page not found", "404", "Sign in to continue"])
def test_an_error_page_title_is_doubtful(title):
    assert doubt("title", title, ["Infant Mental Health Postgraduate Course"]) is not None


def test_a_page_heading_waits_for_a_person_until_the_page_changes_it():
    seed_title = {"value": "Infant Mental Health Postgraduate Course", "source_id": "seed-002", "shown": True}
    first = decide("title", [seed_title], seen("Infant Mental Health", "Infant Mental Health"))
    assert first.shown["value"] == "Infant Mental Health Postgraduate Course"
    assert first.waiting["kind"] == "page heading differs"
    renamed = decide("title", [seed_title], seen("Infant Mental Health", "Infant Mental Health",
                                                 "Infant Mental Health (CPD)", "Infant Mental Health (CPD)"))
    assert renamed.shown["value"] == "Infant Mental Health (CPD)"

