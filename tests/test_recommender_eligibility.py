"""Verdicts checked against the seeds' own words.

Each case names a person (their answers, all given explicitly unless the case is about an
unknown answer), one course or route, the verdict the source's words support, and the words
themselves (`because`). Expected values come from the sources, never from the product's
constants: the `missing` text a case looks for is a phrase of the source's rule. Thresholds
(experience years, degree class, AiMH level) are tested at, below and above their boundary.
"""
from recommender.catalogue.records import replace

import pytest

from recommender import recommend
from recommender.catalogue.errors import UserError

NO_ANSWER = object()


def ask(db, profession, **answers):
    answers = {k: v for k, v in answers.items() if v is not NO_ANSWER}
    return recommend(db, profession, **answers)


def item(result, item_id):
    for key in ("courses", "routes"):
        for entry in result[key]:
            if entry["id"] == item_id:
                return entry
    raise AssertionError(f"{item_id} not in the answer")


# (id, profession words, answers, course or route, verdict, phrase that must be in `missing`
#  (eligible_if), in a "not eligible" reason (not_eligible), or None, the source's words)
CASES = [
    # --- seed-002 Appendix 1: "already UKCP qualified i.e. open to psychotherapists" ---
    ("ukcp-psychotherapist-registered-takes-bpf", "UKCP psychotherapist", dict(registrations="UKCP", level=1),
     "bpf-parent-infant-psychotherapy", "eligible", None, "already UKCP qualified i.e. open to psychotherapists"),
    ("health-visitor-is-not-a-psychotherapist-for-bpf", "health visitor", dict(registrations="NMC", level=1),
     "bpf-parent-infant-psychotherapy", "not_eligible", "open to psychotherapists", "open to psychotherapists"),
    ("psychotherapist-without-ukcp-needs-it-for-bpf", "UKCP psychotherapist", dict(registrations="none", level=1),
     "bpf-parent-infant-psychotherapy", "eligible_if", "needs UKCP registration", "already UKCP qualified"),
    # --- seed-002 Appendix 1: "existing psychoanalytic psychotherapist" (Au-Milieu) ---
    ("psychoanalytic-psychotherapist-takes-au-milieu", "psychoanalytic psychotherapist", dict(level=1),
     "au-milieu-infant-parent-psychotherapy", "eligible", None, "existing psychoanalytic psychotherapist"),
    ("clinical-psychologist-is-not-one-for-au-milieu", "clinical psychologist", dict(level=1),
     "au-milieu-infant-parent-psychotherapy", "not_eligible", "psychoanalytic psychotherapists", "existing psychoanalytic psychotherapist"),
    # --- seed-002 Appendix 1: "Professional qualification e.g. social work, health visitor" (OxPIP APIP) ---
    ("health-visitor-takes-oxpip-apip", "health visitor", dict(level=1),
     "oxpip-advanced-parent-infant-practitioner", "eligible", None, "Professional qualification e.g. social work, health visitor"),
    ("social-worker-takes-oxpip-apip", "social worker", dict(level=1),
     "oxpip-advanced-parent-infant-practitioner", "eligible", None, "Professional qualification e.g. social work"),
    ("trainee-social-worker-has-no-qualification-yet", "social worker", dict(stage="trainee", level=1),
     "oxpip-advanced-parent-infant-practitioner", "not_eligible", "professional qualification", "Professional qualification"),
    # --- seed-002 Appendix 1: "professionals who have a recognised professional clinical registration" (OxPIP PIT) ---
    ("nmc-registered-health-visitor-takes-oxpip-pit", "health visitor", dict(registrations="NMC", level=1),
     "oxpip-parent-infant-therapist-diploma", "eligible", None, "recognised professional clinical registration"),
    ("health-visitor-who-says-no-register-is-refused", "health visitor", dict(registrations="none", level=1),
     "oxpip-parent-infant-therapist-diploma", "not_eligible", "clinical registration", "recognised professional clinical registration"),
    ("register-not-given-is-asked-not-refused", "family support worker", dict(level=1),
     "oxpip-parent-infant-therapist-diploma", "eligible_if", "confirm: needs a recognised professional clinical registration",
     "recognised professional clinical registration (unknown is never no)"),
    # --- seed-002 Appendix 1: "At least 2:1 honours in relevant degree or registered healthcare professional
    #     qualification also considered" (Glasgow PG): below, at, above the 2:1 boundary and unstated class ---
    ("glasgow-no-degree-no-register-is-refused", "family support worker", dict(degree="none", registrations="none"),
     "glasgow-infant-mental-health-pg", "not_eligible", "2:1", "At least 2:1 honours"),
    ("glasgow-2-1-is-enough", "family support worker", dict(degree="2:1", registrations="none"),
     "glasgow-infant-mental-health-pg", "eligible", None, "At least 2:1 honours"),
    ("glasgow-postgraduate-is-above-2-1", "family support worker", dict(degree="postgraduate", registrations="none"),
     "glasgow-infant-mental-health-pg", "eligible", None, "At least 2:1 honours"),
    ("glasgow-degree-class-not-given-is-asked", "family support worker", dict(degree="degree", registrations="none"),
     "glasgow-infant-mental-health-pg", "eligible_if", "confirm: needs at least a 2:1", "At least 2:1 honours (class unstated)"),
    ("glasgow-registered-professional-without-2-1", "health visitor", dict(degree="none", registrations="NMC"),
     "glasgow-infant-mental-health-pg", "eligible", None, "registered healthcare professional qualification also considered"),
    # --- seed-002 Appendix 1: "Suggested to have at least Undergraduate level education" (Glasgow microcredential) ---
    ("microcredential-without-degree-is-suggested-one", "family support worker", dict(degree="none"),
     "glasgow-understanding-imh-microcredential", "eligible_if", "undergraduate-level education", "Suggested ... Undergraduate level"),
    ("microcredential-with-degree", "family support worker", dict(degree="degree"),
     "glasgow-understanding-imh-microcredential", "eligible", None, "at least Undergraduate level education"),
    # --- seed-000: "expected to have 2 years' experience of working professionally with children and families":
    #     below, at and above 2 years, and not given ---
    ("ieyp-1-9-years-is-below", "family support worker", dict(degree="degree", experience_years=1.9, level=1),
     "ieyp-postgraduate-diploma", "eligible_if", "needs 2 years' experience", "2 years' experience"),
    ("ieyp-2-years-is-at", "family support worker", dict(degree="degree", experience_years=2, level=1),
     "ieyp-postgraduate-diploma", "eligible", None, "2 years' experience"),
    ("ieyp-3-years-is-above", "family support worker", dict(degree="degree", experience_years=3, level=1),
     "ieyp-postgraduate-diploma", "eligible", None, "2 years' experience"),
    ("ieyp-experience-not-given-is-asked", "family support worker", dict(degree="degree", level=1),
     "ieyp-postgraduate-diploma", "eligible_if", "confirm: needs 2 years' experience", "2 years' experience (unknown)"),
    ("ieyp-no-degree-names-the-degree-or-portfolio", "family support worker", dict(degree="none", experience_years=3, level=1),
     "ieyp-postgraduate-diploma", "eligible_if", "Knowledge, Skills and Attitudes portfolio",
     "typically an undergraduate degree or equivalent ... or a Knowledge, Skills, and Attitudes portfolio"),
    # --- stored copy, Tavistock M7: "a first degree or equivalent and at least a year's direct work" ---
    ("m7-half-a-year-is-below", "family support worker", dict(degree="degree", experience_years=0.5),
     "tavistock-m7-pre-clinical", "eligible_if", "at least a year's direct work", "at least a year's direct work"),
    ("m7-one-year-is-at", "family support worker", dict(degree="degree", experience_years=1),
     "tavistock-m7-pre-clinical", "eligible", None, "at least a year's direct work"),
    ("m7-two-years-is-above", "family support worker", dict(degree="degree", experience_years=2),
     "tavistock-m7-pre-clinical", "eligible", None, "at least a year's direct work"),
    ("m7-without-a-first-degree", "family support worker", dict(degree="none", experience_years=2),
     "tavistock-m7-pre-clinical", "eligible_if", "first degree", "a first degree or equivalent"),
    # --- seed-002 7.5: "students will have completed a 2-year post graduate level pre-clinical course
    #     (or equivalent) including a 2-year weekly infant observation" ---
    ("clinical-training-needs-the-pre-clinical-course", "family support worker", dict(degree="degree", experience_years=3, level=1),
     "acp-child-adolescent-psychotherapy-training", "eligible_if", "pre-clinical course", "completed a 2-year post graduate level pre-clinical course"),
    ("a-capt-has-done-it", "child and adolescent psychotherapist", dict(level=1),
     "acp-child-adolescent-psychotherapy-training", "eligible", None, "completed a 2-year post graduate level pre-clinical course"),
    # --- seed-002 Appendix 1: "Multi-disciplinary practitioners" (Tavistock perinatal observation) ---
    ("a-student-is-not-yet-a-practitioner", "social worker", dict(stage="student"),
     "tavistock-infant-observation-perinatal", "eligible_if", "multi-disciplinary practitioners", "Multi-disciplinary practitioners"),
    ("a-qualified-midwife-is-a-practitioner", "midwife", dict(),
     "tavistock-infant-observation-perinatal", "eligible", None, "Multi-disciplinary practitioners"),
    # --- routes: seed-002 recommendation 3 "clinical placements (either pre or post registration) from any of
    #     the core professional groups"; 5.1 names clinical psychology, CAPT, health visiting ---
    ("placement-for-a-trainee-clinical-psychologist", "trainee clinical psychologist", dict(),
     "clinical-placement", "eligible", None, "either pre or post registration"),
    # seed-002 5.2 "Clinical placement during professional training": once qualified it is asked, never eligible
    ("placement-for-a-qualified-clinical-psychologist", "clinical psychologist", dict(),
     "clinical-placement", "eligible_if", "confirm: a placement in a PAIR context is taken during professional training",
     "5.2 Clinical placement during professional training"),
    ("placement-for-a-health-visitor", "health visitor", dict(),
     "clinical-placement", "eligible_if", "confirm: a placement in a PAIR context is taken during professional training",
     "5.2: Health Visitors will do a clinical placement as part of their year-long training"),
    ("placement-for-a-student-health-visitor", "student health visitor", dict(),
     "clinical-placement", "eligible", None, "Health Visitors will do a clinical placement as part of their year-long training"),
    # seed-002 8: "3 x Parent-Infant Specialist (e.g. Health Visitor, Mid Wife, Social Worker) ... will need a
    # combination of either a clinical placement and/or post-qualifying training"
    ("placement-for-a-student-midwife", "student midwife", dict(),
     "clinical-placement", "eligible", None, "Health Visitor, Mid Wife, Social Worker ... a clinical placement"),
    ("placement-for-a-trainee-social-worker", "trainee social worker", dict(),
     "clinical-placement", "eligible", None, "Health Visitor, Mid Wife, Social Worker ... a clinical placement"),
    ("no-placement-for-a-nursery-nurse", "nursery nurse", dict(),
     "clinical-placement", "not_eligible", "PAIR team professions", "from any of the core professional groups"),
    # seed-002 5.3: "available for Health Visitors who want to become a Specialist Health Visitor"
    ("champions-for-a-health-visitor", "health visitor", dict(),
     "pimh-champions", "eligible", None, "available for Health Visitors"),
    ("no-champions-training-for-a-midwife", "midwife", dict(),
     "pimh-champions", "not_eligible", "health visitors", "available for Health Visitors"),
    # seed-002 7.5: "Students on post graduate level pre-clinical courses could take up Assistant ... posts"
    ("acapt-for-a-pre-clinical-student", "student on a pre-clinical child psychotherapy course", dict(),
     "acapt", "eligible", None, "Students on post graduate level pre-clinical courses"),
    ("no-acapt-for-a-health-visitor", "health visitor", dict(),
     "acapt", "not_eligible", "pre-clinical", "Students on post graduate level pre-clinical courses"),
    # seed-002 5.4.1: "Some PAIR teams in areas where it has proved hard to recruit specialists ... have used"
    ("recruit-to-train-depends-on-a-local-post", "health visitor", dict(),
     "recruit-to-train", "eligible_if", "confirm: a PAIR team near you advertises", "Some PAIR teams ... have used"),
    # --- seed-003 Level 1: "available to everyone who provides support to families ... volunteers (for example,
    #     peer support workers)"; "such as volunteers ... complete the elearning ... Health Education England" ---
    ("fhsfl-level-1-for-a-peer-support-worker", "peer support worker", dict(),
     "fhsfl-level-1-awareness-training", "eligible", None, "available to everyone who provides support to families"),
    ("fhsfl-level-1-for-a-neonatal-practitioner", "neonatal practitioner", dict(),
     "fhsfl-level-1-awareness-training", "eligible", None, "neonatal practitioners"),
    ("hee-elearning-for-a-volunteer", "peer support worker", dict(registrations="none", degree="none"),
     "hee-perinatal-mental-health-elearning", "eligible", None, "such as volunteers ... the elearning"),
    # --- seed-003 Level 3: "experienced supervisors, such as psychologists, psychotherapists, or family
    #     therapists"; seed-002 4.2: level 3 adds "management/ supervisory/ service development" to level 2 ---
    ("fhsfl-level-3-asks-to-confirm-supervising", "family therapist", dict(level=2, target=3),
     "fhsfl-level-3-supervision-training", "eligible_if", "confirm: for experienced supervisors", "experienced supervisors"),
    ("fhsfl-level-3-at-level-1-needs-level-2-first", "family therapist", dict(level=1, target=3),
     "fhsfl-level-3-supervision-training", "eligible_if", "needs AiMH level 2 first", "Clinical capabilities of levels 2 and 3 ... the same"),
    # --- seed-003 Level 2: "This could include; health visitors, midwives, psychological professions,
    #     social workers, early years workers" ---
    ("fhsfl-level-2-names-midwives", "midwife", dict(level=1),
     "fhsfl-level-2-intervention-training", "eligible_if", "confirm: a place through your local authority",
     "several practitioners from your local authority area"),
    ("fhsfl-level-2-asks-a-nursery-nurse-to-confirm-the-role", "nursery nurse", dict(level=1),
     "fhsfl-level-2-intervention-training", "eligible_if", "confirm: for those who will be able to use it",
     "available to those who will be able to use it"),
]


