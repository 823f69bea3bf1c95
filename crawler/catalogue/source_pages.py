"""A course's other source pages (courses.yaml `source_pages`): what they say, beside the other sources.

Spiders crawl every page in `course_source_pages` for its course, and each reading keeps the
page's URL (crawl_observations, crawl_current). The currency policy (crawler/catalogue/currency.py)
chooses the shown value from the course's own page and the reference data only; a confirmed
reading of another page (read unchanged in two successful crawls in a row, or once from
schema.org data) is written into `course_facts` beside the other sources, never shown, so
where a directory entry, a second centre or a news page says something else it appears in
the `source_disagreements` view with its URL and date. A module page's readings
(`module_<field>`) are the module's and are never written as the course's facts.
"""
from crawler.catalogue.currency import STRUCTURED

# crawl field (as read from a page) -> the course fact it states (course_facts.field)
COURSE_FACT_OF = {"title": "title", "duration": "duration", "fees": "cost", "start_date": "start_dates",
                  "mode": "mode", "award": "award", "fee_year": "fee_year", "fee_overseas_gbp": "fee_overseas_gbp",
                  "applications_close": "applications_close", "funding_ends": "funding_ends"}


def apply(conn):
    """Write the confirmed readings of every course's other source pages into course_facts (not shown)."""
    try:
        pages = conn.execute("SELECT course_id, url, about FROM course_source_pages WHERE about != 'module'").fetchall()
        rows = conn.execute("SELECT course_id, url, field, value, method, first_seen, last_seen FROM crawl_current "
                            "ORDER BY course_id, url, field").fetchall()
    except Exception:   # a catalogue without crawl tables or source pages: nothing to add
        return 0
    about = {(course_id, url): kind for course_id, url, kind in pages}
    positions = {(c, f): n for c, f, n in conn.execute("SELECT course_id, field, MAX(position) + 1 FROM course_facts "
                                                        "GROUP BY course_id, field")}
    added = []
    for course_id, url, field, value, method, first_seen, last_seen in rows:
        kind = about.get((course_id, url))
        fact = COURSE_FACT_OF.get(field)
        if kind == "news":   # a news page's headline is not the course's name; the course it names is
            fact = "title" if field == "course_named" else None if field == "title" else fact
        if kind is None or fact is None or not value:
            continue
        if method not in STRUCTURED and not (last_seen and first_seen and last_seen > first_seen):
            continue   # seen once: waits for the next crawl, like a reading of the course's own page
        position = positions.get((course_id, fact), 0)
        positions[(course_id, fact)] = position + 1
        added.append((course_id, fact, position, value, "crawl", "crawl",
                      f"another page of the course ({kind}), read {first_seen[:10]} to {last_seen[:10]}", 0, 0,
                      f"read from the course's {kind} page; not shown: the course's own page and the reference "
                      "sources decide what is shown (see source_disagreements)", url, last_seen))
    conn.executemany("INSERT INTO course_facts (course_id, field, position, value, source_id, source_kind, section, shown, "
                     "pinned, why, url, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", added)
    return len(added)
