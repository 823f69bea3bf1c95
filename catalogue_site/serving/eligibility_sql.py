"""The recommender's eligibility engine as SQL functions, for canned queries (prepare_connection).

One engine decides every verdict: the recommender's Python (recommender.advice.eligibility). These
functions hand a course or route and a profession, in the person's own words, to it and give
back what it says, so no rule is ever written again in SQL:

  matched_profession(words)                the canonical profession the words match (NULL: none)
  eligibility_verdict(kind, id, words)     eligible, eligible_if or not_eligible (NULL: no match)
  eligibility_missing(kind, id, words)     what is missing or to confirm, joined with "; "

`kind` is "course" or "route". Each argument is capped (MAX_WORDS_CHARS, MAX_ID_CHARS): a
longer one is refused ("user-defined function raised exception"). Datasette's SQL time limit
is checked between SQLite instructions, never inside a function call, so the cap is what
bounds one call: a profession in 200 characters is matched in about 2.5 ms, and a statement
of 200 such calls (SQLITE_LIMIT_COLUMN) in about 0.5 s, where a 98 KB string took 1.2 s a call
and 200 of them held a SQL thread for minutes. Only the profession is given: every other answer takes the
recommender's defaults (the profession's usual stage, register and degree), as
`python -m recommender recommend --profession WORDS` does. A catalogue without the rule tables
(not a catalogue) gets no functions.
"""
from recommender.catalogue.reader import Catalogue
from recommender import UserError
from recommender.advice.recommendation import Recommender, recommender_for

MAX_WORDS_CHARS = 200   # a profession in the person's own words ("senior SW (SWE)", "band 6 perinatal nurse")
MAX_ID_CHARS = 100      # a course or route id (the longest is under 60)
RULE_TABLES = {"eligibility_rules", "eligibility_requirements", "professions", "courses", "routes"}


def register(conn):
    """Register the functions on one SQLite connection of a catalogue. The recommender is loaded
    on the first call, from the database's file (shared by every connection to it, reloaded
    when the file changes), so pages that never call the functions never pay for it."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not RULE_TABLES <= tables:
        return
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    people = {}
    loaded = None if path else _in_memory(conn)  # no file: read now (a function may not query its own connection)

    def recommender():
        return recommender_for(path) if path else loaded

    def person(words):
        current = recommender()
        key = (id(current), words)
        if key not in people:
            if len(people) > 10_000:
                people.clear()
            try:
                people[key] = (current, current.person(words)[1])
            except UserError:
                people[key] = None
        return people[key]

    def capped(value, most, what):
        if isinstance(value, (str, bytes)) and len(value) > most:
            raise ValueError(f"{what} longer than {most} characters")
        return value

    def matched_profession(words):
        capped(words, MAX_WORDS_CHARS, "profession words")
        found = person(words) if isinstance(words, str) and words.strip() else None
        return found[0].catalogue.professions[found[1].profession_id].name if found else None

    def verdict(kind, item_id, words):
        capped(words, MAX_WORDS_CHARS, "profession words")
        capped(kind, MAX_ID_CHARS, "kind")
        capped(item_id, MAX_ID_CHARS, "course or route id")
        found = person(words) if isinstance(words, str) and words.strip() else None
        if found is None or not found[0].knows(kind, item_id):
            return None
        return found[0].verdict(kind, item_id, found[1])

    def eligibility_verdict(kind, item_id, words):
        result = verdict(kind, item_id, words)
        return result.verdict if result else None

    def eligibility_missing(kind, item_id, words):
        result = verdict(kind, item_id, words)
        return "; ".join(result.missing) if result else None

    conn.create_function("matched_profession", 1, matched_profession, deterministic=True)
    conn.create_function("eligibility_verdict", 3, eligibility_verdict, deterministic=True)
    conn.create_function("eligibility_missing", 3, eligibility_missing, deterministic=True)


def _in_memory(conn):
    """A Recommender for a catalogue with no file: read from the connection."""
    factory = conn.row_factory
    try:
        return Recommender(Catalogue(conn))
    finally:
        conn.row_factory = factory
