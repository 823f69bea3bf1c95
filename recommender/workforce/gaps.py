"""One gap of a workforce training plan: a Red or Amber checklist item of one part of the workforce.

For the gap (workforce/assess.py calls `plan_gap`): the training that addresses the item (the
checklist's recorded judgements: courses, routes, supervision capacity, local arrangements),
ranked for the part's staff at the item's level (OFFER_RANKING); who is eligible (the
recommender's own verdicts, per person in a roster or per profession the assessment names);
what everyone takes and what some take (tiers); time (weeks per person and staff-weeks), known
costs, and what the catalogue does not know. Unknown is stated, never counted as 0.
"""
from recommender.advice.eligibility import NOT_ELIGIBLE, VERDICT_ORDER
from recommender.output import formatting


WEEKS_PER_MONTH = 30.44 / 7  # the build parses weeks into months at 7/30.44 (crawler/reading/normalise.py)

# A length given in hours of study ("about 2 to 4 hours") is time in working weeks: the build's working day of
# study (crawler/reading/normalise.py HOURS_PER_DAY, 7.5 hours: the NHS Agenda for Change 37.5-hour week) over 5 days.
HOURS_PER_WEEK = formatting.HOURS_PER_WEEK  # 7.5 * 5, said once
DAYS_PER_WEEK = formatting.DAYS_PER_WEEK    # a length given in days: working days, 5 a week

LEVEL_RANKING = [
    "builds the item's AiMH level from a level the staff hold",
    "at the item's AiMH level, which the staff hold already: adds skills there",
    "not at the item's AiMH level, or below the level held",
    "expects a higher AiMH level first",
    "AiMH level not recorded",
]

OFFER_RANKING = [
    "open (eligible or eligible if) at the right level to the most of the part's staff",
    "eligible (nothing to meet or confirm) for the most of them",
    "level fit for the part's staff: " + "; then ".join(LEVEL_RANKING),
    "the checklist's own order of answers (the most direct answer first)",
    "funded first (fully funded, salaried post or free), then unknown, then self-funded or fee-paying",
    "shortest first (by the longest it may take), unknown last",
    "then the title",
]


def _staff(part, people):
    """Who the gap's training is for: roster people in the part, else the professions the assessment names."""
    if people is not None:
        in_part = [p for p in people if part.key in p["parts"]]
        if in_part:
            return "roster", [{"line": p["line"], "name": p["name"], "profession": p["match"].name,
                               "profession_id": p["match"].id,
                               "aimh_level": p["person"].level_held,
                               "person": p["person"]} for p in in_part]
    if part.staff:
        return "assessment", [{"line": None, "name": None, "profession": s.match.name, "profession_id": s.match.id,
                               "aimh_level": s.aimh_level, "person": s.person} for s in part.staff]
    return None, []


def level_fit(expected, target, level, item_levels):
    """(rank, words) of a course or route for staff at `level` (None: not given), for an item built at
    item_levels. A level not given is asked, never taken as too low: the course fits as it would for
    staff who hold what it expects, and the words say what to confirm."""
    if target is None:
        return 4, "AiMH level not recorded"
    if level is None:
        confirm = f"; confirm they hold AiMH level {expected} first" if expected else ""
        if target in item_levels:
            return 0, f"builds AiMH level {target} (the item's level); their AiMH level is not given{confirm}"
        wanted = " or ".join(map(str, item_levels))
        return 2, f"builds AiMH level {target}; the item's level is {wanted}; their AiMH level is not given{confirm}"
    if expected is not None and expected > level:
        if target == expected:
            return 3, f"for staff who hold AiMH level {expected} already: adds skills there (at {level} now)"
        return 3, f"needs AiMH level {expected} first (at {level} now); builds level {target}"
    wanted = " or ".join(map(str, item_levels))
    if target in item_levels and target > level:
        return 0, f"builds AiMH level {target} (the item's level) from {level}"
    if target in item_levels and target == level and expected == target:
        return 1, f"at AiMH level {target} (the item's level), held already: adds skills there"
    if target == level:
        return 2, f"builds AiMH level {target}, which is held already"
    if target < level:
        return 2, f"builds AiMH level {target}, below the level {level} held"
    return 2, f"builds AiMH level {target}; the item's level is {wanted}"


