"""`python -m crawler build`: turn the reference files and the crawl results into catalogue.db, atomically.

The new database is written to a private file of this build's own beside the old one
(.catalogue.db.XXXX.new) and moved over it only when complete, with the old file's mode,
so a failed or interrupted build leaves the old catalogue untouched. Each build holds a lock
(catalogue.db.lock): a second build at the same time waits for the first, and refuses after
BUILD_LOCK_WAIT seconds, so two builds never install a mix of each other's files. Crawl history
(tables named crawl_*) is loaded from the results files in data/crawls (crawler/crawl/crawl_results.py);
runs the old catalogue holds that no file holds are saved there first, so none is lost.
The currency policy (crawler/catalogue/currency.py) then chooses the value each course shows.
"""
import json
import os
import re
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
from crawler.catalogue.tables import course_order_table, glossary
from crawler.crawl import crawl_results
from crawler.reading.normalise import duration_months, months_of_hours, study_hours
from crawler.catalogue.writer_lock import LockError, writer_lock

ROOT = Path(__file__).resolve().parents[2]   # the repository root
DEFAULT_DB = ROOT / "catalogue.db"

COURSE_COLUMNS = {
    "id": str, "title": str, "provider_id": str, "kind": str, "appendix_row": int, "url": str,
    "award": str, "description": str, "contact": str, "mode": str, "study_pattern": str,
    "duration_text": str, "duration_months_min": float, "duration_months_max": float,
    "duration_hours_min": float, "duration_hours_max": float,
    "credits": str, "cost": str, "fee_gbp": float, "funding": str, "start_dates": str,
    "location": str, "audience": str, "eligibility": str, "accreditation": str, "leads_to": str,
    "aimh_level_expected": int, "aimh_level_target": int, "fhsfl_level": int,
    "level_reason": str, "level_sources": str, "notes": str, "source_id": str, "section": str,
    # Set by the currency policy (crawler/catalogue/currency.py) from the crawl history:
    "last_checked": str, "page_status": str, "start_date_iso": str,
    # Dated facts (docs/data-model.md, "Dates"): every known start as a JSON list of YYYY-MM or
    # YYYY-MM-DD (from all start_dates values), the shown fee's academic year, the overseas fee,
    # when applications close and when the funding a source names ends. What they mean on a day
    # is course_dates' to say: nothing here depends on the clock.
    "starts_known": str, "fee_year": str, "fee_overseas_gbp": float, "applications_close": str,
    "funding_ends": str,
    # Set by the currency policy: the day the course's page first said something other than
    # what is shown, while that reading waits (for review, or for a second crawl to agree).
    "page_changed_on": str, "page_change_waits_for": str,
}


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
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BuildError(f"{wal.name} holds writes not yet in {db_path.name} and cannot be folded in ({exc}); "
                         "stop whatever still has the catalogue open for writing and build again") from None
    if wal.exists():
        raise BuildError(f"{wal.name} holds writes not yet in {db_path.name} (another process keeps it open); "
                         "stop it and build again")


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
        _write_schema(db)
        _write_reference(db, data)
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


# The recommender reads these columns of every course (recommender/catalogue.py): from this
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
# (catalogue_site/facet_counts.py) instead of on every request. Triggers keep the counts exact
# through every later write to courses (a crawl changing a course's funding moves one count).
FACET_COUNT_COLUMNS = {"courses": ("provider_id", "award", "aimh_level_target", "mode", "funding", "kind")}


def _write_facet_counts(conn):
    conn.execute("CREATE TABLE facet_counts (table_name TEXT NOT NULL, column_name TEXT NOT NULL, value,"
                 " count INTEGER NOT NULL, PRIMARY KEY (table_name, column_name, value))")
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


