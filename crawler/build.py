"""`python -m crawler build`: turn the reference files into catalogue.db, atomically.

The new database is written beside the old one and moved over it only when complete,
so a failed or interrupted build leaves the old catalogue untouched. Crawl history
(tables named crawl_*) is carried over from the old catalogue: the build owns the
reference data, the crawler owns its history.
"""
import json
import os
import re
import sqlite3
from pathlib import Path

import sqlite_utils

from crawler import glossary, reference_data
from crawler.normalise import duration_months

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "catalogue.db"

COURSE_COLUMNS = {
    "id": str, "title": str, "provider_id": str, "kind": str, "appendix_row": int, "url": str,
    "award": str, "description": str, "contact": str, "mode": str, "study_pattern": str,
    "duration_text": str, "duration_months_min": float, "duration_months_max": float,
    "credits": str, "cost": str, "fee_gbp": float, "funding": str, "start_dates": str,
    "location": str, "audience": str, "eligibility": str, "accreditation": str, "leads_to": str,
    "aimh_level_expected": int, "aimh_level_target": int, "fhsfl_level": int,
    "level_reason": str, "level_sources": str, "notes": str, "source_id": str, "section": str,
}


class BuildError(Exception):
    """The build could not complete; the old catalogue is untouched."""


def build(db_path=DEFAULT_DB, reference_dir=reference_data.REFERENCE_DIR):
    """Build the catalogue at db_path from reference_dir. Returns a dict of row counts."""
    db_path = Path(db_path)
    data = reference_data.load(reference_dir)
    _check_existing(db_path)
    tmp_path = db_path.with_name(db_path.name + ".new")
    for leftover in (tmp_path, Path(str(tmp_path) + "-journal")):
        if leftover.exists():
            leftover.unlink()
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
        _write_optional_tables(db, reference_dir, db_path)
        _create_views(db)
        db.index_foreign_keys()
        _index_browsed_columns(db)
        glossary.fold_into_search(db, reference_dir)
        _enable_search(db)
        counts = {t: db[t].count for t in sorted(db.table_names()) if not t.startswith("courses_fts")}
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise BuildError(f"foreign keys point nowhere: {problems[:3]}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")  # the shipped file's own mode
        conn.close()
        with open(tmp_path, "rb+") as flushed:
            os.fsync(flushed.fileno())
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


