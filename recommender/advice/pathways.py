"""Ranking courses and routes, and pathways: ordered steps from where the person stands to the target level.

The ranking is deterministic and explained (RANKING): first what moves the person towards
the target they asked for, then the verdict, then funding, cost, duration, mode and title.

A pathway is found by search over steps (catalogue courses and routes whose AiMH levels are
recorded, and steps outside the catalogue such as a first degree, recorded in
pathway_steps with their basis). Every step is taken by a person whose answers, together
with what the earlier steps gave (a completed course, a degree, experience, an AiMH
level), meet every requirement of its rule: the same eligibility engine decides, on the
person as they will be at that point. A step is either one that raises the AiMH level or
one that an otherwise blocked step needs first (its prerequisite, found by trying it:
taking it leaves the blocked step fewer unmet requirements). So a pathway never holds a
step whose requirements are still unmet, and its length counts every step.
"""
from collections import namedtuple

from course_order import UNKNOWN_FEE, UNKNOWN_MONTHS, fee_rank, funded_rank, mode_rank, months  # noqa: F401 (used here and by callers)
from recommender.advice.eligibility import ELIGIBLE, NOT_ELIGIBLE, VERDICT_ORDER, Verdict
from recommender.output import formatting

RANKING = [
    "moves you towards your target: open and takes you from your level to your target first; then a step "
    "towards it; then one that builds beyond it; then one that needs a higher level first; then one that "
    "does not raise your level; level not recorded last; not eligible after every open course",
    "verdict: eligible first, then eligible if (something to meet or confirm), then not eligible",
    "funding: funded (fully funded, salaried post or free) first, then unknown, then self-funded or fee-paying",
    "cost: lowest known fee first, unknown last",
    "duration: shortest first (by the longest it may take), unknown last",
    "mode: online or distance learning first, then part time or hybrid, then other modes, unknown last",
    "then by title, so the order never changes between runs",
]
PATHWAY_RANKING = [
    "pathways you can start with what you hold first: a pathway that needs something completed "
    "first (a degree, a pre-clinical course: a step taken only to open a later one) after every "
    "pathway that does not",
    "pathways whose every step is eligible first, then those with something to confirm",
    "from AiMH level 0: pathways that start with the shortest step open now that reaches level 1 first "
    "(and the best pathway always does: when only a step with something to confirm is that short, "
    "its pathway leads)",
    "pathways whose every step's duration is known first",
    "fewer steps first",
    "level fit: ending at the target level before going beyond it",
    "more funded steps first",
    "shorter total duration first (unknown last)",
]
BEAM = 6            # best steps tried from each point of a pathway
FRONTIER = 24       # unfinished pathways kept at each length
MAX_STEPS = 6
PATHWAY_LIMIT = 5

# One possible step. shape: the eligibility rule shape (see Recommender); gives: what
# completing it records (course ids, "kind:<course kind>"); sets: answers it changes
# ((attribute, value) pairs: a degree, experience); basis: why a step outside the catalogue
# takes as long as it says.
# ends: the last day of the step's funding (YYYY-MM-DD) or None; the answer's day decides whether it is funded.
# starts: every known start of a course (YYYY-MM / YYYY-MM-DD; the day decides which is next: dated_pathway);
# url: the provider's page; close: when applications close (YYYY-MM-DD / YYYY-MM), or None.
Step = namedtuple("Step", "kind id name shape expected reaches mmin mmax funded funding mode fee gives sets basis changes "
                          "ends starts url close", defaults=(None, (), None, None))
EXPERIENCE_CHANGES = frozenset(("experience_years",))  # what a step of gaining experience changes


def level_fit(expected, reaches, level, target):
    """(rank, words) for a course or route building from `expected` to `reaches`."""
    if reaches is None:
        return 5, "AiMH level not recorded"
    if reaches <= level:
        return 4, f"does not raise your level (builds to level {reaches})"
    if expected is not None and expected > level:
        return 3, f"needs AiMH level {expected} first (you are at {level}), then builds to level {reaches}"
    if reaches == target:
        return 0, f"takes you from level {level} to your target level {target}"
    if reaches < target:
        return 1, f"a step towards your target: builds to level {reaches}"
    return 2, f"builds beyond your target, to level {reaches}"


