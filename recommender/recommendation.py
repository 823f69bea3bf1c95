"""One recommendation: profession words and answers in, the --json object out.

`recommend()` is the public entry point (re-exported as `recommender.recommend`): the
command line, the roster and the Datasette "find courses for me" page all call it, so
they always agree. It raises UserError (ProfessionNotMatched for unmatched words) for
bad input; the message is one line that says what to do.
"""
from recommender import catalogue as catalogue_module
from recommender import pathways as pathways_module
from recommender.eligibility import NOT_ELIGIBLE, evaluate
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
        key = (kind, item_id, person)
        if key not in self._verdicts:
            rules = self.catalogue.course_rules if kind == "course" else self.catalogue.route_rules
            self._verdicts[key] = evaluate(rules.get(item_id), person, self.catalogue)
        return self._verdicts[key]

    def recommend(self, profession, *, level=None, target=None, stage=None, registrations=None, degree=None,
                  experience_years=None, funded_only=False, max_months=None, online=False):
        match, person = self.person(profession, level=level, target=target, stage=stage, registrations=registrations,
                                    degree=degree, experience_years=experience_years)
        return self.result(match, person, funded_only=funded_only, max_months=_max_months(max_months), online=online)

    def result(self, match, person, *, funded_only=False, max_months=None, online=False):
        cat = self.catalogue
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
                "fee_gbp": course.fee_gbp, "mode": course.mode, "kind": course.kind, "_level_rank": rank,
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
        step_routes = [r for r in routes if _passes(r, funded_only, max_months)]
        steps = pathways_module.candidate_steps(courses, step_routes)
        found = pathways_module.pathways(steps, person.aimh_level, person.target_level)
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
