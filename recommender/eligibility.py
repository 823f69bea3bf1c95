"""Eligibility: a person against a course's or route's rule, as stored in the catalogue.

The rules are data (eligibility_rules, eligibility_requirements; written in
crawler/reference/eligibility.yaml). This module only knows what each requirement *kind*
means. Each requirement is met, unmet, or unsettled (the person's answers cannot decide
it). The verdict:
- not_eligible: an unmet requirement whose if_unmet is not_eligible (reasons say why);
- eligible_if: otherwise, when a requirement is unmet (if_unmet eligible_if) or
  unsettled; `missing` lists what is needed or to confirm;
- eligible: every requirement is met.
A course or route with no rule is eligible_if "no entry requirements recorded".
"""
from dataclasses import dataclass

from recommender.catalogue import DEGREE_WORDS, DEGREES

ELIGIBLE, ELIGIBLE_IF, NOT_ELIGIBLE = "eligible", "eligible_if", "not_eligible"
VERDICT_ORDER = {ELIGIBLE: 0, ELIGIBLE_IF: 1, NOT_ELIGIBLE: 2}
NO_RULE = "no entry requirements recorded: check with the provider"
MET, UNMET, UNSETTLED = "met", "unmet", "unsettled"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reasons: tuple
    missing: tuple
    sources: tuple

    def as_json(self):
        return {"verdict": self.verdict, "reasons": list(self.reasons), "missing": list(self.missing),
                "sources": [dict(s) for s in self.sources]}


def evaluate(rule, person, catalogue):
    """The Verdict for one person and one rule (None: no rule recorded)."""
    if rule is None:
        return Verdict(ELIGIBLE_IF, ("no entry requirements are recorded for this in the catalogue",), (NO_RULE,), ())
    ruled_out, missing, reasons = [], [], []
    for requirement in rule.requirements:
        state, because = check(requirement, person, catalogue)
        if state == MET:
            reasons.append(because)
        elif state == UNMET and requirement.if_unmet == NOT_ELIGIBLE:
            ruled_out.append(requirement.missing)
            missing.append(requirement.missing)
        elif state == UNMET:
            missing.append(requirement.missing)
        else:
            missing.append(f"confirm: {requirement.missing}" + (f" ({because})" if because else ""))
    source = catalogue.sources.get(rule.source_id)
    sources = ({"id": rule.source_id, "kind": source.kind if source else None,
                "title": source.title if source else None, "section": rule.section, "words": rule.words},)
    if ruled_out:
        return Verdict(NOT_ELIGIBLE, tuple(f"not eligible: {text}" for text in ruled_out) + tuple(reasons),
                       tuple(missing), _freeze(sources))
    if missing:
        return Verdict(ELIGIBLE_IF, tuple(reasons), tuple(missing), _freeze(sources))
    return Verdict(ELIGIBLE, tuple(reasons), (), _freeze(sources))


def _freeze(sources):
    return tuple(tuple(s.items()) for s in sources)


def check(requirement, person, catalogue):
    """(state, words): whether one requirement holds for the person, and why."""
    check_kind = CHECKS.get(requirement.kind)
    if check_kind is None:  # a kind newer than this recommender: never guess
        return UNSETTLED, f"this recommender cannot check a {requirement.kind!r} requirement"
    return check_kind(requirement.parameters, requirement, person, catalogue)


def _name(person, catalogue):
    return catalogue.professions[person.profession_id].name


def _group_words(group):
    return group.replace("_", " ")


def _profession_group(params, req, person, catalogue):
    groups = catalogue.professions[person.profession_id].groups
    hit = [g for g in params["any_of"] if g in groups]
    if hit:
        return MET, f"{_name(person, catalogue)}: in the {_group_words(hit[0])} group"
    return UNMET, ""


def _profession(params, req, person, catalogue):
    if person.profession_id in params["any_of"]:
        return MET, f"{_name(person, catalogue)}: a profession this is for"
    return UNMET, ""


def _stage(params, req, person, catalogue):
    if person.stage in params["any_of"]:
        return MET, f"stage: {person.stage}"
    return UNMET, ""


def _professional_qualification(params, req, person, catalogue):
    profession = catalogue.professions[person.profession_id]
    if profession.professional_qualification and person.stage == "qualified":
        return MET, f"a qualified {profession.name.lower()}: counts as a professional qualification"
    return UNMET, ""


def _assumed(person):
    return " (assumed)" if person.registrations_assumed else ""


def _registration(params, req, person, catalogue):
    if person.registrations is None:
        return UNSETTLED, "no registration given"
    hit = [b for b in params["any_of"] if b in person.registrations]
    if hit:
        return MET, f"registered with {hit[0]}{_assumed(person)}"
    return UNMET, ""


def _clinical_registration(params, req, person, catalogue):
    if person.registrations is None:
        return UNSETTLED, "no registration given"
    answers = {b: catalogue.registration_bodies.get(b, {}).get("clinical_registration") for b in sorted(person.registrations)}
    yes = [b for b, a in answers.items() if a == "yes"]
    if yes:
        return MET, f"registered with {yes[0]}{_assumed(person)}: a recognised clinical registration"
    unclear = [b for b, a in answers.items() if a == "unclear"]
    if unclear:
        return UNSETTLED, f"the sources do not say whether {unclear[0]} registration counts: check with the provider"
    return UNMET, ""


def _degree(params, req, person, catalogue):
    needed = params["at_least"]
    if person.degree is None:
        return UNSETTLED, "no degree given"
    if DEGREES.index(person.degree) >= DEGREES.index(needed):
        assumed = " (assumed)" if person.degree_assumed else ""
        return MET, f"{DEGREE_WORDS[person.degree]}{assumed}: at least {DEGREE_WORDS[needed]} needed"
    if person.degree_assumed:
        # An assumed degree says nothing about its class or further study: ask, do not rule out.
        return UNSETTLED, f"only {DEGREE_WORDS[person.degree]} assumed: say --degree if you have more"
    return UNMET, ""


def _experience_years(params, req, person, catalogue):
    needed = params["at_least"]
    if person.experience_years is None:
        return UNSETTLED, "no experience given"
    if person.experience_years >= needed:
        return MET, f"{person.experience_years:g} years' experience, at least {needed:g} needed"
    return UNMET, ""


def _completed(params, req, person, catalogue):
    if person.profession_id in (params.get("satisfied_by") or []):
        return MET, f"{params['what']}: done by every {_name(person, catalogue).lower()}"
    return UNSETTLED, ""


def _any_of(params, req, person, catalogue):
    states = [check(option, person, catalogue) for option in req.options]
    for state, because in states:
        if state == MET:
            return MET, because
    unsettled = [because for state, because in states if state == UNSETTLED]
    if unsettled:
        return UNSETTLED, "; ".join(b for b in unsettled if b)
    return UNMET, ""


CHECKS = {
    "profession_group": _profession_group,
    "profession": _profession,
    "stage": _stage,
    "professional_qualification": _professional_qualification,
    "registration": _registration,
    "clinical_registration": _clinical_registration,
    "degree": _degree,
    "experience_years": _experience_years,
    "completed": _completed,
    "any_of": _any_of,
}
