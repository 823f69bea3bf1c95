"""A roster: the best options for every person in a CSV of staff, with a summary per course and route.

The CSV has a header line and one row per person. Columns (any order, case-insensitive):
profession and level (required), and optionally target, stage, registration (several
separated by ";"), degree, experience (or experience_years), and name (echoed back); `assess
--roster` and `area --roster` read the same file (plus workforce_part for assess). The file is
read in chunks up to 20 MB (csv_files.py). A malformed row is kept as its line's error and the
rest are processed. `write_csv` is the answer's CSV form: cells that a spreadsheet would run as
a formula (=, +, -, @, tab, CR) start with an apostrophe (recommender/output/csv_cells.py).
"""
import csv

from recommender.advice.profile import level_not_known
from recommender.catalogue.errors import UserError
from recommender.output.csv_cells import safe_row
from recommender.workforce import csv_files
from recommender.workforce.csv_files import read_text, rows_with_content

MAX_PEOPLE = 50_000   # people in one roster (about 3 MB; docs/security.md)
COLUMNS = {
    "profession": "profession", "level": "level", "aimh_level": "level", "target": "target",
    "target_level": "target", "stage": "stage", "registration": "registration", "registrations": "registration",
    "degree": "degree", "experience": "experience", "experience_years": "experience", "name": "name",
    "workforce_part": "workforce_part",  # read by `assess` (which part of the workforce); ignored here
}
BEST = 3


def read_rows(path):
    """[(line number, {column: value})] from the CSV; UserError when the file cannot be used at all."""
    return parse_rows(read_text(path), path)


def parse_rows(text, path):
    """read_rows for CSV text already read; path names it in the messages."""
    if not text.strip():
        raise UserError(f"{path} is empty: expected a header line (profession,level,...) and one row per person")
    if "\x00" in text:
        raise UserError(f"{path} is not a text CSV file (it contains NUL bytes)")
    lines = rows_with_content(text, path)
    header_line, header = next(lines, (None, None))
    if header is None:  # not blank, yet no cell has anything in it (e.g. a lone quote)
        raise UserError(f"{path} has no header and no people: expected a header line (profession,level,...) "
                        "and one row per person")
    plain = [COLUMNS.get(cell.strip().lower().replace(" ", "_").replace("-", "_")) for cell in header]
    if "profession" not in plain or "level" not in plain:
        found = ", ".join(" ".join(c.split()) for c in header if c.strip())
        raise UserError(f"{path}: the first line must be a header naming at least the columns profession and "
                        f"level (found: {found})")
    names = csv_files.header_names(header, header_line, COLUMNS, lambda cell: cell.strip().lower().replace(" ", "_").replace("-", "_"),
                                   path, "profession, level, target, stage, registration, degree, experience, name, "
                                   "workforce_part")
    if "profession" not in names or "level" not in names:
        found = ", ".join(" ".join(c.split()) for c in header if c.strip())
        raise UserError(f"{path}: the first line must be a header naming at least the columns profession and "
                        f"level (found: {found})")
    rows = csv_files.named_rows(lines, header, names, MAX_PEOPLE, path, "people")
    if not rows:
        raise UserError(f"{path} has a header but no people: add one row per person")
    return _repeats_marked(rows)


def _repeats_marked(rows):
    """rows with a named person's exact repeat (same name and every other cell, as a copy-and-paste or a
    merged export leaves them) replaced by the words saying so: one person is counted once, never twice in
    a total. Rows without a name are never repeats: two unnamed health visitors at level 1 are two people."""
    first, out = {}, []
    for line, row in rows:
        if isinstance(row, dict) and (row.get("name") or "").strip():
            key = tuple(sorted((k, " ".join(v.lower().split())) for k, v in row.items()))
            if key in first:
                out.append((line, f"repeats line {first[key]} ({row['name'].strip()}, the same in every column): "
                                  "one person is listed once; remove the repeat"))
                continue
            first[key] = line
        out.append((line, row))
    return out


def roster(recommender, rows, today=None):
    """Each person's best options, a summary per course and route, and the rows that failed.
    today: the ISO date the answer is for (default the real date): ended funding is not funded."""
    import course_dates

    today = course_dates.today_or_now(today)
    people, errors = [], []
    courses = {c.id: {"id": c.id, "title": c.title, "eligible": 0, "eligible_if": 0, "not_eligible": 0}
               for c in recommender.catalogue.courses.values()}
    routes = {r.id: {"id": r.id, "name": r.name, "eligible": 0, "eligible_if": 0, "not_eligible": 0}
              for r in recommender.catalogue.routes.values()}
    cache = {}
    told = {}  # outcomes tuple -> how many people were told exactly that
    for line, row in rows:
        try:
            match, person = person_of_row(recommender, row)
        except UserError as exc:
            errors.append({"line": line, "error": " ".join(str(exc).split())})
            continue
        # people whose answers agree (every answer a rule or pathway step reads, derived from
        # the rules) get the same best options: compute them once
        outcomes = recommender.outcomes(person)
        key = recommender.answers_key(person)
        if key not in cache:
            cache[key] = _best(recommender, person, outcomes, today)
        best = cache[key]
        told[outcomes] = told.get(outcomes, 0) + 1
        people.append({
            "line": line, "name": row.get("name") or None,
            "profession": match.as_json(), "stage": person.stage,
            "aimh_level": person.level_held,   # None: not given (answered as 0)
            "target_level": person.target_level,
            "best_courses": [dict(c) for c in best["courses"]],
            "routes": [dict(r) for r in best["routes"]],
            "best_pathway": best["pathway"],
        })
    _count_verdicts(recommender, told, list(courses.values()) + list(routes.values()))
    order = lambda item: (-item["eligible"], -item["eligible_if"], item["id"])  # noqa: E731
    return {
        "people": people,
        "summary": {"people": len(people), "courses": sorted(courses.values(), key=order),
                    "routes": sorted(routes.values(), key=order)},
        "errors": errors,
    }


