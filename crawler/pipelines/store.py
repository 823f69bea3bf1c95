"""Store: record runs, fetches, observations, changes, current values and link health.

Every page is written in one transaction, so a crawl killed at any moment leaves the
catalogue consistent (the page in flight is simply not recorded). Rules:
- a value becomes current only if it is valid; a field missing from a page, an empty or
  failed extraction, an error page or a timeout never blank a known value;
- a change row is written when a current value is replaced by a different one;
- link health: 200 at the asked URL is ok; a redirect (within the site, or to another site,
  which is not followed: outcome 'moved') is 'redirected' with new_url; a
  404/410 is 'gone' after GONE_AFTER in a row (before that, 'unreachable'); timeouts,
  refused connections and 5xx are 'unreachable'; a course is never deleted.
"""
import json
import sqlite3
import sys
from datetime import datetime, timezone

from crawler.catalogue.tables.crawl_tables import GONE_AFTER, create_crawl_tables
from crawler.crawl.items import ListingPage

OK_OUTCOMES = ("ok", "not_modified", "no_facts")


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def next_link_health(previous, item, now_text):
    """Pure: the new crawl_link_health row for a page, from the previous row and a fetch."""
    prev = previous or {}
    failures = prev.get("consecutive_failures") or 0
    not_found = prev.get("consecutive_not_found") or 0
    row = {"course_id": item["course_id"], "url": item["url"], "http_status": item.get("http_status"),
           "last_checked": now_text, "last_ok": prev.get("last_ok"), "new_url": prev.get("new_url"),
           "last_error": item.get("error")}
    outcome = item.get("outcome")
    if outcome in OK_OUTCOMES or outcome in ("not_html", "parse_error"):
        final = item.get("final_url") or item["url"]
        redirected = final.rstrip("/") != item["url"].rstrip("/")
        row.update(status="redirected" if redirected else "ok", consecutive_failures=0, consecutive_not_found=0,
                   last_ok=now_text, new_url=final if redirected else None)
    elif outcome == "not_found":
        row.update(consecutive_failures=failures + 1, consecutive_not_found=not_found + 1,
                   status="gone" if not_found + 1 >= GONE_AFTER else "unreachable")
    elif outcome == "moved":  # redirected to another site (crawler/crawl/site_bounds.py): not fetched, not a failure
        row.update(status="redirected", new_url=item.get("final_url"), consecutive_failures=0, consecutive_not_found=0)
    elif outcome == "robots_forbidden":
        row.update(consecutive_failures=failures, consecutive_not_found=not_found, status=prev.get("status") or "unchecked")
    else:  # timeout, unreachable, server_error, http_error
        row.update(consecutive_failures=failures + 1, consecutive_not_found=0, status="unreachable")
    return row


# A field -> the key of its structured readings in a page item (crawler.reading.extract.readings).
READINGS_OF = {"duration": "durations", "fees": "fees", "start_date": "dates", "mode": "mode",
               "fee_overseas": "fee_overseas", "other_fees": "other_fees", "applications_close": "applications_close",
               "funding_ends": "funding_ends"}


def _where_read(item, field):
    """(selector, readings as JSON) of one field of a page: where on the page its words were read
    (a CSS-like path) and the structured readings of them (crawler.reading.extract.readings); None
    for what the page's reading did not record."""
    selector = ((item.get("where") or {}).get(field) or {}).get("selector")
    readings = (item.get("readings") or {}).get(READINGS_OF.get(field))
    return selector, (json.dumps(readings, ensure_ascii=False, sort_keys=True, default=str)
                      if readings is not None else None)


