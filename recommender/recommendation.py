"""One recommendation: profession words and answers in, the --json object out.

`recommend()` is the public entry point (re-exported as `recommender.recommend`): the
command line, the roster and the Datasette "find courses for me" page all call it, so
they always agree. It raises UserError (ProfessionNotMatched for unmatched words) for
bad input; the message is one line that says what to do.
"""
from datetime import date
from operator import attrgetter

from recommender import catalogue as catalogue_module
from recommender import pathways as pathways_module
from recommender.eligibility import ANSWERS, NOT_ELIGIBLE, VERDICT_ORDER, evaluate, level_requirement, reads
from recommender.errors import UserError
from recommender.professions import ProfessionMatcher
from recommender.profile import (make_person, parse_degree, parse_experience, parse_level, parse_registrations,
                                 parse_stage)


class Recommender:
    """Recommendations from one loaded catalogue (reuse it for many people)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.matcher = ProfessionMatcher(catalogue)
        self._verdicts = {}
        self._outcomes = {}
        self.outcome_verdicts = []  # outcome number -> its verdict
        self._outcome_of = {}
        self._getters = None
        self._groups = None
        self._profile_outcomes = {}
        self.item_shapes = None  # every course then every route -> its place in outcomes()
        self._pathways = {}
        # Rules are evaluated per shape (words, source, section and requirements, and for a
        # course the AiMH level it expects: many courses share one) and per the answers that
        # shape reads (derived from its requirements), so a verdict is computed once for all
        # the courses and people it applies to.
        # A shape is named by a small number (hashing the rule's words on every lookup is slow);
        # number 0 is "no rule, no level" (also steps outside the catalogue).
        self._shape, self._rule_of_shape, numbers = {}, {0: (None, None)}, {(None, None): 0}
        for kind, items, rules in (("course", catalogue.courses, catalogue.course_rules),
                                   ("route", catalogue.routes, catalogue.route_rules)):
            for item_id, item in items.items():
                rule = rules.get(item_id)
                expected = getattr(item, "aimh_level_expected", None) or None
                shape = numbers.setdefault((rule.shape if rule is not None else None, expected), len(numbers))
                self._shape[(kind, item_id)] = shape
                self._rule_of_shape.setdefault(shape, (rule, expected))
        self._reads = {}
        for shape, (rule, expected) in self._rule_of_shape.items():
            requirements = list(rule.requirements) if rule is not None else []
            if expected:
                requirements.append(level_requirement(expected))
            self._reads[shape] = reads(requirements)
        self._best_steps = None
        self._outside = tuple(pathways_module.outside_step(row) for row in getattr(catalogue, "pathway_steps", ()))
        self._experience = _experience_thresholds(catalogue)

    def person(self, profession, *, level=None, target=None, stage=None, registrations=None, degree=None,
               experience_years=None):
        """(ProfessionMatch, Person) from raw answers (strings or values); UserError when one is wrong."""
        level = parse_level(level)
        target = parse_level(target, "target level", (1, 2, 3))
        stage = parse_stage(stage)
        degree = parse_degree(degree)
        experience_years = parse_experience(experience_years)
        registrations = parse_registrations(registrations, self.catalogue) if registrations not in (None, [], "") else None
        match = self.matcher.match(profession)
        return match, make_person(self.catalogue, match, stage=stage, registrations=registrations, degree=degree,
                                  experience_years=experience_years, level=level, target=target)

    def verdict(self, kind, item_id, person):
        """The Verdict for one course or route; the same object for people whose relevant answers agree."""
        return self._shape_verdict(self._shape.get((kind, item_id)), person)

    def _shape_verdict(self, shape, person):
        key = (shape, *[getattr(person, name) for name in self._reads.get(shape, ())])
        verdict = self._verdicts.get(key)
        if verdict is None:
            rule, expected = self._rule_of_shape.get(shape or 0)
            verdict = self._verdicts[key] = evaluate(rule, person, self.catalogue, expected)
        return verdict

    def answers_key(self, person):
        """What people must share to be told the same best options: their levels, the outcome of
        every rule (outcomes(): keyed on the answers each rule reads, derived from its
        requirements) and, where a pathway would add experience steps, their years (the steps'
        length). Rules read the same answers on the way along a pathway, so equal keys give
        equal pathways."""
        years = person.experience_years
        short = years if years is not None and self._experience and years < self._experience[-1] else None
        return (person.aimh_level, person.target_level, self.outcomes(person), short)


    def pathways(self, person, steps, limit=pathways_module.PATHWAY_LIMIT):
        """The best pathways for the person over the given steps (see pathways.search)."""
        # Rules read experience only against thresholds: search once per threshold band (the
        # greatest threshold the person has reached), then give experience steps the person's
        # own length.
        # People told the same by every rule (outcomes) walk the same pathways: each step's
        # verdict along the way follows from the same requirement states.
        canonical = _with_experience(person, self._experience)
        key = (steps, person.aimh_level, person.target_level, person.completed, canonical.experience_years,
               self.outcomes(person), limit)
        found = self._pathways.get(key)
        if found is None:
            if len(self._pathways) > 20_000:
                self._pathways.clear()
            steps = steps + self._outside + pathways_module.experience_steps(canonical, self._experience)
            found = self._pathways[key] = pathways_module.search(canonical, steps, self._shape_verdict,
                                                                 self._reads.get, limit)
        return pathways_module.with_experience(found, person.experience_years)

    def outcomes(self, person):
        """For every rule shape (see item_shapes), a small number naming the (verdict, missing) pair
        the person gets: equal tuples for people who are told the same things (rosters)."""
        if self._getters is None:
            shapes, self.item_shapes = {}, []
            for kind, ids in (("course", self.catalogue.courses), ("route", self.catalogue.routes)):
                for item_id in ids:
                    self.item_shapes.append(shapes.setdefault(self._shape.get((kind, item_id)), len(shapes)))
            self._getters = [(shape, attrgetter(*names) if names else None)
                             for shape in shapes for names in [self._reads.get(shape, ())]]
        profile = _answers(person)  # people with the same answers are told the same things
        known = self._profile_outcomes.get(profile)
        if known is not None:
            return known
        out = []
        cache = self._outcome_of
        for shape, getter in self._getters:
            key = (shape, getter(person)) if getter else (shape,)
            number = cache.get(key)
            if number is None:
                verdict = self._shape_verdict(shape, person)
                told = (verdict.verdict, verdict.missing)
                number = self._outcomes.get(told)
                if number is None:
                    number = self._outcomes[told] = len(self._outcomes)
                    self.outcome_verdicts.append(verdict.verdict)
                cache[key] = number
            out.append(number)
        out = self._profile_outcomes[profile] = tuple(out)
        return out

    def _course_groups(self):
        """Courses grouped by (rule shape, expected level, target level): within a group every
        person gets the same verdict and level fit, so the order is fixed once. Each group holds
        (shape, expected, target, courses by their ranking, the first BEAM by pathway step order
        as pathway steps)."""
        if self._groups is None:
            groups = {}
            for course in self.catalogue.courses.values():
                shape = self._shape.get(("course", course.id))
                groups.setdefault((shape, course.aimh_level_expected, course.aimh_level_target), []).append(course)
            self._groups = []
            for (shape, expected, target), courses in groups.items():
                ranked = sorted(((_course_static_key(c), c) for c in courses), key=lambda entry: entry[0])
                steps = () if target is None else tuple(
                    pathways_module.course_step(c, shape) for c in sorted(
                        courses, key=lambda c: (pathways_module.funded_rank(c.funded),
                                                pathways_module.months(c.duration_months_max),
                                                pathways_module.mode_rank(c.mode), c.id))[:pathways_module.BEAM])
                self._groups.append((shape, expected, target, ranked, steps))
        return self._groups

    def best(self, person, limit=3):
        """The roster's view, without building the whole answer: the `limit` best open courses,
        the open routes and the best pathway, ranked exactly as result() ranks them.

        Only the first `limit` courses of each group can be among the best, and only the first
        BEAM of each group are tried as pathway steps, so the work per person grows with the
        number of groups, not of courses."""
        level, target = person.aimh_level, person.target_level
        courses = []
        steps = []
        for shape, expected, reaches, ranked, group_steps in self._course_groups():
            if self._best_steps is None:
                steps.extend(group_steps)
            verdict = self._shape_verdict(shape, person)
            if verdict.verdict == NOT_ELIGIBLE:
                continue
            rank, _ = pathways_module.level_fit(expected, reaches, level, target)
            head = (False, rank, VERDICT_ORDER[verdict.verdict])
            courses.extend((head + key, c, verdict) for key, c in ranked[:limit])
        courses.sort(key=lambda entry: entry[0])
        routes = []
        for route in self.catalogue.routes.values():
            verdict = self.verdict("route", route.id, person)
            if route.aimh_level_target is not None and self._best_steps is None:
                steps.append(pathways_module.route_step(route, self._shape[("route", route.id)]))
            if verdict.verdict == NOT_ELIGIBLE:
                continue
            rank, _ = pathways_module.level_fit(None, route.aimh_level_target, level, target)
            routes.append(((False, rank, VERDICT_ORDER[verdict.verdict], pathways_module.funded_rank(route.funded),
                            route.duration_months_max is None, pathways_module.months(route.duration_months_max),
                            route.name.lower(), route.id), route, verdict))
        routes.sort(key=lambda entry: entry[0])
        if self._best_steps is None:
            self._best_steps = tuple(steps)
        found = self.pathways(person, self._best_steps, limit=1)
        return {
            "courses": [(c, v) for _, c, v in courses[:limit]],
            "routes": [(r, v) for _, r, v in routes],
            "pathway": found[0] if found else None,
        }

    def recommend(self, profession, *, level=None, target=None, stage=None, registrations=None, degree=None,
                  experience_years=None, funded_only=False, max_months=None, online=False):
        match, person = self.person(profession, level=level, target=target, stage=stage, registrations=registrations,
                                    degree=degree, experience_years=experience_years)
        return self.result(match, person, funded_only=funded_only, max_months=_max_months(max_months), online=online)

    def result(self, match, person, *, funded_only=False, max_months=None, online=False):
        cat = self.catalogue
        today = date.today().isoformat()
        courses = []
        for course in cat.courses.values():
            if funded_only and course.funded is not True:
                continue
            if max_months is not None and course.duration_months_min is not None and course.duration_months_min > max_months:
                continue
            if online and pathways_module.mode_rank(course.mode) != 0:
                continue
            verdict = self.verdict("course", course.id, person)
            rank, fit = pathways_module.level_fit(course.aimh_level_expected, course.aimh_level_target,
                                                  person.aimh_level, person.target_level)
            item = {
                "id": course.id, "title": course.title, "provider": course.provider, "url": course.url,
                **verdict.as_json(),
                "aimh_level_expected": course.aimh_level_expected, "aimh_level_target": course.aimh_level_target,
                "level_fit": fit,
                "duration_months_min": course.duration_months_min, "duration_months_max": course.duration_months_max,
                "duration": course.duration_text, "funded": course.funded, "funding": course.funding,
                "fee_gbp": course.fee_gbp, "mode": course.mode, "kind": course.kind,
                "last_checked": course.last_checked, "next_start": course.next_start(today),
                "page_status": course.page_status, "fact_sources": course.fact_sources, "_level_rank": rank,
            }
            courses.append(item)
        courses.sort(key=pathways_module.course_sort_key)
        routes = []
        for route in cat.routes.values():
            verdict = self.verdict("route", route.id, person)
            rank, fit = pathways_module.level_fit(None, route.aimh_level_target, person.aimh_level, person.target_level)
            routes.append({
                "id": route.id, "name": route.name, **verdict.as_json(), "who_for": route.who_for,
                "leads_to": route.leads_to, "aimh_level_target": route.aimh_level_target, "level_fit": fit,
                "duration": route.duration, "duration_months_min": route.duration_months_min,
                "duration_months_max": route.duration_months_max, "funded": route.funded, "funding": route.funding,
                "_level_rank": rank,
            })
        routes.sort(key=pathways_module.route_sort_key)
        steps = tuple(pathways_module.course_step(cat.courses[c["id"]], self._shape[("course", c["id"])])
                      for c in courses if c["aimh_level_target"] is not None)
        steps += tuple(pathways_module.route_step(cat.routes[r["id"]], self._shape[("route", r["id"])])
                       for r in routes if r["aimh_level_target"] is not None and _passes(r, funded_only, max_months))
        found = self.pathways(person, steps)
        for position, item in enumerate(courses, start=1):
            item["rank"] = position
            item["ranking"] = pathways_module.ranking_words(item)
            del item["_level_rank"]
        for position, item in enumerate(routes, start=1):
            item["rank"] = position
            item["ranking"] = pathways_module.ranking_words(item)
            del item["_level_rank"]
        return {
            "profession": match.as_json(),
            "stage": person.stage,
            "aimh_level": person.aimh_level,
            "target_level": person.target_level,
            "registrations": sorted(person.registrations) if person.registrations is not None else None,
            "degree": person.degree,
            "experience_years": person.experience_years,
            "assumptions": list(person.assumptions),
            "filters": {"funded_only": bool(funded_only), "max_months": max_months, "online": bool(online)},
            "courses": courses,
            "routes": routes,
            "pathways": found,
            "ranking": {"courses": pathways_module.RANKING, "pathways": pathways_module.PATHWAY_RANKING},
            "summary": {
                "courses": _count(courses), "routes": _count(routes),
            },
        }


def _course_static_key(course):
    """The part of a course's ranking that is the same for everyone (after verdict and level fit)."""
    return (pathways_module.funded_rank(course.funded), pathways_module.fee_rank(course.funded, course.fee_gbp),
            pathways_module.months(course.duration_months_max), pathways_module.mode_rank(course.mode),
            course.title.lower(), course.id)


