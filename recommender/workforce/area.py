"""One area's plan: the specialised parent-infant relationship (PAIR) teams an area's babies need,
post by post, and the catalogue's courses and routes that take each post's professions to its
AiMH level (seed 002 section 8).

The figures are reference data (crawler/reference/scaling_paper.yaml, tables scaling_inputs and
pair_team_roles), never constants here:

  teams (exact)  = babies aged 0-2 x share_of_babies_served (5%) / families_per_team_per_year (150)
  teams          = the exact figure rounded up to whole teams
  WTE            = teams x wte_per_team (7.33); posts by role = teams x the role's posts
  AiMH level 2   = teams x the posts that need it; level 3 = teams x senior_posts_needing_level_3 (2)

`area_plan()` is what `python -m recommender area` and the page /-/area-plan share. Unknown is
stated (None in JSON), never 0.
"""
import json
import math
import sqlite3
from datetime import date
from fractions import Fraction

from recommender.output import formatting as fmt
from recommender.catalogue.reader import REBUILD, load_cached
from recommender.advice.eligibility import NOT_ELIGIBLE
from recommender.catalogue.errors import UserError
from recommender.workforce.csv_files import raise_first
from recommender.workforce.roster import person_of_row

MAX_BABIES = 10_000_000
BABIES_HELP = (f"give the number of babies aged 0-2 in the area as a whole number from 1 to {MAX_BABIES:,} "
               "(the Parent-Infant Foundation's estimate of 400 teams for England implies about 1.2 million)")
PLACES_UNKNOWN = ("places per intake: the catalogue holds no course's or route's number of places, so trainees "
                  "needed cannot be set against places available; ask the providers")
NOT_UPSKILLING = ("clinical_training", "pre_clinical_course")  # course kinds that qualify a new professional
FIGURES = ("share_of_babies_served", "families_per_team_per_year", "wte_per_team", "senior_posts_needing_level_3")


def parse_babies(text):
    """The babies aged 0-2 as an int from 1 to MAX_BABIES, or a UserError saying what to give."""
    raw = " ".join(str(text if text is not None else "").split())
    cleaned = raw.replace(",", "").replace("_", "").replace(" ", "")  # 14,000 or 14 000, as people write it
    if not cleaned:
        raise UserError(f"no number of babies given: {BABIES_HELP}")
    try:
        number = int(cleaned)
    except ValueError:
        try:
            value = float(cleaned)
        except ValueError:
            raise UserError(f"babies {raw[:40]!r} is not a number: {BABIES_HELP}") from None
        if not math.isfinite(value) or value != int(value):
            raise UserError(f"babies {raw[:40]!r} is not a whole number: {BABIES_HELP}") from None
        number = int(value)
    if number < 1:
        raise UserError(f"babies {raw[:40]!r} is {'negative' if number < 0 else 'zero'}: {BABIES_HELP}")
    if number > MAX_BABIES:
        raise UserError(f"babies {raw[:40]!r} is more than {MAX_BABIES:,}: {BABIES_HELP}")
    return number


def parse_today(text):
    """An ISO date (YYYY-MM-DD) as text, or a UserError; None: the real date."""
    if text is None or text == "":
        return date.today().isoformat()
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise UserError(f"today {str(text)[:40]!r} is not a date: give it as YYYY-MM-DD, e.g. 2026-01-15") from None


_CACHE = {}


def team_figures(db_path_or_conn):
    """(figures {name: value}, cited {name: {source, section}}, [role rows]) from the catalogue."""
    return load_cached(_CACHE, db_path_or_conn, _read_figures)


def _read_figures(conn, where, reopen=None):
    factory = conn.row_factory
    try:
        conn.row_factory = sqlite3.Row
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "pair_team_roles" not in names or "scaling_inputs" not in names:
            raise UserError(f"{where} has no pair_team_roles table: it was built before the area plan "
                            f"existed; {REBUILD}")
        rows = {r["name"]: r for r in conn.execute(
            f"SELECT name, value, source, section FROM scaling_inputs WHERE name IN "
            f"({', '.join('?' * len(FIGURES))})", FIGURES)}
        missing = [n for n in FIGURES if n not in rows]
        if missing:
            raise UserError(f"{where}: scaling_inputs has no {missing[0]}; {REBUILD}")
        figures = {n: json.loads(rows[n]["value"]) for n in FIGURES}
        cited = {n: {"source": rows[n]["source"], "section": rows[n]["section"]} for n in FIGURES}
        roles = [dict(r) for r in conn.execute("SELECT * FROM pair_team_roles ORDER BY position")]
        for role in roles:
            role["professions"] = json.loads(role["professions"])
            role["senior"] = bool(role["senior"])
        return figures, cited, roles
    except sqlite3.Error as exc:
        raise UserError(f"{where} could not be read ({exc}); {REBUILD}") from None
    finally:
        conn.row_factory = factory