def _weeks(months):
    """Weeks per person from the catalogue's months: whole weeks (the build keeps months to 0.1, about half
    a week, so a '12 weeks' course is 2.8 months, 12.2 weeks back: 12), tenths under one week."""
    if months is None:
        return None
    weeks = months * WEEKS_PER_MONTH
    return round(weeks) if weeks >= 1 else round(weeks, 1)


def _hours(kind, thing, catalogue):
    """Hours of study (min, max) where a course's whole length is given in hours (the build keeps such a length
    as at most 0.1 months, so its weeks would read days: 'about 2 to 4 hours' is not '3 days'), else None."""
    hours = getattr(catalogue, "course_hours", {}).get(thing.id) if kind == "course" else None
    if hours is None or (thing.duration_months_max or 0) > 0.1:
        return None
    return hours


def _days(kind, thing, catalogue):
    """Days of training (min, max) where a course's whole length is given in days ("2-day introductory
    workshop"; the build keeps its months at 0.1, about three days, whatever the days), else None."""
    return getattr(catalogue, "course_days", {}).get(thing.id) if kind == "course" else None


def _offer(kind, thing, answer, today=None, hours=None, days=None):
    funded = thing.funded_on(today) if today else thing.funded  # never funded once its funding has ended
    if kind == "course":
        out = {"kind": "course", "id": thing.id, "title": thing.title, "url": thing.url, "provider": thing.provider,
               "course_kind": thing.kind, "aimh_level_expected": thing.aimh_level_expected,
               "aimh_level_target": thing.aimh_level_target, "duration": thing.duration_text,
               "duration_months_min": thing.duration_months_min, "duration_months_max": thing.duration_months_max,
               "fee_gbp": thing.fee_gbp, "funding": thing.funding, "funded": funded}
    else:
        out = {"kind": "route", "id": thing.id, "title": thing.name, "url": None, "provider": None,
               "course_kind": None, "aimh_level_expected": None, "aimh_level_target": thing.aimh_level_target,
               "duration": thing.duration, "duration_months_min": thing.duration_months_min,
               "duration_months_max": thing.duration_months_max, "fee_gbp": None, "funding": thing.funding,
               "funded": funded}
    out["weeks_min"], out["weeks_max"] = _weeks(out["duration_months_min"]), _weeks(out["duration_months_max"])
    out["hours_min"], out["hours_max"] = hours or (None, None)
    out["days_min"], out["days_max"] = (None, None) if hours else (days or (None, None))
    out["_weeks_exact"] = (out["weeks_min"], out["weeks_max"])
    # weeks of work from hours of study or days of training (working weeks: 37.5 hours, 5 days): whole
    # staff-weeks are worked out from these, unrounded
    amount, per_week = (hours, HOURS_PER_WEEK) if hours else (days, DAYS_PER_WEEK)
    if amount:
        low, high = amount[0] if amount[0] is not None else amount[1], amount[1]
        out["_weeks_exact"] = (low / per_week, high / per_week)
        out["weeks_min"], out["weeks_max"] = (round(w, 2) for w in out["_weeks_exact"])
    out["why"] = [{"answer": answer.position, **answer.why()}]
    out["_position"] = answer.position
    return out


