"""SQL's 'now' on the site is the site's day (plugins.catalogue_site.today), not the machine's.

The catalogue's course_overview view says a course's next start "while it is still to come (this
month counts for a month-only date); empty when none is known or it has passed" (metadata.yml),
in plain SQL with date('now'). On a site set to another day, that view, the home page's count of
changes in the last 31 days and a planner's own SQL must all answer for the site's day.
"""
import datetime
from contextlib import contextmanager

import pytest

from test_dates import site

BPF = "bpf-parent-infant-psychotherapy"  # courses.yaml, from seed 001: "next intake January 2026"


@contextmanager
def site_on(db, today):
    """The site, set to `today`, closed after use."""
    client = site(db, today)
    try:
        yield client
    finally:
        client.close()


def overview_next_start(client, course):
    rows = client.get(f"/catalogue/course_overview.json?id={course}&_shape=array").json()
    return rows[0]["next_start"]


@pytest.mark.parametrize("today, shown", [
    ("2025-12-31", "2026-01"),   # the month before the intake: still to come
    ("2026-01-01", "2026-01"),   # the intake's month counts
    ("2026-01-31", "2026-01"),   # its last day
    ("2026-02-01", None),        # the month after: passed
])
def test_the_overview_view_answers_for_the_sites_day(built_catalogue, today, shown):
    with site_on(built_catalogue, today) as client:
        assert overview_next_start(client, BPF) == shown


@pytest.mark.parametrize("today", ["2024-02-29", "2031-07-15"])
def test_a_planners_own_sql_reads_now_as_the_sites_day(built_catalogue, today):
    with site_on(built_catalogue, today) as client:
        sql = ("select date('now') as d, date() as bare, strftime('%Y-%m-%d', 'now', '-31 days') as back, "
               "date('2020-01-31', '+1 month') as fixed")
        row = client.get("/catalogue.json", params={"sql": sql, "_shape": "array"}).json()[0]
        assert row["d"] == today and row["bare"] == today
        assert row["back"] == (datetime.date.fromisoformat(today) - datetime.timedelta(days=31)).isoformat()
        assert row["fixed"] == "2020-03-02"  # SQLite's own arithmetic, unchanged: 31 January + 1 month