def funded_words(funded):
    return {True: "funded", None: "funding not known", False: "self-funded or fee-paying"}[funded]


def course_sort_key(item):
    # a course a trainee is on, then one with something to complete first, after every other open one
    return (item["verdict"] == NOT_ELIGIBLE, item.get("_on", False), bool(item.get("to_complete_first")),
            item["_level_rank"], VERDICT_ORDER[item["verdict"]],
            funded_rank(item["funded"]), fee_rank(item["funded"], item.get("fee_gbp")),
            months(item["duration_months_max"]), mode_rank(item.get("mode")), item["title"].lower(), item["id"])


def route_sort_key(item):
    return (item["verdict"] == NOT_ELIGIBLE, item.get("_on", False), bool(item.get("to_complete_first")),
            item["_level_rank"], VERDICT_ORDER[item["verdict"]],
            funded_rank(item["funded"]), item["duration_months_max"] is None,
            months(item["duration_months_max"]), item["name"].lower(), item["id"])


def ranking_words(item):
    duration = ("length not known" if item["duration_months_max"] is None
                else f"up to {formatting.months(item['duration_months_max'])}")
    parts = [item["level_fit"], item["verdict"].replace("_", " "), funded_words(item["funded"])]
    if "fee_gbp" in item and item["funded"] is not True:
        parts.append(f"fee {formatting.money(item.get('fee_gbp'))}")
    parts.append(duration)
    if "mode" in item:
        parts.append(f"mode: {item['mode']}" if item.get("mode") else "mode not known")
    return "; ".join(parts)


def course_step(course, shape):
    gives = frozenset((course.id, f"kind:{course.kind}"))
    return Step("course", course.id, course.title, shape, course.aimh_level_expected, course.aimh_level_target,
                course.duration_months_min, course.duration_months_max, course.funded, course.funding, course.mode,
                course.fee_gbp, gives, (), None, frozenset(("completed",)), getattr(course, "funding_ends", None),
                tuple(course.starts_known or ([course.start_date_iso] if course.start_date_iso else [])), course.url,
                course.applications_close)


def route_step(route, shape):
    return Step("route", route.id, route.name, shape, None, route.aimh_level_target, route.duration_months_min,
                route.duration_months_max, route.funded, route.funding, None, None, frozenset((f"route:{route.id}",)),
                (), None, frozenset(("completed",)), getattr(route, "funding_ends", None))


def outside_step(row):
    """A step outside the catalogue (pathway_steps: e.g. a first degree), with its basis."""
    return Step("outside_catalogue", row["id"], row["name"], None, None, None, row["duration_months_min"],
                row["duration_months_max"], None, None, None, None, frozenset(), tuple(sorted(row["gives"].items())),
                row["basis"], frozenset(row["gives"]))


def experience_steps(person, thresholds):
    """Steps of paid or voluntary work with children and families, to reach each experience
    threshold some rule asks for (from the years the person gave; none when not given)."""
    have = person.experience_years
    if have is None:
        return ()
    out = []
    for years in sorted(t for t in thresholds if t > have):
        gap = round((years - have) * 12, 1)
        out.append(Step("outside_catalogue", f"experience-{years:g}-years",
                        f"Work with children and families until you have {years:g} years' experience",
                        None, None, None, gap, gap, None, None, None, None, frozenset(),
                        (("experience_years", float(years)),),
                        f"entry rules ask for {years:g} years' experience; you gave {have:g}",
                        EXPERIENCE_CHANGES))
    return tuple(out)


