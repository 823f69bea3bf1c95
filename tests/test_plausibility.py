"""Impossible crawled values are held for review with the reason, never shown (issue 27, probe 3).

Before: a page's start date "9999-12-31", "31 February 9999" or "0000-00-00" was promoted and
shown, and "Duration: -3 months" was shown with duration_months_min = 3 (its sign lost). Now
crawler/reference/plausibility.yaml holds the rules as data (dates within a window around the
build's today and real calendar dates; durations positive and at most 120 months; fees positive
and at most £100,000) and the policy holds any reading outside them ("implausible reading").
Every case uses a fixed today (2026-12-05), both sides of each boundary, and a reading seen in
two consecutive crawls (which the policy would otherwise promote).
"""
import json
import sqlite3
from datetime import date

import pytest

from crawler.catalogue import plausibility
from crawler.catalogue.build import build
from crawler.catalogue.currency import decide
from crawler.catalogue.reference.reference_data import REFERENCE_DIR

TODAY = date(2026, 12, 5)
RULES = plausibility.load(REFERENCE_DIR)
PAGE = "https://www.oxpip.org.uk/extended-course/parent-infant-therapist-diploma"


def twice(value, method="label"):
    return [{"fetched_at": f"2026-11-0{day}T04:17:00+00:00", "url": PAGE, "reading": (value, method)} for day in (1, 2)]


@pytest.mark.parametrize("field, value, held", [
    ("start_dates", "9999-12-31", "the year 9999 is outside 2023-2031"),
    ("start_dates", "31 February 9999", "31 February 9999 is not a real calendar date"),
    ("start_dates", "0000-00-00", "0000-00-00 is not a real calendar date"),
    ("start_dates", "30 February 2027", "30 February 2027 is not a real calendar date"),
    ("start_dates", "2027-13-01", "2027-13-01 is not a real calendar date"),
    ("start_dates", "31/04/2027", "31/04/2027 is not a real calendar date"),
    ("start_dates", "September 2032", "the year 2032 is outside 2023-2031"),    # 6 years ahead: above
    ("start_dates", "September 2031", None),                                  # 5 years ahead: at
    ("start_dates", "September 2030", None),                                  # below
    ("start_dates", "January 2022", "the year 2022 is outside 2023-2031"),    # 4 years back: outside
    ("start_dates", "January 2023", None),                                    # 3 years back: at
    ("start_dates", "29 February 2028", None),                                # a real leap day
    ("duration", "Duration: -3 months", "a negative duration"),
    ("duration", "-3 months", "a negative duration"),
    ("duration", "\u22126 weeks", "a negative duration"),
    ("duration", "0 months", "0 months is not a positive duration"),
    ("duration", "3-6 months", None),
    ("duration", "121 months", "121 months is over the ceiling of 120 months"),
    ("duration", "120 months", None),
    ("duration", "119 months", None),
    ("duration", "11 years", "132 months is over the ceiling of 120 months"),
    ("cost", "-£300", "a negative amount"),
    ("cost", "£-500", "a negative amount"),
    ("cost", "£0", "0 is not a positive amount"),
    ("cost", "£100,001", "100,001 is over the ceiling of 100,000"),
    ("cost", "£100,000", None),
    ("cost", "£99,999", None),
    ("cost", "£1,200 - £3,000", None),        # a range, not a negative amount (then doubted: several amounts)
])
def test_each_rule_at_below_and_above_its_boundary(field, value, held):
    decision = decide(field, [], twice(value), rules=RULES, today=TODAY)
    if held:
        assert decision.shown is None, f"{value!r} was shown"
        assert decision.waiting["kind"] == "implausible reading"
        assert held in decision.waiting["why"] and "never shown" in decision.waiting["why"]
    else:
        assert (decision.waiting or {}).get("kind") != "implausible reading"


def test_structured_data_is_held_too():
    decision = decide("start_dates", [], twice("9999-12-31", method="json-ld")[:1], rules=RULES, today=TODAY)
    assert decision.shown is None and decision.waiting["kind"] == "implausible reading"


def test_the_window_moves_with_the_builds_today():
    assert decide("start_dates", [], twice("September 2032"), rules=RULES, today=date(2027, 1, 1)).shown["value"] \
        == "September 2032"


def test_a_build_never_shows_an_implausible_reading(tmp_path):
    """End to end: crawl results with impossible readings, built; the catalogue keeps the values it had."""
    course = "oxpip-parent-infant-therapist-diploma"
    results = tmp_path / "data" / "crawls"
    results.mkdir(parents=True)
    rows = [("crawl_runs", {"id": 1, "spider": "oxpip", "started": "2026-11-01T04:00:00+00:00", "outcome": "finished"}),
            ("crawl_runs", {"id": 2, "spider": "oxpip", "started": "2026-11-08T04:00:00+00:00", "outcome": "finished"})]
    n = 0
    for run, day in ((1, "01"), (2, "08")):
        at = f"2026-11-{day}T04:17:00+00:00"
        rows.append(("crawl_fetches", {"id": run, "run_id": run, "course_id": course, "url": PAGE, "http_status": 200,
                                       "fetched_at": at, "outcome": "ok", "fields_found": 3}))
        for field, value in (("start_date", "31 February 9999"), ("duration", "Duration: -3 months"), ("fees", "-£300")):
            n += 1
            rows.append(("crawl_observations", {"id": n, "run_id": run, "course_id": course, "url": PAGE, "field": field,
                                                "value": value, "method": "label", "valid": 1, "fetched_at": at}))
    (results / "2026-11-01T04-00-00Z.jsonl").write_text(
        "".join(json.dumps({"row": r, "table": t}) + "\n" for t, r in rows), encoding="utf-8")
    db = tmp_path / "catalogue.db"
    build(db, REFERENCE_DIR, results, today=TODAY)
    conn = sqlite3.connect(db)
    try:
        shown = conn.execute("SELECT start_dates, duration_text, duration_months_min, cost, fee_gbp FROM courses WHERE id = ?",
                             (course,)).fetchone()
        held = dict(conn.execute("SELECT field, why FROM review_queue WHERE course_id = ? AND kind = 'implausible reading'",
                                 (course,)).fetchall())
        rules = conn.execute("SELECT COUNT(*) FROM plausibility_rules").fetchone()[0]
    finally:
        conn.close()
    assert "9999" not in str(shown[0]) and "-3" not in str(shown[1]) and shown[2] != 3 and "-£300" not in str(shown[3])
    assert set(held) == {"start_dates", "duration", "cost"}
    assert "31 February 9999 is not a real calendar date" in held["start_dates"]
    assert rules >= 6
