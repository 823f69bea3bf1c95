"""Seed 004's workforce checklist, read from catalogue.db (the checklist_* tables and views the
build writes from crawler/reference/workforce_checklist.yaml). Standard sqlite3 only.

A catalogue without the tables is a UserError that says to rebuild it.
"""
import json
import sqlite3
from dataclasses import dataclass

from recommender.catalogue.reader import REBUILD, load_cached
from recommender.catalogue.errors import UserError

TABLES = ("checklist_ratings", "workforce_parts", "checklist_items", "checklist_levels", "checklist_answers",
          "checklist_courses", "checklist_tiers", "checklist_recruitment")


def part_key(name):
    """How a workforce part's name is compared (as crawler/catalogue/tables/workforce_tables.py compares them)."""
    return " ".join(str(name).lower().replace("'", "").replace("\u2019", "").replace("-", " ").split())


@dataclass(frozen=True)
class Level:
    ladder: str      # "FH&SfL" or "AiMH"
    level: int
    name: str
    reason: str
    sources: tuple
    section: str

    def as_json(self):
        return {"ladder": self.ladder, "level": self.level, "name": self.name, "reason": self.reason,
                "sources": list(self.sources), "section": self.section}


@dataclass(frozen=True)
class Answer:
    position: int
    kind: str        # course, courses, route, supervision, local
    course_ids: tuple  # the courses it selects (kind course or courses)
    route_id: str | None
    selector: dict | None
    profession_group: str | None
    aimh_level: int | None
    words: str | None
    reason: str
    sources: tuple
    section: str
    for_staff_below_aimh: int | None = None  # a first step for staff below this AiMH level only

    def why(self):
        return {"reason": self.reason, "sources": list(self.sources), "section": self.section}


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    words: str
    theme: str
    applies_to: str
    applies_to_source: str
    applies_to_section: str
    not_in_catalogue: str | None
    source_id: str
    section: str
    levels: tuple
    answers: tuple

    @property
    def aimh_levels(self):
        return tuple(level.level for level in self.levels if level.ladder == "AiMH")

    @property
    def fhsfl_levels(self):
        return tuple(level.level for level in self.levels if level.ladder == "FH&SfL")

    def as_json(self):
        return {"id": self.id, "number": self.number, "words": self.words, "theme": self.theme,
                "source": {"id": self.source_id, "section": self.section},
                "applies_to": {"words": self.applies_to, "source": self.applies_to_source,
                               "section": self.applies_to_section}}


@dataclass(frozen=True)
class Part:
    id: str
    name: str
    words: str
    source_id: str
    section: str


class Checklist:
    def __init__(self, conn):
        conn.row_factory = sqlite3.Row
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        level_names = {("AiMH", r["level"]): r["name"] for r in q("SELECT level, name FROM aimh_levels")}
        level_names.update({("FH&SfL", r["level"]): r["name"] for r in q("SELECT level, name FROM fhsfl_levels")})
        self.ratings = {r["id"]: dict(r) for r in q("SELECT * FROM checklist_ratings ORDER BY plan_order")}
        self.parts = [Part(r["id"], r["name"], r["words"], r["source_id"], r["section"])
                      for r in q("SELECT * FROM workforce_parts ORDER BY position")]
        self.part_names = {}
        for r in q("SELECT id, name, words, aliases FROM workforce_parts ORDER BY position"):
            for name in [r["id"], r["name"], r["words"], *json.loads(r["aliases"] or "[]")]:
                self.part_names.setdefault(part_key(name), r["id"])
        self.part_by_id = {p.id: p for p in self.parts}
        levels, answers, selected = {}, {}, {}
        for r in q("SELECT * FROM checklist_levels ORDER BY item_id, ladder DESC, level"):
            levels.setdefault(r["item_id"], []).append(Level(
                r["ladder"], r["level"], level_names.get((r["ladder"], r["level"]), ""), r["reason"],
                tuple(json.loads(r["sources"])), r["section"]))
        for r in q("SELECT item_id, answer_position, course_id FROM checklist_courses"):
            selected.setdefault((r["item_id"], r["answer_position"]), []).append(r["course_id"])
        for r in q("SELECT * FROM checklist_answers ORDER BY item_id, position"):
            selector = {k: r[column] for k, column in (("kind", "course_kind"), ("fhsfl_level", "fhsfl_level"),
                                                        ("aimh_level_target", "aimh_level_target"))
                        if r[column] is not None} if r["kind"] == "courses" else None
            answers.setdefault(r["item_id"], []).append(Answer(
                r["position"], r["kind"], tuple(selected.get((r["item_id"], r["position"]), ())), r["route_id"],
                selector, r["profession_group"], r["aimh_level"], r["words"], r["reason"],
                tuple(json.loads(r["sources"])), r["section"],
                r["for_staff_below_aimh"] if "for_staff_below_aimh" in r.keys() else None))
        self.items = [
            Item(r["id"], r["number"], r["words"], r["theme"], r["applies_to"], r["applies_to_source_id"],
                 r["applies_to_section"], r["not_in_catalogue"], r["source_id"], r["section"],
                 tuple(levels.get(r["id"], ())), tuple(answers.get(r["id"], ())))
            for r in q("SELECT * FROM checklist_items ORDER BY number")
        ]
        self.item_by_id = {i.id: i for i in self.items}
        self.item_by_number = {i.number: i for i in self.items}
        self.tiers = {r["aimh_level"]: {**dict(r), "sources": json.loads(r["sources"])}
                      for r in q("SELECT * FROM checklist_tiers ORDER BY aimh_level")}
        self.recruitment = [{**dict(r), "sources": json.loads(r["sources"])}
                            for r in q("SELECT * FROM checklist_recruitment ORDER BY position")]

    def recruits(self, offer):
        """The checklist_recruitment row that makes a course or route a way to recruit, or None."""
        for rule in self.recruitment:
            if ((rule["match"] == "routes" and offer["kind"] == "route")
                    or (rule["match"] == "course_kind" and offer["kind"] == "course"
                        and offer["course_kind"] == rule["value"])
                    or (rule["match"] == "funding" and offer["kind"] == "course" and offer["funding"] == rule["value"])):
                return rule
        return None

    def item(self, text):
        """The item a planner means by its number ("6") or id ("observe-relationships"); None if unknown."""
        word = " ".join(str(text).strip().lower().split())
        if word.isdigit():
            return self.item_by_number.get(int(word))
        return self.item_by_id.get(word.replace(" ", "-"))

    def part(self, text):
        """The known part id for a name a planner typed, or None (seed 004 says "and more": other parts are kept)."""
        return self.part_names.get(part_key(text))


_CACHE = {}  # the one Checklist read last, by (path, modification time, size): a changed file is read again


def load(db_path_or_conn=None):
    """The Checklist of a catalogue path (cached while the file is unchanged) or an open connection."""
    return load_cached(_CACHE, db_path_or_conn, _load_from)


def _load_from(conn, where, reopen=None):  # the checklist is read at once: it never reopens the file
    factory = conn.row_factory
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        missing = [t for t in TABLES if t not in names]
        if missing:
            raise UserError(f"{where} has no {missing[0]} table: it was built before the workforce checklist "
                            f"existed; {REBUILD}")
        return Checklist(conn)
    except sqlite3.Error as exc:
        raise UserError(f"{where} could not be read as a catalogue ({exc}); {REBUILD}") from None
    finally:
        conn.row_factory = factory