def plan_gap(rating, checklist, recommender, catalogue, people, today=None):
    item, part = rating.item, rating.part
    item_levels = item.aimh_levels or (0,)
    staff_from, staff = _staff(part, people)
    offers, support = _answers(item, staff, staff_from, catalogue, today)
    for offer in offers.values():
        _verdicts(offer, staff, recommender, item_levels)
    # never suggest training no assessed person can take (not eligible, or a level none of them holds yet)
    cannot = [o for o in offers.values() if staff and o["_takers"] == 0]
    can = [o for o in offers.values() if not (staff and o["_takers"] == 0)]
    recruit = sorted((o for o in can if checklist.recruits(o)), key=_offer_key)
    ranked = sorted((o for o in can if not checklist.recruits(o)), key=_offer_key)
    people_count, counted_from = _people_count(part, staff_from, staff)
    tiers = _tiers(item, ranked, staff, checklist, people_count, counted_from)
    picked = [t["suggested"]["id"] for t in tiers if t["suggested"]]
    # the tiers' choices first (everyone's, then the specialist one), then the rest in the plan's order
    ranked = sorted(ranked, key=lambda o: picked.index(o["id"]) if o["id"] in picked else len(picked))
    for position, offer in enumerate(ranked, start=1):
        offer["rank"] = position
        offer["suggested"] = offer["id"] in picked
    for position, offer in enumerate(recruit, start=1):
        offer["rank"] = position
        offer["suggested"] = False
        offer["recruitment"] = _why(checklist.recruits(offer))
    for offer in ranked + recruit + cannot:
        offer["can_take"] = offer["_takers"] if staff else None
        for key in ("_position", "_level_rank", "eligible_at_right_level", "_takers"):
            offer.pop(key, None)
    everyone = next((t for t in tiers if t["who"] == "everyone"), None)
    if item.theme == "supervision":  # a few supervisors are trained, not the whole part
        people_count, counted_from = None, None
    held = bool(everyone and everyone["held"])
    if held:  # nothing for everyone: the gap's figures are the next tier's, per person
        everyone = None
        first = next((t["offer"] for t in tiers if t["offer"]), None)
    else:
        first = everyone["offer"] if everyone else (tiers[0]["offer"] if tiers else None)
    totals = _totals(first, people_count if everyone else None, counted_from if everyone else None)
    if held and people_count is not None:  # the headcount was given: per person because some take it, not unknown
        totals["unknown"] = [u for u in totals["unknown"] if not u.startswith("headcount not given")]
    unknown = _gap_unknowns(item, part, staff_from, staff, ranked, totals.pop("unknown"))
    if cannot:
        unknown.append(f"{len(cannot)} course{'s' if len(cannot) > 1 else ''} the checklist names "
                       f"{'are' if len(cannot) > 1 else 'is'} left out: no one assessed can take "
                       f"{'them' if len(cannot) > 1 else 'it'} yet (" + "; ".join(o["title"] for o in cannot) + ")")
    for tier in tiers:
        tier.pop("offer")
    for offer in ranked + recruit + cannot:
        offer.pop("_weeks_exact", None)
    return {
        "line": rating.line,
        "workforce_part": part.name, "workforce_part_id": part.id,
        "item": {"number": item.number, "id": item.id, "words": item.words, "theme": item.theme,
                 "source": {"id": item.source_id, "section": item.section}},
        "rating": rating.rating, "rating_name": checklist.ratings[rating.rating]["name"],
        "comments": rating.comments,
        "applies_to": {"words": item.applies_to, "source": item.applies_to_source, "section": item.applies_to_section},
        "levels": [level.as_json() for level in item.levels],
        "staff_from": staff_from,
        "staff": [{k: v for k, v in s.items() if k != "person"} for s in staff],
        "offers": ranked,
        "tiers": tiers,
        "recruit": recruit,
        "not_open": [{"kind": o["kind"], "id": o["id"], "title": o["title"]} for o in cannot],
        "support": support,
        "totals": totals,
        "unknown": unknown,
    }


def _why(row):
    return None if row is None else {"reason": row["reason"], "sources": list(row["sources"]), "section": row["section"]}