def teams_needed(babies, share, families_per_team):
    """(exact Fraction, whole teams rounded up) for an area's babies aged 0-2."""
    exact = Fraction(babies) * Fraction(str(share)) / Fraction(str(families_per_team))
    return exact, math.ceil(exact)


def area_plan(db_path_or_conn, babies, roster_rows=None, roster_where=None, today=None):
    """The plan for an area with `babies` babies aged 0-2 (a dict of plain JSON types)."""
    from recommender.advice.recommendation import recommender_for

    today = parse_today(today)
    figures, cited, roles = team_figures(db_path_or_conn)
    recommender = recommender_for(db_path_or_conn)
    exact, teams = teams_needed(babies, figures["share_of_babies_served"], figures["families_per_team_per_year"])
    wte_per_team = Fraction(str(figures["wte_per_team"]))
    listed = sum(r["posts"] for r in roles)
    people = _roster(roster_rows, roster_where, recommender, roles, teams) if roster_rows is not None else None
    out_roles = [_role(role, teams, recommender, today, people) for role in roles]
    level_2 = sum(r["posts"] for r in roles if r["aimh_level"] is not None and r["aimh_level"] >= 2) * teams
    level_3 = int(figures["senior_posts_needing_level_3"]) * teams
    families = Fraction(babies) * Fraction(str(figures["share_of_babies_served"]))
    result = {
        "babies": babies,
        "today": today,
        "families": float(families),
        "teams": teams,
        "teams_exact": float(exact),
        "teams_exact_text": f"{babies:,} x {fmt.percent(figures['share_of_babies_served'])} / "
                            f"{fmt.whole(figures['families_per_team_per_year'])} = {_fraction_words(exact)}",
        "wte": float(wte_per_team * teams),
        "wte_per_team": float(wte_per_team),
        "posts_listed_per_team": listed,
        "wte_not_broken_down": float((wte_per_team - listed) * teams),
        "aimh_level_2_posts": level_2,
        "aimh_level_3_posts": level_3,
        "roles": out_roles,
        "roster": None if people is None else {
            "people": len(people["all"]),
            "not_placed": [{"line": p["line"], "name": p["name"], "profession": p["match"].name}
                           for p in people["all"] if p["role"] is None]},
        "places": {"known": False, "words": PLACES_UNKNOWN},
        "figures": {name: {"value": figures[name], **cited[name]} for name in FIGURES},
        "sources": {"teams": cited["share_of_babies_served"], "roles": {"source": "seed-002", "section": "Section 8"}},
    }
    result["senior"] = _senior(roles, teams, level_3, people, recommender, today)
    return result


def _fraction_words(exact):
    """4.667 teams: the exact figure to three decimals (whole numbers as they are)."""
    if exact.denominator == 1:
        return f"{exact.numerator:,} teams exactly"
    return f"{float(exact):,.3f} teams".replace(".000 ", " ")


def _roster(rows, where, recommender, roles, teams):
    """Roster people, each placed in the first post their profession can fill while one is free
    (then in the first such post, over the establishment); None for no post."""
    where = where or (lambda line: f"line {line}")
    people, errors = [], []
    free = {r["id"]: r["posts"] * teams for r in roles}
    for line, row in rows:
        try:
            match, person = person_of_row(recommender, row, target=False)
        except UserError as exc:
            errors.append(f"{where(line)}: {' '.join(str(exc).split())}")
            continue
        fits = [r for r in roles if match.id in r["professions"]]
        role = next((r for r in fits if free[r["id"]] > 0), fits[0] if fits else None)
        if role is not None:
            free[role["id"]] -= 1
        people.append({"line": line, "name": row.get("name") or None, "match": match, "person": person,
                       "role": role["id"] if role else None})
    raise_first(errors)
    return {"all": people}