def _index_browsed_columns(db):
    for table, indexes in BROWSE_INDEXES.items():
        for columns in indexes:
            db[table].create_index(list(columns), if_not_exists=True)


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
    db["sources"].create({"id": str, "kind": str, "title": str, "document": str, "url": str}, pk="id")
    db["course_kinds"].create({"id": str, "description": str}, pk="id")
    db["aimh_levels"].create({"level": int, "name": str, "description": str, "who": str, "source_id": str, "section": str},
                             pk="level", foreign_keys=[("source_id", "sources", "id")])
    db["fhsfl_levels"].create({"level": int, "name": str, "description": str, "who": str, "source_id": str, "section": str},
                              pk="level", foreign_keys=[("source_id", "sources", "id")])
    db["registration_bodies"].create({"id": str, "name": str, "clinical_registration": str, "reason": str, "source_id": str, "section": str},
                                     pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["career_stages"].create({"id": str, "name": str, "description": str}, pk="id")
    db["stage_words"].create({"word": str, "stage_id": str}, pk="word", foreign_keys=[("stage_id", "career_stages", "id")])
    db["professions"].create(
        {"id": str, "name": str, "usual_stage": str, "usual_registration": str, "professional_qualification": int,
         "usual_degree": str, "basis": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("usual_stage", "career_stages", "id"), ("usual_registration", "registration_bodies", "id"),
                               ("source_id", "sources", "id")])
    db["profession_aliases"].create({"alias": str, "profession_id": str, "is_name": int}, pk="alias",
                                    foreign_keys=[("profession_id", "professions", "id")])
    db["profession_groups"].create({"profession_id": str, "group_name": str}, pk=("profession_id", "group_name"),
                                   foreign_keys=[("profession_id", "professions", "id")])
    db["providers"].create({"id": str, "name": str, "website": str, "source_id": str, "section": str}, pk="id",
                           foreign_keys=[("source_id", "sources", "id")])
    db["courses"].create(COURSE_COLUMNS, pk="id", foreign_keys=[
        ("provider_id", "providers", "id"), ("kind", "course_kinds", "id"), ("source_id", "sources", "id"),
        ("aimh_level_expected", "aimh_levels", "level"), ("aimh_level_target", "aimh_levels", "level"),
        ("fhsfl_level", "fhsfl_levels", "level")], not_null={"title", "kind"})
    db["course_facts"].create(
        {"course_id": str, "field": str, "position": int, "value": str, "source_id": str, "source_kind": str,
         "section": str, "shown": int, "why": str},
        pk=("course_id", "field", "position"),
        foreign_keys=[("course_id", "courses", "id"), ("source_id", "sources", "id")])
    db["routes"].create(
        {"id": str, "name": str, "who_for": str, "leads_to": str, "duration": str, "duration_months_min": float,
         "duration_months_max": float, "funding": str, "funded": str,
         "aimh_level_target": int, "level_reason": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("source_id", "sources", "id"), ("aimh_level_target", "aimh_levels", "level")])
    db["pathway_steps"].create(
        {"id": str, "name": str, "gives": str, "duration": str, "duration_months_min": float,
         "duration_months_max": float, "basis": str, "source_id": str, "section": str},
        pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["eligibility_rules"].create(
        {"id": int, "course_id": str, "route_id": str, "words": str, "source_id": str, "section": str},
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
    db["sources"].insert_all(
        {"id": s["id"], "kind": s["kind"], "title": s["title"], "document": s.get("document"), "url": s.get("url")}
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
    for p in data["professions"]:
        db["professions"].insert(
            {"id": p["id"], "name": p["name"], "usual_stage": p["usual_stage"], "usual_registration": p.get("usual_registration"),
             "professional_qualification": int(bool(p.get("professional_qualification"))), "usual_degree": p.get("usual_degree"),
             "basis": p.get("basis"), "source_id": p["source"], "section": p.get("section")})
        names = {" ".join(p["name"].lower().split()): 1}
        for alias in p.get("aliases") or []:
            names.setdefault(" ".join(str(alias).lower().split()), 0)
        db["profession_aliases"].insert_all({"alias": a, "profession_id": p["id"], "is_name": n} for a, n in names.items())
        db["profession_groups"].insert_all({"profession_id": p["id"], "group_name": g} for g in sorted(set(p.get("groups") or [])))
    db["providers"].insert_all(
        {"id": r["id"], "name": r["name"], "website": r.get("website"), "source_id": r["source"], "section": r.get("section")}
        for r in data["providers"])
    kinds = {s["id"]: s["kind"] for s in data["sources"]}
    course_rows, fact_rows = [], []
    for c in data["courses"]:
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
        course_rows.append({k: row.get(k) for k in COURSE_COLUMNS})
        fact_rows.extend(
            {"course_id": c["id"], "field": f["field"], "position": f["position"], "value": str(f["value"]),
             "source_id": f["source"], "source_kind": kinds[f["source"]], "section": f.get("section"),
             "shown": int(bool(f["shown"])), "why": f.get("why")} for f in c["_facts"])
    db["courses"].insert_all(course_rows, batch_size=500)
    db["course_facts"].insert_all(fact_rows, batch_size=500)
    db["routes"].insert_all(
        {"id": r["id"], "name": r["name"], "who_for": r["who_for"], "leads_to": r["leads_to"], "duration": r.get("duration"),
         **dict(zip(("duration_months_min", "duration_months_max"), route_months(r.get("duration")))),
         "funding": r.get("funding"), "funded": r.get("funded"), "aimh_level_target": r.get("aimh_level_target"),
         "level_reason": r.get("level_reason"), "source_id": r["source"], "section": r.get("section")} for r in data["routes"])
    db["pathway_steps"].insert_all(
        {"id": r["id"], "name": r["name"], "gives": json.dumps(r["gives"], sort_keys=True), "duration": r["duration"],
         "duration_months_min": duration_months(str(r["duration"]))[0],
         "duration_months_max": duration_months(str(r["duration"]))[1], "basis": r["basis"],
         "source_id": r["source"], "section": r.get("section")} for r in data.get("pathway_steps", ()))
    requirement_id = 0
    rule_rows, requirement_rows = [], []
    for rule_id, rule in enumerate(data["eligibility"], start=1):
        rule_rows.append(
            {"id": rule_id, "course_id": rule.get("course"), "route_id": rule.get("route"), "words": rule["words"],
             "source_id": rule["source"], "section": rule.get("section")})
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


def _write_optional_tables(db, reference_dir, old_db_path):
    """Tables other parts of the project own: crawl history, the scaling scenario, the workforce checklist."""
    try:
        from crawler import crawl_tables
    except ImportError:
        crawl_tables = None
    if crawl_tables is not None:
        crawl_tables.create_crawl_tables(db)
        old = Path(old_db_path)
        if old.exists():
            _carry_over_crawl_history(db, old)
    try:
        from crawler import scaling_tables
    except ImportError:
        scaling_tables = None
    if scaling_tables is not None:
        scaling_tables.write_scaling_tables(db, Path(reference_dir))
    from crawler import workforce_tables  # seed 004's checklist: needs the courses and routes above

    workforce_tables.write_workforce_tables(db, Path(reference_dir))


def _carry_over_crawl_history(db, old_db_path):
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS old", (str(old_db_path),))
    try:
        old_tables = {r[0] for r in conn.execute("SELECT name FROM old.sqlite_master WHERE type='table'")}
        conn.execute("BEGIN")
        for table in db.table_names():
            if table.startswith("crawl_") and table in old_tables:
                old_cols = {r[1] for r in conn.execute(f"PRAGMA old.table_info([{table}])")}
                cols = ", ".join(f"[{c.name}]" for c in db[table].columns if c.name in old_cols)
                conn.execute(f"INSERT INTO main.[{table}] ({cols}) SELECT {cols} FROM old.[{table}]")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE old")


def _create_views(db):
    from crawler.views import VIEWS
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def _enable_search(db):
    db["courses"].enable_fts(["title", "description", "eligibility", "audience", "leads_to", "accreditation",
                              "search_words"],
                             create_triggers=True, replace=True, tokenize="porter")