def _tier_key(offer):
    """The training that builds the tier's level (not one that expects it already and adds skills there, as
    a 2->2 course does), then the shortest open to the most of the staff: most who can take it, then the
    shortest (by the longest it may take; unknown last), then the plan's order."""
    months = offer["duration_months_max"]
    expected, target = offer["aimh_level_expected"], offer["aimh_level_target"]
    builds = expected is None or target is None or expected < target
    return (not builds, -offer["_takers"], 10 ** 6 if months is None else months, offer["_position"], offer["id"])


def _none_open_words(level, item, staff, ranked):
    if not staff:
        return f"no course in the catalogue that the checklist names builds AiMH level {level}"
    known = [s["aimh_level"] for s in staff if s["aimh_level"] is not None]
    held = max(known) if known else None
    if held is not None and len(known) == len(staff) and held < level - 1:
        return (f"none of the AiMH level {level} training the checklist names is open to these staff yet (at AiMH "
                f"{held}): it builds on level {level - 1}, which the training everyone takes first builds")
    return f"none of the AiMH level {level} training the checklist names is open to these staff"


def _tiers(item, ranked, staff, checklist, people, counted_from):
    """For each AiMH level the item needs: who takes it (everyone in the part, or some: the sources' words),
    the shortest training open to the most of them that builds that level, and its figures (in all for
    everyone; per person where how many is a local decision)."""
    tiers = []
    levels = sorted(set(item.aimh_levels))
    first_step = None
    held = [s["aimh_level"] for s in staff] if staff else []
    known = bool(held) and all(level is not None for level in held)  # a level not given: no first step is guessed
    if known and levels and max(held) < levels[0] - 1:
        first_step = levels[0] - 1  # the staff need the level below the item's first: everyone takes that first
        levels = [first_step] + levels
    lowest_held = min(held) if known else None
    for level in levels:
        rule = checklist.tiers.get(level)
        if rule is None:
            continue
        # a level every assessed person holds already: training that builds it adds nothing by level, so no
        # one (least of all a whole part) is sent on it; the page says so, beside the rating
        already = lowest_held is not None and lowest_held >= level
        candidates = [] if already else [o for o in ranked if o["aimh_level_target"] == level]
        offer = min(candidates, key=_tier_key) if candidates else None
        who = "some" if item.theme == "supervision" else rule["who"]
        tier = {"aimh_level": level, "who": who, "how_many": rule["how_many"], "team_model": rule["team_model"],
                "why": _why(rule), "offer": offer,
                "suggested": None if offer is None else {
                    "kind": offer["kind"], "id": offer["id"], "title": offer["title"], "url": offer["url"],
                    "weeks_min": offer["weeks_min"], "weeks_max": offer["weeks_max"], "hours_min": offer["hours_min"],
                    "hours_max": offer["hours_max"], "days_min": offer["days_min"], "days_max": offer["days_max"],
                    "fee_gbp": offer["fee_gbp"], "funded": offer["funded"],
                    "open_to": offer["_takers"] if staff else None, "staff": len(staff) if staff else None},
                "people": people if who == "everyone" else None,
                "people_from": counted_from if who == "everyone" else None,
                "local_decision": who != "everyone", "first_step": level == first_step, "held": already}
        weeks_min, weeks_max, fee = ((*offer["_weeks_exact"], offer["fee_gbp"]) if offer else (None, None, None))
        if already:
            tier["people"] = tier["people_from"] = None
            tier["none_open"] = (f"every person assessed holds AiMH level {level} or above already, so no level "
                                 f"{level} training is suggested for them all (any level {level} course listed "
                                 f"remains if the training they had did not cover this item)")
        elif offer is None:
            tier["none_open"] = _none_open_words(level, item, staff, ranked)
        count = tier["people"]
        tier["staff_weeks_min"] = None if count is None or weeks_min is None else round(count * weeks_min, 2)
        tier["staff_weeks_max"] = None if count is None or weeks_max is None else round(count * weeks_max, 2)
        tier["cost_gbp"] = None if count is None or fee is None else round(count * fee, 2)
        tiers.append(tier)
    return tiers


