"""One recommendation: profession words and answers in, the --json object out.

`recommend()` is the public entry point (re-exported as `recommender.recommend`): the
command line, the roster and the Datasette "find courses for me" page all call it, so
they always agree. It raises UserError (ProfessionNotMatched for unmatched words) for
bad input; the message is one line that says what to do.
"""
import heapq
from datetime import date
from operator import attrgetter

import course_dates
from recommender.advice import answer, ranking
from recommender.advice import pathways as pathways_module
from recommender.catalogue import reader as catalogue_module
from recommender.advice.eligibility import ANSWERS, NOT_ELIGIBLE, VERDICT_ORDER, evaluate, level_requirement, reads
from recommender.advice.professions import ProfessionMatcher
from recommender.advice.profile import (experience_in_words, make_person, parse_degree, parse_experience, parse_level,
                                        parse_limit, parse_max_months, parse_registrations, parse_stage, parse_today)
from recommender.catalogue.records import replace


class Recommender:
    """Recommendations from one loaded catalogue (reuse it for many people)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.matcher = ProfessionMatcher(catalogue)
        # Caches, each filled on first need and kept for the life of the Recommender:
        self._verdict_cache = {}         # (shape, the answers it reads...) -> Verdict
        self._told_numbers = {}          # (verdict, missing) -> its number in outcomes()
        self.outcome_verdicts = []       # outcome number -> its verdict
        self._outcome_cache = {}         # (shape, the answers it reads) -> outcome number
        self._answer_readers = None      # per shape: a getter of the answers it reads (None: reads none)
        self._outcomes_by_answers = {}   # every answer (eligibility.ANSWERS) -> outcomes() tuple
        self._item_shapes = None         # every course then every route -> its shape (its place in outcomes())
        self._groups = None              # _course_groups()
        self._groups_by_filters = {}     # _filtered_groups() per filters
        self._first_of_groups = {}       # _first_of_each_group() per number listed
        self._pathway_cache = {}         # pathways() per steps and what decides them
        self._best_steps = None          # the steps best() searches
        # Rules are evaluated per shape (words, source, section and requirements, and for a
        # course the AiMH level it expects: many courses share one) and per the answers that
        # shape reads (derived from its requirements), so a verdict is computed once for all
        # the courses and people it applies to.
        # A shape is named by a small number (hashing the rule's words on every lookup is slow);
        # number 0 is "no rule, no level" (also steps outside the catalogue).
        self._shape_numbers = {}         # (rule.shape, expected) -> shape number
        self._number_of_rule = {}        # (id of the rule object, expected) -> shape number
        self._rule_of_shape, self._reads = {}, {}
        self._shape_of_item = {}         # (kind, id) -> shape number; courses added on first need (_shape)
        self._number_shape(None, None)
        for route_id in catalogue.routes:
            self._shape_of_item[("route", route_id)] = self._number_shape(catalogue.route_rules.get(route_id), None)
        self._courses_numbered = False
        self._every_shape_numbered = False  # every course's shape has a number (by _shape or the first of each group)
        self._outside = tuple(pathways_module.outside_step(row) for row in getattr(catalogue, "pathway_steps", ()))
        self._experience = _experience_thresholds(catalogue)

    def _number_shape(self, rule, expected):
        """The shape number of a rule with the AiMH level a course expects (numbered on first sight)."""
        expected = expected or None
        number = self._number_of_rule.get((id(rule), expected))
        if number is None:
            shape = (rule.shape if rule is not None else None, expected)
            number = self._shape_numbers.get(shape)
            if number is None:
                number = self._shape_numbers[shape] = len(self._shape_numbers)
                self._rule_of_shape[number] = (rule, expected)
                requirements = list(rule.requirements) if rule is not None else []
                if expected:
                    requirements.append(level_requirement(expected))
                self._reads[number] = reads(requirements)
            self._number_of_rule[(id(rule), expected)] = number
        return number

    @property
    def _shape(self):
        """(kind, id) -> shape number, for every course and route (reads every course on first use)."""
        if not self._courses_numbered:
            rules = self.catalogue.course_rules
            for course_id, course in self.catalogue.courses.items():
                self._shape_of_item[("course", course_id)] = self._number_shape(rules.get(course_id),
                                                                                course.aimh_level_expected)
            self._courses_numbered = self._every_shape_numbered = True
        return self._shape_of_item

    def _number_every_shape(self):
        """Give every course's rule shape a number, reading as little as the catalogue allows."""
        if self.catalogue.has_course_order and not self.catalogue.courses_read:
            self._first_of_each_group(1)
        else:
            self._shape  # noqa: B018 (numbers every course)

    def person(self, profession, *, level=None, target=None, stage=None, registrations=None, degree=None,
               experience_years=None):
        """(ProfessionMatch, Person) from raw answers (strings or values); UserError when one is wrong."""
        level = parse_level(level)
        target = parse_level(target, "target level", (1, 2, 3))
        stage = parse_stage(stage)
        degree = parse_degree(degree)
        experience_years = parse_experience(experience_years)
        registrations = parse_registrations(registrations, self.catalogue) if registrations not in (None, [], "") else None
        said = experience_in_words(profession) if experience_years is None and profession else None
        match = self.matcher.match(said[2] if said and said[2] else profession)
        if said and said[2]:   # the years are the person's answer; the rest of the words name the profession
            experience_years = said[1]
            match = replace(match, input=" ".join(str(profession).split()), experience_said=(said[0],))
        answer.check_qualification_words(match, level)
        return match, make_person(self.catalogue, match, stage=stage, registrations=registrations, degree=degree,
                                  experience_years=experience_years, level=level, target=target)

    def knows(self, kind, item_id):
        """Whether the catalogue holds this course or route."""
        return (kind, item_id) in self._shape

    def verdict(self, kind, item_id, person):
        """The Verdict for one course or route; the same object for people whose relevant answers agree."""
        shape = self._shape_of_item.get((kind, item_id))  # routes are numbered from the start
        return self._shape_verdict(shape if shape is not None else self._shape.get((kind, item_id)), person)

    def _shape_verdict(self, shape, person):
        key = (shape, *[getattr(person, name) for name in self._reads.get(shape, ())])
        verdict = self._verdict_cache.get(key)
        if verdict is None:
            rule, expected = self._rule_of_shape.get(shape or 0)
            verdict = self._verdict_cache[key] = evaluate(rule, person, self.catalogue, expected)
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
        found = self._pathway_cache.get(key)
        if found is None:
            if len(self._pathway_cache) > 20_000:
                self._pathway_cache.clear()
            steps = steps + self._outside + pathways_module.experience_steps(canonical, self._experience)
            found = self._pathway_cache[key] = pathways_module.search(canonical, steps, self._shape_verdict,
                                                                 self._reads.get, limit)
        return pathways_module.with_experience(found, person.experience_years)

    @property
    def item_shapes(self):
        """Every course then every route -> its shape number, which is its place in outcomes()."""
        if self._item_shapes is None:
            shape_of = self._shape
            self._item_shapes = [shape_of[(kind, item_id)] for kind, ids in
                                 (("course", self.catalogue.courses), ("route", self.catalogue.routes)) for item_id in ids]
        return self._item_shapes

    def outcomes(self, person):
        """For every rule shape numbered so far (its number is its place), a small number naming
        the (verdict, missing) pair the person gets: equal tuples for people who are told the same
        things (rosters). Every course's shape is numbered once the courses or the first of each
        group are read; a shape numbered later makes the tuples longer (a cache miss, never a
        wrong answer)."""
        if not self._every_shape_numbered:
            self._number_every_shape()
        if self._answer_readers is None or len(self._answer_readers) != len(self._reads):
            self._answer_readers = [attrgetter(*names) if names else None
                                    for names in (self._reads[shape] for shape in range(len(self._reads)))]
            self._outcomes_by_answers.clear()
        answers = _answers(person)  # people with the same answers are told the same things
        known = self._outcomes_by_answers.get(answers)
        if known is not None:
            return known
        out = []
        cache = self._outcome_cache
        for shape, reader in enumerate(self._answer_readers):
            key = (shape, reader(person)) if reader else (shape,)
            number = cache.get(key)
            if number is None:
                verdict = self._shape_verdict(shape, person)
                told = (verdict.verdict, verdict.missing)
                number = self._told_numbers.get(told)
                if number is None:
                    number = self._told_numbers[told] = len(self._told_numbers)
                    self.outcome_verdicts.append(verdict.verdict)
                cache[key] = number
            out.append(number)
        out = self._outcomes_by_answers[answers] = tuple(out)
        return out

    def _course_groups(self):
        """Courses grouped by (rule shape, expected level, target level): within a group every
        person gets the same verdict and level fit, so the order is fixed once. Each group holds
        (shape, expected, target, courses by their ranking, the first BEAM by pathway step order
        as pathway steps)."""
        if self._groups is None:
            groups, step_keys = {}, {}
            shape_of = self._shape
            for course in self.catalogue.courses.values():
                key = (shape_of.get(("course", course.id)), course.aimh_level_expected, course.aimh_level_target)
                rank = ranking.course_facts_rank(course)
                entry = (rank + (course.title.lower(), course.id), course)  # ranking.course_static_key, inlined
                step = ((rank[0], rank[2], rank[3], course.id), course)   # ranking.step_order, inlined
                group = groups.get(key)
                if group is None:
                    groups[key], step_keys[key] = [entry], [step]
                else:
                    group.append(entry)
                    step_keys[key].append(step)
            self._groups = []
            for (shape, expected, target), entries in groups.items():
                steps = () if target is None else tuple(pathways_module.course_step(c, shape) for _, c in heapq.nsmallest(
                    pathways_module.BEAM, step_keys[(shape, expected, target)], key=ranking.first))
                self._groups.append((shape, expected, target, ranking.Ranked(entries), steps))
        return self._groups

    def _first_of_each_group(self, listed):
        """_course_groups() read from the build's course_order table (Catalogue.course_groups): in
        each group only the first `listed` courses by ranking and the first BEAM by step order,
        with the group's whole size. The same answer as _course_groups() for the first `listed`
        of each group, without reading a national catalogue's every course."""
        groups = self._first_of_groups.get(listed)
        if groups is None:
            merged = {}  # groups of the build are by rule id: content-equal rules share a shape here
            for rule, expected, target, size, listing, steps in self.catalogue.course_groups(listed,
                                                                                            pathways_module.BEAM):
                shape = self._number_shape(rule, expected)
                group = merged.setdefault((shape, expected, target), [0, [], []])
                group[0] += size
                group[1].extend(listing)
                group[2].extend(steps)
            groups = []
            for (shape, expected, target), (size, listing, steps) in merged.items():
                entries = sorted(((ranking.course_static_key(c), c) for c in listing), key=ranking.first)
                group_steps = () if target is None else tuple(pathways_module.course_step(c, shape) for c in
                                                              heapq.nsmallest(pathways_module.BEAM, steps,
                                                                              key=ranking.step_order))
                groups.append((shape, expected, target, ranking.FirstOfGroup(entries, size), group_steps))
            self._every_shape_numbered = True
            groups = self._first_of_groups[listed] = groups
        return groups

    def _groups_for(self, funded_only, max_months, online, limit):
        """The course groups an answer ranks: the first of each group from course_order when only
        the best `limit` are listed, no filter applies and the courses are not in memory yet;
        else every course (_filtered_groups)."""
        if (limit is not None and not funded_only and max_months is None and not online
                and self.catalogue.has_course_order and not self.catalogue.courses_read):
            return self._first_of_each_group(limit)
        return self._filtered_groups(funded_only, max_months, online)

    def _filtered_groups(self, funded_only, max_months, online):
        """_course_groups() with only the courses that pass the filters (cached per filters)."""
        if not funded_only and max_months is None and not online:
            return self._course_groups()
        key = (funded_only or False, max_months, bool(online))  # funded_only: the day funding is asked for
        groups = self._groups_by_filters.get(key)
        if groups is None:
            groups = []
            for shape, expected, target, ranked, _ in self._course_groups():
                kept = [(k, c) for k, c in ranked.entries if ranking.course_passes(c, funded_only, max_months, online)]
                steps = () if target is None else tuple(pathways_module.course_step(c, shape) for c in heapq.nsmallest(
                    pathways_module.BEAM, (c for _, c in kept), key=ranking.step_order))
                groups.append((shape, expected, target, ranking.Ranked(kept), steps))
            if len(self._groups_by_filters) > 64:
                self._groups_by_filters.clear()
            groups = self._groups_by_filters[key] = groups
        return groups

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
            head = (bool(verdict.to_complete_first), rank, VERDICT_ORDER[verdict.verdict])
            courses.extend(((False, ranking.is_on(person, "course", c.id, c.kind)) + head + key, c, verdict)
                           for key, c in (ranked if person.on_training else ranked[:limit]))
        courses.sort(key=lambda entry: entry[0])
        routes = []
        for route in self.catalogue.routes.values():
            verdict = self.verdict("route", route.id, person)
            if route.aimh_level_target is not None and self._best_steps is None:
                steps.append(pathways_module.route_step(route, self._shape_of_item[("route", route.id)]))
            if verdict.verdict == NOT_ELIGIBLE:
                continue
            rank, _ = pathways_module.level_fit(None, route.aimh_level_target, level, target)
            routes.append(((False, ("route", route.id) in person.on_training, bool(verdict.to_complete_first), rank,
                            VERDICT_ORDER[verdict.verdict], pathways_module.funded_rank(route.funded),
                            route.duration_months_max is None, pathways_module.months(route.duration_months_max),
                            route.name.lower(), route.id), route, verdict))
        routes.sort(key=lambda entry: entry[0])
        if self._best_steps is None:
            self._best_steps = tuple(steps)
        found = self.pathways(person, ranking.not_on(self._best_steps, person), limit=1)
        return {
            "courses": [(c, v) for _, c, v in courses[:limit]],
            "routes": [(r, v) for _, r, v in routes],
            "pathway": found[0] if found else None,
        }

    def recommend(self, profession, *, level=None, target=None, stage=None, registrations=None, degree=None,
                  experience_years=None, funded_only=False, max_months=None, online=False, limit=None, today=None):
        match, person = self.person(profession, level=level, target=target, stage=stage, registrations=registrations,
                                    degree=degree, experience_years=experience_years)
        return self.result(match, person, funded_only=funded_only, max_months=parse_max_months(max_months), online=online,
                           limit=parse_limit(limit), today=parse_today(today))

    def result(self, match, person, *, funded_only=False, max_months=None, online=False, limit=None, today=None):
        """The --json object; `limit`: only the best `limit` courses are listed (the counts in
        "summary" and the pathways are over every course); `today`: the ISO date the dated
        fields are given for (next_start, fee_current, funding_ended...; default the real date).

        Courses are ranked by group (see _course_groups: within a group everyone gets the same
        verdict and level fit, so the order inside it is fixed once): only the first `limit` of
        each group can be among the best, and only the first BEAM of each group in pathway-step
        order are tried as steps. The work per answer grows with the number of groups, not of
        courses: a 50,000-course catalogue has a few hundred."""
        cat = self.catalogue
        level, target = person.aimh_level, person.target_level
        counted = {"eligible": 0, "eligible_if": 0, NOT_ELIGIBLE: 0}
        candidates, course_steps = [], []
        today = today or date.today().isoformat()
        funded_only = today if funded_only else False  # funded on this day: funding that has ended does not count
        listed = None if person.on_training else limit  # a trainee's own training may fill a group's first places
        for shape, expected, reaches, ranked, group_steps in self._groups_for(funded_only, max_months, online, listed):
            course_steps.extend(group_steps)
            if not ranked:
                continue
            verdict = self._shape_verdict(shape, person)
            counted[verdict.verdict] += len(ranked)
            rank, fit = pathways_module.level_fit(expected, reaches, level, target)
            # a course with something to complete first ranks below every course without
            head = (bool(verdict.to_complete_first), rank, VERDICT_ORDER[verdict.verdict])
            candidates.extend(((verdict.verdict == NOT_ELIGIBLE, ranking.is_on(person, "course", c.id, c.kind)) + head + key,
                               c, verdict, rank, fit) for key, c in
                              (ranked if listed is None else ranked[:limit]))
        candidates.sort(key=ranking.first)
        if limit is not None:
            candidates = candidates[:limit]
        courses = [answer.course_item(c, verdict, rank, fit, today) for _, c, verdict, rank, fit in candidates]
        for item in courses:
            item["_on"] = ranking.is_on(person, "course", item["id"], item["kind"])
        courses.sort(key=pathways_module.course_sort_key)  # the same order: the ranking's own key decides
        routes = []
        for route in cat.routes.values():
            verdict = self.verdict("route", route.id, person)
            rank, fit = pathways_module.level_fit(None, route.aimh_level_target, person.aimh_level, person.target_level)
            routes.append({
                "id": route.id, "name": route.name, **verdict.as_json(), "who_for": route.who_for,
                "leads_to": route.leads_to, "aimh_level_target": route.aimh_level_target, "level_fit": fit,
                "duration": route.duration, "duration_months_min": route.duration_months_min,
                "duration_months_max": route.duration_months_max, "funded": route.funded_on(today),
                "funding": route.funding, "funding_ends": route.funding_ends,
                "funding_ended": course_dates.funding_ended(route.funding_ends, today),
                "_level_rank": rank, "_on": ("route", route.id) in person.on_training,
            })
        routes.sort(key=pathways_module.route_sort_key)
        steps = tuple(course_steps)
        steps += tuple(pathways_module.route_step(cat.routes[r["id"]], self._shape_of_item[("route", r["id"])])
                       for r in routes if r["aimh_level_target"] is not None and ranking.route_passes(r, funded_only, max_months))
        ends = {(step.kind, step.id): step.ends for step in steps if step.ends}
        found = answer.funded_until(self.pathways(person, ranking.not_on(steps, person)), ends, today)  # never the training they are on
        for pathway in found:  # copies (with_experience): hours of study where a step's length is in hours
            for step in pathway["steps"]:
                if step["kind"] == "course":
                    answer.with_study_hours(step, cat)
        found = answer.dated(found, {(step.kind, step.id): step for step in steps}, today)
        for position, item in enumerate(courses, start=1):
            answer.with_study_hours(item, cat)
            item["on_this_training"] = item.pop("_on")
            item["rank"] = position
            item["ranking"] = pathways_module.ranking_words(item)
            del item["_level_rank"]
        for position, item in enumerate(routes, start=1):
            item["on_this_training"] = item.pop("_on")
            item["rank"] = position
            item["ranking"] = pathways_module.ranking_words(item)
            del item["_level_rank"]
        return {
            "profession": match.as_json(),
            "stage": person.stage,
            "aimh_level": person.aimh_level,
            "target_level": person.target_level,
            "today": today,
            "registrations": sorted(person.registrations) if person.registrations is not None else None,
            "degree": person.degree,
            "experience_years": person.experience_years,
            "assumptions": list(person.assumptions),
            "filters": {"funded_only": bool(funded_only), "max_months": max_months, "online": bool(online),
                        "limit": limit},
            "courses": courses,
            "routes": routes,
            "pathways": found,
            "ranking": {"courses": pathways_module.RANKING, "pathways": pathways_module.PATHWAY_RANKING},
            "summary": {
                "courses": counted, "routes": ranking.count_verdicts(routes), "courses_listed": len(courses),
            },
            "stage_basis": person.stage_basis,
            "role_advice": answer.role_advice(cat, person),
            "notes": answer.reading_notes(match, person),
        }


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
    stack = [req for rule in catalogue.distinct_rules() for req in rule.requirements]
    while stack:
        requirement = stack.pop()
        if requirement.kind == "experience_years":
            out.add(float(requirement.parameters["at_least"]))
        stack.extend(requirement.options)
    return tuple(sorted(out))


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
              degree=None, experience_years=None, funded_only=False, max_months=None, online=False, limit=None,
              today=None):
    """The --json object for one practitioner.

    db_path_or_conn: path to catalogue.db, or an open sqlite3 connection (None: the default
    catalogue). profession_text: their own words ("HV", "trainee clin psych"). level: current
    AiMH level 0-3 (default 0); target: 1-3 (default the next level); stage: student, trainee
    or qualified (default from the words, else the profession's usual stage); registrations:
    body ids or names, a list or a comma-separated string ("none" for none; default the
    profession's usual register when qualified); degree: none, degree, 2:1 or postgraduate;
    experience_years: years working with children and families. Strings are accepted for
    every answer (form fields). limit: list only the best N courses (default all; the summary
    counts and the pathways still cover every course). today: the date answers are given for,
    YYYY-MM-DD (default the real date; course_dates). Raises UserError, or ProfessionNotMatched
    (.suggestions).
    """
    return recommender_for(db_path_or_conn).recommend(
        profession_text, level=level, target=target, stage=stage, registrations=registrations, degree=degree,
        experience_years=experience_years, funded_only=funded_only, max_months=max_months, online=online,
        limit=limit, today=today)
