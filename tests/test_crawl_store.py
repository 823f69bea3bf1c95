"""Pure parts of the crawl: the mirror mapping, validation, link health, crawl tables."""
import sqlite_utils
import pytest

from crawler.catalogue.tables.crawl_tables import GONE_AFTER, create_crawl_tables
from crawler.crawl.mirror import from_mirror, to_mirror
from crawler.pipelines.store import next_link_health
from crawler.pipelines.validate import check_fields

MIRROR = "http://127.0.0.1:8000"


@pytest.mark.parametrize("url, mirrored", [
    ("https://www.gla.ac.uk/postgraduate/taught/infant-mental-health/", f"{MIRROR}/www.gla.ac.uk/postgraduate/taught/infant-mental-health/"),
    ("https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642", f"{MIRROR}/www.gla.ac.uk/coursecatalogue/course/?code=MED5642"),
    ("https://infantmentalhealth.com", f"{MIRROR}/infantmentalhealth.com/"),
])
def test_mirror_round_trip(url, mirrored):
    assert to_mirror(url, MIRROR) == mirrored
    assert from_mirror(mirrored, MIRROR).rstrip("/") == url.rstrip("/")


def test_url_outside_the_mirror_is_left_alone():
    assert from_mirror("https://example.org/x", MIRROR) == "https://example.org/x"


def test_validation_rejects_error_titles_and_unreadable_durations():
    valid, invalid = check_fields({"title": ("Page not found", "meta"), "duration": ("flexible", "label"),
                                   "fees": ("£400", "label"), "start_date": ("Spring 2026", "label")})
    assert set(invalid) == {"title", "duration"}
    assert valid["fee"] == ("GBP 400", "label")
    assert valid["start_date"] == ("Spring 2026", "label") and "start_date_iso" not in valid


def fetch(outcome, status=200, final=None, url="https://a.example/course"):
    return {"course_id": "c", "url": url, "final_url": final or url, "http_status": status, "outcome": outcome, "error": None}


def test_link_health_gone_only_after_repeated_404s():
    row = None
    for i in range(1, GONE_AFTER + 1):
        row = next_link_health(row, fetch("not_found", 404), f"t{i}")
        assert row["consecutive_not_found"] == i
        assert row["status"] == ("gone" if i >= GONE_AFTER else "unreachable")
    row = next_link_health(row, fetch("ok"), "t9")
    assert row["status"] == "ok" and row["consecutive_failures"] == 0 and row["last_ok"] == "t9"


def test_link_health_timeout_and_5xx_are_unreachable_and_reset_the_404_count():
    row = next_link_health(None, fetch("not_found", 404), "t1")
    row = next_link_health(row, fetch("timeout", None), "t2")
    assert row["status"] == "unreachable" and row["consecutive_not_found"] == 0 and row["consecutive_failures"] == 2
    row = next_link_health(row, fetch("server_error", 503), "t3")
    assert row["status"] == "unreachable" and row["consecutive_failures"] == 3


def test_link_health_redirect_records_the_new_url():
    row = next_link_health(None, fetch("ok", final="https://a.example/new-course"), "t1")
    assert row["status"] == "redirected" and row["new_url"] == "https://a.example/new-course"
    # A 304 is unchanged, not a failure.
    row = next_link_health(row, fetch("not_modified", 304), "t2")
    assert row["status"] == "ok" and row["consecutive_failures"] == 0


def test_crawl_tables_are_idempotent_and_prefixed():
    db = sqlite_utils.Database(memory=True)
    db["courses"].create({"id": str, "title": str, "url": str, "provider_id": str, "duration_text": str, "cost": str,
                          "start_dates": str, "mode": str, "location": str, "award": str, "eligibility": str, "credits": str}, pk="id")
    create_crawl_tables(db)
    create_crawl_tables(db)
    new = set(db.table_names()) - {"courses"}
    assert new and all(t.startswith("crawl_") for t in new)
    assert {"crawl_course_status", "crawl_vs_reference", "crawl_recent_changes"} <= set(db.view_names())
    # Datasette links each crawled row to its course.
    assert "courses" in {fk.other_table for fk in db["crawl_current"].foreign_keys}


def test_a_catalogue_from_before_selector_and_readings_gets_the_columns_and_keeps_its_rows(tmp_path):
    # A crawl into a catalogue built before crawl_observations recorded where a value was read:
    # the columns are added (empty for the old rows: not recorded then), nothing is lost.
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["crawl_observations"].insert({"id": 1, "run_id": 1, "course_id": "c", "url": "u", "field": "title",
                                     "value": "Old title", "method": "meta", "valid": 1, "fetched_at": "2026-01-01"},
                                    pk="id")
    create_crawl_tables(db)
    assert {"selector", "readings"} <= set(db["crawl_observations"].columns_dict)
    assert list(db.query("SELECT value, selector, readings FROM crawl_observations")) == [
        {"value": "Old title", "selector": None, "readings": None}]
