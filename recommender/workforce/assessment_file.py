"""A local area's workforce self-assessment: seed 004's checklist rated Red, Amber or Green per
workforce part, read from a CSV file (the command line) or from a form's fields (the web page).

CSV: a header line, then one row per workforce part and checklist item. Columns (any order,
case and spaces ignored):

  workforce_part  the part of the workforce: seed 004 names maternity services, health visiting,
                  early years settings, family hubs, the voluntary sector and children's services
                  ("and more": another name is kept as written)                           required
  item            the checklist item: its number 1-11 or its id (observe-relationships)   required
  rating          R, A or G (Red, Amber, Green)                                           required
  headcount       how many staff the part has (a whole number)                            optional
  professions     its staff's professions in their own words, separated by ";"            optional
  aimh_levels     their current AiMH levels (0-3): one for all, or one per profession;     optional
                  "?" or blank where not known (the plan then says so and asks)
  comments        seed 004's Comments column                                              optional

headcount, professions and aimh_levels describe the part: give them on one of its rows (or the
same on each). Any bad row is a UserError naming its line; nothing is planned from a bad file.
"""
from dataclasses import dataclass, field

from recommender.workforce import csv_files
from recommender.advice.profile import level_not_known
from recommender.catalogue.errors import UserError

COLUMNS = {
    "workforce_part": "part", "part": "part", "workforce": "part", "service": "part",
    "item": "item", "item_number": "item", "checklist_item": "item", "number": "item",
    "rating": "rating", "rag": "rating", "rag_rating": "rating", "rag_self_rating": "rating",
    "headcount": "headcount", "staff": "headcount",
    "professions": "professions", "profession": "professions",
    "aimh_levels": "levels", "aimh_level": "levels", "levels": "levels", "level": "levels",
    "comments": "comments", "comment": "comments",
}
REQUIRED = ("part", "item", "rating")
# Work bounds (issue 27): 10,000 distinct parts once took 27 s and 2.2 GB and wrote 270 MB of JSON.
MAX_ROWS = 5_000        # rows of one assessment (seed 004's checklist for every part of a large service)
MAX_PARTS = 100         # distinct workforce parts in one assessment (seed 004 names 8)
MAX_PROFESSIONS = 30    # professions in one part's staff
MAX_HEADCOUNT = 100_000 # staff in one part (the whole UK perinatal and infant workforce is far fewer)
RATINGS = {"r": "R", "red": "R", "a": "A", "amber": "A", "g": "G", "green": "G"}
HEADER_HELP = "workforce_part,item,rating[,headcount,professions,aimh_levels,comments]"


@dataclass
class StaffGroup:
    """Staff of one profession at one AiMH level, as the assessment describes them."""
    match: object      # recommender.advice.professions.ProfessionMatch
    aimh_level: int | None  # None: not given ("?" or blank): the plan says so and asks
    person: object     # recommender.advice.profile.Person: the recommender's defaults for that profession
                       # (at level 0 where the level is not given: eligibility then says "eligible if" that level)


@dataclass
class AssessedPart:
    key: str
    id: str | None     # the seed's part id, or None for a part seed 004 does not name
    name: str
    line: int | str
    headcount: int | None = None
    staff: list = field(default_factory=list)
    _given: dict = field(default_factory=dict)  # column -> (where first given, raw value)


@dataclass
class Rating:
    line: int | str
    part: AssessedPart
    item: object       # checklist.Item
    rating: str        # R, A or G
    comments: str | None


@dataclass
class Assessment:
    parts: list
    ratings: list


def read_text(path, what="assessment"):
    """The text of a CSV file (capped in size like a roster); UserError when it cannot be used at all."""
    text = csv_files.read_text(path, what)
    if "\x00" in text:
        raise UserError(f"{path} is not a text CSV file (it contains NUL bytes)")
    return text


def read_rows(path):
    """[(line number, {column: value})] from an assessment CSV file; UserError when it cannot be used at all."""
    return parse_csv(read_text(path), path)


def parse_csv(text, label):
    """[(line number, {column: value})] from the assessment CSV text; label names it in messages."""
    if not text.strip():
        raise UserError(f"{label} is empty: expected a header line ({HEADER_HELP}) and one row per workforce "
                        "part and checklist item")
    lines = csv_files.rows_with_content(text, label, strict=True)
    header_line, header = next(lines, (None, None))
    if header is None:
        raise UserError(f"{label} has no header: expected {HEADER_HELP}")
    names = csv_files.header_names(header, header_line, COLUMNS,
                                   lambda cell: "_".join(cell.strip().lower().replace("-", " ").split()),
                                   label, HEADER_HELP)
    absent = [c for c in REQUIRED if c not in names]
    if absent:
        found = ", ".join(" ".join(c.split()) for c in header if c.strip())
        raise UserError(f"{label}: line {header_line}: the header must name the columns workforce_part, "
                        f"item and rating (found: {found})")
    rows = csv_files.named_rows(lines, header, names, MAX_ROWS, label, "rows", strict=True)
    if not rows:
        raise UserError(f"{label} has a header but no ratings: add one row per workforce part and checklist item")
    return rows