def _start_words(thing, today):
    start = getattr(thing, "start_date_iso", None)
    if not start:
        return None, fmt.UNKNOWN
    if start >= today[:len(start)]:
        return start, _month_words(start)
    return None, f"{fmt.UNKNOWN} (the last known, {_month_words(start)}, has passed)"


def _month_words(iso):
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    parts = iso.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        words = f"{months[int(parts[1]) - 1]} {parts[0]}"
        return f"{int(parts[2])} {words}" if len(parts) == 3 and parts[2].isdigit() else words
    return iso


def _funded_words(funded):
    return {True: "funded", False: "self-funded or fee-paying", None: fmt.UNKNOWN}[funded]


def _ways(recommender, profession_id, level, today, assumed_level):
    """Courses and routes in the catalogue that take someone of this profession, at assumed_level, to `level`:
    open to them (eligible, or eligible if something is met or confirmed), building that level from below."""
    catalogue = recommender.catalogue
    match, person = recommender.person(catalogue.professions[profession_id].name, level=assumed_level)
    courses, routes = [], []
    for course in catalogue.courses.values():
        target, expected = course.aimh_level_target, course.aimh_level_expected
        if target != level or (expected is not None and expected > assumed_level) or target <= assumed_level:
            continue
        if course.kind in NOT_UPSKILLING:  # a whole professional qualification, not training for the post
            continue
        verdict = recommender.verdict("course", course.id, person)
        if verdict.verdict == NOT_ELIGIBLE:
            continue
        next_start, start_words = _start_words(course, today)
        courses.append({
            "id": course.id, "title": course.title, "provider": course.provider, "url": course.url,
            "kind": course.kind, "verdict": verdict.verdict, "missing": list(verdict.missing),
            "aimh_level_expected": expected, "aimh_level_target": target,
            "duration": course.duration_text, "duration_months_min": course.duration_months_min,
            "duration_months_max": course.duration_months_max, "time": _months_range(course),
            "fee_gbp": course.fee_gbp, "fee": fmt.money(course.fee_gbp),
            "funding": course.funding, "funded": course.funded, "funding_words": _funded_words(course.funded),
            "next_intake": next_start, "intake_words": start_words, "places_per_intake": None})
    for route in catalogue.routes.values():
        if route.aimh_level_target != level or route.aimh_level_target <= assumed_level:
            continue
        verdict = recommender.verdict("route", route.id, person)
        if verdict.verdict == NOT_ELIGIBLE:
            continue
        routes.append({
            "id": route.id, "name": route.name, "who_for": route.who_for, "verdict": verdict.verdict,
            "missing": list(verdict.missing), "aimh_level_target": route.aimh_level_target,
            "duration": route.duration, "duration_months_min": route.duration_months_min,
            "duration_months_max": route.duration_months_max, "time": _months_range(route),
            "funding": route.funding, "funded": route.funded, "funding_words": _funded_words(route.funded),
            "places_per_intake": None})
    key = lambda c: ({"eligible": 0}.get(c["verdict"], 1), {True: 0, None: 1, False: 2}[c["funded"]],  # noqa: E731
                     10 ** 6 if c["duration_months_max"] is None else c["duration_months_max"], c["id"])
    return match, sorted(courses, key=key), sorted(routes, key=key)


def _months_range(thing):
    low, high = thing.duration_months_min, thing.duration_months_max
    if high is None:
        return fmt.UNKNOWN
    if low is None or low == high:
        return fmt.months(high)
    return f"{fmt.one_decimal(low)} to {fmt.months(high)}"


