"""Seed 004's workforce checklist as catalogue tables (crawler/reference/workforce_checklist.yaml).

`write_workforce_tables(db, reference_dir)` checks the file against the tables the build has
already written (sources, courses, routes, course kinds, levels, profession groups) and writes:

  checklist_ratings   R, A, G: seed 004's names and what each means for a plan
  workforce_parts     the parts of the workforce seed 004 names, with what planners type for them
  checklist_items     the eleven items in seed 004's words, who each applies to, what the
                      catalogue does not hold for it
  checklist_levels    each item's FH&SfL and AiMH levels, one row per level, with the reason
  checklist_answers   what addresses each item: a course, a kind of course (a selector), a
                      route, supervision capacity or a local arrangement, with the reason (and
                      for_staff_below_aimh where it is a first step for staff below that level only)
  checklist_courses   (view) every catalogue course each item's answers select
  checklist_tiers     for a whole-part gap, who takes the training at each AiMH level (everyone
                      or some, in the sources' words, with a specialised team's numbers)
  checklist_recruitment  the course kinds, fundings and routes that are ways to recruit, not
                      training for staff in post

Bad data raises ReferenceDataError naming the file, the item and the problem. A reference folder
without the file (benchmarks/synthetic.py leaves it out: it links real course ids) gets no tables.
"""
import json
from pathlib import Path

from crawler.catalogue.reference.yaml_files import ReferenceDataError, read_yaml

FILE_NAME = "workforce_checklist.yaml"
THEMES = ("competency", "supervision", "shared_learning")
ANSWER_KINDS = ("courses", "course", "route", "supervision", "local")
SELECTOR_KEYS = ("kind", "fhsfl_level", "aimh_level_target")
SUPERVISION_KEYS = ("profession_group", "aimh_level")
ITEM_COUNT = 11  # seed 004 prints eleven items

CHECKLIST_COURSES = """
SELECT a.item_id, i.number AS item_number, a.position AS answer_position, a.kind AS answer_kind,
       c.id AS course_id, c.title, c.kind AS course_kind, c.fhsfl_level, c.aimh_level_expected,
       c.aimh_level_target, c.duration_text, c.funding, c.fee_gbp, a.reason, a.sources, a.section
FROM checklist_answers a
JOIN checklist_items i ON i.id = a.item_id
JOIN courses c ON (a.kind = 'course' AND c.id = a.course_id)
  OR (a.kind = 'courses'
      AND (a.course_kind IS NULL OR c.kind = a.course_kind)
      AND (a.fhsfl_level IS NULL OR c.fhsfl_level = a.fhsfl_level)
      AND (a.aimh_level_target IS NULL OR c.aimh_level_target = a.aimh_level_target))
ORDER BY i.number, a.position, c.title, c.id
"""


def _fail(where, problem):
    raise ReferenceDataError(f"{FILE_NAME}, {where}: {problem}")


def _text(where, row, field):
    value = row.get(field)
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"missing {field!r} (a non-empty text)")
    return value


def _judgement(where, row, sources):
    """reason, sources (a list of source ids) and section: every link is a recorded judgement."""
    _text(where, row, "reason")
    _text(where, row, "section")
    cited = row.get("sources")
    if not isinstance(cited, list) or not cited:
        _fail(where, "missing 'sources' (a list of source ids from sources.yaml)")
    for source in cited:
        if source not in sources:
            _fail(where, f"sources names an unknown source {source!r}")
    return {"reason": row["reason"], "sources": json.dumps(cited), "section": row["section"]}


def load_checklist(reference_dir, known):
    """Read and check the file. known: {'sources', 'courses', 'routes', 'course_kinds', 'fhsfl_levels',
    'aimh_levels', 'profession_groups'} (sets of ids). Returns {table: rows}."""
    data = read_yaml(Path(reference_dir) / FILE_NAME)
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{FILE_NAME}: expected the lists ratings, workforce_parts and items")
    for key in ("ratings", "workforce_parts", "items"):
        if not isinstance(data.get(key), list) or not all(isinstance(r, dict) for r in data[key]):
            raise ReferenceDataError(f"{FILE_NAME}: {key} must be a list of mappings")
    out = {"checklist_ratings": _ratings(data["ratings"], known["sources"]),
           "workforce_parts": _workforce_parts(data["workforce_parts"], known["sources"]),
           "checklist_items": [], "checklist_levels": [], "checklist_answers": []}
    out["checklist_tiers"] = _tiers(data.get("tiers"), known)
    out["checklist_recruitment"] = _recruitment(data.get("recruitment"), known)
    ids = set()
    for index, row in enumerate(data["items"], start=1):
        _checklist_item(index, row, ids, known, out)
    if len(out["checklist_items"]) != ITEM_COUNT:
        raise ReferenceDataError(f"{FILE_NAME}: seed 004's checklist has {ITEM_COUNT} items, the file has "
                                 f"{len(out['checklist_items'])}")
    return out