def with_experience(found, years):
    """Copies of pathways (JSON) with each experience step's length from the person's own years
    (searched with years lowered to a threshold band), and the totals summed again."""
    out = []
    for pathway in found:
        steps = [dict(s) for s in pathway["steps"]]
        changed = False
        for step in steps:
            if step["kind"] == "outside_catalogue" and step["id"].startswith("experience-") and years is not None:
                wanted = float(step["id"].split("-")[1])
                gap = round((wanted - years) * 12, 1)
                if gap != step["duration_months_min"]:
                    step["duration_months_min"] = step["duration_months_max"] = gap
                    step["basis"] = f"entry rules ask for {wanted:g} years' experience; you gave {years:g}"
                    changed = True
        pathway = dict(pathway, steps=steps)
        if changed:
            mins = [s["duration_months_min"] for s in steps]
            maxes = [s["duration_months_max"] for s in steps]
            known = None not in mins and None not in maxes
            pathway["duration_months_min"] = round(sum(mins), 1) if known else None
            pathway["duration_months_max"] = round(sum(maxes), 1) if known else None
            pathway["duration_months_at_least"] = round(sum(m for m in mins if m is not None), 1)
        out.append(pathway)
    return out


def _is_experience(step):
    """A step of gaining experience (experience_steps), whatever its length."""
    return step.kind == "outside_catalogue" and step.changes == EXPERIENCE_CHANGES


def _after(person, step, keep_level=False):
    """The person as they are once the step is done (keep_level: all but the level it reaches)."""
    changes = dict(step.sets)
    if "degree" in changes:
        changes["degree_assumed"] = False
    if step.gives:
        changes["completed"] = person.completed | step.gives
    if step.reaches is not None and step.reaches > person.aimh_level and not keep_level:
        changes["aimh_level"] = step.reaches
    return _with(person, changes) if changes else person


def _with(person, changes):
    """dataclasses.replace without re-running __init__ (a pathway search makes many states)."""
    new = object.__new__(type(person))
    new.__dict__.update(person.__dict__)
    new.__dict__.update(changes)
    return new


def _step_key(step, target):
    return (0 if step.reaches is not None and step.reaches >= target else 1,
            abs((step.reaches or 0) - target), funded_rank(step.funded), months(step.mmax), mode_rank(step.mode),
            step.kind, step.id)


def search(person, steps, verdict_of, reads_of, limit=PATHWAY_LIMIT):
    """Up to `limit` pathways (JSON-ready dicts) from the person's level to their target, best first.

    verdict_of(shape, person) -> Verdict; reads_of(shape) -> the answers that rule reads."""
    target = person.target_level
    if person.aimh_level >= target:
        return []
    # from level 0 the first step is the shortest open step that reaches level 1 (issue 21)
    shortest = _shortest_first(person, steps, verdict_of) if person.aimh_level == 0 else None
    done, frontier = [], [(person, ())]
    for _ in range(MAX_STEPS):
        grown = []
        for state, sequence in frontier:
            taken = {entry[0].id for entry in sequence}
            for step, needed_for in _next_steps(state, steps, taken, verdict_of, reads_of, target):
                after = _after(state, step)
                new = sequence + ((step, _verdict(step, state, verdict_of), needed_for, state),)
                if after.aimh_level >= target:
                    done.append(new)
                else:
                    grown.append((after, new))
        grown.sort(key=lambda entry: (_starts_long(entry[1], shortest), _partial_key(entry[1])))
        frontier = grown[:FRONTIER]
        if not frontier or (_settled(done, limit) and
                            (shortest is None or any(not _starts_long(d, shortest) for d in done))):
            break
    # eligible before eligible if (the verdict leads _pathway_key), and within a verdict the pathways
    # that start with the shortest open step; yet the best pathway from level 0 starts with that step
    # (issue 21) even when only a step with something to confirm is that short
    ranked = sorted(done, key=lambda sequence: _pathway_key(sequence, target, _starts_long(sequence, shortest)))
    short = [sequence for sequence in ranked if not _starts_long(sequence, shortest)]
    if short and ranked[0] is not short[0]:
        ranked.remove(short[0])
        ranked.insert(0, short[0])
    out, seen = [], set()
    for sequence in ranked:
        needed_for = _needed_for(sequence, person, verdict_of)
        if needed_for is None:
            continue
        sequence = tuple((step, verdict, needed, state)
                         for (step, verdict, _, state), needed in zip(sequence, needed_for))
        # the same steps in another order, or with a longer spell of experience standing in for
        # a shorter one that does as well: keep the best ranked only
        steps_taken = frozenset(entry[0].id for entry in sequence if not _is_experience(entry[0]))
        if steps_taken in seen:
            continue
        seen.add(steps_taken)
        out.append(_pathway_json(sequence, person.aimh_level))
        if len(out) == limit:
            break
    return out