# The answers two people must share to be told the same things: every answer a requirement
# check can read (eligibility.ANSWERS, declared beside the checks), never a hand-kept list.
_answers = attrgetter(*ANSWERS)


def _with_experience(person, thresholds):
    """The person with their years of experience lowered to the greatest threshold they reach
    (0 below all): every rule reads experience only against a threshold."""
    years = person.experience_years
    if years is None or not thresholds or years >= thresholds[-1]:
        return person
    band = max((t for t in thresholds if t <= years), default=0.0)
    return person if band == years else pathways_module._with(person, {"experience_years": band})


def _experience_thresholds(catalogue):
    """Every number of years' experience some rule asks for (pathways add steps to reach them)."""
    out = set()
    stack = [req for rules in (catalogue.course_rules, catalogue.route_rules) for rule in rules.values()
             for req in rule.requirements]
    while stack:
        requirement = stack.pop()
        if requirement.kind == "experience_years":
            out.add(float(requirement.parameters["at_least"]))
        stack.extend(requirement.options)
    return tuple(sorted(out))


def _passes(route, funded_only, max_months):
    if funded_only and route["funded"] is not True:
        return False
    if max_months is not None and route["duration_months_min"] is not None and route["duration_months_min"] > max_months:
        return False
    return True


def _count(items):
    out = {"eligible": 0, "eligible_if": 0, NOT_ELIGIBLE: 0}
    for item in items:
        out[item["verdict"]] += 1
    return out


