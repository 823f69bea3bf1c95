"""Eligibility: a person against a course's or route's rule, as stored in the catalogue.

The rules are data (eligibility_rules, eligibility_requirements; written in
crawler/reference/eligibility.yaml). This module only knows what each requirement *kind*
means, and which of the person's answers each kind reads (READS, declared beside each
check, so the caches that key on answers are derived from the rules, never kept by hand).

Each requirement is met, unmet, or unsettled (the person's answers cannot decide it:
unknown is never no). The verdict:
- not_eligible: an unmet requirement whose if_unmet is not_eligible (reasons say why);
  only the person's own answers can make a requirement unmet, never a default we assumed;
- eligible_if: otherwise, when a requirement is unmet (if_unmet eligible_if) or
  unsettled; `missing` lists what is needed, or "confirm: ..." what to confirm;
- eligible: every requirement is met.
Level fit is part of the verdict: a course whose recorded judgement says it builds on an
AiMH level above the person's gets an `aimh_level` requirement (eligible_if, named in
`missing`). A course or route with no rule is eligible_if "no entry requirements recorded".
"""
from recommender.catalogue.records import record

from recommender.catalogue.objects import DEGREE_WORDS, DEGREES, Requirement

ELIGIBLE, ELIGIBLE_IF, NOT_ELIGIBLE = "eligible", "eligible_if", "not_eligible"
VERDICT_ORDER = {ELIGIBLE: 0, ELIGIBLE_IF: 1, NOT_ELIGIBLE: 2}
NO_RULE = "no entry requirements recorded: check with the provider"
MET, UNMET, UNSETTLED = "met", "unmet", "unsettled"


@record(frozen=True)
class Verdict:
    verdict: str
    reasons: tuple
    missing: tuple
    sources: tuple
    # the `missing` items that are unmet (not "confirm"): a pathway step may have none left
    unmet: tuple = ()
    # what the person only has to confirm (the "confirm: " items, without that word)
    to_confirm: tuple = ()
    # what they must complete first: ((("what", ...), ("duration", ...), ...), ...) in order
    to_complete_first: tuple = ()

    def as_json(self):
        return {"verdict": self.verdict, "reasons": list(self.reasons), "missing": list(self.missing),
                "sources": [dict(s) for s in self.sources], "to_confirm": list(self.to_confirm),
                "to_complete_first": [dict(item) for item in self.to_complete_first]}


def level_requirement(expected):
    """The requirement a course's recorded level judgement adds: the person holds that AiMH level."""
    return Requirement("aimh_level", {"at_least": expected},
                       f"needs AiMH level {expected} first: the course builds on it (a recorded level judgement)",
                       ELIGIBLE_IF)


def evaluate(rule, person, catalogue, level_expected=None):
    """The Verdict for one person and one rule (None: no rule recorded), with the course's
    expected AiMH level (None or 0: no level asked)."""
    requirements = list(rule.requirements) if rule is not None else []
    if level_expected:
        requirements.append(level_requirement(level_expected))
    ruled_out, missing, reasons, unmet, to_confirm, first = [], [], [], [], [], []
    if rule is None:
        reasons.append("no entry requirements are recorded for this in the catalogue")
        missing.append(NO_RULE)
        to_confirm.append(NO_RULE)
    for requirement in requirements:
        state, because = check(requirement, person, catalogue)
        if state == MET:
            reasons.append(because)
        elif state == UNMET:
            if requirement.if_unmet == NOT_ELIGIBLE:
                ruled_out.append(requirement.missing)
            else:
                first.extend(complete_first(requirement, person, catalogue))
            missing.append(requirement.missing)
            unmet.append(requirement.missing)
        else:
            said = requirement.missing + (f" ({because})" if because else "")
            missing.append(f"confirm: {said}")
            to_confirm.append(said)
    first = tuple(tuple(item.items()) for item in {item["what"]: item for item in first}.values())
    sources = ()
    if rule is not None:
        source = catalogue.sources.get(rule.source_id)
        sources = ({"id": rule.source_id, "kind": source.kind if source else None,
                    "title": source.title if source else None, "section": rule.section, "words": rule.words},)
    if ruled_out:
        return Verdict(NOT_ELIGIBLE, tuple(f"not eligible: {text}" for text in ruled_out) + tuple(reasons),
                       tuple(missing), _freeze(sources), tuple(unmet), tuple(to_confirm), first)
    if missing:
        return Verdict(ELIGIBLE_IF, tuple(reasons), tuple(missing), _freeze(sources), tuple(unmet),
                       tuple(to_confirm), first)
    return Verdict(ELIGIBLE, tuple(reasons), (), _freeze(sources))


def _length(what, words, low, high):
    return {"what": what, "duration": words, "duration_months_min": low, "duration_months_max": high}