OUTSIDE = Verdict(ELIGIBLE, ("a step outside the catalogue: its basis says how long it usually takes",), (), ())


def _verdict(step, state, verdict_of):
    return OUTSIDE if step.kind == "outside_catalogue" else verdict_of(step.shape, state)


def _walkable(step, state, verdict_of):
    verdict = _verdict(step, state, verdict_of)
    return verdict.verdict != NOT_ELIGIBLE and not verdict.unmet


def _next_steps(state, steps, taken, verdict_of, reads_of, target):
    """(step, needed_for) pairs that can be taken now: the BEAM best that raise the level,
    and the prerequisites of blocked steps that raise it (needed_for names the blocked step)."""
    level = state.aimh_level
    raising, blocked = [], []
    for step in steps:
        if step.id in taken or step.reaches is None or step.reaches <= level:
            continue
        (raising if _walkable(step, state, verdict_of) else blocked).append(step)
    key = lambda s: _step_key(s, target)  # noqa: E731
    by_reach = {}
    for step in sorted(raising, key=lambda s: (VERDICT_ORDER[_verdict(s, state, verdict_of).verdict], key(s))):
        by_reach.setdefault(step.reaches, []).append(step)
    chosen = [(s, None) for reach in sorted(by_reach) for s in by_reach[reach][:BEAM]]  # the best to each level
    chosen_ids = {s.id for s, _ in chosen}
    goals = [(g, g) for g in sorted(blocked, key=key)[:BEAM * 2]]
    looked = set()
    for _ in range(3):  # prerequisites of prerequisites, three deep
        subgoals = []
        for goal, _ in goals:
            if goal.id in looked:
                continue
            looked.add(goal.id)
            before = verdict_of(goal.shape, state).unmet
            if not before:
                continue
            wanted = set(reads_of(goal.shape)) - {"aimh_level"}
            for step in steps:
                if step.id in taken or step.id == goal.id or step.id in chosen_ids or not (step.changes & wanted):
                    continue
                # a prerequisite by what it gives (a course, a degree, experience), not by the
                # level it reaches: steps that raise the level are chosen above
                if len(verdict_of(goal.shape, _after(state, step, keep_level=True)).unmet) >= len(before):
                    continue
                if _walkable(step, state, verdict_of):
                    chosen.append((step, goal))
                    chosen_ids.add(step.id)
                else:
                    subgoals.append((step, step))
        goals = subgoals
        if not goals:
            break
    return chosen


def _needed_for(sequence, person, verdict_of):
    """For each step, the first later step that could not be taken without what it gives (a
    course, a degree, experience; its level aside), or None. None for the whole pathway when a
    step taken only as a prerequisite could be left out (it would be longer than it needs)."""
    out = []
    for skip, entry in enumerate(sequence):
        state, needed = person, None
        for position, (step, *_rest) in enumerate(sequence):
            if position > skip and not _walkable(step, state, verdict_of):
                needed = step
                break
            if position == skip:
                if step.reaches is not None and step.reaches > state.aimh_level:
                    state = _with(state, {"aimh_level": step.reaches})
            else:
                state = _after(state, step)
        if needed is None and entry[2] is not None:
            return None
        out.append(needed)
    return out