def person_of_row(recommender, row, target=True):
    """(profession match, Person) for a roster row (the one reading of a staff row: roster, assess
    --roster, area --roster); UserError saying what is wrong with it. target=False leaves the row's
    target level out and needs the level (an area plan places people by the level they hold). Elsewhere
    a level left blank or "?" is not known: the Person is at 0 (none yet) with level_given False, and
    the answer says so (DOMAIN.md: unknown is asked, never a refusal)."""
    if isinstance(row, str):  # the line could not be read as a row (parse_rows says why)
        raise UserError(row)
    if not row.get("profession"):
        raise UserError("no profession given")
    level = row.get("level")
    if level_not_known(level):
        if not target:
            raise UserError("no AiMH level given (0-3): an area plan counts who holds each level")
        level = None
    return recommender.person(
        row["profession"], level=level, target=(row.get("target") or None) if target else None,
        stage=row.get("stage") or None, registrations=row.get("registration") or None,
        degree=row.get("degree") or None, experience_years=row.get("experience") or None)


def _count_verdicts(recommender, told, summary_items):
    """Add to each course's and route's counts (summary_items, in the order of Recommender.outcomes)
    how many people got each verdict: counted per rule shape (a few dozen), then given to each item."""
    per_shape = {}
    for outcomes, people_told in told.items():
        for shape, number in enumerate(outcomes):
            counts = per_shape.setdefault(shape, {})
            verdict = recommender.outcome_verdicts[number]
            counts[verdict] = counts.get(verdict, 0) + people_told
    for item, shape in zip(summary_items, recommender.item_shapes if told else ()):
        for verdict, count in per_shape.get(shape, {}).items():
            item[verdict] += count


def _best(recommender, person, outcomes, today=None):
    best = recommender.best(person, BEST)
    pathway = best["pathway"]
    return {
        "courses": [{"id": c.id, "title": c.title, "verdict": v.verdict, "missing": list(v.missing),
                     "aimh_level_target": c.aimh_level_target,
                     "funded": c.funded_on(today) if today else c.funded} for c, v in best["courses"]],
        "routes": [{"id": r.id, "name": r.name, "verdict": v.verdict, "missing": list(v.missing)}
                   for r, v in best["routes"]],
        "pathway": None if pathway is None else {
            "steps": [s["id"] for s in pathway["steps"]], "reaches_level": pathway["reaches_level"],
            "duration_months_min": pathway["duration_months_min"],
            "duration_months_max": pathway["duration_months_max"]},
    }


PERSON_FIELDS = ["record", "line", "name", "profession_input", "profession_id", "profession", "score", "stage",
                 "aimh_level", "target_level", "best_courses", "open_routes", "best_pathway",
                 "pathway_months_min", "pathway_months_max", "id", "title", "eligible", "eligible_if",
                 "not_eligible"]


def write_csv(result, out):
    """One CSV: a row per person (record=person), then a row per course and route (record=course/route)."""
    writer = csv.DictWriter(out, fieldnames=PERSON_FIELDS, lineterminator="\n")
    writer.writeheader()
    for p in result["people"]:
        pathway = p["best_pathway"]
        writer.writerow(safe_row({
            "record": "person", "line": p["line"], "name": p["name"] or "",
            "profession_input": p["profession"]["input"], "profession_id": p["profession"]["id"],
            "profession": p["profession"]["matched"], "score": p["profession"]["score"], "stage": p["stage"],
            "aimh_level": p["aimh_level"], "target_level": p["target_level"],
            "best_courses": "; ".join(f"{c['id']} ({c['verdict']})" for c in p["best_courses"]),
            "open_routes": "; ".join(f"{r['id']} ({r['verdict']})" for r in p["routes"]),
            "best_pathway": " > ".join(pathway["steps"]) if pathway else "",
            "pathway_months_min": "" if not pathway else pathway["duration_months_min"],
            "pathway_months_max": "" if not pathway or pathway["duration_months_max"] is None
            else pathway["duration_months_max"],
        }))
    for kind in ("courses", "routes"):
        for item in result["summary"][kind]:
            writer.writerow(safe_row({"record": kind[:-1], "id": item["id"],
                                      "title": item.get("title") or item.get("name"), "eligible": item["eligible"],
                                      "eligible_if": item["eligible_if"], "not_eligible": item["not_eligible"]}))