def _max_months(value):
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(f"--max-months must be a number of months, not {value!r}") from None
    if number <= 0:
        raise UserError(f"--max-months must be more than 0, not {value!r}")
    return number


_RECOMMENDERS = {}


def recommender_for(db_path_or_conn=None):
    """A Recommender for a catalogue path (reused while the file is unchanged) or an open connection."""
    cat = catalogue_module.load(db_path_or_conn)
    key = id(cat)
    if key not in _RECOMMENDERS or _RECOMMENDERS[key].catalogue is not cat:
        if len(_RECOMMENDERS) > 8:
            _RECOMMENDERS.clear()
        _RECOMMENDERS[key] = Recommender(cat)
    return _RECOMMENDERS[key]


def recommend(db_path_or_conn, profession_text, *, level=None, target=None, stage=None, registrations=None,
              degree=None, experience_years=None, funded_only=False, max_months=None, online=False):
    """The --json object for one practitioner.

    db_path_or_conn: path to catalogue.db, or an open sqlite3 connection (None: the default
    catalogue). profession_text: their own words ("HV", "trainee clin psych"). level: current
    AiMH level 0-3 (default 0); target: 1-3 (default the next level); stage: student, trainee
    or qualified (default from the words, else the profession's usual stage); registrations:
    body ids or names, a list or a comma-separated string ("none" for none; default the
    profession's usual register when qualified); degree: none, degree, 2:1 or postgraduate;
    experience_years: years working with children and families. Strings are accepted for
    every answer (form fields). Raises UserError, or ProfessionNotMatched (.suggestions).
    """
    return recommender_for(db_path_or_conn).recommend(
        profession_text, level=level, target=target, stage=stage, registrations=registrations, degree=degree,
        experience_years=experience_years, funded_only=funded_only, max_months=max_months, online=online)
