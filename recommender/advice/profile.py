"""A Person: what the recommender knows about one practitioner, and what it assumed.

Defaults come from the profession's data in the catalogue, never from Python:
- stage: the person's words ("trainee ...") or --stage, else the profession's usual stage;
- registrations: a qualified member of a profession is assumed to be on its usual
  register (health visitor: NMC); a student or trainee is assumed not yet registered;
- degree: the profession's usual degree when the person is at its usual stage, else unknown;
- experience: unknown unless given.
Every assumption is recorded in plain words so the answer can say what it assumed.
"""
import re

import course_dates
from recommender.catalogue.records import field, record
from recommender.catalogue.objects import DEGREE_WORDS, DEGREES, STAGES
from recommender.catalogue.errors import UserError

LEVELS = (0, 1, 2, 3)


@record(frozen=True)
class Person:
    profession_id: str
    stage: str
    registrations: frozenset | None   # None = unknown
    degree: str | None                # None = unknown
    experience_years: float | None    # None = unknown
    aimh_level: int
    target_level: int
    registrations_assumed: bool = False
    degree_assumed: bool = False
    # courses (ids, and "kind:<course kind>") done: earlier steps of a pathway
    completed: frozenset = frozenset()
    assumptions: tuple = field(default=(), compare=False)
    # ("course" | "route", id) a student or trainee is already on (never offered back to them)
    on_training: frozenset = field(default=frozenset(), compare=False)
    stage_basis: str = field(default="", compare=False)   # where the stage comes from, in words
    # False: the person did not give their AiMH level; aimh_level is then 0 (none yet) and assumptions say so
    level_given: bool = field(default=True, compare=False)

    @property
    def level_held(self):
        """The AiMH level the person said they hold; None where they did not say (answered as 0)."""
        return self.aimh_level if self.level_given else None


def parse_registrations(values, catalogue):
    """Register ids or names ("UKCP", "nmc", "Social Work England", "none") to a frozenset of ids."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    known = getattr(catalogue, "_registration_words", None)
    if known is None:
        known = {}
        for body_id, body in catalogue.registration_bodies.items():
            known[body_id.lower()] = body_id
            known[" ".join(body["name"].lower().split())] = body_id
        catalogue._registration_words = known
    out = set()
    for value in values:
        for part in str(value).replace(";", ",").replace("|", ",").split(","):
            word = " ".join(part.lower().split())
            if not word:
                continue
            if word == "none":
                continue
            if word not in known:
                raise UserError(f"unknown registration body {part.strip()!r}: use one of "
                                f"{', '.join(catalogue.registration_bodies)} (or none)")
            out.add(known[word])
    return frozenset(out)


def parse_degree(value):
    if value is None or value == "":
        return None
    word = str(value).strip().lower()
    word = {"2.1": "2:1", "upper second": "2:1", "masters": "postgraduate", "master's": "postgraduate",
            "bachelor": "degree", "bachelors": "degree", "undergraduate": "degree"}.get(word, word)
    if word not in DEGREES:
        raise UserError(f"unknown degree {value!r}: use one of {', '.join(DEGREES)}")
    return word


def parse_stage(value):
    if value is None or value == "":
        return None
    word = str(value).strip().lower()
    if word not in STAGES:
        raise UserError(f"unknown stage {value!r}: use one of {', '.join(STAGES)}")
    return word


_LEVEL_NOT_KNOWN = {"", "?", "unknown", "not known", "not given", "don't know", "dont know", "n/k", "nk"}


def level_not_known(value):
    """True for a level a planner's file leaves blank or says is not known ("?", "not known")."""
    return value is None or " ".join(str(value).lower().split()) in _LEVEL_NOT_KNOWN


def parse_level(value, what="level", allowed=LEVELS):
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.endswith(".0"):  # a spreadsheet's number format writes 1 as "1.0"
        text = text[:-2]
    try:
        level = int(text)
    except ValueError:
        level = None
    if level not in allowed:
        raise UserError(f"AiMH {what} must be one of {', '.join(map(str, allowed))}, not {value!r}")
    return level


def _number(value, read, not_a_number, usable, out_of_range):
    """An answer given as a number: None when not given; read(value) when `usable` says it is;
    else a UserError, `not_a_number` when it cannot be read and `out_of_range` when it is not usable."""
    if value is None or value == "":
        return None
    try:
        number = read(value)
    except (TypeError, ValueError):
        raise UserError(not_a_number) from None
    if not usable(number):
        raise UserError(out_of_range)
    return number


# Years of experience said in the profession's words: "social worker with 3 years experience", "HV (5+ years
# post-qualifying)". Read when --experience-years is not given, and said in the answer's notes.
_YEAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10}
# compiled on first use, through re's own cache (2 ms: not paid by a start-up whose words name no years)
_EXPERIENCE_PATTERN = (
    r"[,(]?\s*\b(?:with\s+)?(?:over\s+|more\s+than\s+|at\s+least\s+)?(\d{1,2}(?:\.\d)?|" + "|".join(_YEAR_WORDS) +
    r")\s*\+?\s*(?:years?|yrs?)['\u2019]?\s*(?:of\s+)?(?:experience|exp\b|post[- ]?qualifying|post[- ]?qualification|"
    r"qualified|in\s+post|in\s+practice)(?:\s+(?:with|working\s+with|of\s+working\s+with)\s+(?:children|families|babies|"
    r"infants)(?:\s+and\s+(?:their\s+)?(?:families|parents|children))?)?\s*\)?")