def _answers(item, staff, staff_from, catalogue, today=None):
    """What the checklist says addresses an item: ({(kind, id): offer} for its courses and routes, each
    with every answer that names it, [support]: supervision capacity and local arrangements)."""
    offers, support = {}, []
    for answer in item.answers:
        below = answer.for_staff_below_aimh
        if below is not None and staff and all(s["aimh_level"] is not None and s["aimh_level"] >= below for s in staff):
            continue  # the checklist's judgement: a first step for staff below that level, and none assessed is
        things = []
        if answer.kind in ("course", "courses"):
            things = [("course", catalogue.courses[c]) for c in answer.course_ids if c in catalogue.courses]
        elif answer.kind == "route" and answer.route_id in catalogue.routes:
            things = [("route", catalogue.routes[answer.route_id])]
        elif answer.kind == "supervision":
            support.append(_supervision(answer, staff, staff_from, catalogue))
        else:
            support.append({"kind": "local", "words": answer.words, "in_catalogue": False, "why": answer.why()})
        for kind, thing in things:
            key = (kind, thing.id)
            if key in offers:
                offers[key]["why"].append({"answer": answer.position, **answer.why()})
            else:
                offers[key] = _offer(kind, thing, answer, today, _hours(kind, thing, catalogue),
                                     _days(kind, thing, catalogue))
    return offers, support


def _gap_unknowns(item, part, staff_from, staff, ranked, unknown_in_totals):
    """What the plan for a gap does not know, in words."""
    unknown = list(unknown_in_totals)
    if item.theme == "supervision" and ranked:
        unknown[:1] = [f"how many of {part.name}'s staff should train to supervise is a local decision: time and "
                       "cost are per person trained"]
    if staff_from is None:
        unknown.append(f"no staff professions or roster for {part.name}: who is eligible is not worked out "
                       "(add professions and aimh_levels, or --roster)")
    not_given = sorted({s["profession"].lower() for s in staff if s["aimh_level"] is None})
    if not_given:
        where = "the roster's level column" if staff_from == "roster" else "aimh_levels"
        unknown.append(f"{part.name}'s staff's AiMH levels are not given ({'; '.join(not_given)}): ask them. "
                       "Courses that build on a level are shown as open if they hold it, and no training is left "
                       f"out as already held (add {where})")
    if not ranked:
        unknown.append(f"no course or route in the catalogue addresses item {item.number} yet")
    if item.not_in_catalogue:
        unknown.append(item.not_in_catalogue)
    return unknown


def _verdicts(offer, staff, recommender, item_levels):
    counts = {"eligible": 0, "eligible_if": 0, "not_eligible": 0}
    rows, open_right, eligible_right, ranks, takers = [], 0, 0, [], 0
    for s in staff:
        verdict = recommender.verdict(offer["kind"], offer["id"], s["person"])
        rank, fit = level_fit(offer["aimh_level_expected"], offer["aimh_level_target"], s["aimh_level"], item_levels)
        counts[verdict.verdict] += 1
        ranks.append(rank)
        takers += verdict.verdict != NOT_ELIGIBLE and rank != 3
        if verdict.verdict != NOT_ELIGIBLE and rank <= 1:
            open_right += 1
            eligible_right += verdict.verdict == "eligible"
        rows.append({"line": s["line"], "name": s["name"], "profession": s["profession"],
                     "aimh_level": s["aimh_level"], "verdict": verdict.verdict, "missing": list(verdict.missing),
                     "level_fit": fit})
    if not staff:  # nobody described: at the item's level first
        target = offer["aimh_level_target"]
        ranks.append(4 if target is None else 0 if target in item_levels else 2)
    rows.sort(key=lambda r: (VERDICT_ORDER[r["verdict"]], r["line"] or 0, r["profession"]))
    offer["staff"] = rows
    offer["counts"] = counts
    offer["open_at_right_level"] = open_right
    offer["eligible_at_right_level"] = eligible_right
    offer["_level_rank"] = min(ranks)
    offer["_takers"] = takers