def build_assessment(rows, checklist, recommender, where):
    """An Assessment from [(line, {column: value})]. where(line) -> the prefix of a message
    ("FILE: line 4"). Every bad row is found; the first is raised, with how many more there are."""
    errors = []
    parts, ratings, seen = {}, [], {}
    for line, row in rows:
        try:
            rating = _rating(line, row, checklist, recommender, parts, seen)
        except UserError as exc:
            message = " ".join(str(exc).split()).replace("with --profession", "in the professions column")
            errors.append(f"{where(line)}: {message}")
            continue
        ratings.append(rating)
    csv_files.raise_first(errors)
    # seed 004's order of parts, then the others in the file's order: a form and a file agree
    known = {p.id: n for n, p in enumerate(checklist.parts)}
    ordered = sorted(parts.values(), key=lambda p: (0, known[p.id]) if p.id in known else (1, 0))
    return Assessment(ordered, ratings)


def _rating(line, row, checklist, recommender, parts, seen):
    part_text = " ".join((row.get("part") or "").split())
    if not part_text:
        raise UserError("no workforce part given (e.g. health visiting, family hubs)")
    item_text = row.get("item") or ""
    if not item_text:
        raise UserError("no checklist item given: its number 1-11 or its id (e.g. observe-relationships)")
    item = checklist.item(item_text)
    if item is None:
        raise UserError(f"unknown checklist item {item_text!r}: give its number 1-{len(checklist.items)} or its id "
                        f"(e.g. {checklist.items[5].id if len(checklist.items) > 5 else checklist.items[0].id})")
    rating_text = row.get("rating") or ""
    rating = RATINGS.get(rating_text.strip().lower())
    if rating is None:
        raise UserError(f"rating {rating_text!r} is not R, A or G (Red, Amber or Green)"
                        if rating_text else "no rating given: R, A or G (Red, Amber or Green)")
    known = checklist.part(part_text)
    key = known or _key(part_text)
    part = parts.get(key)
    if part is None:
        if len(parts) >= MAX_PARTS:
            raise UserError(f"more than {MAX_PARTS} workforce parts in one assessment: assess a service's parts "
                            "in separate files")
        part = parts[key] = AssessedPart(key, known, checklist.part_by_id[known].name if known else part_text, line)
    if (key, item.id) in seen:
        raise UserError(f"{part.name} is rated on item {item.number} twice (first on line {seen[key, item.id]})")
    _describe(part, line, row, recommender)
    seen[key, item.id] = line
    return Rating(line, part, item, rating, row.get("comments") or None)


def _key(text):
    from recommender.workforce.checklist import part_key

    return part_key(text)


def _describe(part, line, row, recommender):
    """Headcount, professions and levels: once per part (or the same on every row that repeats them)."""
    value = {column: " ".join((row.get(column) or "").split()) for column in ("headcount", "professions", "levels")}
    if value["levels"] and not value["professions"]:
        raise UserError("aimh_levels needs the professions they belong to: put both on the same row")
    for column, given, words in (("headcount", value["headcount"], "headcount is"),
                                 ("staff", f"{value['professions']} / {value['levels']}" if value["professions"]
                                  else "", "professions and aimh_levels are")):
        if not given:
            continue
        first = part._given.get(column)
        if first is not None and first[1].lower() != given.lower():
            raise UserError(f"{part.name}'s {words} {first[1]!r} on line {first[0]} but {given!r} here: "
                            "give them once per part, or the same each time")
    if value["headcount"] and "headcount" not in part._given:
        number = csv_files.whole_number(value["headcount"])
        if number is None:
            raise UserError(f"headcount must be a whole number of staff (0 or more), not {value['headcount']!r} (leave it blank if it is not known)")
        if number > MAX_HEADCOUNT:
            raise UserError(f"headcount {number:,} is more than {MAX_HEADCOUNT:,} staff in one part: check the number")
        part.headcount = number
        part._given["headcount"] = (line, value["headcount"])
    if value["professions"] and "staff" not in part._given:
        professions = [p.strip() for p in value["professions"].replace("|", ";").split(";") if p.strip()]
        if len(professions) > MAX_PROFESSIONS:
            raise UserError(f"{len(professions)} professions in one part: at most {MAX_PROFESSIONS}")
        # levels not given (or "?", "not known"): unknown, and the plan says so and asks; never taken as 0
        levels = [v.strip() for v in value["levels"].replace("|", ";").split(";") if v.strip()] or ["?"]
        if len(levels) == 1:
            levels = levels * len(professions)
        if len(levels) != len(professions):
            raise UserError(f"{len(professions)} professions but {len(levels)} aimh_levels: give one level for all, "
                            "or one per profession in the same order")
        staff = []
        for words, level in zip(professions, levels):
            known = not level_not_known(level)
            try:
                match, person = recommender.person(words, level=level if known else None)
            except UserError as exc:
                if "AiMH level must be" not in str(exc):
                    raise
                raise UserError(f"{exc} (or ? where a level is not known)") from None
            staff.append(StaffGroup(match, person.aimh_level if known else None, person))
        part.staff = staff
        part._given["staff"] = (line, f"{value['professions']} / {value['levels']}")
