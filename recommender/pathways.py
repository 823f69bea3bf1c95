"""Ranking courses and routes, and pathways: ordered steps from the current AiMH level to the target.

The ranking is deterministic and explained (RANKING): verdict, level fit, funding,
duration, mode, then the title. A pathway is a sequence of open steps (courses and
routes that are eligible or eligible_if): each step starts at or below the level the
person has reached so far (a course's aimh_level_expected; routes record no entry level)
and builds towards a higher one (aimh_level_target), until the target is reached.
The levels are the catalogue's recorded judgements; a course without one is never a step.
"""
from recommender.eligibility import NOT_ELIGIBLE, VERDICT_ORDER

RANKING = [
    "verdict: eligible first, then eligible if (something to meet or confirm), then not eligible",
    "level fit: reaches your target level from your current one; then a step towards it or beyond it; "
    "then one that needs a higher level first; then one that does not raise your level; unknown last",
    "funding: funded (fully funded, salaried post or free) first, then unknown, then self-funded or fee-paying",
    "duration: shortest first (by the longest it may take), unknown last",
    "mode: online or distance learning first, then part time or hybrid, then other modes, unknown last",
    "then by title, so the order never changes between runs",
]
PATHWAY_RANKING = [
    "pathways whose every step is eligible first, then those with something to meet or confirm",
    "fewer steps first",
    "level fit: ending at the target level before going beyond it",
    "more funded steps first",
    "shorter total duration first (unknown last)",
]
BEAM = 6          # best steps tried from each level
PATHWAY_LIMIT = 5
UNKNOWN_MONTHS = 10_000.0


def level_fit(expected, reaches, level, target):
    """(rank, words) for a course or route building from `expected` to `reaches`."""
    if reaches is None:
        return 4, "AiMH level not recorded"
    if reaches <= level:
        return 3, f"does not raise your level (builds to level {reaches})"
    if expected is not None and expected > level:
        return 2, f"expects AiMH level {expected} first (you are at {level})"
    if reaches == target:
        return 0, f"takes you from level {level} to your target level {target}"
    if reaches < target:
        return 1, f"a step towards your target: builds to level {reaches}"
    return 1, f"builds beyond your target, to level {reaches}"


def funded_rank(funded):
    return {True: 0, None: 1, False: 2}[funded]


def funded_words(funded):
    return {True: "funded", None: "funding unknown", False: "self-funded or fee-paying"}[funded]


def mode_rank(mode):
    if not mode:
        return 3
    m = mode.lower()
    if "online" in m or "distance" in m or "e-learning" in m:
        return 0
    if "part time" in m or "part-time" in m or "hybrid" in m:
        return 1
    return 2


def months(value):
    return UNKNOWN_MONTHS if value is None else value


def course_sort_key(item):
    return (VERDICT_ORDER[item["verdict"]], item["_level_rank"], funded_rank(item["funded"]),
            months(item["duration_months_max"]), mode_rank(item.get("mode")), item["title"].lower(), item["id"])


def route_sort_key(item):
    return (VERDICT_ORDER[item["verdict"]], item["_level_rank"], funded_rank(item["funded"]),
            months(item["duration_months_max"]), item["name"].lower(), item["id"])


def ranking_words(item):
    duration = ("duration unknown" if item["duration_months_max"] is None
                else f"up to {item['duration_months_max']:g} months")
    parts = [item["verdict"].replace("_", " "), item["level_fit"], funded_words(item["funded"]), duration]
    if "mode" in item:
        parts.append(f"mode: {item['mode']}" if item.get("mode") else "mode unknown")
    return "; ".join(parts)


def candidate_steps(courses, routes):
    """Open steps (not not_eligible, level recorded) from ranked course and route items."""
    steps = []
    for item in courses:
        if item["verdict"] != NOT_ELIGIBLE and item["aimh_level_target"] is not None \
                and item["aimh_level_expected"] is not None:
            steps.append(("course", item["id"], item["title"], item["verdict"], item["aimh_level_expected"],
                          item["aimh_level_target"], item["duration_months_min"], item["duration_months_max"],
                          item["funded"], item.get("funding"), item.get("mode")))
    for item in routes:
        if item["verdict"] != NOT_ELIGIBLE and item["aimh_level_target"] is not None:
            steps.append(("route", item["id"], item["name"], item["verdict"], None, item["aimh_level_target"],
                          item["duration_months_min"], item["duration_months_max"], item["funded"],
                          item.get("funding"), None))
    return tuple(steps)


_CACHE = {}


def pathways(steps, level, target, limit=PATHWAY_LIMIT):
    """Up to `limit` pathways (JSON-ready dicts) from `level` to `target`, best first."""
    if level >= target:
        return []
    key = (steps, level, target, limit)
    if key not in _CACHE:
        if len(_CACHE) > 50_000:
            _CACHE.clear()
        _CACHE[key] = _pathways(steps, level, target, limit)
    return [dict(p, steps=[dict(s) for s in p["steps"]]) for p in _CACHE[key]]


def _step_key(step, target):
    kind, sid, name, verdict, expected, reaches, mmin, mmax, funded, funding, mode = step
    return (VERDICT_ORDER[verdict], 0 if reaches >= target else 1, reaches - target if reaches >= target else 0,
            funded_rank(funded), months(mmax), mode_rank(mode), kind, sid)


def _pathways(steps, level, target, limit):
    by_level = {}
    for start in range(level, target):
        usable = [s for s in steps if (s[4] is None or s[4] <= start) and s[5] > start]
        by_level[start] = sorted(usable, key=lambda s: _step_key(s, target))[:BEAM]
    done, frontier = [], [((), level)]
    while frontier:
        grown = []
        for sequence, reached in frontier:
            for step in by_level.get(reached, ()):
                if any(step[1] == s[1] for s in sequence):
                    continue
                new = (sequence + (step,), step[5])
                (done if step[5] >= target else grown).append(new)
        frontier = grown
    ranked = sorted(done, key=lambda d: _pathway_key(d, target))
    return [_pathway_json(sequence, level, target) for sequence, _ in ranked[:limit]]


def _pathway_key(done, target):
    sequence, reached = done
    mmax = [s[7] for s in sequence]
    total = UNKNOWN_MONTHS if None in mmax else sum(mmax)
    return (max(VERDICT_ORDER[s[3]] for s in sequence), len(sequence), reached - target,
            -sum(1 for s in sequence if s[8] is True), total, tuple(s[1] for s in sequence))


def _pathway_json(sequence, level, target):
    out_steps, current = [], level
    for kind, sid, name, verdict, expected, reaches, mmin, mmax, funded, funding, mode in sequence:
        out_steps.append({"kind": kind, "id": sid, "name": name, "verdict": verdict, "from_level": current,
                          "to_level": reaches, "duration_months_min": mmin, "duration_months_max": mmax,
                          "funded": funded, "funding": funding})
        current = reaches
    mins = [s["duration_months_min"] for s in out_steps]
    maxes = [s["duration_months_max"] for s in out_steps]
    known = None not in mins and None not in maxes
    return {
        "steps": out_steps,
        "reaches_level": current,
        "duration_months_min": round(sum(m for m in mins if m is not None), 1),
        "duration_months_max": round(sum(maxes), 1) if known else None,
        "duration_known": known,
        "funded_steps": sum(1 for s in out_steps if s["funded"] is True),
        "verdict": max((s["verdict"] for s in out_steps), key=VERDICT_ORDER.get),
    }