def _shortest_first(person, steps, verdict_of):
    """The length (months, at most) of the shortest step open now that reaches a level above the
    person's, or None when no such step has a known length."""
    lengths = [step.mmax for step in steps if step.reaches is not None and step.reaches > person.aimh_level
               and step.mmax is not None and _walkable(step, person, verdict_of)]
    return min(lengths) if lengths else None


def _starts_long(sequence, shortest):
    """1 when a pathway from level 0 does not start with the shortest open step to level 1, else 0."""
    if shortest is None:
        return 0
    first = sequence[0][0]
    return 0 if first.mmax is not None and first.mmax <= shortest and first.reaches is not None else 1


def _settled(done, limit):
    """True when `limit` finished pathways are all eligible and of known length: a longer one
    cannot rank above them (PATHWAY_RANKING), so the search can stop."""
    best = sum(1 for sequence in done
               if max(VERDICT_ORDER[entry[1].verdict] for entry in sequence) == 0 and not _needs_first(sequence)
               and None not in [entry[0].mmax for entry in sequence] and None not in [entry[0].mmin for entry in sequence])
    return best >= limit * 2  # twice: pathways that repeat others' steps in another order are dropped


def _partial_key(sequence):
    return (max(VERDICT_ORDER[entry[1].verdict] for entry in sequence), -sequence[-1][0].reaches
            if sequence[-1][0].reaches is not None else 0, sum(months(entry[0].mmax) for entry in sequence),
            tuple(entry[0].id for entry in sequence))


def _needs_first(sequence):
    """True when a pathway has a step taken only to open a later one (a degree, a pre-clinical
    course): the person must complete that first (issue 21's to_complete_first, for pathways)."""
    return any(entry[2] is not None for entry in sequence)


def _pathway_key(sequence, target, starts_long=0):
    maxes = [entry[0].mmax for entry in sequence]
    known = None not in maxes and None not in (entry[0].mmin for entry in sequence)
    reached = max(entry[0].reaches or 0 for entry in sequence)
    return (_needs_first(sequence), max(VERDICT_ORDER[entry[1].verdict] for entry in sequence), starts_long, not known, len(sequence), reached - target,
            -sum(1 for entry in sequence if entry[0].funded is True), sum(months(m) for m in maxes),
            tuple(entry[0].id for entry in sequence))


def _pathway_json(sequence, level):
    out_steps, current = [], level
    for step, verdict, needed_for, _ in sequence:
        reaches = current if step.reaches is None else max(current, step.reaches)
        entry = {"kind": step.kind, "id": step.id, "name": step.name, "verdict": verdict.verdict,
                 "from_level": current, "to_level": reaches, "duration_months_min": step.mmin,
                 "duration_months_max": step.mmax, "funded": step.funded, "funding": step.funding,
                 "missing": list(verdict.missing)}
        if needed_for is not None:
            entry["needed_for"] = needed_for.id
            entry["why"] = f"needed first for {needed_for.name}"
        if step.basis:
            entry["basis"] = step.basis
        out_steps.append(entry)
        current = reaches
    mins = [s["duration_months_min"] for s in out_steps]
    maxes = [s["duration_months_max"] for s in out_steps]
    known = None not in mins and None not in maxes
    paid = [fee_rank(step.funded, step.fee) for step, *_ in sequence]
    cost_known = UNKNOWN_FEE not in paid
    return {
        "steps": out_steps,
        "reaches_level": current,
        # unknown is null: a pathway with a step of unknown length has no known minimum
        "duration_months_min": round(sum(mins), 1) if known else None,
        "duration_months_max": round(sum(maxes), 1) if known else None,
        "duration_known": known,
        "duration_months_at_least": round(sum(m for m in mins if m is not None), 1),
        "funded_steps": sum(1 for s in out_steps if s["funded"] is True),
        "cost_gbp": round(sum(paid), 2) if cost_known else None,
        "cost_known": cost_known,
        "verdict": max((s["verdict"] for s in out_steps), key=VERDICT_ORDER.get),
    }