def _mappings(rows, key, a_list, each, may_be_empty=True):
    """(index, where, row) for each row of the list under `key`, every row a mapping: the file says
    `key` must be `a_list` when it is not a list (or is empty and may not be); a row is `each N`."""
    if not isinstance(rows, list) or not (rows or may_be_empty):
        raise ReferenceDataError(f"{FILE_NAME}: {key} must be {a_list}")
    for index, row in enumerate(rows, start=1):
        where = f"{each} {index}"
        if not isinstance(row, dict):
            _fail(where, "must be a mapping")
        yield index, where, row


def _tiers(rows, known):
    """The checklist_tiers rows: one per AiMH level, who takes its training in a whole-part gap."""
    out = []
    for index, where, row in _mappings(rows, "tiers", "a list (one per AiMH level)", "tier", may_be_empty=False):
        if row.get("aimh_level") not in known["aimh_levels"]:
            _fail(where, f"aimh_level {row.get('aimh_level')!r} is not an AiMH level")
        if row.get("who") not in ("everyone", "some"):
            _fail(where, "who must be everyone or some")
        _text(where, row, "how_many")
        out.append({"aimh_level": row["aimh_level"], "who": row["who"], "how_many": row["how_many"],
                    "team_model": row.get("team_model"), **_judgement(where, row, known["sources"])})
    if len({r["aimh_level"] for r in out}) != len(out):
        raise ReferenceDataError(f"{FILE_NAME}: two tiers share an AiMH level")
    return out


def _recruitment(rows, known):
    """The checklist_recruitment rows: what is a way to recruit (course kind, funding, or all routes)."""
    out = []
    for index, where, row in _mappings(rows, "recruitment", "a list", "recruitment"):
        keys = [k for k in ("course_kind", "funding", "routes") if k in row]
        if len(keys) != 1:
            _fail(where, "give exactly one of course_kind, funding or routes")
        if keys[0] == "course_kind" and row["course_kind"] not in known["course_kinds"]:
            _fail(where, f"course_kind {row['course_kind']!r} is not a course kind")
        if keys[0] == "routes" and row["routes"] != "all":
            _fail(where, "routes must be all")
        out.append({"position": index, "match": keys[0], "value": str(row[keys[0]]),
                    **_judgement(where, row, known["sources"])})
    return out


def _ratings(rows, sources):
    """The checklist_ratings rows: seed 004's Red, Amber and Green, each with its meaning."""
    out = []
    for index, row in enumerate(rows, start=1):
        where = f"rating {index}"
        for field in ("id", "name", "meaning", "source", "section"):
            _text(where, row, field)
        if row["source"] not in sources:
            _fail(where, f"source names an unknown source {row['source']!r}")
        out.append({"id": row["id"], "name": row["name"], "plan_order": row.get("plan_order"),
                    "meaning": row["meaning"], "source_id": row["source"], "section": row["section"]})
    if sorted(r["id"] for r in out) != ["A", "G", "R"]:
        raise ReferenceDataError(f"{FILE_NAME}: ratings must be exactly R, A and G (seed 004's RAG)")
    return out


def _workforce_parts(rows, sources):
    """The workforce_parts rows; no name or alias may name two parts."""
    out, names = [], {}
    for index, row in enumerate(rows, start=1):
        where = f"workforce part {index}" + (f" ({row['id']})" if row.get("id") else "")
        for field in ("id", "name", "words", "source", "section"):
            _text(where, row, field)
        if row["source"] not in sources:
            _fail(where, f"source names an unknown source {row['source']!r}")
        aliases = row.get("aliases") or []
        for name in [row["id"], row["name"], row["words"], *aliases]:
            key = part_key(name)
            if names.get(key, row["id"]) != row["id"]:
                _fail(where, f"{name!r} already names the part {names[key]!r}")
            names[key] = row["id"]
        out.append({"id": row["id"], "position": index, "name": row["name"], "words": row["words"],
                    "aliases": json.dumps(aliases), "source_id": row["source"], "section": row["section"]})
    if len({r["id"] for r in out}) != len(out):
        raise ReferenceDataError(f"{FILE_NAME}: two workforce parts share an id")
    return out


