"""Reading catalogue.db: everything the recommender needs, loaded once into plain objects.

Only the standard `sqlite3` module is used (start-up time matters). A missing or corrupt
database, or one without a table the recommender reads, is a UserError with one line
that says what to do.
"""
import gc
import json
import os
import sqlite3
from _thread import get_ident
from contextlib import contextmanager
from pathlib import Path

from recommender.catalogue.errors import UserError
from recommender.catalogue.objects import Course, Profession, Requirement, Route, Rule, Source

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DB = ROOT / "catalogue.db"
DB_ENV = "IMH_CATALOGUE_DB"
REBUILD = "build it with: python -m crawler build"

REQUIRED_TABLES = (
    "sources", "aimh_levels", "registration_bodies", "career_stages", "stage_words", "professions",
    "profession_aliases", "profession_groups", "providers", "courses", "routes",
    "eligibility_rules", "eligibility_requirements",
)


class Catalogue:
    """The reference data of one catalogue.db, in memory.

    reopen: a function that opens the same file again (load() gives one). With it, and a
    catalogue whose build wrote the course_order table, the courses are read when first asked
    for (`courses`, `course_rules`): an answer that lists only the best few courses reads just
    the first few of each rule group (`course_groups`), not a national catalogue's every row.
    tables: the names of the file's tables and views, where the caller has asked already."""

    def __init__(self, conn, reopen=None, tables=None):
        conn.row_factory = sqlite3.Row
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        self.sources = {r["id"]: Source(r["id"], r["kind"], r["title"], r["document"]) for r in q("SELECT * FROM sources")}
        self.aimh_levels = {r["level"]: r["name"] for r in q("SELECT level, name FROM aimh_levels")}
        self.registration_bodies = {r["id"]: dict(r) for r in q("SELECT * FROM registration_bodies ORDER BY id")}
        self.stages = {r["id"]: r["name"] for r in q("SELECT id, name FROM career_stages")}
        self.stage_words = {r["word"]: r["stage_id"] for r in q("SELECT word, stage_id FROM stage_words")}
        # every table and view (load() has asked already), once: the optional ones below are read only where they are
        if tables is None:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        # seniority, setting and small words (profile_words.yaml); an older catalogue has none
        has_profile_words = "profile_words" in tables
        self.profile_words = {r["word"]: (r["kind"], r["meaning"], r["stage_id"]) for r in q(
            "SELECT word, kind, meaning, stage_id FROM profile_words")} if has_profile_words else {}
        groups = {}
        for r in q("SELECT profession_id, group_name FROM profession_groups"):
            groups.setdefault(r["profession_id"], set()).add(r["group_name"])
        self.professions = {
            r["id"]: Profession(r["id"], r["name"], r["usual_stage"], r["usual_registration"],
                                bool(r["professional_qualification"]), r["usual_degree"],
                                frozenset(groups.get(r["id"], ())))
            for r in q("SELECT * FROM professions ORDER BY id")
        }
        # what a student or trainee of a profession is already on, and advice for a role (optional tables)
        self.in_training = {}
        if "profession_in_training" in tables:
            for r in q("SELECT profession_id, item_kind, item_id FROM profession_in_training"):
                self.in_training.setdefault(r["profession_id"], set()).add((r["item_kind"], r["item_id"]))
        self.advice = {}
        if "profession_advice" in tables:
            for r in q("SELECT profession_id, text, source_id, section FROM profession_advice "
                       "ORDER BY profession_id, position"):
                self.advice.setdefault(r["profession_id"], []).append(
                    {"text": r["text"], "source": r["source_id"], "section": r["section"]})
        # hours of study where a course's length is given in hours, days of training where it is given in
        # days ("2-day introductory workshop"): both as the build reads them, in one pass over the courses
        self.course_hours, self.course_days = {}, {}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(courses)")} if "courses" in tables else set()
        if "duration_hours_max" in columns:
            has_days = "duration_days_max" in columns
            days = "duration_days_min, duration_days_max" if has_days else "NULL, NULL"
            for r in conn.execute(f"SELECT id, duration_hours_min, duration_hours_max, {days} FROM courses WHERE "
                                  "duration_hours_max IS NOT NULL" + (" OR duration_days_max IS NOT NULL" if has_days else "")):
                if r[2] is not None:
                    self.course_hours[r[0]] = (r[1], r[2])
                if r[4] is not None:
                    self.course_days[r[0]] = (r[3], r[4])
        self.aliases = {r["alias"]: (r["profession_id"], bool(r["is_name"]))
                        for r in q("SELECT alias, profession_id, is_name FROM profession_aliases ORDER BY alias")}
        has_order = "course_order" in tables
        self._reopen = reopen if has_order else None
        self._courses = self._course_rules = None
        if self._reopen is None:
            self._read_courses(conn)
        self.routes = {}
        for r in q("SELECT * FROM routes ORDER BY rowid"):  # durations in months are parsed by the build
            self.routes[r["id"]] = Route(r["id"], r["name"], r["who_for"], r["leads_to"], r["duration"],
                                         r["duration_months_min"], r["duration_months_max"], r["funding"], r["funded"],
                                         r["aimh_level_target"],
                                         r["funding_ends"] if "funding_ends" in r.keys() else None)
        if self._reopen is None:
            self._course_rules, self.route_rules = self._rules(conn)
        else:
            self.route_rules = self._route_rules(conn)
        # steps outside the catalogue a pathway may need (e.g. a first degree); optional table
        has_steps = "pathway_steps" in tables
        self.pathway_steps = [
            {"id": r["id"], "name": r["name"], "gives": json.loads(r["gives"]), "basis": r["basis"],
             "duration": r["duration"] if "duration" in r.keys() else None,
             "duration_months_min": r["duration_months_min"], "duration_months_max": r["duration_months_max"]}
            for r in (q("SELECT * FROM pathway_steps ORDER BY id") if has_steps else ())]

    @property
    def courses(self):
        """{course id: Course} of every course (read now if the catalogue was opened lazily)."""
        if self._courses is None:
            self._read_all_courses()
        return self._courses

    @property
    def course_rules(self):
        """{course id: Rule} (shared Rule objects: many courses copy one rule)."""
        if self._course_rules is None:
            self._read_all_courses()
        return self._course_rules

    def distinct_rules(self):
        """Every distinct rule (of courses and routes), without reading the courses."""
        if self._course_rules is not None:
            return list({id(rule): rule for rules in (self._course_rules, self.route_rules)
                         for rule in rules.values()}.values())
        with self._opened() as conn:
            cur = conn.cursor()
            ids = [r[0] for r in cur.execute("SELECT DISTINCT coalesce(same_rule_as, id) FROM eligibility_rules")]
            return list(_rules_by_id(cur, sorted(ids)).values())

    def course_and_rule(self, course_id):
        """(Course or None, its Rule or None) for one course, without reading every course of a
        lazily opened catalogue (what a prior course needs first is told from it)."""
        if self._courses is not None:
            return self._courses.get(course_id), self.course_rules.get(course_id)
        cache = self.__dict__.setdefault("_one_course", {})
        if course_id not in cache:
            with self._opened() as conn:
                cur = conn.cursor()
                cur.row_factory = None
                row = cur.execute(f"SELECT {self._COURSE_COLUMNS} FROM courses c {self._COURSE_JOINS} WHERE c.id = ?",
                                  (course_id,)).fetchone()
                rule_id = cur.execute("SELECT coalesce(same_rule_as, id) FROM eligibility_rules WHERE course_id = ?",
                                      (course_id,)).fetchone()
                rule = _rules_by_id(cur, [rule_id[0]]).get(rule_id[0]) if rule_id else None
            cache[course_id] = (Course._make(row) if row else None, rule)
        return cache[course_id]

    @property
    def courses_read(self):
        """Whether every course is in memory (False until a lazily opened catalogue is asked for them)."""
        return self._courses is not None

    @property
    def has_course_order(self):
        """Whether `course_groups` can answer (the file has the build's course_order table)."""
        return self._reopen is not None

    def _read_all_courses(self):
        with self._opened() as conn:
            self._read_courses(conn)
            course_rules, route_rules = self._rules(conn)
        # the routes' Rule objects stay those already handed out
        self._course_rules = course_rules

    @contextmanager
    def _opened(self):
        """The file again, for a later read; a failure is a UserError like one while loading."""
        try:
            yield self._reopen()  # kept open by load() for this thread
        except (sqlite3.Error, OSError, KeyError, IndexError, ValueError) as exc:
            raise UserError(f"the catalogue could not be read as a catalogue ({exc}); {REBUILD}") from None

    # Course's fields, in order, as columns of courses (c), providers (p) and course_fact_sources (fs)
    _COURSE_COLUMNS = """c.id, c.title, p.name, c.url, c.kind, c.mode, c.duration_text, c.duration_months_min,
                         c.duration_months_max, c.funding, c.fee_gbp, c.aimh_level_expected, c.aimh_level_target,
                         c.level_reason, c.last_checked, c.start_date_iso, c.page_status, fs.fact_sources,
                         c.starts_known, c.fee_year, c.fee_overseas_gbp, c.applications_close, c.funding_ends,
                         c.page_changed_on, c.page_change_waits_for"""
    _COURSE_JOINS = """LEFT JOIN providers p ON p.id = c.provider_id
                       LEFT JOIN course_fact_sources fs ON fs.course_id = c.id"""

    def _read_courses(self, conn):
        cur = conn.cursor()
        cur.row_factory = None
        # tuples, no index-ordered scan: 50,000 rows read in table order, then sorted by id
        rows = cur.execute(f"SELECT {self._COURSE_COLUMNS} FROM courses c {self._COURSE_JOINS}").fetchall()
        rows.sort()
        make = Course._make
        self._courses = {r[0]: make(r) for r in rows}

    def course_groups(self, listed, beam):
        """The courses that can be among the best `listed` of their rule group or the first `beam`
        tried as its pathway steps, read from the build's course_order table (has_course_order).

        A list of groups, one per (rule, expected level, target level): (Rule or None, expected,
        target, the group's size, its first courses in listing order, its first courses in step
        order). The order within a group is course_order's, the same for everyone."""
        with self._opened() as conn:
            cur = conn.cursor()
            cur.row_factory = None
            rows = cur.execute(
                f"""SELECT o.rule_id, o.aimh_level_expected, o.aimh_level_target, o.group_size, o.listing_rank,
                           o.step_rank, {self._COURSE_COLUMNS}
                    FROM course_order o JOIN courses c ON c.id = o.course_id {self._COURSE_JOINS}
                    WHERE o.listing_rank <= ? OR o.step_rank <= ?""", (listed, beam)).fetchall()
            rules = _rules_by_id(cur, sorted({r[0] for r in rows if r[0] is not None}))
        groups = {}
        make = Course._make
        for rule_id, expected, target, size, listing_rank, step_rank, *course in rows:
            group = groups.get((rule_id, expected, target))
            if group is None:
                group = groups[(rule_id, expected, target)] = (rules.get(rule_id), expected, target, size, [], [])
            course = make(course)
            if listing_rank <= listed:
                group[4].append((listing_rank, course))
            if step_rank <= beam:
                group[5].append((step_rank, course))
        return [(rule, expected, target, size, [c for _, c in sorted(listing)], [c for _, c in sorted(steps)])
                for rule, expected, target, size, listing, steps in groups.values()]

    @staticmethod
    def _route_rules(conn):
        cur = conn.cursor()
        cur.row_factory = None
        links = cur.execute("SELECT route_id, coalesce(same_rule_as, id) FROM eligibility_rules "
                            "WHERE route_id IS NOT NULL").fetchall()
        rules = _rules_by_id(cur, sorted({rule_id for _, rule_id in links}))
        return {route_id: rules[rule_id] for route_id, rule_id in links}

    @staticmethod
    def _rules(conn):
        """Rules by course and by route. Many courses copy one rule (a national catalogue has a
        few dozen distinct rules for tens of thousands of courses): each distinct rule (same
        words, source, section and requirements) is built once and shared, and its `shape`
        (what makes it distinct) is the key the recommender evaluates it by."""
        cur = conn.cursor()
        cur.row_factory = None
        columns = {r[1] for r in cur.execute("PRAGMA table_info(eligibility_rules)")}
        if "same_rule_as" in columns:
            return Catalogue._distinct_rules(cur)
        rows_of = {}  # rule id -> ((parent's place in the rule or -1, kind, parameters, missing, if_unmet), ...)
        current, rows, place = None, [], {}  # rows arrive grouped by rule
        for req_id, rule_id, parent_id, kind, parameters, missing, if_unmet in cur.execute(
                "SELECT id, rule_id, parent_id, kind, parameters, missing, if_unmet "
                "FROM eligibility_requirements ORDER BY rule_id, parent_id, position, id"):
            if rule_id != current:
                if current is not None:
                    rows_of[current] = tuple(rows)
                current, rows = rule_id, []
            if parent_id is None:
                rows.append((-1, kind, parameters or "{}", missing, if_unmet))
            else:
                rows.append((place[parent_id], kind, parameters or "{}", missing, if_unmet))
            place[req_id] = len(rows) - 1
        if current is not None:
            rows_of[current] = tuple(rows)
        built = {}   # shape -> Rule
        parsed = {}  # parameters text -> dict (read only)
        course_rules, route_rules = {}, {}
        for rule_id, words, source_id, section, course_id, route_id in cur.execute(
                "SELECT id, words, source_id, section, course_id, route_id FROM eligibility_rules ORDER BY id"):
            shape = (words, source_id, section, rows_of.get(rule_id, ()))
            rule = built.get(shape)
            if rule is None:
                rule = built[shape] = Rule(rule_id, words, source_id, section, _requirements(shape[3], parsed), shape)
            if course_id:
                course_rules[course_id] = rule
            else:
                route_rules[route_id] = rule
        return course_rules, route_rules

    @staticmethod
    def _distinct_rules(cur):
        """_rules() for a catalogue whose build marked copied rules (same_rule_as): only the
        distinct rules' requirements are read (a few dozen of them at national scale)."""
        links = cur.execute("SELECT id, course_id, route_id, same_rule_as FROM eligibility_rules").fetchall()
        built = _rules_by_id(cur, sorted({same or rule_id for rule_id, _, _, same in links}))
        course_rules, route_rules = {}, {}
        for rule_id, course_id, route_id, same in links:
            rule = built[same or rule_id]
            if course_id:
                course_rules[course_id] = rule
            else:
                route_rules[route_id] = rule
        return course_rules, route_rules

    def profession_in_group(self, profession_id, group):
        return group in self.professions[profession_id].groups


