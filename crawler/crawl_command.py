"""Revisit every course page (or the named spiders' pages) and record what changed.

The crawl never writes catalogue.db in place. It holds DB.crawl.lock while it runs (a second
crawl of the same catalogue refuses in one line), takes a private working copy of the
catalogue (.DB.XXXX.crawl, made under the writer lock DB.lock) and records every page there,
one transaction a page. When it ends it saves its results as text first (data/crawls/*.jsonl),
then rebuilds the catalogue through the build's own locked, atomic install, and removes the
working copy. Killed at any point, it leaves catalogue.db as it was; the next crawl saves what
the killed one had recorded in its working copy. Only crawl_* tables are written: the
reference columns of `courses` are never touched. Ends with a summary per course: new,
changed (which fields), unchanged, failed (why). Exits non-zero only when the crawl could not
run at all.
"""
import os
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit


def configure(parser):
    from crawler.catalogue.build import DEFAULT_DB

    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"catalogue to update (default: {DEFAULT_DB.name} at the repository root)")
    parser.add_argument("--mirror", metavar="URL", help="send every request for https://HOST/PATH to URL/HOST/PATH instead")
    parser.add_argument("--spider", action="append", metavar="NAME", default=None,
                        help="crawl only this spider (repeat for more); default: all. --list shows them")
    parser.add_argument("--list", action="store_true", help="list the spiders and the courses each visits, then exit")
    parser.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", default=[],
                        help="override a Scrapy setting (e.g. -s DOWNLOAD_DELAY=0)")
    parser.add_argument("--results", type=Path, default=None, metavar="DIR",
                        help="folder of crawl results (JSON lines) to save this crawl in and build from "
                             "(default: data/crawls beside the catalogue)")
    parser.add_argument("--reference", type=Path, default=None, metavar="DIR",
                        help="reference folder the rebuild after the crawl reads (default: crawler/reference)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    parser.add_argument("--verbose", action="store_true", help="Scrapy's own log at INFO level")


def fail(message):
    print(f"python -m crawler crawl: error: {message}", file=sys.stderr)
    return 2


def check_db(path):
    if not path.exists():
        return f"no catalogue at {path} (build one with: python -m crawler build --db {path})"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"{path} is not a readable SQLite database ({exc})"
    if "courses" not in tables:
        return f"{path} has no courses table: is it a catalogue? (python -m crawler build --db {path})"
    return None


def prepare_db(path):
    """Create any missing crawl tables and mark runs left 'running' by a killed crawl."""
    import sqlite_utils

    from crawler.catalogue.tables.crawl_tables import create_crawl_tables
    from crawler.pipelines.store import connect

    conn = connect(str(path))
    try:
        create_crawl_tables(sqlite_utils.Database(conn))
        conn.execute("UPDATE crawl_runs SET outcome = 'interrupted' WHERE outcome = 'running'")
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM crawl_runs").fetchone()[0]
    finally:
        conn.close()


def finish_db(path):
    """Fold the write-ahead log back in, so the catalogue is one self-contained file again."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError as exc:
        # Another process (e.g. Datasette) has the file open: every write is already
        # committed in the WAL, which SQLite folds in later. Not a failure of the crawl.
        print(f"note: {path.name} stays in WAL mode for now ({exc}: another process has it open)", file=sys.stderr)
    finally:
        conn.close()


def summarise(path, after_run_id):
    """{course_id: (status, detail)} for the runs after after_run_id."""
    conn = sqlite3.connect(str(path))
    try:
        fetches = conn.execute(
            "SELECT course_id, url, outcome, error, http_status FROM crawl_fetches WHERE run_id > ? ORDER BY id", (after_run_id,)).fetchall()
        changes = conn.execute("SELECT course_id, field FROM crawl_changes WHERE run_id > ? ORDER BY id", (after_run_id,)).fetchall()
        firsts = conn.execute("SELECT course_id, field FROM crawl_current WHERE first_seen = last_seen AND last_run_id > ? "
                              "AND NOT EXISTS (SELECT 1 FROM crawl_changes ch WHERE ch.course_id = crawl_current.course_id "
                              "AND ch.url = crawl_current.url AND ch.field = crawl_current.field AND ch.run_id > ?)",
                              (after_run_id, after_run_id)).fetchall()
        seen_before = {r[0] for r in conn.execute(
            "SELECT DISTINCT course_id FROM crawl_fetches WHERE run_id <= ? AND outcome IN ('ok', 'not_modified', 'no_facts')", (after_run_id,))}
    finally:
        conn.close()
    by_course = {}
    for course_id, url, outcome, error, status in fetches:
        by_course.setdefault(course_id, []).append((url, outcome, error, status))
    changed, added = {}, {}
    for course_id, field in changes:
        changed.setdefault(course_id, []).append(field)
    for course_id, field in firsts:
        added.setdefault(course_id, []).append(field)
    summary = {}
    for course_id, pages in by_course.items():
        good = [p for p in pages if p[1] in ("ok", "not_modified", "no_facts")]
        notes = [f"{p[0]}: {p[1]}" + (f" ({p[2]})" if p[2] else "") for p in pages if p[2]]
        if not good:
            summary[course_id] = ("failed", "; ".join(notes))
        elif course_id not in seen_before:
            summary[course_id] = ("new", f"{len(added.get(course_id, []))} fields: " + ", ".join(sorted(set(added.get(course_id, [])))))
        elif course_id in changed:
            summary[course_id] = ("changed", ", ".join(sorted(set(changed[course_id]))) + (f"; {'; '.join(notes)}" if notes else ""))
        else:
            extra = sorted(set(added.get(course_id, [])))
            summary[course_id] = ("unchanged", ("new fields: " + ", ".join(extra) + ("; " if notes else "") if extra else "") + "; ".join(notes))
    return summary


def run(args):
    db = args.db.resolve() if args.db else None
    problem = check_db(db) or mirror_problem(args.mirror, db)
    if problem:
        return fail(problem)

    from crawler.spiders.registry import all_spiders

    spiders = all_spiders()
    if args.list:
        list_spiders(db, spiders)
        return 0
    names = args.spider or sorted(spiders)
    unknown = [n for n in names if n not in spiders]
    if unknown:
        return fail(f"unknown spider {', '.join(unknown)} (known: {', '.join(sorted(spiders))})")
    settings, problem = scrapy_settings(args, db)
    if problem:
        return fail(problem)
    from crawler.catalogue.writer_lock import LockError, writer_lock

    try:
        with writer_lock(db, "a crawl", 0, kind="crawl", tell=False):
            try:
                work = working_copy(db, args.results, args.reference)
                before = prepare_db(work)
            except LockError as exc:
                return fail(str(exc))
            except (OSError, ValueError, sqlite3.Error) as exc:
                return fail(f"cannot copy {db.name} to crawl into: {exc}")
            settings.set("CATALOGUE_DB", str(work), priority="cmdline")
            if not args.quiet:
                print(f"crawling {len(names)} spider(s) into {db}" + (f" via mirror {args.mirror}" if args.mirror else ""), file=sys.stderr, flush=True)
            elapsed = crawl(settings, [spiders[name] for name in names])
            finish_db(work)
            print_summary(work, before, names, elapsed)
            return apply_results(db, args.results, args.reference, work=work)
    except LockError:
        from crawler.catalogue.writer_lock import holder, lock_path_for

        other = holder(lock_path_for(db, "crawl")) or "another crawl"
        return fail(f"{other} is crawling into {db.name} already; crawl again when it has finished")


def _working_copies(db):
    return sorted(db.parent.glob(f".{db.name}.*.crawl"))


def remove_working_copy(work):
    for path in (work, Path(f"{work}-wal"), Path(f"{work}-shm"), Path(f"{work}-journal")):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def working_copy(db, results_dir=None, reference_dir=None):
    """A private copy of the catalogue to crawl into, made under the writer lock (so it is one
    whole catalogue). A working copy left by a crawl that was killed is saved first (its runs
    marked interrupted and written to the results folder, which this crawl's rebuild reads), so
    nothing it recorded is lost. The caller holds DB.crawl.lock: no other crawl is running."""
    import tempfile

    from crawler.crawl import crawl_results
    from crawler.catalogue.build import BUILD_LOCK_WAIT, fold_stale_wal, run_alone
    from crawler.catalogue.writer_lock import writer_lock

    results_dir = results_dir or crawl_results.results_dir_for(db)
    with writer_lock(db, "a crawl (copying the catalogue)", BUILD_LOCK_WAIT):
        for leftover in _working_copies(db):
            try:
                run_alone(leftover, "UPDATE crawl_runs SET outcome = 'interrupted' WHERE outcome = 'running'",
                          "PRAGMA wal_checkpoint(TRUNCATE)")
                crawl_results.save_unsaved(leftover, results_dir)
            except (sqlite3.Error, ValueError) as exc:
                print(f"note: the working copy {leftover.name} of a crawl that was killed cannot be read ({exc}); "
                      "it is removed", file=sys.stderr)
            remove_working_copy(leftover)
        fold_stale_wal(db)
        handle, name = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".crawl", dir=db.parent)
        os.close(handle)
        work = Path(name)
        source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        target = sqlite3.connect(str(work))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    # Runs saved but not yet built into the catalogue (a crawl killed after saving, before its
    # rebuild, or one saved just above) keep their numbers: this crawl's runs follow on from them.
    conn = sqlite3.connect(str(work), isolation_level=None)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'crawl_runs'").fetchone():
            conn.execute("PRAGMA foreign_keys = OFF")   # a course since removed keeps its history rows
            crawl_results.load_missing(conn, results_dir)
    finally:
        conn.close()
    return work


def mirror_problem(mirror, db):
    """What is wrong with --mirror (an empty one is a mistake, never a live crawl), or None."""
    if mirror is None:
        return None
    parts = urlsplit(mirror)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"--mirror must be an http(s) URL like http://127.0.0.1:8000, not {mirror!r}"
    from crawler.catalogue.build import DEFAULT_DB

    if db == DEFAULT_DB.resolve():
        return "--mirror crawls copies of the sites: never into the shipped catalogue.db; give --db PATH"
    return None


def list_spiders(db, spiders):
    """--list: each spider and the courses it visits."""
    from crawler.spiders.registry import spiders_for

    from crawler.spiders.registry import source_pages_for

    covered = spiders_for(db)
    pages = source_pages_for(db)
    for name in sorted(spiders):
        courses = sorted(cid for cid, names in covered.items() if name in names)
        others = sorted(f"{cid} ({url})" for (cid, url), spider in pages.items() if spider == name)
        print(f"{name}: {', '.join(courses) or '(no course)'}"
              + (f"; other pages of: {', '.join(others)}" if others else ""))


def scrapy_settings(args, db):
    """(Scrapy settings for this crawl, None), or (None, what is wrong with a -s NAME=VALUE)."""
    from scrapy.settings import Settings

    from crawler.settings import override_problem

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CATALOGUE_DB", str(db), priority="cmdline")
    if args.mirror:
        settings.set("MIRROR_URL", args.mirror.rstrip("/"), priority="cmdline")
    if args.quiet:
        settings.set("CRAWL_PROGRESS", False, priority="cmdline")
    if args.verbose:
        settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    for pair in args.set:
        key, sep, value = pair.partition("=")
        if not sep:
            return None, f"-s expects NAME=VALUE, not {pair!r}"
        problem = override_problem(key.strip(), value)
        if problem:
            return None, problem
        settings.set(key.strip(), value, priority="cmdline")
    return settings, None


def crawl(settings, spider_classes):
    """Run the spiders in one Scrapy process until they finish; the seconds it took."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    for spider_class in spider_classes:
        process.crawl(spider_class)
    started = time.monotonic()
    process.start()
    return time.monotonic() - started


def print_summary(db, before, names, elapsed):
    """A line per course the named spiders cover (new, changed, unchanged, failed), totals and speed."""
    from crawler.spiders.registry import spiders_for

    summary = summarise(db, before)
    for course_id, spider_names in spiders_for(db).items():
        if any(n in names for n in spider_names) and course_id not in summary:
            summary[course_id] = ("failed", "no page was fetched (the crawl stopped before reaching it?)")
    counts = {}
    print("\nsummary per course:")
    for course_id in sorted(summary):
        status, detail = summary[course_id]
        counts[status] = counts.get(status, 0) + 1
        print(f"  {status:<9} {course_id}" + (f": {detail}" if detail else ""))
    print("totals: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("new", "changed", "unchanged", "failed")))
    conn = sqlite3.connect(str(db))
    try:
        pages = conn.execute("SELECT COUNT(*) FROM crawl_fetches WHERE run_id > ?", (before,)).fetchone()[0]
    finally:
        conn.close()
    print(f"{pages} pages in {elapsed:.1f} s ({pages / elapsed if elapsed else 0:.1f} pages/s)")


def apply_results(db, results_dir, reference_dir=None, work=None):
    """Save this crawl as text (data/crawls/*.jsonl) and rebuild, so the currency policy decides
    what every course shows. A build that fails leaves the crawl saved in the results folder."""
    from crawler.catalogue.reference import reference_data
    from crawler.crawl import crawl_results
    from crawler.catalogue.build import BuildError, build

    results_dir = results_dir or crawl_results.results_dir_for(db)
    try:
        saved = crawl_results.save_unsaved(work or db, results_dir)
    except (OSError, ValueError, sqlite3.Error) as exc:
        where = f"the working copy {work}" if work else db.name
        print(f"python -m crawler crawl: error: the crawl could not be saved in {results_dir} ({exc}); it stays in "
              f"{where}, and the next crawl saves it", file=sys.stderr)
        return 1
    if work:
        remove_working_copy(work)   # saved: the results file holds every row of it
    try:
        build(db, reference_dir or reference_data.REFERENCE_DIR, results_dir)
    except (BuildError, OSError, ValueError, sqlite3.Error) as exc:
        print(f"note: the crawl is saved in {results_dir}, but the rebuild failed ({exc}); "
              f"fix that and run: python -m crawler build --db {db}", file=sys.stderr)
        return 0
    conn = sqlite3.connect(str(db))
    try:
        promoted = conn.execute("SELECT COUNT(*) FROM fact_changes").fetchone()[0]
        waiting = conn.execute("SELECT COUNT(*) FROM review_queue WHERE status = 'waits for a person'").fetchone()[0]
    finally:
        conn.close()
    print(f"results saved in {saved if saved else results_dir}; shown values rebuilt: {promoted} replaced by page "
          f"readings so far, {waiting} waiting for a person (python -m crawler review --db {db})")
    return 0