@pytest.mark.parametrize("profession, answers, item_id, verdict, phrase, because",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_verdict_follows_the_sources_words(built_catalogue, profession, answers, item_id, verdict, phrase, because):
    found = item(ask(built_catalogue, profession, **answers), item_id)
    assert found["verdict"] == verdict, (because, found["missing"], found["reasons"])
    if verdict == "eligible":
        assert found["missing"] == [] and found["reasons"]
    elif verdict == "eligible_if":
        assert any(phrase in m for m in found["missing"]), (phrase, found["missing"])
    else:
        assert any(r.startswith("not eligible:") and phrase in r for r in found["reasons"]), (phrase, found["reasons"])
    assert found["sources"] and found["sources"][0]["words"], "a verdict carries the source's words"
    source = found["sources"][0]
    assert source["kind"] in ("seed", "stored_copy") and source["title"]
    assert source["id"] in {"seed-000", "seed-002", "seed-003", "observed"}


# --- level fit is part of the verdict: at, below and above the level a course expects ---------

@pytest.mark.parametrize("level, verdict", [(0, "eligible_if"), (1, "eligible"), (2, "eligible")])
def test_a_course_that_builds_on_level_1_needs_it_first(built_catalogue, level, verdict):
    # OxPIP APIP is judged to build on AiMH level 1 (courses.yaml level_reason); seed-002 4.2:
    # level 2 is "advanced knowledge and skills", built on level 1's general knowledge.
    target = min(level + 1, 3)
    found = item(ask(built_catalogue, "health visitor", level=level, target=target),
                 "oxpip-advanced-parent-infant-practitioner")
    assert found["verdict"] == verdict
    assert any("needs AiMH level 1 first" in m for m in found["missing"]) == (level < 1)


def test_level_missing_never_hides_behind_eligible(built_catalogue):
    # Issue 10: "a course judged to build on AiMH level 2 is 'eligible' for someone at level 0".
    result = ask(built_catalogue, "clinical psychologist", level=0, target=1)
    for course in result["courses"]:
        if (course["aimh_level_expected"] or 0) > 0:
            assert course["verdict"] != "eligible", course["id"]
            assert any(f"needs AiMH level {course['aimh_level_expected']} first" in m for m in course["missing"])


# --- unknown is never no --------------------------------------------------------------------

@pytest.mark.parametrize("profession", ["family support worker", "nursery nurse", "peer support worker",
                                        "early help worker", "health visitor", "social worker", "counsellor"])
def test_an_answer_not_given_never_rules_a_person_out(built_catalogue, profession):
    # DOMAIN: "Not eligible only where the person's own answers contradict the source's words".
    # With only a profession given, every not_eligible must come from the profession or stage.
    result = ask(built_catalogue, profession)
    for entry in result["courses"] + result["routes"]:
        if entry["verdict"] == "not_eligible":
            for reason in entry["reasons"]:
                if reason.startswith("not eligible:"):
                    assert "registration" not in reason and "degree" not in reason and "experience" not in reason, \
                        (entry["id"], reason)


def test_open_courses_are_eligible_with_the_reason_recorded(built_catalogue):
    # seed-003: level 1 training "should be available to everyone who provides support to families".
    result = ask(built_catalogue, "peer support worker", registrations="none", degree="none", experience_years=0)
    for course_id in ("fhsfl-level-1-awareness-training", "hee-perinatal-mental-health-elearning",
                      "nes-imh-developing-positive-early-attachments"):
        found = item(result, course_id)
        assert found["verdict"] == "eligible"
        assert any("everyone" in reason for reason in found["reasons"]), found["reasons"]


def test_no_rule_still_says_check_with_the_provider(built_catalogue):
    # seed-002 Appendix 1 row 11 (Sunderland): eligibility "(none stated)": nothing to go on.
    found = item(ask(built_catalogue, "health visitor"), "sunderland-infant-mental-health")
    assert found["verdict"] == "eligible_if"
    assert any("check with the provider" in m for m in found["missing"])
    assert found["reasons"] == ["no entry requirements are recorded for this in the catalogue"]
    assert found["sources"] == []


# --- ranking: what moves the person towards the target first ---------------------------------

def test_going_from_2_to_3_the_first_course_reaches_3(built_catalogue):
    # Issue 10: "a social worker going from 2 to 3 sees four courses that stay at 2 before the one
    # that reaches 3".
    courses = ask(built_catalogue, "social worker", level=2, target=3)["courses"]
    assert courses[0]["aimh_level_target"] == 3
    assert courses[0]["ranking"].startswith("takes you from level 2 to your target level 3")


def test_a_nursery_manager_at_level_1_is_first_shown_a_course_that_raises_the_level(built_catalogue):
    courses = ask(built_catalogue, "nursery manager", level=1, target=2)["courses"]
    assert courses[0]["aimh_level_target"] == 2
    assert "does not raise" not in courses[0]["ranking"]


def test_a_not_eligible_course_never_ranks_above_an_open_one(built_catalogue):
    courses = ask(built_catalogue, "health visitor", level=1)["courses"]
    seen_closed = False
    for course in courses:
        seen_closed = seen_closed or course["verdict"] == "not_eligible"
        assert not (seen_closed and course["verdict"] != "not_eligible"), course["id"]


def test_an_unknown_target_level_is_refused_plainly(built_catalogue):
    with pytest.raises(UserError):
        ask(built_catalogue, "health visitor", level=2, target=1)


# --- registers: assumed is asked, given is decided ----------------------------------------------

@pytest.mark.parametrize("registrations, confirm", [(NO_ANSWER, True), ("NMC", False)])
def test_a_register_only_assumed_is_asked_a_register_given_is_decided(built_catalogue, registrations, confirm):
    # seed-002 Appendix 1, BPF: "already UKCP qualified". A health visitor who did not name a
    # register is asked to confirm UKCP; one who said NMC is told UKCP is needed.
    found = item(ask(built_catalogue, "health visitor", registrations=registrations, level=1),
                 "bpf-parent-infant-psychotherapy")
    assert ("confirm: needs UKCP registration" in " | ".join(found["missing"])) == confirm
    assert "needs UKCP registration" in " | ".join(found["missing"])


def test_a_prior_training_only_the_person_can_confirm_is_asked(built_catalogue):
    # stored copy, BPF Infant Observation: "personal therapy at least weekly required"
    found = item(ask(built_catalogue, "social worker", level=0), "bpf-infant-observation")
    assert found["verdict"] == "eligible_if"
    assert any(m.startswith("confirm: needs personal therapy") for m in found["missing"])
    # asked in the rule's own words (eligibility.yaml), with nothing added
    assert "confirm: needs personal therapy at least weekly during the course" in found["missing"]


def test_a_requirement_kind_this_recommender_does_not_know_is_asked_never_guessed(built_catalogue):
    from recommender.catalogue.objects import Requirement, Rule
    from recommender.advice.eligibility import ELIGIBLE_IF, evaluate
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(built_catalogue)
    _, person = recommender.person("health visitor")
    rule = Rule(0, "words", "seed-002", "x", [Requirement("a_future_kind", {}, "something new", "not_eligible")])
    verdict = evaluate(rule, person, recommender.catalogue)
    assert verdict.verdict == ELIGIBLE_IF
    assert verdict.missing[0].startswith("confirm: something new (this recommender cannot check")


# --- the order within a rank: what the person pays, then how long ---------------------------------

@pytest.mark.parametrize("profession, level", [("health visitor", 1), ("family support worker", 0),
                                               ("social worker", 2), ("clinical psychologist", 1)])
def test_funded_then_cheaper_then_shorter_within_the_same_fit_and_verdict(built_catalogue, profession, level):
    # DOMAIN: "fees and cover for staff while they train are the real barriers (show funding)".
    funded = {True: 0, None: 1, False: 2}
    courses = ask(built_catalogue, profession, level=level)["courses"]
    for a, b in zip(courses, courses[1:]):
        if (a["level_fit"], a["verdict"]) != (b["level_fit"], b["verdict"]):
            continue
        assert funded[a["funded"]] <= funded[b["funded"]], (a["id"], b["id"])
        if a["funded"] == b["funded"] is False and a["fee_gbp"] is not None and b["fee_gbp"] is not None:
            assert a["fee_gbp"] <= b["fee_gbp"], (a["id"], b["id"])
        if a["funded"] == b["funded"] and a["fee_gbp"] == b["fee_gbp"] and b["duration_months_max"] is not None:
            assert a["duration_months_max"] is not None and a["duration_months_max"] <= b["duration_months_max"], \
                (a["id"], b["id"])


@pytest.mark.parametrize("profession, level", [("health visitor", 1), ("social worker", 2), ("midwife", 0)])
def test_within_the_same_fit_eligible_comes_before_eligible_if_before_not_eligible(built_catalogue, profession,
                                                                                    level):
    order = {"eligible": 0, "eligible_if": 1, "not_eligible": 2}
    result = ask(built_catalogue, profession, level=level)
    for key in ("courses", "routes"):
        for a, b in zip(result[key], result[key][1:]):
            if a["level_fit"] == b["level_fit"]:
                assert order[a["verdict"]] <= order[b["verdict"]], (a["id"], b["id"])
    verdicts = [order[p["verdict"]] for p in result["pathways"]]
    assert verdicts == sorted(verdicts)  # pathways whose every step is eligible first
    assert result["summary"]["courses"] == {v: sum(c["verdict"] == v for c in result["courses"]) for v in order}


# --- level fit at, below and above each boundary ---------------------------------------------------

def _fit_from_the_recorded_levels(expected, reaches, level, target):
    """What issue 10 says a course does for the person, from the catalogue's recorded level
    judgements (courses.yaml aimh_level_expected / aimh_level_target): "does not raise your
    level", "needs AiMH level N first", "takes you ... to your target", "a step towards your
    target", "builds beyond your target", in that order of checks; and where it ranks
    ("open and takes you from your level to your target first; then a step towards it; then one
    that builds beyond it; then one that needs a higher level first; then one that does not
    raise your level; level not recorded last")."""
    if reaches is None:
        return "AiMH level not recorded", 5
    if reaches <= level:
        return "does not raise your level", 4
    if expected is not None and expected > level:
        return f"needs AiMH level {expected} first", 3
    if reaches == target:
        return f"takes you from level {level} to your target level {target}", 0
    if reaches < target:
        return "a step towards your target", 1
    return "builds beyond your target", 2


LEVELS = [(level, target) for level in range(4) for target in range(level + 1, 4)]


@pytest.mark.parametrize("level, target", LEVELS, ids=[f"{l}-to-{t}" for l, t in LEVELS])
def test_level_fit_at_below_and_above_the_recorded_levels(built_catalogue, level, target):
    # Every course is at, below or above the person's level and target somewhere in this
    # table (the catalogue records levels 0 to 3), so each boundary is crossed both ways.
    result = ask(built_catalogue, "clinical psychologist", level=level, target=target, registrations="HCPC",
                 degree="postgraduate", experience_years=5)
    places = []
    for course in result["courses"]:
        words, place = _fit_from_the_recorded_levels(course["aimh_level_expected"], course["aimh_level_target"],
                                                     level, target)
        assert course["level_fit"].startswith(words), (course["id"], course["level_fit"])
        assert course["ranking"].startswith(words), (course["id"], course["ranking"])
        needs_first = any(m.startswith("needs AiMH level") for m in course["missing"])
        assert needs_first == ((course["aimh_level_expected"] or 0) > level), (course["id"], course["missing"])
        if course["verdict"] != "not_eligible":
            # issue 21: a course with something to complete first ranks below every course without one
            places.append((bool(course["to_complete_first"]), place))
    assert places == sorted(places), "open courses are not in the order of what they do for the person"


# --- registers the sources leave unclear, kinds of prior course, things only the person can say ---

@pytest.mark.parametrize("register, verdict, words", [
    # registration_bodies.yaml: SWE and BACP "clinical_registration: unclear" ("The sources do not
    # say whether a provider asking for a clinical registration accepts it"); HCPC "yes".
    ("SWE", "eligible_if", "the sources do not say whether SWE registration counts: check with the provider"),
    ("BACP", "eligible_if", "the sources do not say whether BACP registration counts: check with the provider"),
    ("HCPC", "eligible", None),
])
def test_a_register_the_sources_leave_unclear_is_asked(built_catalogue, register, verdict, words):
    # seed-002 Appendix 1, OxPIP diploma: "professionals who have a recognised professional clinical registration"
    found = item(ask(built_catalogue, "social worker", registrations=register, level=2, target=3),
                 "oxpip-parent-infant-therapist-diploma")
    assert found["verdict"] == verdict
    if words:
        asked = [m for m in found["missing"] if m.startswith("confirm: needs a recognised professional clinical")]
        assert len(asked) == 1 and asked[0].endswith(f"({words})"), found["missing"]
    else:
        assert any(f"registered with {register}" in reason for reason in found["reasons"]), found["reasons"]


@pytest.mark.parametrize("done, state", [((), "unmet"), (("kind:pre_clinical",), "met"),
                                         (("kind:short_course",), "unmet")])
def test_a_prior_course_of_a_kind_is_met_by_any_course_of_that_kind(built_catalogue, done, state):
    # crawler/reference/eligibility.yaml: "completed ... course_kind: kind  walks through one
    # first; unmet until done" (seed-002 7.5: "a 2-year post graduate level pre-clinical course
    # (or equivalent)": any course of the kind, not one named course).
    from recommender.catalogue.objects import Requirement
    from recommender.advice.eligibility import check
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(built_catalogue)
    _, person = recommender.person("family support worker", degree="degree")
    person = replace(person, completed=frozenset(done))
    requirement = Requirement("completed", {"what": "a pre-clinical course", "course_kind": "pre_clinical"},
                              "needs a pre-clinical course", "eligible_if")
    got, because = check(requirement, person, recommender.catalogue)
    assert got == state
    assert ("a pre-clinical course: done earlier in this pathway" == because) == (state == "met")


def test_something_only_the_person_can_say_is_asked_in_the_sources_words(built_catalogue):
    # seed-002 5.4.1, recruit to train: "Posts have been advertised with funded post-qualifying
    # training included": only the person can say whether such a post is open to them.
    found = item(ask(built_catalogue, "health visitor", level=1), "recruit-to-train")
    confirms = [m for m in found["missing"] if m.startswith("confirm:")]
    assert confirms and all("(" not in m.split(":", 1)[1][:1] for m in confirms)
    assert not any("cannot check" in m for m in found["missing"]), found["missing"]


@pytest.mark.parametrize("years, met", [(0.5, False), (1, True), (3, True)])
def test_the_reason_names_the_answer_and_the_threshold_it_met(built_catalogue, years, met):
    # stored copy of the Tavistock M7 page: "at least a year's direct work with children or families"
    found = item(ask(built_catalogue, "family support worker", degree="degree", experience_years=years, level=1),
                 "tavistock-m7-pre-clinical")
    said = f"{years:g} years' experience, at least 1 needed"
    assert (said in found["reasons"]) == met, found["reasons"]
    assert ("needs at least a year's direct work with children or families" in found["missing"]) == (not met)
    assert "a degree: at least a degree needed" in found["reasons"]


# --- the words a person reads: why a requirement is met, what to confirm, why a course ranks --------
# Each reason is a sentence the person reads beside a verdict; it must name their own answer
# and what the rule asks. The profession names come from professions.yaml, the registers from
# registration_bodies.yaml, the thresholds from the rule's own words.

UNKNOWN_REGISTER = {"registrations": None}  # a person whose register is not known at all (not even assumed)

REASON_CASES = [
    # (profession words, answers, requirement kind, parameters, state, exact reason)
    ("health visitor", dict(), "profession_group", {"any_of": ["nursing"]}, "met",
     "Health visitor: in the nursing group"),
    ("health visitor", dict(), "profession_group", {"any_of": ["core_pair_profession"]}, "met",
     "Health visitor: in the core pair profession group"),
    ("midwife", dict(), "profession", {"any_of": ["midwife"]}, "met", "Midwife: a profession this is for"),
    ("social worker", dict(stage="trainee"), "stage", {"any_of": ["trainee", "student"]}, "met", "stage: trainee"),
    ("social worker", dict(), "professional_qualification", {}, "met",
     "a qualified social worker: counts as a professional qualification"),
    # issue 21: a verdict never rests on an assumption: a register only assumed is asked
    ("health visitor", dict(), "registration", {"any_of": ["NMC"]}, "unsettled",
     "registered with NMC assumed as usual for your profession: say --registration NMC"),
    ("health visitor", dict(registrations="NMC"), "registration", {"any_of": ["NMC"]}, "met", "registered with NMC"),
    ("health visitor", dict(), "registration", {"any_of": ["UKCP"]}, "unsettled", "no registration given: say --registration"),
    ("family support worker", dict(), "registration", {"any_of": ["UKCP"]}, "unsettled",
     "no registration given: say --registration"),
    ("family support worker", UNKNOWN_REGISTER, "registration", {"any_of": ["UKCP"]}, "unsettled",
     "no registration given"),
    ("health visitor", dict(registrations="NMC"), "clinical_registration", {}, "met",
     "registered with NMC: a recognised clinical registration"),
    ("health visitor", dict(), "clinical_registration", {}, "unsettled",
     "registered with NMC assumed as usual for your profession: say --registration NMC"),
    ("family support worker", dict(), "clinical_registration", {}, "unsettled",
     "no registration given: say --registration"),
    ("family support worker", UNKNOWN_REGISTER, "clinical_registration", {}, "unsettled", "no registration given"),
    ("social worker", dict(registrations="none"), "clinical_registration", {}, "unmet", ""),
    ("family support worker", dict(), "degree", {"at_least": "degree"}, "unsettled", "no degree given"),
    ("family support worker", dict(degree="degree"), "degree", {"at_least": "2:1"}, "unsettled",
     "the class of your degree was not given: say --degree 2:1 if it is"),
    ("family support worker", dict(degree="2:1"), "degree", {"at_least": "degree"}, "met",
     "a 2:1 degree: at least a degree needed"),
    ("health visitor", dict(), "degree", {"at_least": "degree"}, "unsettled",
     "a degree assumed as usual for your profession: say --degree"),
    ("health visitor", dict(), "degree", {"at_least": "postgraduate"}, "unsettled",
     "only a degree assumed: say --degree if you have more"),
    ("family support worker", dict(), "experience_years", {"at_least": 2}, "unsettled", "no experience given"),
    ("family support worker", dict(level=2), "aimh_level", {"at_least": 2}, "met", "AiMH level 2: at least level 2 needed"),
    ("family support worker", dict(level=1), "aimh_level", {"at_least": 2}, "unmet", ""),
]


@pytest.mark.parametrize("profession, answers, kind, parameters, state, reason", REASON_CASES,
                         ids=[f"{c[0]}-{c[2]}-{c[4]}-{i}" for i, c in enumerate(REASON_CASES)])
def test_the_reason_a_person_reads_names_their_answer(built_catalogue, profession, answers, kind, parameters, state,
                                                       reason):
    from recommender.catalogue.objects import Requirement
    from recommender.advice.eligibility import check
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(built_catalogue)
    if answers is UNKNOWN_REGISTER:
        _, person = recommender.person(profession)
        person = replace(person, registrations=None)
    else:
        _, person = recommender.person(profession, **answers)
    assert check(Requirement(kind, parameters, "x", "eligible_if"), person, recommender.catalogue) == (state, reason)


def test_a_prior_training_a_profession_implies_says_so(built_catalogue):
    # seed-002 7.5: child psychotherapists have completed the pre-clinical course on their way.
    from recommender.catalogue.objects import Requirement
    from recommender.advice.eligibility import check
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(built_catalogue)
    _, person = recommender.person("child psychotherapist")
    requirement = Requirement("completed", {"what": "a pre-clinical course", "satisfied_by":
                                            ["child-and-adolescent-psychotherapist"]}, "x", "eligible_if")
    assert check(requirement, person, recommender.catalogue) == (
        "met", "a pre-clinical course: done by every child and adolescent psychotherapist")


def test_one_of_several_options_unsettled_is_asked_with_each_options_question(built_catalogue):
    # seed-002 Appendix 1 (Northampton): "At least 2:1 honours in relevant degree or registered
    # healthcare professional": neither answer given, both are asked.
    from recommender.catalogue.objects import Requirement
    from recommender.advice.eligibility import check
    from recommender.advice.recommendation import recommender_for

    recommender = recommender_for(built_catalogue)
    _, person = recommender.person("family support worker")
    either = Requirement("any_of", {}, "x", "eligible_if", options=[
        Requirement("degree", {"at_least": "2:1"}, "a", None), Requirement("registration", {"any_of": ["NMC"]}, "b", None)])
    assert check(either, person, recommender.catalogue) == (
        "unsettled", "no degree given; no registration given: say --registration")


def test_confirm_items_carry_the_rules_own_words(built_catalogue, repo_root):
    # seed-002 5.4.1 (recruit to train): the rule's `missing` words in eligibility.yaml, asked as
    # they are, with nothing added.
    import yaml

    rules = yaml.safe_load((repo_root / "crawler" / "reference" / "eligibility.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in rules if r.get("route") == "recruit-to-train")
    words = [req["missing"] for req in rule["requirements"] if req["kind"] == "confirm"]
    found = item(ask(built_catalogue, "health visitor", level=1), "recruit-to-train")
    assert [m for m in found["missing"] if m.startswith("confirm:")] == [f"confirm: {w}" for w in words]


@pytest.mark.parametrize("profession, level", [("health visitor", 1), ("family support worker", 0)])
def test_each_courses_ranking_line_says_what_decided_its_place(built_catalogue, profession, level):
    # RANKING: level fit, verdict, funding, then the fee (for those who pay), the longest
    # duration, the mode. Each course's line says these in its own facts.
    # Unknown is "not known" (issue 23: one word for unknown); money as £6,215, months as months.
    funding = {True: "funded", None: "funding not known", False: "self-funded or fee-paying"}
    for course in ask(built_catalogue, profession, level=level)["courses"]:
        parts = [course["level_fit"], course["verdict"].replace("_", " "), funding[course["funded"]]]
        if course["funded"] is not True:
            parts.append("fee not known" if course["fee_gbp"] is None else f"fee £{course['fee_gbp']:,.0f}")
        months = course["duration_months_max"]
        parts.append("length not known" if months is None
                     else f"up to {round(months, 1):g} month" + ("" if round(months, 1) == 1 else "s"))
        parts.append(f"mode: {course['mode']}" if course["mode"] else "mode not known")
        assert course["ranking"] == "; ".join(parts), course["id"]


# --- issue 21: what to confirm and what to complete first, each with its length ------------

def test_to_complete_first_walks_the_chain_with_each_length(built_catalogue):
    # seed-002 7.5: "students will have completed a 2-year post graduate level pre-clinical course (or
    # equivalent)"; the stored Tavistock M7 page: "a first degree or equivalent"; pathway_steps.yaml:
    # a first degree takes "3 to 4 years full time" (QAA FHEQ). With no degree, both come first, in order.
    found = item(ask(built_catalogue, "family support worker", degree="none", experience_years=3, level=1),
                 "acp-child-adolescent-psychotherapy-training")
    assert found["verdict"] == "eligible_if"
    first = found["to_complete_first"]
    assert [("first degree" in s["what"], "pre-clinical course" in s["what"]) for s in first] == [(True, False),
                                                                                                 (False, True)]
    assert (first[0]["duration"], first[0]["duration_months_min"], first[0]["duration_months_max"]) == (
        "3 to 4 years full time", 36.0, 48.0)
    assert "two-year" in first[1]["duration"] and first[1]["duration_months_max"] == 24.0  # "a two-year pre-clinical course"
    assert "M7" in first[1]["what"]
    assert found["to_confirm"] == []
    # with a degree, only the pre-clinical course is left to complete
    with_degree = item(ask(built_catalogue, "family support worker", degree="degree", experience_years=3, level=1),
                       "acp-child-adolescent-psychotherapy-training")
    assert [("pre-clinical course" in s["what"]) for s in with_degree["to_complete_first"]] == [True]


@pytest.mark.parametrize("years, months_left", [(1.5, 6.0), (1.9, 1.2), (2, None), (2.5, None)])
def test_experience_still_to_gain_is_counted_in_months(built_catalogue, years, months_left):
    # seed-000: "expected to have 2 years' experience of working professionally with children and families"
    found = item(ask(built_catalogue, "family support worker", degree="degree", experience_years=years, level=1),
                 "ieyp-postgraduate-diploma")
    gained = [s for s in found["to_complete_first"] if "2 years' experience" in s["what"]]
    if months_left is None:
        assert gained == [] and found["verdict"] == "eligible"
    else:
        assert [(s["duration_months_min"], s["duration_months_max"]) for s in gained] == [(months_left, months_left)]
        assert f"you gave {years:g}" in gained[0]["what"]


def test_a_level_to_reach_first_and_a_degree_to_confirm(built_catalogue):
    # seed-002 4.2 "Clinical capabilities of levels 2 and 3 practitioners are the same": FH&SfL level 3
    # builds on level 2; from level 1 that level is to reach first (its length depends on the pathway).
    found = item(ask(built_catalogue, "family therapist", level=1, target=3), "fhsfl-level-3-supervision-training")
    assert [(s["what"].startswith("reach AiMH level 2 first"), s["duration_months_max"])
            for s in found["to_complete_first"]] == [(True, None)]
    assert any(c.startswith("for experienced supervisors") for c in found["to_confirm"])
    # seed-002 Appendix 1, Glasgow microcredential: "at least Undergraduate level education": with no degree
    # the degree is to complete first (3 to 4 years); with the degree unknown it is only to confirm
    none = item(ask(built_catalogue, "family support worker", degree="none"), "glasgow-understanding-imh-microcredential")
    assert [(s["duration_months_min"], s["duration_months_max"]) for s in none["to_complete_first"]] == [(36.0, 48.0)]
    unknown = item(ask(built_catalogue, "family support worker"), "glasgow-understanding-imh-microcredential")
    assert unknown["to_complete_first"] == [] and unknown["to_confirm"]


def test_a_course_with_no_rule_is_to_confirm_with_the_provider(built_catalogue):
    found = item(ask(built_catalogue, "health visitor", level=0), "sunderland-infant-mental-health")
    assert found["to_confirm"] == ["no entry requirements recorded: check with the provider"]
    assert found["to_complete_first"] == []


def test_an_assumed_register_is_asked_and_a_given_one_counts(built_catalogue):
    # seed-002 Appendix 1 (OxPIP diploma): "professionals who have a recognised professional clinical registration"
    assumed = item(ask(built_catalogue, "health visitor", level=1), "oxpip-parent-infant-therapist-diploma")
    given = item(ask(built_catalogue, "health visitor", level=1, registrations="NMC"), "oxpip-parent-infant-therapist-diploma")
    assert assumed["verdict"] == "eligible_if" and any("say --registration NMC" in c for c in assumed["to_confirm"])
    assert given["verdict"] == "eligible" and given["to_confirm"] == []
