"""A workforce training plan across the area: the ratings by part, the widest gaps, the courses and
routes that close most of them, the suggested training's totals (staff-weeks and fees where
known) and what is not known. workforce/assess.py calls `summary` once the gaps are planned.
"""


CLOSES_MOST = 5

FUNDED_PLACES_UNKNOWN = ("how many funded places exist is not in the catalogue: seed 003's national contracts give "
                         "level 2 training to 'several practitioners from your local authority area' and level 3 "
                         "to 'a small number of practitioners' (seed-003, Improving workforce capability through "
                         "training)")


def _widest_gaps(gaps):
    """Each item rated Red or Amber somewhere, with the parts, most Red first."""
    items = {}
    for gap in gaps:
        entry = items.setdefault(gap["item"]["number"], {"number": gap["item"]["number"], "id": gap["item"]["id"],
                                                         "words": gap["item"]["words"], "red": 0, "amber": 0,
                                                         "red_parts": [], "amber_parts": []})
        colour = "red" if gap["rating"] == "R" else "amber"
        entry[colour] += 1
        entry[f"{colour}_parts"].append(gap["workforce_part"])
    return sorted(items.values(), key=lambda e: (-e["red"], -e["amber"], e["number"]))


def _closes_most(gaps):
    """Every course and route offered, with the gaps it addresses, most gaps (then most Red) first."""
    offers = {}
    for gap in gaps:
        for offer in gap["offers"]:
            entry = offers.setdefault((offer["kind"], offer["id"]), {
                "kind": offer["kind"], "id": offer["id"], "title": offer["title"], "url": offer["url"],
                "gaps": 0, "red": 0, "amber": 0, "suggested_for": 0, "funded": offer["funded"],
                "duration_months_max": offer["duration_months_max"], "fee_gbp": offer["fee_gbp"], "closes": []})
            entry["gaps"] += 1
            entry["red" if gap["rating"] == "R" else "amber"] += 1
            entry["suggested_for"] += offer["suggested"]
            entry["closes"].append({"workforce_part": gap["workforce_part"], "item": gap["item"]["number"],
                                    "rating": gap["rating"]})
    return sorted(offers.values(), key=lambda e: (
        -e["gaps"], -e["red"], {True: 0, None: 1, False: 2}[e["funded"]],
        10 ** 6 if e["duration_months_max"] is None else e["duration_months_max"], e["title"].lower(), e["id"]))


def _area_totals(gaps):
    """The training everyone takes, over all gaps: staff-weeks and fees where known (None when known for no
    gap: unknown is never 0), and how many gaps each is not known for. Funded places are places: the
    catalogue holds no number of places, so funded_places stays None (unknown)."""
    totals = {"staff_weeks_min": None, "staff_weeks_max": None, "gaps_time_unknown": 0, "cost_gbp": None,
              "gaps_cost_unknown": 0, "funded_places": None, "gaps_funding_unknown": 0}
    add = lambda a, b: b if a is None else a + b  # noqa: E731
    for gap in gaps:
        t = gap["totals"]
        if t["staff_weeks_max"] is None:
            totals["gaps_time_unknown"] += 1
        else:
            totals["staff_weeks_min"] = round(add(totals["staff_weeks_min"], t["staff_weeks_min"]), 2)
            totals["staff_weeks_max"] = round(add(totals["staff_weeks_max"], t["staff_weeks_max"]), 2)
        if t["cost_gbp"] is None:
            totals["gaps_cost_unknown"] += 1
        else:
            totals["cost_gbp"] = round(add(totals["cost_gbp"], t["cost_gbp"]), 2)
        if t.get("funded") is None:
            totals["gaps_funding_unknown"] += 1
    return totals


def _tier_totals(gaps):
    """Per tier: 'everyone' (the part's whole staff: staff-weeks and fees in all, where known) and 'some'
    (how many is a local decision: the gaps, each with per-person figures)."""
    everyone = {"gaps": 0, "people": None, "staff_weeks_min": None, "staff_weeks_max": None, "cost_gbp": None,
                "gaps_people_unknown": 0, "gaps_time_unknown": 0, "gaps_cost_unknown": 0}
    some = {"gaps": 0, "per_person": []}
    add = lambda a, b: b if a is None else a + b  # noqa: E731
    for gap in gaps:
        for tier in gap["tiers"]:
            if tier["suggested"] is None:
                continue
            if tier["who"] == "everyone":
                everyone["gaps"] += 1
                if tier["people"] is None:
                    everyone["gaps_people_unknown"] += 1
                else:
                    everyone["people"] = add(everyone["people"], tier["people"])
                if tier["staff_weeks_max"] is None:
                    everyone["gaps_time_unknown"] += 1
                else:
                    everyone["staff_weeks_min"] = round(add(everyone["staff_weeks_min"], tier["staff_weeks_min"]), 2)
                    everyone["staff_weeks_max"] = round(add(everyone["staff_weeks_max"], tier["staff_weeks_max"]), 2)
                if tier["cost_gbp"] is None:
                    everyone["gaps_cost_unknown"] += 1
                else:
                    everyone["cost_gbp"] = round(add(everyone["cost_gbp"], tier["cost_gbp"]), 2)
            else:
                some["gaps"] += 1
                some["per_person"].append({"workforce_part": gap["workforce_part"], "item": gap["item"]["number"],
                                           "aimh_level": tier["aimh_level"], "how_many": tier["how_many"],
                                           **{k: tier["suggested"][k] for k in ("id", "title", "weeks_min",
                                                                                 "weeks_max", "hours_min", "hours_max",
                                                                                 "days_min", "days_max",
                                                                                 "fee_gbp", "funded")}})
    return {"everyone": everyone, "some": some}


def summary(gaps, parts, assessment, checklist):
    widest = _widest_gaps(gaps)
    closes = _closes_most(gaps)
    totals = _area_totals(gaps)
    unknown = []
    if gaps:
        unknown.append(FUNDED_PLACES_UNKNOWN)
    not_rated = [f"{p['name']}: items {', '.join(map(str, p['ratings']['not_rated']))}"
                 for p in parts if p["ratings"]["not_rated"]]
    if not_rated:
        unknown.append("not rated (no plan for them): " + "; ".join(not_rated))
    others = [p["name"] for p in parts if not p["named_by_seed_004"]]
    if others:
        unknown.append("parts seed 004 does not name (kept as written): " + ", ".join(others))
    return {
        "ratings": {"R": sum(p["ratings"]["R"] for p in parts), "A": sum(p["ratings"]["A"] for p in parts),
                    "G": sum(p["ratings"]["G"] for p in parts)},
        "parts": [{"name": p["name"], **{k: p["ratings"][k] for k in ("R", "A", "G")},
                   "not_rated": len(p["ratings"]["not_rated"])} for p in parts],
        "widest_gaps": widest,
        "closes_most": closes[:CLOSES_MOST],
        "totals": totals,
        "tiers": _tier_totals(gaps),
        "unknown": unknown,
    }