class StorePipeline:
    def __init__(self, db_path, mirror=None, progress=True):
        self.db_path = db_path
        self.mirror = mirror
        self.progress = progress
        self.pages = self.items = self.errors = 0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings.get("CATALOGUE_DB"), crawler.settings.get("MIRROR_URL"),
                       crawler.settings.getbool("CRAWL_PROGRESS", True))
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.spider_name = spider.name
        self.conn = connect(self.db_path)
        import sqlite_utils

        with self._writing():
            create_crawl_tables(sqlite_utils.Database(self.conn))
        with self.conn, self._writing():
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                "INSERT INTO crawl_runs (spider, started, pages, items, errors, outcome, mirror) VALUES (?, ?, 0, 0, 0, 'running', ?)",
                (spider.name, now(), self.mirror))
            self.run_id = cur.lastrowid
            self.conn.execute("COMMIT")
        spider.run_id = self.run_id

    def _outside_crawl_command(self):
        return bool(self.db_path) and not str(self.db_path).endswith(".crawl")

    def _writing(self):
        """Run outside `crawler crawl` (Scrapyd), this pipeline writes the catalogue itself: each
        page's transaction holds the writer lock (crawler/catalogue/writer_lock.py), so a build or review
        waits for it, and parallel jobs queue as before. (A build refuses while a job keeps the
        catalogue open in WAL mode: the log is folded in only when no one writes it.) Inside
        `crawler crawl` it writes a private working copy: nothing to lock."""
        from contextlib import nullcontext

        if not self._outside_crawl_command():
            return nullcontext()
        from pathlib import Path

        from crawler.catalogue.build import BUILD_LOCK_WAIT
        from crawler.catalogue.writer_lock import writer_lock

        return writer_lock(Path(self.db_path), f"a {self.spider_name} crawl job", BUILD_LOCK_WAIT, tell=False)

    def close_spider(self, spider=None):
        outcome = "finished" if self.errors == 0 else "finished with errors"
        with self._writing():
            self.conn.execute("UPDATE crawl_runs SET finished = ?, pages = ?, items = ?, errors = ?, outcome = ? WHERE id = ?",
                              (now(), self.pages, self.items, self.errors, outcome, self.run_id))
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def process_item(self, item, spider=None):
        self.pages += 1
        if item.get("outcome") not in OK_OUTCOMES:
            self.errors += 1
        writing = self._writing()
        writing.__enter__()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            if isinstance(item, ListingPage):
                self._store_listing(item)
            else:
                self._store(item)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            writing.__exit__(None, None, None)
        self.items += 1
        if self.progress:
            print(f"[{self.spider_name}] {self.pages:>3} {item.get('course_id') or item.get('provider_id')}: {item.get('outcome')}"
                  f"{' (' + item['error'] + ')' if item.get('error') else ''} {item['url']}",
                  file=sys.stderr, flush=True)
        return item

    def _store(self, item):
        c = self.conn
        t = item.get("fetched_at") or now()
        course_id, url = item["course_id"], item["url"]
        valid = item.get("valid") or {}
        invalid = item.get("invalid") or {}
        known = {r[0]: r[1] for r in c.execute("SELECT field, value FROM crawl_current WHERE course_id = ? AND url = ?", (course_id, url))}
        error = item.get("error")
        if item.get("outcome") == "ok" and known:
            derived = {"title", "description", "duration_months", "fee", "start_date_iso", "fee_year", "fee_overseas_gbp",
                       "start_dates_iso", "applications_close_iso", "funding_ends_iso"}
            missing = sorted(f for f in known if f not in valid and f not in derived)
            if missing:
                error = f"not found this time, last values kept: {', '.join(missing)}"
        c.execute(
            "INSERT INTO crawl_fetches (run_id, course_id, url, final_url, http_status, content_hash, etag, last_modified, "
            "bytes, fetched_at, outcome, error, fields_found) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (self.run_id, course_id, url, item.get("final_url"), item.get("http_status"), item.get("content_hash"),
             item.get("etag"), item.get("last_modified"), item.get("bytes"), t, item.get("outcome"), error, len(valid)))
        for field, (value, method) in valid.items():
            c.execute("INSERT INTO crawl_observations (run_id, course_id, url, field, value, method, valid, fetched_at, "
                      "selector, readings) VALUES (?,?,?,?,?,?,1,?,?,?)",
                      (self.run_id, course_id, url, field, value, method, t, *_where_read(item, field)))
            if field not in known:
                c.execute("INSERT INTO crawl_current (course_id, url, field, value, method, first_seen, last_seen, last_run_id) "
                          "VALUES (?,?,?,?,?,?,?,?)", (course_id, url, field, value, method, t, t, self.run_id))
            elif known[field] != value:
                c.execute("INSERT INTO crawl_changes (run_id, course_id, url, field, old_value, new_value, changed_at) "
                          "VALUES (?,?,?,?,?,?,?)", (self.run_id, course_id, url, field, known[field], value, t))
                c.execute("UPDATE crawl_current SET value = ?, method = ?, first_seen = ?, last_seen = ?, last_run_id = ? "
                          "WHERE course_id = ? AND url = ? AND field = ?", (value, method, t, t, self.run_id, course_id, url, field))
            else:
                c.execute("UPDATE crawl_current SET last_seen = ?, last_run_id = ? WHERE course_id = ? AND url = ? AND field = ?",
                          (t, self.run_id, course_id, url, field))
        for field, (value, method, why) in invalid.items():
            c.execute("INSERT INTO crawl_observations (run_id, course_id, url, field, value, method, valid, fetched_at, "
                      "selector, readings) VALUES (?,?,?,?,?,?,0,?,?,?)",
                      (self.run_id, course_id, url, field, f"{value} [{why}]", method, t, *_where_read(item, field)))
        if item.get("outcome") == "not_modified":
            # The page is as it was: every current value of it is confirmed again.
            c.execute("UPDATE crawl_current SET last_seen = ?, last_run_id = ? WHERE course_id = ? AND url = ?",
                      (t, self.run_id, course_id, url))
        cur = c.execute("SELECT * FROM crawl_link_health WHERE course_id = ? AND url = ?", (course_id, url))
        names = [d[0] for d in cur.description]
        prev = cur.fetchone()
        row = next_link_health(dict(zip(names, prev)) if prev else None, item, t)
        cols = list(row)
        c.execute(f"INSERT OR REPLACE INTO crawl_link_health ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                  [row[k] for k in cols])

    def _store_listing(self, item):
        """A listing page: its state, and each candidate link (first seen kept, last seen updated)."""
        c = self.conn
        t = item.get("fetched_at") or now()
        candidates = item.get("candidates") or []
        status = "ok" if item.get("outcome") == "ok" else item.get("outcome")
        c.execute("INSERT OR REPLACE INTO crawl_listings (provider_id, url, status, http_status, last_checked, links_seen, "
                  "candidates, last_run_id) VALUES (?,?,?,?,?,?,?,?)",
                  (item["provider_id"], item["url"], status, item.get("http_status"), t, item.get("links_seen") or 0,
                   len(candidates), self.run_id))
        for url, title in candidates:
            c.execute("INSERT INTO crawl_candidates (url, title, provider_id, listing_url, first_seen, last_seen, last_run_id) "
                      "VALUES (?,?,?,?,?,?,?) ON CONFLICT (url) DO UPDATE SET title = excluded.title, "
                      "last_seen = excluded.last_seen, last_run_id = excluded.last_run_id",
                      (url, title, item["provider_id"], item["url"], t, t, self.run_id))
