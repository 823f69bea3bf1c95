"""Ranking and filtering for one recommendation: courses grouped by rule and levels, each group in
course_order's order (sorted only as far as an answer lists), which steps pathways try first,
and which courses and routes pass the answer's filters (--funded-only, --max-months, --online).

The ranking keys that are the same for everyone are course_order's (shared with the build);
recommendation.py puts a person's verdict and level fit in front of them.
"""
import heapq
from datetime import date

import course_order
from recommender.advice import pathways as pathways_module
from recommender.advice.eligibility import NOT_ELIGIBLE


def first(entry):
    return entry[0]


def is_on(person, kind, item_id, course_kind=None):
    """Whether a student or trainee is already on this course (by id or kind) or route."""
    return bool(person.on_training) and ((kind, item_id) in person.on_training
                                         or (course_kind is not None and ("course_kind", course_kind) in person.on_training))


def not_on(steps, person):
    """The steps without the courses and routes a student or trainee is already on."""
    if not person.on_training:
        return steps
    return tuple(step for step in steps if not is_on(person, step.kind, step.id, next(
        (g[5:] for g in step.gives if g.startswith("kind:")), None)))


class Ranked:
    """A group's (ranking key, course) entries in ranking order, sorted only as far as asked:
    `ranked[:n]` for a small n takes the n best (heapq.nsmallest, the same as sorting and
    slicing) without sorting the whole group; anything else sorts it once."""

    __slots__ = ("entries", "_sorted", "_best")

    def __init__(self, entries):
        self.entries = entries
        self._sorted = None
        self._best = {}

    def __len__(self):
        return len(self.entries)

    def __iter__(self):
        return iter(self._all())

    def __getitem__(self, index):
        if (self._sorted is None and isinstance(index, slice) and not index.start and index.step in (None, 1)
                and index.stop is not None and 0 <= index.stop * 8 < len(self.entries)):
            best = self._best.get(index.stop)
            if best is None:
                best = self._best[index.stop] = heapq.nsmallest(index.stop, self.entries, key=first)
            return best
        return self._all()[index]

    def _all(self):
        if self._sorted is None:
            self._sorted = sorted(self.entries, key=first)
        return self._sorted


class FirstOfGroup:
    """The first entries of a group in ranking order (what course_order gave) and the group's
    size: `len()` is the whole group's; `[:n]` is valid for n up to the number read."""

    __slots__ = ("entries", "size")

    def __init__(self, entries, size):
        self.entries = entries
        self.size = size

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        if not (isinstance(index, slice) and not index.start and index.step in (None, 1)
                and index.stop is not None and (index.stop <= len(self.entries) or len(self.entries) == self.size)):
            raise IndexError("only the first courses of this group were read")
        return self.entries[index]


def step_order(course):
    """The order in which a group's courses are tried as pathway steps (after verdict and level)."""
    funded, _, months, mode = course_facts_rank(course)
    return (funded, months, mode, course.id)


_FACTS_RANK_CACHE = {}  # (funding, fee, longest duration, mode) -> course_order.facts_rank of them


def course_facts_rank(course):
    """course_order.facts_rank of a course: (funded rank, fee rank, months, mode rank), computed
    once per distinct combination (a national catalogue repeats a few hundred)."""
    facts = (course.funding, course.fee_gbp, course.duration_months_max, course.mode)
    rank = _FACTS_RANK_CACHE.get(facts)
    if rank is None:
        rank = _FACTS_RANK_CACHE[facts] = course_order.facts_rank(*facts)
    return rank


def course_passes(course, funded_only, max_months, online):
    """funded_only: False, or the ISO date the course must be funded on (funding that has ended does not count)."""
    if funded_only and course.funded_on(funded_only if isinstance(funded_only, str) else date.today().isoformat()) \
            is not True:
        return False
    if max_months is not None and course.duration_months_min is not None and course.duration_months_min > max_months:
        return False
    return not online or pathways_module.mode_rank(course.mode) == 0


def course_static_key(course):
    """The part of a course's ranking that is the same for everyone (after verdict and level fit):
    funded rank, fee rank, months, mode rank, then title and id."""
    return course_facts_rank(course) + (course.title.lower(), course.id)


def route_passes(route, funded_only, max_months):
    if funded_only and route["funded"] is not True:
        return False
    if max_months is not None and route["duration_months_min"] is not None and route["duration_months_min"] > max_months:
        return False
    return True


def count_verdicts(items):
    out = {"eligible": 0, "eligible_if": 0, NOT_ELIGIBLE: 0}
    for item in items:
        out[item["verdict"]] += 1
    return out