def _rules_by_id(cur, rule_ids):
    """{rule id: Rule} for these (distinct) rules, with their requirements."""
    built = {}
    for start in range(0, len(rule_ids), 500):  # SQLite's limit on bound parameters
        chunk = rule_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows_of, place = {}, {}
        for req_id, rule_id, parent_id, kind, parameters, missing, if_unmet in cur.execute(
                "SELECT id, rule_id, parent_id, kind, parameters, missing, if_unmet FROM eligibility_requirements "
                f"WHERE rule_id IN ({marks}) ORDER BY rule_id, parent_id, position, id", chunk):
            rows = rows_of.setdefault(rule_id, [])
            rows.append((-1 if parent_id is None else place[parent_id], kind, parameters or "{}", missing, if_unmet))
            place[req_id] = len(rows) - 1
        parsed = {}
        for rule_id, words, source_id, section in cur.execute(
                f"SELECT id, words, source_id, section FROM eligibility_rules WHERE id IN ({marks})", chunk):
            shape = (words, source_id, section, tuple(rows_of.get(rule_id, ())))
            built[rule_id] = Rule(rule_id, words, source_id, section, _requirements(shape[3], parsed), shape)
    return built


def _requirements(rows, parsed):
    """Requirement objects (options nested under their parent) from a rule's rows."""
    made, top = [], []
    for parent, kind, text, missing, if_unmet in rows:
        if text not in parsed:
            parsed[text] = json.loads(text)
        requirement = Requirement(kind, parsed[text], missing, if_unmet)
        made.append(requirement)
        (top if parent < 0 else made[parent].options).append(requirement)
    return top


