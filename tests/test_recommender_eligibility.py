"""Verdicts checked against the seeds' own words.

Each case names a person (their answers, all given explicitly unless the case is about an
unknown answer), one course or route, the verdict the source's words support, and the words
themselves (`because`). Expected values come from the sources, never from the product's
constants: the `missing` text a case looks for is a phrase of the source's rule. Thresholds
(experience years, degree class, AiMH level) are tested at, below and above their boundary.
"""
import pytest

from recommender import recommend
from recommender.errors import UserError

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
    ("placement-for-a-qualified-clinical-psychologist", "clinical psychologist", dict(),
     "clinical-placement", "eligible", None, "either pre or post registration"),
    ("placement-for-a-health-visitor", "health visitor", dict(),
     "clinical-placement", "eligible", None, "from any of the core professional groups"),
    ("no-placement-for-a-nursery-nurse", "nursery nurse", dict(),
     "clinical-placement", "not_eligible", "core PAIR professions", "from any of the core professional groups"),
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