def _role(role, teams, recommender, today, people):
    posts = role["posts"] * teams
    level = role["aimh_level"]
    assumed = 1
    professions = []
    for pid in role["professions"]:
        if level is None:
            professions.append({"id": pid, "name": recommender.catalogue.professions[pid].name,
                                "courses": [], "routes": []})
            continue
        _, courses, routes = _ways(recommender, pid, level, today, assumed)
        professions.append({"id": pid, "name": recommender.catalogue.professions[pid].name,
                            "assumed_aimh_level": assumed, "courses": courses, "routes": routes})
    seen_c, seen_r, courses, routes = set(), set(), [], []
    for p in professions:
        for c in p["courses"]:
            if c["id"] not in seen_c:
                seen_c.add(c["id"])
                courses.append({**c, "professions": [q["name"] for q in professions
                                                     if any(x["id"] == c["id"] for x in q["courses"])]})
        for r in p["routes"]:
            if r["id"] not in seen_r:
                seen_r.add(r["id"])
                routes.append({**r, "professions": [q["name"] for q in professions
                                                    if any(x["id"] == r["id"] for x in q["routes"])]})
    out = {"id": role["id"], "name": role["name"], "words": role["words"], "posts_per_team": role["posts"],
           "posts": posts, "wte": float(posts), "aimh_level": level, "senior": role["senior"],
           "professions": professions, "professions_basis": role["professions_basis"],
           "source": role["source"], "section": role["section"],
           "courses": courses, "routes": routes}
    if people is not None:
        here = [p for p in people["all"] if p["role"] == role["id"]]
        at_level = [p for p in here if level is None or p["person"].aimh_level >= level]
        out["staff"] = [{"line": p["line"], "name": p["name"], "profession": p["match"].name,
                         "aimh_level": p["person"].aimh_level} for p in here]
        out["in_place"] = len(here)
        out["at_level"] = len(at_level)
        out["vacant"] = max(posts - len(here), 0)
        out["to_train"] = 0 if level is None else max(min(len(here), posts) - min(len(at_level), posts), 0)
        out["gap"] = out["vacant"] + out["to_train"]
    return out


def _senior(roles, teams, level_3, people, recommender, today):
    """The senior clinicians the teams need at AiMH level 3, the courses and routes that take the
    senior posts' professions (at level 2) there, and (with a roster) those in place."""
    senior = [r for r in roles if r["senior"]]
    senior_ids = [r["id"] for r in senior]
    courses, routes = {}, {}
    for pid in dict.fromkeys(p for r in senior for p in r["professions"]):
        _, found_courses, found_routes = _ways(recommender, pid, 3, today, 2)
        name = recommender.catalogue.professions[pid].name
        for c in found_courses:
            courses.setdefault(c["id"], {**c, "professions": []})["professions"].append(name)
        for r in found_routes:
            routes.setdefault(r["id"], {**r, "professions": []})["professions"].append(name)
    out = {"posts": level_3, "aimh_level": 3, "from_roles": senior_ids,
           "courses": list(courses.values()), "routes": list(routes.values())}
    if people is not None:
        held = sum(1 for p in people["all"] if p["role"] in senior_ids and p["person"].aimh_level >= 3)
        out["at_level_3"] = held
        out["gap"] = max(level_3 - held, 0)
    return out


# --- the plan as CSV ------------------------------------------------------------------

CSV_FIELDS = ["role", "posts", "aimh_level", "in_place", "at_level", "vacant", "to_train", "kind", "id", "title",
              "professions", "eligible", "time", "fee", "funding", "next_intake", "places_per_intake"]


def csv_rows(result):
    rows = []
    for role in result["roles"]:
        base = {"role": role["name"], "posts": role["posts"],
                "aimh_level": fmt.whole(role["aimh_level"], "none asked"),
                **{k: fmt.whole(role.get(k)) if "staff" in role else "" for k in ("in_place", "at_level", "vacant",
                                                                                   "to_train")}}
        rows.append({**base, "kind": "post"})
        for c in role["courses"]:
            rows.append({**base, "kind": "course", "id": c["id"], "title": c["title"],
                         "professions": "; ".join(c["professions"]), "eligible": _verdict(c), "time": c["time"],
                         "fee": c["fee"], "funding": c["funding_words"], "next_intake": c["intake_words"],
                         "places_per_intake": fmt.UNKNOWN})
        for r in role["routes"]:
            rows.append({**base, "kind": "route", "id": r["id"], "title": r["name"],
                         "professions": "; ".join(r["professions"]), "eligible": _verdict(r), "time": r["time"],
                         "fee": fmt.UNKNOWN, "funding": r["funding_words"], "next_intake": fmt.UNKNOWN,
                         "places_per_intake": fmt.UNKNOWN})
    return rows


def write_csv(result, out):
    """The plan as CSV (the command's --csv, the page's .csv): a row per post, then its courses and routes."""
    import csv

    from recommender.output.csv_cells import safe_row

    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in csv_rows(result):
        writer.writerow(safe_row(row))


def _verdict(thing):
    if thing["verdict"] == "eligible":
        return "yes"
    return "if: " + "; ".join(thing["missing"]) if thing["missing"] else "if confirmed"