def default_db_path():
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


_CACHE = {}  # the one Catalogue read last, by (path, modification time, size): a changed file is read again


def load(db_path_or_conn=None):
    """A Catalogue from a path (cached while the file is unchanged) or an open sqlite3 connection."""
    return load_cached(_CACHE, db_path_or_conn, _load_from)


def load_cached(cache, db_path_or_conn, load_from):
    """load_from(conn, where[, reopen]) on an open sqlite3 connection, or on the catalogue file at a path
    (default: default_db_path()) opened read-only, kept in `cache` (one entry) while the file is unchanged;
    reopen() gives the same file again for what is read later (one read-only connection per thread,
    kept open: the caller must not close it). The checklist (recommender/workforce/checklist.py) is
    read this way too."""
    if isinstance(db_path_or_conn, sqlite3.Connection):
        return load_from(db_path_or_conn, "the catalogue connection")
    path = Path(db_path_or_conn) if db_path_or_conn is not None else default_db_path()
    try:
        stat = path.stat()
    except OSError:
        raise UserError(f"catalogue database not found: {path} ({REBUILD}, or pass --db PATH)") from None
    if not path.is_file():
        raise UserError(f"catalogue database {path} is not a file ({REBUILD}, or pass --db PATH)")
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in cache:
        return cache[key]
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise UserError(f"cannot open the catalogue database {path} ({exc}); {REBUILD}") from None
    # One read-only connection per thread, kept for what is read later: each new connection reads the
    # schema again (1.4 ms for the shipped catalogue's 188 tables, views, indexes and triggers), and
    # a `recommend` read later three times (issue 25). Kept open, a connection holds no lock.
    kept = {}

    def reopen():
        """The file again, for what the catalogue reads later (refused if it was rebuilt meanwhile).
        The caller must not close it."""
        now = path.stat()
        if (now.st_mtime_ns, now.st_size) != key[1:]:
            raise UserError(f"the catalogue database {path} changed while it was being read; run the command again")
        thread = get_ident()
        if thread not in kept:
            kept[thread] = sqlite3.connect(uri, uri=True)
        return kept[thread]

    collecting = gc.isenabled()
    gc.disable()  # loading makes no garbage cycles; collecting while 50,000 courses load only costs time
    try:
        loaded = load_from(conn, str(path), reopen)
    except BaseException:
        conn.close()
        raise
    else:
        kept[get_ident()] = conn  # read by this thread again, as a new connection would be
    finally:
        if collecting:
            gc.enable()
    gc.freeze()  # what is loaded lives as long as the process: later collections need not walk it
    cache.clear()
    cache[key] = loaded
    return loaded


def _load_from(conn, where, reopen=None):
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.Error as exc:
        raise UserError(f"{where} is not a readable SQLite catalogue ({exc}); {REBUILD}") from None
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise UserError(f"{where} has no {', '.join(missing)} table{'s' if len(missing) > 1 else ''}: "
                        f"it is not a catalogue or is out of date; {REBUILD}")
    factory = conn.row_factory
    try:
        return Catalogue(conn, reopen, tables)
    except (sqlite3.Error, KeyError, IndexError, ValueError) as exc:
        raise UserError(f"{where} could not be read as a catalogue ({exc}); {REBUILD}") from None
    finally:
        conn.row_factory = factory
