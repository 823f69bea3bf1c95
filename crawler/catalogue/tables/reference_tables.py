"""The reference tables of catalogue.db: their schema, and their rows from the loaded reference files.

The build (crawler/catalogue/build.py) calls write_schema(db), then write_reference(db, data) with
what crawler.catalogue.reference.reference_data.load() read from crawler/reference/*.yaml. The
tables the currency policy fills (fact_changes, review_queue, ...) are created here empty.
"""
import json
import re

from crawler.reading.normalise import duration_months, months_of_hours, study_days, study_hours

COURSE_COLUMNS = {
    "id": str, "title": str, "provider_id": str, "kind": str, "appendix_row": int, "url": str,
    "award": str, "description": str, "contact": str, "mode": str, "study_pattern": str,
    "duration_text": str, "duration_months_min": float, "duration_months_max": float,
    "duration_hours_min": float, "duration_hours_max": float,
    "duration_days_min": float, "duration_days_max": float,
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


def write_schema(db):
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


def write_reference(db, data):
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
            else:
                # days of training ("2-day introductory workshop"): kept as days, which the months
                # (0.1 at least) cannot say; a plan counts them as working days
                row["duration_days_min"], row["duration_days_max"] = study_days(str(row["duration_text"])) or (None, None)
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