def complete_first(requirement, person, catalogue, depth=0):
    """What the person must complete before an unmet requirement is met, in order, each with
    its duration where the catalogue knows it: a prior course (and what that course needs
    first: a degree before the pre-clinical course), a first degree (pathway_steps), the years
    of experience still to gain, the AiMH level to reach. A list of dicts."""
    kind, params = requirement.kind, requirement.parameters
    if kind == "completed":
        for course_id in params.get("courses") or ():
            course, rule = catalogue.course_and_rule(course_id)
            if course is None:
                continue
            before = []
            rule = rule if depth < 2 else None
            if rule is not None:
                for inner in rule.requirements:
                    if check(inner, person, catalogue)[0] == UNMET and inner.if_unmet != NOT_ELIGIBLE:
                        before.extend(complete_first(inner, person, catalogue, depth + 1))
            return before + [_length(f"{params['what']}: e.g. {course.title}", course.duration_text,
                                     course.duration_months_min, course.duration_months_max)]
        return [_length(params["what"], None, None, None)]
    if kind == "degree":
        for step in getattr(catalogue, "pathway_steps", ()):
            if "degree" in step["gives"]:
                return [_length(f"{requirement.missing or 'a degree'}: {step['name'].lower()}", step.get("duration"),
                                step["duration_months_min"], step["duration_months_max"])]
        return [_length(requirement.missing or "a degree", None, None, None)]
    if kind == "experience_years" and person.experience_years is not None:
        gap = round((params["at_least"] - person.experience_years) * 12, 1)
        return [_length(f"{requirement.missing} (you gave {person.experience_years:g})",
                        f"about {gap:g} months of work with children and families", gap, gap)]
    if kind == "aimh_level":
        return [_length(f"reach AiMH level {params['at_least']} first (the pathway shows how)", None, None, None)]
    return [_length(requirement.missing, None, None, None)]


def _freeze(sources):
    return tuple(tuple(s.items()) for s in sources)


def check(requirement, person, catalogue):
    """(state, words): whether one requirement holds for the person, and why."""
    check_kind = CHECKS.get(requirement.kind)
    if check_kind is None:  # a kind newer than this recommender: never guess
        return UNSETTLED, f"this recommender cannot check a {requirement.kind!r} requirement"
    return check_kind(requirement.parameters, requirement, person, catalogue)


CHECKS = {}
READS = {}   # requirement kind -> the Person attributes its check reads
ANSWERS = ("profession_id", "stage", "registrations", "registrations_assumed", "degree", "degree_assumed",
           "experience_years", "aimh_level", "completed")  # every attribute a check may read


def checks(kind, *reads):
    """Register the check for a requirement kind, with the Person attributes it reads."""
    assert set(reads) <= set(ANSWERS), reads

    def register(function):
        CHECKS[kind] = function
        READS[kind] = reads
        return function
    return register


def reads(requirements):
    """The Person attributes a list of requirements reads (every answer for a kind this
    recommender does not know), in ANSWERS order: derived from the rule, never kept by hand."""
    names = set()
    stack = list(requirements)
    while stack:
        requirement = stack.pop()
        names.update(READS.get(requirement.kind, ANSWERS))
        stack.extend(requirement.options)
    return tuple(name for name in ANSWERS if name in names)


def _name(person, catalogue):
    return catalogue.professions[person.profession_id].name


def _group_words(group):
    return group.replace("_", " ")


@checks("profession_group", "profession_id")
def _profession_group(params, req, person, catalogue):
    groups = catalogue.professions[person.profession_id].groups
    hit = [g for g in params["any_of"] if g in groups]
    if hit:
        return MET, f"{_name(person, catalogue)}: in the {_group_words(hit[0])} group"
    return UNMET, ""


@checks("profession", "profession_id")
def _profession(params, req, person, catalogue):
    if person.profession_id in params["any_of"]:
        return MET, f"{_name(person, catalogue)}: a profession this is for"
    return UNMET, ""


@checks("stage", "stage")
def _stage(params, req, person, catalogue):
    if person.stage in params["any_of"]:
        return MET, f"stage: {person.stage}"
    if person.stage == "none":
        return UNMET, "a volunteer or support role has no professional stage"
    return UNMET, ""


@checks("professional_qualification", "profession_id", "stage")
def _professional_qualification(params, req, person, catalogue):
    profession = catalogue.professions[person.profession_id]
    if profession.professional_qualification and person.stage == "qualified":
        return MET, f"a qualified {profession.name.lower()}: counts as a professional qualification"
    return UNMET, ""


def _assumed(person):
    return " (assumed)" if person.registrations_assumed else ""


@checks("registration", "registrations", "registrations_assumed")
def _registration(params, req, person, catalogue):
    if person.registrations is None:
        return UNSETTLED, "no registration given"
    return _registered(person, [b for b in params["any_of"] if b in person.registrations])


