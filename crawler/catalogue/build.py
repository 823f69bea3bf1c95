"""`python -m crawler build`: turn the reference files and the crawl results into catalogue.db, atomically.

The new database is written to a private file of this build's own beside the old one
(.catalogue.db.XXXX.new) and moved over it only when complete, with the old file's mode,
so a failed or interrupted build leaves the old catalogue untouched. Each build holds a lock
(catalogue.db.lock): a second build at the same time waits for the first, and refuses after
BUILD_LOCK_WAIT seconds, so two builds never install a mix of each other's files. Crawl history
(tables named crawl_*) is loaded from the results files in data/crawls (crawler/crawl/crawl_results.py);
runs the old catalogue holds that no file holds are saved there first, so none is lost.
The currency policy (crawler/catalogue/currency.py) then chooses the value each course shows.
The reference tables' columns and rows are crawler/catalogue/tables/reference_tables.py; the other
tables and views the site shows are the rest of crawler/catalogue/tables/.
"""
import os
import sqlite3
import stat
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlite_utils

from crawler.catalogue import currency, plausibility, source_pages
from crawler.catalogue.reference import reference_data
from crawler.catalogue.tables import course_order_table, glossary, reference_tables
from crawler.catalogue.writer_lock import LockError, writer_lock
from crawler.crawl import crawl_results

ROOT = Path(__file__).resolve().parents[2]   # the repository root
DEFAULT_DB = ROOT / "catalogue.db"

BUILD_LOCK_WAIT = 120   # seconds a build waits for another build of the same catalogue to finish


class BuildError(Exception):
    """The build could not complete; the old catalogue is untouched."""


def build(db_path=DEFAULT_DB, reference_dir=reference_data.REFERENCE_DIR, results_dir=None, today=None):
    """Build the catalogue at db_path from reference_dir and the crawl results in results_dir
    (default: data/crawls beside the catalogue). Returns a dict of row counts.

    today: an ISO date (default: no limit). The catalogue as it stood at the end of that day:
    the currency policy reads only the fetches made by then (later crawls stay in the history
    tables, unused). It is also the day the plausibility rules measure crawled dates from
    (default date.today())."""
    db_path = Path(db_path)
    with build_lock(db_path):
        # Read under the lock: a review that wrote courses.yaml while this build waited is built in.
        data = reference_data.load(reference_dir)
        fold_stale_wal(db_path)
        _check_existing(db_path)
        results_dir = Path(results_dir) if results_dir is not None else crawl_results.results_dir_for(db_path)
        # Crawl runs the old catalogue holds and no results file has (a crawl killed before it
        # saved them, or made before results were saved as text) are saved first: never lost.
        crawl_results.save_unsaved(db_path, results_dir)
        return _build_locked(db_path, data, reference_dir, results_dir, today)


@contextmanager
def build_lock(db_path, who="a build"):
    """Hold the catalogue's writer lock (crawler/catalogue/writer_lock.py: an flock on DB.lock beside it,
    released by the OS if this process dies): a second writer waits up to BUILD_LOCK_WAIT
    seconds for the first to finish, then refuses in one line."""
    try:
        with writer_lock(db_path, who, BUILD_LOCK_WAIT):
            yield
    except LockError as exc:
        raise BuildError(str(exc)) from None


def fold_stale_wal(db_path):
    """A write-ahead log beside the catalogue belongs to the file there now (left by a writer of
    an older version that was killed): fold it into that file, under the lock, before the file is
    read or replaced. SQLite applies any DB-wal it finds to whatever DB is, so a log left beside a
    newly installed file would be read into a file it does not belong to."""
    wal = db_path.with_name(db_path.name + "-wal")
    if not wal.exists() or not db_path.exists():
        return
    try:
        run_alone(db_path, "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise BuildError(f"{wal.name} holds writes not yet in {db_path.name} and cannot be folded in ({exc}); "
                         "stop whatever still has the catalogue open for writing and build again") from None
    if wal.exists():
        raise BuildError(f"{wal.name} holds writes not yet in {db_path.name} (another process keeps it open); "
                         "stop it and build again")