def _checklist_item(index, row, ids, known, out):
    """One checklist item checked, added to out's checklist_items with its levels and what addresses it."""
    sources = known["sources"]
    where = f"item {index}" + (f" ({row['id']})" if row.get("id") else "")
    for field in ("id", "words", "theme", "applies_to", "applies_to_source", "applies_to_section", "source",
                  "section"):
        _text(where, row, field)
    if row.get("number") != index:
        _fail(where, f"number must be {index} (items are listed in seed 004's order)")
    if row["id"] in ids:
        _fail(where, f"duplicate id {row['id']!r}")
    ids.add(row["id"])
    if row["theme"] not in THEMES:
        _fail(where, f"theme must be one of {', '.join(THEMES)}, not {row['theme']!r}")
    for field in ("source", "applies_to_source"):
        if row[field] not in sources:
            _fail(where, f"{field} names an unknown source {row[field]!r}")
    out["checklist_items"].append({
        "id": row["id"], "number": index, "words": row["words"], "theme": row["theme"],
        "applies_to": row["applies_to"], "applies_to_source_id": row["applies_to_source"],
        "applies_to_section": row["applies_to_section"], "not_in_catalogue": row.get("not_in_catalogue"),
        "source_id": row["source"], "section": row["section"]})
    for ladder, field, levels in (("FH&SfL", "fhsfl_levels", known["fhsfl_levels"]),
                                  ("AiMH", "aimh_levels", known["aimh_levels"])):
        given = row.get(field)
        if not isinstance(given, list) or not given:
            _fail(where, f"missing {field!r}: the {ladder} level(s) that build this capability")
        for level_row in given:
            level = level_row.get("level") if isinstance(level_row, dict) else None
            if level not in levels:
                _fail(where, f"{field} names an unknown {ladder} level {level!r}")
            out["checklist_levels"].append({
                "item_id": row["id"], "ladder": ladder, "level": level,
                "fhsfl_level": level if ladder == "FH&SfL" else None,
                "aimh_level": level if ladder == "AiMH" else None,
                **_judgement(f"{where}, {field} {level}", level_row, sources)})
    answers = row.get("addressed_by")
    if not isinstance(answers, list) or not answers:
        _fail(where, "missing 'addressed_by': what closes this gap")
    for position, answer in enumerate(answers, start=1):
        out["checklist_answers"].append(_answer(f"{where}, addressed_by {position}", row["id"], position, answer,
                                                known))


def _answer(where, item_id, position, answer, known):
    if not isinstance(answer, dict):
        _fail(where, "expected a mapping")
    kinds = [k for k in ANSWER_KINDS if k in answer]
    if len(kinds) != 1:
        _fail(where, f"give exactly one of {', '.join(ANSWER_KINDS)}")
    kind = kinds[0]
    row = {"item_id": item_id, "position": position, "kind": kind, "course_id": None, "route_id": None,
           "course_kind": None, "fhsfl_level": None, "aimh_level_target": None, "profession_group": None,
           "aimh_level": None, "words": None, "for_staff_below_aimh": None,
           **_judgement(where, answer, known["sources"])}
    if "for_staff_below_aimh" in answer:  # a first step for staff below a level only (e.g. with no training yet)
        below = answer["for_staff_below_aimh"]
        if isinstance(below, bool) or below not in known["aimh_levels"] or below == 0:
            _fail(where, f"for_staff_below_aimh must be an AiMH level above 0, not {answer['for_staff_below_aimh']!r}")
        row["for_staff_below_aimh"] = answer["for_staff_below_aimh"]
    value = answer[kind]
    if kind == "course":
        if value not in known["courses"]:
            _fail(where, f"course names an unknown course {value!r} (an id in courses.yaml)")
        row["course_id"] = value
    elif kind == "route":
        if value not in known["routes"]:
            _fail(where, f"route names an unknown route {value!r} (an id in routes.yaml)")
        row["route_id"] = value
    elif kind == "local":
        if not isinstance(value, str) or not value.strip():
            _fail(where, "local must be the arrangement in words")
        row["words"] = value
    elif kind == "courses":
        if not isinstance(value, dict) or not value or set(value) - set(SELECTOR_KEYS):
            _fail(where, f"courses must select by {', '.join(SELECTOR_KEYS)}")
        checks = {"kind": ("course_kinds", "course kind"), "fhsfl_level": ("fhsfl_levels", "FH&SfL level"),
                  "aimh_level_target": ("aimh_levels", "AiMH level")}
        for key, given in value.items():
            table, what = checks[key]
            if given not in known[table]:
                _fail(where, f"courses {key} names an unknown {what} {given!r}")
        row.update({"course_kind": value.get("kind"), "fhsfl_level": value.get("fhsfl_level"),
                    "aimh_level_target": value.get("aimh_level_target")})
    else:  # supervision
        if not isinstance(value, dict) or set(value) != set(SUPERVISION_KEYS):
            _fail(where, f"supervision needs {' and '.join(SUPERVISION_KEYS)}")
        if value["profession_group"] not in known["profession_groups"]:
            _fail(where, f"supervision names an unknown profession group {value['profession_group']!r}")
        if value["aimh_level"] not in known["aimh_levels"]:
            _fail(where, f"supervision names an unknown AiMH level {value['aimh_level']!r}")
        row.update({"profession_group": value["profession_group"], "aimh_level": value["aimh_level"]})
    return row


