"""The crawler's history tables (all named crawl_*) and the views over them.

`create_crawl_tables(db)` is called by the build (on a fresh catalogue) and by the crawl
command (on a catalogue built before these tables existed). It only creates what is
missing, so it is safe to call on a catalogue that already holds crawl history.

Crawled values never overwrite the reference columns of `courses`: they live here, beside
them, and the views put the two side by side.
"""

COURSE_FK = ("course_id", "courses", "id")
RUN_FK = ("run_id", "crawl_runs", "id")

# Link health: a page that answers 404 or 410 this many times in a row is marked gone.
GONE_AFTER = 3

TABLES = {
    # One row per spider per crawl. A run killed part-way keeps outcome 'running' until the
    # next crawl marks it 'interrupted'.
    "crawl_runs": dict(
        columns={"id": int, "spider": str, "started": str, "finished": str, "pages": int, "items": int,
                 "errors": int, "outcome": str, "mirror": str},
        pk="id", foreign_keys=[]),
    # One row per page fetch (or failed attempt).
    "crawl_fetches": dict(
        columns={"id": int, "run_id": int, "course_id": str, "url": str, "final_url": str, "http_status": int,
                 "content_hash": str, "etag": str, "last_modified": str, "bytes": int, "fetched_at": str,
                 "outcome": str, "error": str, "fields_found": int},
        pk="id", foreign_keys=[RUN_FK, COURSE_FK]),
    # Every field value read from a page, valid or not, with how it was read.
    "crawl_observations": dict(
        columns={"id": int, "run_id": int, "course_id": str, "url": str, "field": str, "value": str,
                 "method": str, "valid": int, "fetched_at": str, "selector": str, "readings": str},
        pk="id", foreign_keys=[RUN_FK, COURSE_FK]),
    # A field whose current value changed: old and new value, when, in which run.
    "crawl_changes": dict(
        columns={"id": int, "run_id": int, "course_id": str, "url": str, "field": str, "old_value": str,
                 "new_value": str, "changed_at": str},
        pk="id", foreign_keys=[RUN_FK, COURSE_FK]),
    # The crawler's current value for each field of each course page.
    "crawl_current": dict(
        columns={"course_id": str, "url": str, "field": str, "value": str, "method": str, "first_seen": str,
                 "last_seen": str, "last_run_id": int},
        pk=("course_id", "url", "field"), foreign_keys=[COURSE_FK, ("last_run_id", "crawl_runs", "id")]),
    # The state of each course page's link.
    "crawl_link_health": dict(
        columns={"course_id": str, "url": str, "status": str, "http_status": int, "consecutive_failures": int,
                 "consecutive_not_found": int, "last_checked": str, "last_ok": str, "new_url": str, "last_error": str},
        pk=("course_id", "url"), foreign_keys=[COURSE_FK]),
    # Each provider listing page read (providers.yaml `listings`): when, what it answered, links seen.
    "crawl_listings": dict(
        columns={"provider_id": str, "url": str, "status": str, "http_status": int, "last_checked": str,
                 "links_seen": int, "candidates": int, "last_run_id": int},
        pk=("provider_id", "url"), foreign_keys=[("last_run_id", "crawl_runs", "id")]),
    # A link on a listing page that looks like infant mental health or parent-infant training and
    # is not a catalogue course: a candidate for a person to review (crawler review --add).
    "crawl_candidates": dict(
        columns={"url": str, "title": str, "provider_id": str, "listing_url": str, "first_seen": str,
                 "last_seen": str, "last_run_id": int},
        pk="url", foreign_keys=[("last_run_id", "crawl_runs", "id")]),
}

INDEXES = [
    ("crawl_fetches", ["url", "fetched_at"]),
    ("crawl_fetches", ["run_id"]),
    ("crawl_observations", ["course_id", "field"]),
    ("crawl_changes", ["course_id", "changed_at"]),
]

# Crawled fields that have a reference column in `courses`, for the comparison view.
REFERENCE_COLUMNS = {
    "title": "title", "duration": "duration_text", "fees": "cost", "start_date": "start_dates",
    "mode": "mode", "location": "location", "award": "award", "entry_requirements": "eligibility",
    "credits": "credits",
}

VIEWS = {
    # One row per course with a URL: last fetch, link health, fields known, fields changed.
    "crawl_course_status": """
SELECT c.id AS course_id, c.title, c.provider_id, c.url,
       lh.status AS link_status, lh.http_status, lh.consecutive_failures, lh.new_url, lh.last_checked, lh.last_ok,
       (SELECT f.outcome FROM crawl_fetches f WHERE f.course_id = c.id AND f.url = c.url
         ORDER BY f.id DESC LIMIT 1) AS last_outcome,
       (SELECT f.error FROM crawl_fetches f WHERE f.course_id = c.id AND f.url = c.url
         ORDER BY f.id DESC LIMIT 1) AS last_note,
       (SELECT COUNT(*) FROM crawl_current cc WHERE cc.course_id = c.id) AS fields_known,
       (SELECT COUNT(*) FROM crawl_changes ch WHERE ch.course_id = c.id) AS changes_recorded,
       (SELECT MAX(ch.changed_at) FROM crawl_changes ch WHERE ch.course_id = c.id) AS last_changed
FROM courses c
LEFT JOIN crawl_link_health lh ON lh.course_id = c.id AND lh.url = c.url
WHERE c.url IS NOT NULL
""",
    # The reference value (seeds, stored copies) beside the crawler's current value.
    "crawl_vs_reference": " UNION ALL ".join(
        f"""SELECT cc.course_id, cc.field, c.{column} AS reference_value, cc.value AS crawled_value,
       CASE WHEN c.{column} IS NULL THEN 'only crawled'
            WHEN lower(trim(c.{column})) = lower(trim(cc.value)) THEN 'same' ELSE 'differs' END AS comparison,
       cc.url, cc.last_seen
FROM crawl_current cc JOIN courses c ON c.id = cc.course_id WHERE cc.field = '{field}'"""
        for field, column in REFERENCE_COLUMNS.items()),
    # Every change, newest first, with the course title.
    "crawl_recent_changes": """
SELECT ch.changed_at, ch.course_id, c.title, ch.field, ch.old_value, ch.new_value, ch.url, ch.run_id
FROM crawl_changes ch JOIN courses c ON c.id = ch.course_id
ORDER BY ch.changed_at DESC, ch.id DESC
""",
}


def create_crawl_tables(db):
    """Create the crawl_* tables, their indexes and views on a sqlite_utils.Database (idempotent)."""
    existing = set(db.table_names())
    has_courses = "courses" in existing
    for name, spec in TABLES.items():
        if name in existing:
            # a catalogue built before a column was added gets it (empty: not recorded then)
            have = db[name].columns_dict
            for column, kind in spec["columns"].items():
                if column not in have:
                    db[name].add_column(column, kind)
            continue
        fks = [fk for fk in spec["foreign_keys"] if has_courses or fk[1] != "courses"]
        db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=fks)
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    if has_courses:
        for name, sql in VIEWS.items():
            db.create_view(name, sql, replace=True)