def run_alone(db_path, *statements):
    """Run statements on a catalogue file outside any transaction (a checkpoint, a journal mode),
    then close it; a writer still holding the file makes it wait up to 5 seconds."""
    conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _private_file(db_path):
    """A new, empty file of this build's own beside the catalogue (mode 0600 until installed).
    Files left by a build that was killed are removed first (the lock says none is running)."""
    for leftover in [db_path.with_name(db_path.name + ".new"), *db_path.parent.glob(f".{db_path.name}.*.new")]:
        for path in (leftover, Path(str(leftover) + "-journal")):
            if path.exists():
                path.unlink()
    handle, name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".new", dir=db_path.parent)
    os.close(handle)
    return Path(name)


def _installed_mode(db_path):
    """The old catalogue's permission bits, or what a new file gets under the umask."""
    if db_path.exists():
        return stat.S_IMODE(db_path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _build_locked(db_path, data, reference_dir, results_dir, today=None):
    tmp_path = _private_file(db_path)
    try:
        conn = sqlite3.connect(tmp_path, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        # The new file is private until the swap below, so it needs no journal and no fsync
        # per commit; it is flushed once, before it replaces the old catalogue.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        db = sqlite_utils.Database(conn)
        # Atomicity comes from the file swap below: nothing is visible until it is complete.
        reference_tables.write_schema(db)
        reference_tables.write_reference(db, data)
        _write_optional_tables(db, reference_dir, results_dir)
        rules = plausibility.load(reference_dir)
        # today may be an ISO date (the CLI's --today) or a date (callers in Python): the policy's
        # cut-off is the same day either way.
        until = today.isoformat() if isinstance(today, date) else today
        currency.apply(conn, rules, date.fromisoformat(today) if isinstance(today, str) else (today or date.today()),
                      until=until)
        db["plausibility_rules"].insert_all(plausibility.rows(rules))
        source_pages.apply(conn)   # what a course's other pages say, beside the other sources (not shown)
        course_order_table.write(db)  # after the policy: the order of the values courses show
        _create_views(db)
        db.index_foreign_keys()
        _index_browsed_columns(db)
        glossary.fold_into_search(db, reference_dir)
        _enable_search(db)
        _write_facet_counts(conn)
        counts = {t: db[t].count for t in sorted(db.table_names()) if not t.startswith("courses_fts")}
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise BuildError(f"foreign keys point nowhere: {problems[:3]}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")  # the shipped file's own mode
        conn.close()
        with open(tmp_path, "rb+") as flushed:
            os.fsync(flushed.fileno())
        os.chmod(tmp_path, _installed_mode(db_path))
        os.replace(tmp_path, db_path)  # atomic on the same file system
    except BaseException:
        try:
            conn.close()
        except Exception:
            pass
        if tmp_path.exists():
            tmp_path.unlink()
        raise
    return counts


# The course list (courses and the course_overview view) is faceted by these columns and
# sorted by title (metadata.yml). Each facet index also carries provider_id and source_id,
# the columns the view joins on, so a facet count is read from the index alone, on the table
# and on the view. At 50,000 courses a facet count takes 2-27 ms instead of 50-115 ms.
BROWSE_INDEXES = {"courses": (("award", "provider_id", "source_id"), ("mode", "provider_id", "source_id"),
                              ("funding", "provider_id", "source_id"), ("kind", "provider_id", "source_id"),
                              ("aimh_level_target", "provider_id", "source_id"), ("title",))}


# The recommender reads these columns of every course (recommender/catalogue/reader.py): from this
# covering index a 50,000-course catalogue is read without touching the wide table rows
# (descriptions, sources), about twice as fast.
RECOMMENDER_COURSE_COLUMNS = ("id", "title", "provider_id", "url", "kind", "mode", "duration_text",
                              "duration_months_min", "duration_months_max", "funding", "fee_gbp",
                              "aimh_level_expected", "aimh_level_target", "level_reason")


def _index_browsed_columns(db):
    for table, indexes in BROWSE_INDEXES.items():
        for columns in indexes:
            db[table].create_index(list(columns), if_not_exists=True)
    db["courses"].create_index(list(RECOMMENDER_COURSE_COLUMNS), index_name="idx_courses_recommender",
                               if_not_exists=True)


# The course list's facets (metadata.yml), counted once here for the site
# (catalogue_site/serving/facet_counts.py) instead of on every request. Triggers keep the counts exact
# through every later write to courses (a crawl changing a course's funding moves one count).
FACET_COUNT_COLUMNS = {"courses": ("provider_id", "award", "aimh_level_target", "mode", "funding", "kind")}


def _write_facet_counts(conn):
    conn.execute("CREATE TABLE facet_counts (table_name TEXT NOT NULL, column_name TEXT NOT NULL, value,"
                 " count INTEGER NOT NULL, PRIMARY KEY (table_name, column_name, value))")
    # a column's most counted values first, as the site reads them
    conn.execute("CREATE INDEX idx_facet_counts_top ON facet_counts (table_name, column_name, count DESC, value)")
    for table, columns in FACET_COUNT_COLUMNS.items():
        for column in columns:
            conn.execute(f"INSERT INTO facet_counts SELECT ?, ?, [{column}], count(*) FROM [{table}]"
                         f" WHERE [{column}] IS NOT NULL GROUP BY [{column}]", (table, column))

        def add(row):  # NULL is not a facet value: never counted
            return "".join(
                f"INSERT INTO facet_counts SELECT '{table}', '{c}', {row}.[{c}], 1 WHERE {row}.[{c}] IS NOT NULL "
                f"ON CONFLICT (table_name, column_name, value) DO UPDATE SET count = count + 1; " for c in columns)

        def remove(row):
            return "".join(f"UPDATE facet_counts SET count = count - 1 WHERE table_name = '{table}'"
                           f" AND column_name = '{c}' AND value = {row}.[{c}]; " for c in columns)

        conn.execute(f"CREATE TRIGGER facet_counts_insert AFTER INSERT ON [{table}] BEGIN {add('new')} END")
        conn.execute(f"CREATE TRIGGER facet_counts_delete AFTER DELETE ON [{table}] BEGIN {remove('old')} END")
        conn.execute(f"CREATE TRIGGER facet_counts_update AFTER UPDATE OF {', '.join(f'[{c}]' for c in columns)}"
                     f" ON [{table}] BEGIN {remove('old')} {add('new')} END")


def _check_existing(db_path):
    """Refuse to replace a file that is not a readable catalogue: its crawl history would be lost."""
    if not db_path.exists():
        return
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BuildError(f"the existing {db_path.name} is not a readable SQLite database ({exc}); "
                         "move it aside and build again") from None


def _write_optional_tables(db, reference_dir, results_dir):
    """Tables other parts of the project own: crawl history, the scaling scenario, the workforce checklist."""
    try:
        from crawler.catalogue.tables import crawl_tables
    except ImportError:
        crawl_tables = None
    if crawl_tables is not None:
        crawl_tables.create_crawl_tables(db)
        crawl_results.load_into(db.conn, results_dir)
    try:
        from crawler.catalogue.tables import scaling_tables
    except ImportError:
        scaling_tables = None
    if scaling_tables is not None:
        scaling_tables.write_scaling_tables(db, Path(reference_dir))
    from crawler.catalogue.tables import page_labels_table, workforce_tables

    page_labels_table.write(db)  # the words the crawler reads page labels by
    # seed 004's checklist: needs the courses and routes above

    workforce_tables.write_workforce_tables(db, Path(reference_dir))


def _create_views(db):
    from crawler.catalogue.tables.views import VIEWS
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def _enable_search(db):
    db["courses"].enable_fts(["title", "description", "eligibility", "audience", "leads_to", "accreditation",
                              "search_words"],
                             create_triggers=True, replace=True, tokenize="porter")