def part_key(name):
    """How a workforce part's name is compared: case, apostrophes and spacing ignored."""
    return " ".join(str(name).lower().replace("'", "").replace("\u2019", "").replace("-", " ").split())


def write_workforce_tables(db, reference_dir):
    """Write the checklist tables (and the checklist_courses view) into db, a sqlite_utils.Database."""
    q = lambda sql: {r[0] for r in db.conn.execute(sql)}  # noqa: E731
    known = {"sources": q("SELECT id FROM sources"), "courses": q("SELECT id FROM courses"),
             "routes": q("SELECT id FROM routes"), "course_kinds": q("SELECT id FROM course_kinds"),
             "fhsfl_levels": q("SELECT level FROM fhsfl_levels"), "aimh_levels": q("SELECT level FROM aimh_levels"),
             "profession_groups": q("SELECT DISTINCT group_name FROM profession_groups")}
    if not (Path(reference_dir) / FILE_NAME).exists():
        return {}  # a reference folder without the checklist (e.g. benchmarks' synthetic ones): no tables
    rows = load_checklist(reference_dir, known)
    source = [("source_id", "sources", "id")]
    db["checklist_ratings"].create({"id": str, "name": str, "plan_order": int, "meaning": str, "source_id": str,
                                    "section": str}, pk="id", foreign_keys=source)
    db["workforce_parts"].create({"id": str, "position": int, "name": str, "words": str, "aliases": str,
                                  "source_id": str, "section": str}, pk="id", foreign_keys=source)
    db["checklist_items"].create(
        {"id": str, "number": int, "words": str, "theme": str, "applies_to": str, "applies_to_source_id": str,
         "applies_to_section": str, "not_in_catalogue": str, "source_id": str, "section": str},
        pk="id", foreign_keys=source + [("applies_to_source_id", "sources", "id")], not_null={"number", "words"})
    db["checklist_levels"].create(
        {"item_id": str, "ladder": str, "level": int, "fhsfl_level": int, "aimh_level": int, "reason": str,
         "sources": str, "section": str},
        pk=("item_id", "ladder", "level"), foreign_keys=[
            ("item_id", "checklist_items", "id"), ("fhsfl_level", "fhsfl_levels", "level"),
            ("aimh_level", "aimh_levels", "level")])
    db["checklist_answers"].create(
        {"item_id": str, "position": int, "kind": str, "course_id": str, "route_id": str, "course_kind": str,
         "fhsfl_level": int, "aimh_level_target": int, "profession_group": str, "aimh_level": int, "words": str,
         "for_staff_below_aimh": int, "reason": str, "sources": str, "section": str},
        pk=("item_id", "position"), foreign_keys=[
            ("item_id", "checklist_items", "id"), ("course_id", "courses", "id"), ("route_id", "routes", "id"),
            ("course_kind", "course_kinds", "id"), ("fhsfl_level", "fhsfl_levels", "level"),
            ("aimh_level_target", "aimh_levels", "level"), ("aimh_level", "aimh_levels", "level")])
    db["checklist_tiers"].create(
        {"aimh_level": int, "who": str, "how_many": str, "team_model": str, "reason": str, "sources": str,
         "section": str}, pk="aimh_level", foreign_keys=[("aimh_level", "aimh_levels", "level")])
    db["checklist_recruitment"].create(
        {"position": int, "match": str, "value": str, "reason": str, "sources": str, "section": str}, pk="position")
    for table, table_rows in rows.items():
        db[table].insert_all(table_rows)
    db["checklist_items"].create_index(["number"], unique=True)
    db.create_view("checklist_courses", CHECKLIST_COURSES, replace=True)
    return {table: len(table_rows) for table, table_rows in rows.items()}
