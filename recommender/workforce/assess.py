"""From a workforce self-assessment to a training plan.

A local area rates seed 004's checklist Red, Amber or Green for each part of its workforce
(recommender.workforce.assessment_file). For each Red, then each Amber, item of each part, `plan()` gives:
the training that addresses it (the checklist's recorded judgements: courses, routes,
supervision capacity, local arrangements; crawler/reference/workforce_checklist.yaml), ranked for
the part's staff at the item's level; who is eligible (the recommender's own verdicts, per
person in a roster or per profession the assessment names); time (weeks per person and
staff-weeks), known costs and funded places; and what the catalogue does not know. Then a
summary across the area: the widest gaps and the single course or route that closes most.

`assess()` is the entry point the command line (`python -m recommender assess`) and the
Datasette page (/-/workforce-assessment) share, so they always agree. Unknown is stated,
never counted as 0.
"""
from recommender.workforce import checklist as checklist_module
from recommender.workforce.assessment_file import build_assessment
from recommender.workforce.csv_files import raise_first
from recommender.catalogue.errors import UserError
from recommender.workforce.assess_summary import summary
from recommender.workforce.gaps import OFFER_RANKING, plan_gap
from recommender.workforce.roster import person_of_row

RATING_ORDER = ("R", "A")


def assess(db_path_or_conn, rows, where, roster_rows=None, roster_where=None, source=None, roster_source=None,
           today=None):
    """The plan (a dict of plain JSON types) for assessment rows [(line, {column: value})].

    where(line) / roster_where(line) give the prefix of a message about that line. Raises
    UserError (one line) for a bad assessment or roster row or an out-of-date catalogue. today: the
    ISO date the plan is for (default the real date): funding that has ended by then is not funded."""
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(db_path_or_conn)
    checklist = checklist_module.load(db_path_or_conn)
    assessment = build_assessment(rows, checklist, recommender, where)
    people = read_people(roster_rows, roster_where, recommender, checklist, assessment) if roster_rows else None
    result = plan(assessment, checklist, recommender, people, today=today)
    result["assessment"]["source"] = source
    if people is not None:
        result["roster"]["source"] = roster_source
    return result


def read_people(rows, where, recommender, checklist, assessment):
    """Roster rows (the `recommender roster` format, plus an optional workforce_part column) as people,
    each placed in a part of the assessment. Any bad row is a UserError naming its line."""
    parts = {p.key: p for p in assessment.parts}
    people, errors = [], []
    for line, row in rows:
        try:
            match, person = person_of_row(recommender, row)
            placed = _place(row.get("workforce_part"), match, checklist, assessment, parts)
        except UserError as exc:
            errors.append(f"{where(line)}: {' '.join(str(exc).split())}")
            continue
        people.append({"line": line, "name": row.get("name") or None, "match": match, "person": person,
                       "parts": placed, "placed_by": "workforce_part" if row.get("workforce_part") else "profession"})
    raise_first(errors)
    return people


def _place(text, match, checklist, assessment, parts):
    if text:
        key = checklist.part(text) or checklist_module.part_key(text)
        if key not in parts:
            raise UserError(f"workforce_part {text!r} is not a part the assessment rates "
                            f"({', '.join(p.name for p in assessment.parts)})")
        return [key]
    # no part given: every part whose staff include the person's profession
    return [p.key for p in assessment.parts if any(s.match.id == match.id for s in p.staff)]


def plan(assessment, checklist, recommender, people=None, today=None):
    import course_dates

    today = course_dates.today_or_now(today)
    catalogue = recommender.catalogue
    gaps = []
    order = {r: n for n, r in enumerate(RATING_ORDER)}
    for rating in sorted((r for r in assessment.ratings if r.rating in order),
                         key=lambda r: (order[r.rating], _part_position(r.part, assessment), r.item.number)):
        gaps.append(plan_gap(rating, checklist, recommender, catalogue, people, today))
    green = [{"workforce_part": r.part.name, "item": r.item.number, "line": r.line}
             for r in assessment.ratings if r.rating == "G"]
    parts = [_part_json(p, assessment, checklist, people) for p in assessment.parts]
    return {
        "checklist": {"source": "seed-004", "section": "Workforce checklist tool",
                      "question": "To what extent do the workforce:",
                      "items": [i.as_json() for i in checklist.items]},
        "assessment": {"parts": parts, "ratings": len(assessment.ratings)},
        "roster": None if people is None else {
            "people": len(people),
            "not_placed": [{"line": p["line"], "name": p["name"], "profession": p["match"].name}
                           for p in people if not p["parts"]]},
        "gaps": gaps,
        "green": green,
        "summary": summary(gaps, parts, assessment, checklist),
        "ranking": {"offers": OFFER_RANKING, "gaps": ["Red before Amber", "then the parts in seed 004's order (others after, as given)",
                                                      "then the item's number in seed 004"]},
    }


def _part_position(part, assessment):
    return assessment.parts.index(part)


def _part_json(part, assessment, checklist, people):
    rated = {r.item.number: r.rating for r in assessment.ratings if r.part is part}
    in_part = [p for p in people or () if part.key in p["parts"]]
    return {
        "id": part.id, "name": part.name, "named_by_seed_004": part.id is not None,
        "headcount": part.headcount,
        "staff": [{"profession_input": s.match.input, "profession": s.match.name, "profession_id": s.match.id,
                   "aimh_level": s.aimh_level} for s in part.staff],
        "roster_people": len(in_part) if people is not None else None,
        "ratings": {"R": sum(v == "R" for v in rated.values()), "A": sum(v == "A" for v in rated.values()),
                    "G": sum(v == "G" for v in rated.values()),
                    "not_rated": [i.number for i in checklist.items if i.number not in rated]},
    }