def _offer_key(offer):
    funded = {True: 0, None: 1, False: 2}[offer["funded"]]
    months = offer["duration_months_max"]
    return (-offer["open_at_right_level"], -offer["eligible_at_right_level"], offer["_level_rank"], offer["_position"],
            funded, 10 ** 6 if months is None else months, offer["title"].lower(), offer["id"])


def _supervision(answer, staff, staff_from, catalogue):
    group = answer.profession_group
    # staff whose level is not given are in neither list: they are named as not known
    now = [s for s in staff if s["aimh_level"] is not None and s["aimh_level"] >= answer.aimh_level]
    could = [s for s in staff if s["aimh_level"] is not None and s["aimh_level"] < answer.aimh_level
             and group in catalogue.professions[s["profession_id"]].groups]
    not_known = [s for s in staff if s["aimh_level"] is None]
    who = lambda rows: [{"line": s["line"], "name": s["name"], "profession": s["profession"],  # noqa: E731
                         "aimh_level": s["aimh_level"]} for s in rows]
    return {"kind": "supervision", "profession_group": group, "aimh_level": answer.aimh_level,
            "words": (f"supervisors: staff at AiMH level {answer.aimh_level} supervise now; staff in the group "
                      f"{group.replace('_', ' ')} could train to (FH&SfL level 3)"),
            "staff_from": staff_from,
            "can_supervise_now": who(now) if staff_from else None,
            "could_train_to_supervise": who(could) if staff_from else None,
            "level_not_given": who(not_known) if staff_from else None,
            "in_catalogue": True, "why": answer.why()}


def _people_count(part, staff_from, staff):
    if part.headcount is not None:
        return part.headcount, "headcount"
    if staff_from == "roster":
        return len(staff), "roster"
    return None, None


def _totals(offer, people, counted_from):
    unknown = []
    out = {"suggested": None, "people": people, "people_from": counted_from, "weeks_per_person_min": None,
           "weeks_per_person_max": None, "hours_per_person_min": None, "hours_per_person_max": None,
           "staff_weeks_min": None, "staff_weeks_max": None, "cost_gbp": None, "funded_places": None, "funded": None}
    if offer is None:
        out["unknown"] = unknown
        return out
    out["suggested"] = {"kind": offer["kind"], "id": offer["id"], "title": offer["title"]}
    out["weeks_per_person_min"], out["weeks_per_person_max"] = offer["weeks_min"], offer["weeks_max"]
    out["hours_per_person_min"], out["hours_per_person_max"] = offer.get("hours_min"), offer.get("hours_max")
    if people is None:
        unknown.append("headcount not given: time and cost are per person only")
    if offer["weeks_max"] is None:
        unknown.append(f"how long {offer['title']} takes is not known")
    elif people is not None:
        exact = offer.get("_weeks_exact") or (offer["weeks_min"], offer["weeks_max"])
        out["staff_weeks_min"] = round(people * exact[0], 2)
        out["staff_weeks_max"] = round(people * exact[1], 2)
    if offer["fee_gbp"] is None:
        unknown.append(f"the fee for {offer['title']} is not known")
    elif people is not None:
        out["cost_gbp"] = round(people * offer["fee_gbp"], 2)
    if offer["funded"] is None:
        unknown.append(f"whether {offer['title']} is funded is not known")
    out["funded"] = offer["funded"]
    # funded_places: how many funded places exist. The catalogue holds no course's number of places, so it
    # stays None (unknown); it is never the headcount.
    out["unknown"] = unknown
    return out