def experience_in_words(text):
    """(the words said, years, the text without them) for years of experience in a profession's words, else None."""
    text = str(text)
    if "y" not in text.lower():   # no "year" or "yr": no years said
        return None
    found = re.search(_EXPERIENCE_PATTERN, text, re.IGNORECASE)
    if not found:
        return None
    number = found.group(1).lower()
    years = float(_YEAR_WORDS.get(number, number) if number in _YEAR_WORDS else number)
    rest = " ".join((text[:found.start()] + " " + text[found.end():]).split())
    return found.group(0).strip(" ,()"), years, rest


def parse_experience(value):
    return _number(value, lambda v: float(str(v).strip()), f"experience must be a number of years, not {value!r}",
                   lambda years: 0 <= years <= 80, f"experience must be between 0 and 80 years, not {value!r}")


def parse_limit(value):
    """--limit: a whole number of courses, 1 or more (None: all)."""
    return _number(value, int, f"--limit must be a whole number of courses, not {value!r}",
                   lambda number: number >= 1, f"--limit must be 1 or more, not {value!r}")


def parse_max_months(value):
    """--max-months: more than 0 and at most 600 months (None: no limit)."""
    return _number(value, float, f"--max-months must be a number of months, not {value!r}",
                   lambda number: 0 < number <= 600,  # also refuses nan and inf, which float() reads
                   f"--max-months must be more than 0 and at most 600, not {value!r}")


def parse_today(value):
    """A --today / form value as an ISO date (None: the real date); a bad one is a UserError."""
    try:
        return course_dates.today_or_now(value)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def make_person(catalogue, match, *, stage=None, registrations=None, degree=None, experience_years=None,
                level=None, target=None):
    """A Person from a ProfessionMatch and the (already parsed) answers; defaults from the catalogue."""
    profession = catalogue.professions[match.id]
    assumptions = []
    if stage is not None:
        stage_basis = "given (--stage)"
    elif match.stage and (match.stage_words or profession.usual_stage != "none"):
        # a seniority word ("lead", "senior") gives a stage only to a role that has one
        stage = match.stage
        stage_basis = f"from your words ({', '.join(match.stage_words) or ', '.join(match.seniority)})"
    else:
        # the stage follows from the role: a health visitor is qualified, a volunteer has no
        # professional stage (the profession's usual_stage, recorded with its basis)
        stage = profession.usual_stage
        stage_basis = (f"from the role: a {profession.name.lower()} has no professional stage"
                       if stage == "none" else
                       f"from the role: {profession.name.lower()} names a {stage} role (say --stage student or "
                       "--stage trainee if you are still training)")
    registrations_assumed = False
    if registrations is None and getattr(match, "registrations", None):
        registrations = frozenset(match.registrations)  # named in their words: "(HCPC)", "NMC registered"
    if registrations is None:
        if stage == "qualified" and profession.usual_registration:
            registrations = frozenset([profession.usual_registration])
            registrations_assumed = True
            assumptions.append(f"registered with {profession.usual_registration} (usual for a qualified "
                               f"{profession.name.lower()}; say --registration to change)")
        elif stage == "qualified":
            registrations = frozenset()
            registrations_assumed = True
            assumptions.append(f"register not known (none recorded as usual for a {profession.name.lower()}; "
                               "say --registration if you are on one)")
        elif stage == "none":
            registrations = frozenset()
            registrations_assumed = True
            assumptions.append("not on a professional register (a volunteer or support role; say --registration "
                               "if you are on one)")
        else:
            registrations = frozenset()
            registrations_assumed = True
            assumptions.append(f"not yet on a professional register (as a {stage}; say --registration if you are)")
    degree_assumed = False
    if degree is None and stage == profession.usual_stage and profession.usual_degree:
        degree = profession.usual_degree
        degree_assumed = True
        assumptions.append(f"{DEGREE_WORDS[degree]} (usual for a {profession.name.lower()}; say --degree to change)")
    level_given = level is not None
    if level is None:  # DOMAIN.md: the person gives their current level (0 = none yet); not given is said
        level = 0
        assumptions.append("AiMH level 0, none yet (not given; say --level if you hold level 1, 2 or 3)")
    if target is None:
        target = min(level + 1, 3)
    elif target <= level and not target == level == 3:
        # level 3 is the top (seed-002 4.2): there, --target 3 is what the default already is
        if level < 3:
            what = f"give --target {level + 1}" + (" to 3" if level + 1 < 3 else "") + \
                " or leave it out for the next level"
        else:
            what = "level 3 is the top level, so leave --target out"
        raise UserError(f"the target AiMH level ({target}) must be above the current level ({level}): {what}")
    on_training = frozenset(catalogue_in_training(catalogue, match.id)) if stage in ("student", "trainee") else frozenset()
    return Person(match.id, stage, registrations, degree, experience_years, level, target,
                  registrations_assumed, degree_assumed, assumptions=tuple(assumptions), on_training=on_training,
                  stage_basis=stage_basis, level_given=level_given)


def catalogue_in_training(catalogue, profession_id):
    """("course" | "route", id) pairs a student or trainee of the profession is already on."""
    return getattr(catalogue, "in_training", {}).get(profession_id, ())