@checks("clinical_registration", "registrations", "registrations_assumed")
def _clinical_registration(params, req, person, catalogue):
    if person.registrations is None:
        return UNSETTLED, "no registration given"
    answers = {b: catalogue.registration_bodies.get(b, {}).get("clinical_registration") for b in sorted(person.registrations)}
    return _registered(person, [b for b, a in answers.items() if a == "yes"], ": a recognised clinical registration",
                       [b for b, a in answers.items() if a == "unclear"])


def _registered(person, hit, met_words="", unclear=()):
    """A register requirement's verdict from the bodies of the person's that meet it (`hit`) and
    those the sources are unclear about."""
    if hit and person.registrations_assumed:
        # a register only assumed from the profession: a verdict never rests on it, it is asked
        return UNSETTLED, f"registered with {hit[0]} assumed as usual for your profession: say --registration {hit[0]}"
    if hit:
        return MET, f"registered with {hit[0]}{met_words}"
    if unclear:
        return UNSETTLED, f"the sources do not say whether {unclear[0]} registration counts: check with the provider"
    if person.registrations_assumed:
        # only assumed from the profession's usual register: the person has not said, so ask
        return UNSETTLED, "no registration given: say --registration"
    return UNMET, ""


@checks("degree", "degree", "degree_assumed")
def _degree(params, req, person, catalogue):
    needed = params["at_least"]
    if person.degree is None:
        return UNSETTLED, "no degree given"
    if person.degree == "degree" and needed == "2:1":
        # "a degree" says nothing of its class: ask, never refuse
        return UNSETTLED, "the class of your degree was not given: say --degree 2:1 if it is"
    if DEGREES.index(person.degree) >= DEGREES.index(needed) and person.degree_assumed:
        return UNSETTLED, f"{DEGREE_WORDS[person.degree]} assumed as usual for your profession: say --degree"
    if DEGREES.index(person.degree) >= DEGREES.index(needed):
        return MET, f"{DEGREE_WORDS[person.degree]}: at least {DEGREE_WORDS[needed]} needed"
    if person.degree_assumed:
        # An assumed degree says nothing about its class or further study: ask, do not rule out.
        return UNSETTLED, f"only {DEGREE_WORDS[person.degree]} assumed: say --degree if you have more"
    return UNMET, ""


@checks("experience_years", "experience_years")
def _experience_years(params, req, person, catalogue):
    needed = params["at_least"]
    if person.experience_years is None:
        return UNSETTLED, "no experience given"
    if person.experience_years >= needed:
        return MET, f"{person.experience_years:g} years' experience, at least {needed:g} needed"
    return UNMET, ""


@checks("aimh_level", "aimh_level")
def _aimh_level(params, req, person, catalogue):
    needed = params["at_least"]
    if person.aimh_level >= needed:
        return MET, f"AiMH level {person.aimh_level}: at least level {needed} needed"
    return UNMET, ""


# what a prior course needs first is told too (complete_first), so its answers are read
@checks("completed", "profession_id", "completed", "stage", "registrations", "registrations_assumed", "degree",
        "degree_assumed", "experience_years")
def _completed(params, req, person, catalogue):
    """A prior training: met by a profession that implies it, or by a course (an id in
    `courses`, or a course of `course_kind`) the person completed, e.g. earlier in a pathway.
    A prior training a catalogue course gives is unmet until done (a pathway adds the course);
    one no catalogue course gives is asked ("confirm")."""
    if person.profession_id in (params.get("satisfied_by") or []):
        return MET, f"{params['what']}: done by every {_name(person, catalogue).lower()}"
    done = person.completed
    hit = [c for c in params.get("courses") or () if c in done]
    kind = params.get("course_kind")
    if hit or (kind and f"kind:{kind}" in done):
        return MET, f"{params['what']}: done earlier in this pathway"
    if params.get("courses") or kind:
        return UNMET, ""
    return UNSETTLED, ""


@checks("open_to_all")
def _open_to_all(params, req, person, catalogue):
    """Open by its nature (the source says who it is for: everyone); `because` says why."""
    return MET, params["because"]


@checks("confirm")
def _confirm(params, req, person, catalogue):
    """Something only the person or the provider can say (e.g. a local post being advertised);
    `because`, when the rule gives it, says what (a portfolio in place of a degree)."""
    return UNSETTLED, params.get("because", "")


@checks("any_of")
def _any_of(params, req, person, catalogue):
    states = [check(option, person, catalogue) for option in req.options]
    for state, because in states:
        if state == MET:
            return MET, because
    unsettled = [(option.kind, because) for option, (state, because) in zip(req.options, states)
                 if state == UNSETTLED]
    if unsettled:
        # an answer still to give (no degree given) is said before an alternative to confirm
        # (a portfolio in place of a degree), which is said only when nothing else is open
        answers = [because for kind, because in unsettled if kind != "confirm" and because]
        return UNSETTLED, "; ".join(answers or [because for _, because in unsettled if because])
    return UNMET, ""