def _write_schema(db):
    db["sources"].create({"id": str, "kind": str, "title": str, "short_title": str, "document": str, "url": str}, pk="id")
    db["course_kinds"].create({"id": str, "description": str}, pk="id")
    db["aimh_levels"].create({"level": int, "name": str, "description": str, "who": str, "source_id": str, "section": str},
                             pk="level", foreign_keys=[("source_id", "sources", "id")])
    db["fhsfl_levels"].create({"level": int, "name": str, "description": str, "who": str, "source_id": str, "section": str},
                              pk="level", foreign_keys=[("source_id", "sources", "id")])
    db["registration_bodies"].create({"id": str, "name": str, "clinical_registration": str, "reason": str, "source_id": str, "section": str},
                                     pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["career_stages"].create({"id": str, "name": str, "description": str}, pk="id")
    db["stage_words"].create({"word": str, "stage_id": str}, pk="word", foreign_keys=[("stage_id", "career_stages", "id")])
    db["profile_words"].create({"word": str, "kind": str, "meaning_id": str, "meaning": str, "stage_id": str,
                                "reason": str, "source_id": str, "section": str}, pk="word",
                               foreign_keys=[("stage_id", "career_stages", "id"), ("source_id", "sources", "id")])
    db["professions"].create(
        {"id": str, "name": str, "usual_stage": str, "usual_registration": str, "professional_qualification": int,
         "usual_degree": str, "basis": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("usual_stage", "career_stages", "id"), ("usual_registration", "registration_bodies", "id"),
                               ("source_id", "sources", "id")])
    db["profession_aliases"].create({"alias": str, "profession_id": str, "is_name": int}, pk="alias",
                                    foreign_keys=[("profession_id", "professions", "id")])
    db["profession_groups"].create({"profession_id": str, "group_name": str}, pk=("profession_id", "group_name"),
                                   foreign_keys=[("profession_id", "professions", "id")])
    # what a student or trainee of a profession is already on (never offered back as a next step)
    db["profession_in_training"].create({"profession_id": str, "item_kind": str, "item_id": str},
                                        pk=("profession_id", "item_kind", "item_id"),
                                        foreign_keys=[("profession_id", "professions", "id")])
    # what the recommender tells someone in a role besides courses (a manager: leading a trained workforce)
    db["profession_advice"].create({"profession_id": str, "position": int, "text": str, "source_id": str, "section": str},
                                   pk=("profession_id", "position"),
                                   foreign_keys=[("profession_id", "professions", "id"), ("source_id", "sources", "id")])
    db["providers"].create({"id": str, "name": str, "website": str, "source_id": str, "section": str}, pk="id",
                           foreign_keys=[("source_id", "sources", "id")])
    db["courses"].create(COURSE_COLUMNS, pk="id", foreign_keys=[
        ("provider_id", "providers", "id"), ("kind", "course_kinds", "id"), ("source_id", "sources", "id"),
        ("aimh_level_expected", "aimh_levels", "level"), ("aimh_level_target", "aimh_levels", "level"),
        ("fhsfl_level", "fhsfl_levels", "level")], not_null={"title", "kind"})
    db["course_facts"].create(
        {"course_id": str, "field": str, "position": int, "value": str, "source_id": str, "source_kind": str,
         "section": str, "shown": int, "why": str, "pinned": int, "url": str, "fetched_at": str},
        pk=("course_id", "field", "position"),
        foreign_keys=[("course_id", "courses", "id"), ("source_id", "sources", "id")])
    _write_currency_schema(db)
    db["routes"].create(
        {"id": str, "name": str, "who_for": str, "leads_to": str, "duration": str, "duration_months_min": float,
         "duration_months_max": float, "funding": str, "funded": str, "funding_ends": str,
         "funding_ends_section": str, "aimh_level_target": int, "level_reason": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("source_id", "sources", "id"), ("aimh_level_target", "aimh_levels", "level")])
    db["pathway_steps"].create(
        {"id": str, "name": str, "gives": str, "duration": str, "duration_months_min": float,
         "duration_months_max": float, "basis": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["eligibility_rules"].create(
        {"id": int, "course_id": str, "route_id": str, "words": str, "source_id": str, "section": str, "same_rule_as": int},
        pk="id", foreign_keys=[("course_id", "courses", "id"), ("route_id", "routes", "id"), ("source_id", "sources", "id")])
    db["eligibility_requirements"].create(
        {"id": int, "rule_id": int, "parent_id": int, "position": int, "kind": str, "parameters": str,
         "missing": str, "if_unmet": str},
        pk="id", foreign_keys=[("rule_id", "eligibility_rules", "id"), ("parent_id", "eligibility_requirements", "id")])


# "a year or two": the unit comes before the second number, which the normaliser does not
# read (it would give 12 to 12 months). Such a range is left unknown rather than shown wrong.
_UNIT_THEN_RANGE = re.compile(r"\b(?:day|week|month|year)s?\s+(?:or|to)\s+(?:\d+|a|an|one|two|three|four)\b", re.I)


def route_months(text):
    """A route's duration words to months (min, max), or (None, None) when unreadable. Stored
    beside the words, so the recommender reads numbers and never parses text."""
    if not text or _UNIT_THEN_RANGE.search(text):
        return (None, None)
    months = duration_months(text)
    return months if months else (None, None)


def _write_reference(db, data):
    """Every reference table, in the order their foreign keys need."""
    _write_sources_levels_and_registers(db, data)
    _write_professions(db, data["professions"])
    db["providers"].insert_all(
        {"id": r["id"], "name": r["name"], "website": r.get("website"), "source_id": r["source"], "section": r.get("section")}
        for r in data["providers"])
    db["provider_listings"].insert_all(
        {"provider_id": r["id"], "url": listing["url"], "source_id": listing["source"], "section": listing.get("section")}
        for r in data["providers"] for listing in r.get("listings") or [])
    _write_courses(db, data["courses"], {s["id"]: s["kind"] for s in data["sources"]})
    db["course_source_pages"].insert_all(
        {"course_id": c["id"], "url": page["url"], "about": page["about"], "source_id": page["source"],
         "section": page.get("section")} for c in data["courses"] for page in c.get("source_pages") or [])
    _write_routes(db, data["routes"])
    _write_pathway_steps(db, data.get("pathway_steps", ()))
    _write_rules(db, data["eligibility"])


def _write_sources_levels_and_registers(db, data):
    db["sources"].insert_all(
        {"id": s["id"], "kind": s["kind"], "title": s["title"], "short_title": s.get("short_title") or s["title"],
         "document": s.get("document"), "url": s.get("url")}
        for s in data["sources"])
    db["course_kinds"].insert_all({"id": k, "description": v} for k, v in data["course_kinds"].items())
    for table in ("aimh_levels", "fhsfl_levels"):
        db[table].insert_all(
            {"level": r["level"], "name": r["name"], "description": r.get("description"), "who": r.get("who"),
             "source_id": r["source"], "section": r.get("section")} for r in data[table])
    db["registration_bodies"].insert_all(
        {"id": r["id"], "name": r["name"], "clinical_registration": r["clinical_registration"], "reason": r.get("reason"),
         "source_id": r["source"], "section": r.get("section")} for r in data["registration_bodies"])
    db["career_stages"].insert_all({"id": r["id"], "name": r["name"], "description": r.get("description")}
                                   for r in data["career_stages"])
    db["stage_words"].insert_all({"word": w.lower(), "stage_id": r["id"]} for r in data["career_stages"] for w in r["words"])
    db["profile_words"].insert_all(
        {"word": " ".join(str(w).lower().split()), "kind": r["kind"], "meaning_id": r["id"], "meaning": r["name"],
         "stage_id": r.get("stage"), "reason": r.get("reason"), "source_id": r["source"], "section": r.get("section")}
        for r in data.get("profile_words", []) for w in r["words"])


def _write_professions(db, professions):
    """Each profession with its name and aliases (lower case, spaces collapsed) and its groups."""
    for p in professions:
        db["professions"].insert(
            {"id": p["id"], "name": p["name"], "usual_stage": p["usual_stage"], "usual_registration": p.get("usual_registration"),
             "professional_qualification": int(bool(p.get("professional_qualification"))), "usual_degree": p.get("usual_degree"),
             "basis": p.get("basis"), "source_id": p["source"], "section": p.get("section")})
        names = {" ".join(p["name"].lower().split()): 1}
        for alias in p.get("aliases") or []:
            names.setdefault(" ".join(str(alias).lower().split()), 0)
        db["profession_aliases"].insert_all({"alias": a, "profession_id": p["id"], "is_name": n} for a, n in names.items())
        db["profession_groups"].insert_all({"profession_id": p["id"], "group_name": g} for g in sorted(set(p.get("groups") or [])))
        on = p.get("in_training_on") or {}
        db["profession_in_training"].insert_all(
            {"profession_id": p["id"], "item_kind": kind, "item_id": item}
            for kind, key in (("course_kind", "course_kinds"), ("course", "courses"), ("route", "routes"))
            for item in on.get(key) or [])
        db["profession_advice"].insert_all(
            {"profession_id": p["id"], "position": n, "text": a["text"], "source_id": a["source"], "section": a.get("section")}
            for n, a in enumerate(p.get("advice") or [], start=1))


def _write_courses(db, courses, source_kinds):
    """courses holds each fact's shown value (and the duration in months); course_facts every value."""
    course_rows, fact_rows = [], []
    for c in courses:
        row = {"id": c["id"], "provider_id": c.get("provider"), "kind": c["kind"], "appendix_row": c.get("appendix_row"),
               "url": c.get("url"), "aimh_level_expected": c.get("aimh_level_expected"),
               "aimh_level_target": c.get("aimh_level_target"), "fhsfl_level": c.get("fhsfl_level"),
               "level_reason": c.get("level_reason"), "level_sources": json.dumps(c.get("level_sources") or []),
               "notes": c.get("notes"),
               "source_id": c.get("source"), "section": c.get("section")}
        for fact in c["_facts"]:
            if fact["shown"]:
                column = "duration_text" if fact["field"] == "duration" else fact["field"]
                row[column] = fact["value"]
        if row.get("duration_text"):
            row["duration_months_min"], row["duration_months_max"] = duration_months(str(row["duration_text"]))
            hours = study_hours(str(row["duration_text"]))
            if hours:
                # hours of study ("about 2 to 4 hours") are a number too; as elapsed time they
                # fit within days (normalise.months_of_hours), so a pathway can rank them
                row["duration_hours_min"], row["duration_hours_max"] = hours
                if row["duration_months_min"] is None:
                    row["duration_months_min"] = row["duration_months_max"] = months_of_hours(hours[1])
        course_rows.append({k: row.get(k) for k in COURSE_COLUMNS})
        fact_rows.extend(
            {"course_id": c["id"], "field": f["field"], "position": f["position"], "value": str(f["value"]),
             "source_id": f["source"], "source_kind": source_kinds[f["source"]], "section": f.get("section"),
             "shown": int(bool(f["shown"])), "why": f.get("why"), "pinned": int(bool(f.get("pinned"))),
             "url": f.get("url"), "fetched_at": f.get("fetched_at")} for f in c["_facts"])
    db["courses"].insert_all(course_rows, batch_size=500)
    db["course_facts"].insert_all(fact_rows, batch_size=500)


def _write_routes(db, routes):
    db["routes"].insert_all(
        {"id": r["id"], "name": r["name"], "who_for": r["who_for"], "leads_to": r["leads_to"], "duration": r.get("duration"),
         **dict(zip(("duration_months_min", "duration_months_max"),
                    r.get("duration_months") or route_months(r.get("duration")))),
         "funding": r.get("funding"), "funded": r.get("funded"), "funding_ends": r.get("funding_ends"),
         "funding_ends_section": r.get("funding_ends_section"), "aimh_level_target": r.get("aimh_level_target"),
         "level_reason": r.get("level_reason"), "source_id": r["source"], "section": r.get("section")} for r in routes)


def _write_pathway_steps(db, steps):
    db["pathway_steps"].insert_all(
        {"id": r["id"], "name": r["name"], "gives": json.dumps(r["gives"], sort_keys=True), "duration": r["duration"],
         "duration_months_min": duration_months(str(r["duration"]))[0],
         "duration_months_max": duration_months(str(r["duration"]))[1], "basis": r["basis"],
         "source_id": r["source"], "section": r.get("section")} for r in steps)


def _write_rules(db, rules):
    """One row per rule; its requirements flattened breadth first, each option under its parent."""
    requirement_id = 0
    rule_rows, requirement_rows = [], []
    first_of = {}  # a rule's words, source, section and requirements -> the first rule that has them
    for rule_id, rule in enumerate(rules, start=1):
        said = json.dumps([rule["words"], rule["source"], rule.get("section"), rule["requirements"]], sort_keys=True)
        rule_rows.append(
            {"id": rule_id, "course_id": rule.get("course"), "route_id": rule.get("route"), "words": rule["words"],
             "source_id": rule["source"], "section": rule.get("section"),
             # many courses copy one rule (the recommender reads each distinct rule once)
             "same_rule_as": first_of.setdefault(said, rule_id)})
        stack = [(None, position, req) for position, req in enumerate(rule["requirements"])]
        while stack:
            parent, position, req = stack.pop(0)
            requirement_id += 1
            parameters = {k: v for k, v in req.items() if k not in ("kind", "missing", "if_unmet", "options")}
            requirement_rows.append(
                {"id": requirement_id, "rule_id": rule_id, "parent_id": parent, "position": position, "kind": req["kind"],
                 "parameters": json.dumps(parameters, sort_keys=True), "missing": req.get("missing"),
                 "if_unmet": req.get("if_unmet", "eligible_if") if parent is None else None})
            for option_position, option in enumerate(req.get("options") or []):
                stack.append((requirement_id, option_position, option))
    db["eligibility_rules"].insert_all(rule_rows, batch_size=500)
    db["eligibility_requirements"].insert_all(requirement_rows, batch_size=500)  # parents come before their options


def _write_currency_schema(db):
    """What the currency policy (crawler/catalogue/currency.py) writes, and the providers' listing pages."""
    db["provider_listings"].create({"provider_id": str, "url": str, "source_id": str, "section": str},
                                   pk=("provider_id", "url"),
                                   foreign_keys=[("provider_id", "providers", "id"), ("source_id", "sources", "id")])
    # A course's other source pages (courses.yaml `source_pages`): crawled beside its own page.
    db["course_source_pages"].create({"course_id": str, "url": str, "about": str, "source_id": str, "section": str},
                                     pk=("course_id", "url"),
                                     foreign_keys=[("course_id", "courses", "id"), ("source_id", "sources", "id")])
    # Each time a page reading replaced the shown value of a course field.
    db["fact_changes"].create({"id": int, "course_id": str, "field": str, "old_value": str, "old_source": str,
                               "new_value": str, "new_source": str, "changed_at": str, "how": str},
                              pk="id", foreign_keys=[("course_id", "courses", "id")])
    # The source of each shown fact of a course, as JSON (read by the recommender in one join).
    db["course_fact_sources"].create({"course_id": str, "fact_sources": str}, pk="course_id",
                                     foreign_keys=[("course_id", "courses", "id")])
    # Readings not shown: doubtful ones and conflicts wait for a person, new ones for the next crawl.
    db["plausibility_rules"].create({"fact": str, "rule": str, "value": float, "why": str}, pk=("fact", "rule"))
    db["review_queue"].create({"id": str, "status": str, "kind": str, "course_id": str, "field": str,
                               "shown_value": str, "shown_source": str, "new_value": str, "url": str,
                               "seen_at": str, "why": str},
                              pk="id", foreign_keys=[("course_id", "courses", "id")])


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
