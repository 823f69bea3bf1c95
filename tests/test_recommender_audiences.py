"""Issue 21: advice that is right for every audience the source documents name.

A table of people drawn from the audiences of seed-002 (sections 2.1 and 8: the PAIR team
roles), seed-003 (the FH&SfL level 1, 2 and 3 target audiences) and seed-004 (the services
it names), typed the way people type: shorthand, typos, a setting or a seniority word beside
the role, a qualification level. Each runs through the real command line (`--json`), and each
expectation quotes the seed words it rests on. Every answer is also checked against the
invariants the issue names (nothing in the top three that first needs something completed,
no eligible verdict resting on an assumption, a first pathway step open now, a trainee never
sent to the training they are on).
"""
import json
import subprocess
from dataclasses import dataclass, field

import pytest

# seed-002 section 8: "All of the above (except the service manager/administrator) will need a
# combination of either a clinical placement and/or post-qualifying training to attain level 2"
PLACEMENT, PQ = "clinical-placement", "specialist-post-qualifying-training"
OPEN = {"eligible", "eligible_if"}
AWARENESS = {"nes-imh-developing-positive-early-attachments", "hee-perinatal-mental-health-elearning",
             "fhsfl-level-1-awareness-training"}   # seed-003 level 1: "available to everyone ..."


@dataclass
class Case:
    id: str
    words: str
    args: tuple
    quote: str                      # the seed words the expectations rest on
    profession: str | None = None   # expected profession id; None when the words must be asked about
    asks: tuple = ()                # names the question (exit 2) must list
    stage: str | None = None
    routes: dict = field(default_factory=dict)    # route id -> set of allowed verdicts
    courses: dict = field(default_factory=dict)   # course id -> set of allowed verdicts
    top3_awareness: bool = False    # a level 1 awareness course is among the best three
    top3_max_months: float | None = None  # no course in the best three takes longer (at least)
    first_step_max_months: float | None = None
    advice: bool = False            # the answer tells the role what leading a trained workforce needs
    qualification: bool = False     # a qualification level was read as a qualification, not an AiMH level
    on_training: bool = False       # the answer says what the trainee is already on
    error_words: tuple = ()         # words of a one-line refusal (exit 2)


S8 = "seed-002 8: 'All of the above (except the service manager/administrator) will need a combination of " \
     "either a clinical placement and/or post-qualifying training to attain level 2 in AiMH competencies'"
L1 = "seed-003 Level 1: 'this training should be available to everyone who provides support to families " \
     "expecting a baby or who have a baby under the age of two'"
VOL = "seed-003 Level 1: 'volunteers (for example, peer support workers)'; 'For elements of the workforce who " \
      "may not have received any prior training in these areas, such as volunteers, you may like to encourage " \
      "them to complete the elearning'"

CASES = [
    # --- seed-002 2.1.2, 2.1.3 and 8: the PAIR team's roles ---
    Case("consultant-clin-psych-lead", "consultant clin psych, clinical lead", ("--level", "2", "--target", "3"),
         "seed-002 2.1.2: 'teams are led by a Consultant Practitioner Psychologist ... who meets ... AiMH "
         "competency level 3'; 5.2 'Clinical placement during professional training'",
         profession="clinical-psychologist", stage="qualified", routes={PLACEMENT: {"eligible_if"}, PQ: OPEN}),
    Case("consultant-practitioner-psychologist", "Consultant Practitioner Psychologist", ("--level", "2", "--target", "3"),
         "seed-002 2.1.2: 'a Consultant Practitioner Psychologist'", profession="psychologist", stage="qualified"),
    Case("trainee-clin-psych", "trainee clin psych", (),
         "seed-002 5.2: 'some (not many) clinical psychologists undertake a placement in a parent-infant "
         "context, typically for 6 months in the final year of their training'",
         profession="clinical-psychologist", stage="trainee", routes={PLACEMENT: {"eligible"}, PQ: {"not_eligible"}}),
    Case("capt-in-camhs", "CAPT in CAMHS", ("--level", "1"),
         "seed-002 5.2: 'ACP registered Child and Adolescent Psychotherapists (CAPTs) usually have a 4-year "
         "clinical training placement in a CAMHS setting'", profession="child-and-adolescent-psychotherapist",
         stage="qualified", routes={PLACEMENT: {"eligible_if"}, PQ: {"eligible", "eligible_if"}}),
    Case("trainee-child-psychotherapist", "trainee child psychotherapist in CAMHS", ("--level", "1"),
         "seed-002 5.2: CAPTs 'usually have a 4-year clinical training placement in a CAMHS setting' (they are "
         "on it); 7.3 'clinical training posts are usually in CAMHS services'",
         profession="child-and-adolescent-psychotherapist", stage="trainee", routes={PLACEMENT: {"eligible"}},
         on_training=True),
    Case("parent-infant-psychotherapist", "parent infant psychotherapist", ("--level", "2", "--target", "3"),
         "seed-002 2.1.3: 'Clinical Psychologist/Child/Parent-Infant Psychotherapist clinicians'",
         profession="parent-infant-psychotherapist", stage="qualified", routes={PQ: OPEN}),
    Case("specialist-hv", "Specialist HV (PIMH)", ("--level", "2", "--target", "3"),
         "seed-002 2.1.3: 'a Specialist Midwife, Specialist Health Visitor and a Social Worker. All of whom have "
         "done additional post-qualifying PAIR training'", profession="specialist-health-visitor", stage="qualified",
         routes={PQ: OPEN}),
    Case("hv-at-a-childrens-centre", "HV at a childrens centre", ("--level", "1"),
         "seed-002 8: '3 x Parent-Infant Specialist (e.g. Health Visitor, Mid Wife, Social Worker)'; " + S8,
         profession="health-visitor", stage="qualified", routes={PQ: OPEN, PLACEMENT: {"eligible_if"}}),
    Case("hv-in-a-gp-practice", "HV in a GP practice", ("--level", "1"),
         "seed-002 8: 'Health Visitor'; seed-004: 'maternity services, health visiting, early years settings'",
         profession="health-visitor", stage="qualified"),
    Case("band-6-hv-typo", "band 6 helth visiter", ("--level", "1"),
         "seed-002 5.2: 'Health Visitors will do a clinical placement as part of their year-long training'",
         profession="health-visitor", stage="qualified", routes={PLACEMENT: {"eligible_if"}}),
    Case("student-hv", "student health visitor", (),
         "seed-002 5.2: 'Health Visitors will do a clinical placement as part of their year-long training'",
         profession="health-visitor", stage="student", routes={PLACEMENT: {"eligible"}}),
    Case("specialist-midwife", "specialist midwife, maternity", ("--level", "1"),
         "seed-002 2.1.3: 'a Specialist Midwife ... All of whom have done additional post-qualifying PAIR "
         "training'", profession="specialist-midwife", stage="qualified", routes={PQ: OPEN}),
    Case("student-midwife", "student midwife", (),
         "seed-002 8: 'Parent-Infant Specialist (e.g. Health Visitor, Mid Wife, Social Worker)'; " + S8,
         profession="midwife", stage="student", routes={PLACEMENT: {"eligible"}}),
    Case("trainee-social-worker", "trainee SW", (),
         "seed-002 8: 'Parent-Infant Specialist (e.g. Health Visitor, Mid Wife, Social Worker)'; " + S8,
         profession="social-worker", stage="trainee", routes={PLACEMENT: {"eligible"}}),
    Case("social-worker-in-childrens-social-care", "social worker in children's social care", ("--level", "1"),
         "seed-002 2.1.3: 'a Social Worker is often the critical link to ensuring that families who are engaged "
         "with social care get access to support'; " + S8, profession="social-worker", stage="qualified",
         routes={PQ: OPEN, PLACEMENT: {"eligible_if"}}),
    Case("family-hub-manager", "family hub manager", (),
         "seed-002 2.1.3 'Service Manager'; " + S8 + "; " + L1 + "; seed-004: 'Service leads might be asked to "
         "review their own services'", profession="service-manager", stage="none",
         routes={PLACEMENT: {"not_eligible"}, PQ: {"not_eligible"}}, top3_awareness=True, advice=True,
         first_step_max_months=1),
    Case("manager-of-a-childrens-centre", "manager of a children's centre", (),
         "seed-002 2.1.3 'Service Manager'; " + L1, profession="service-manager", stage="none",
         top3_awareness=True, advice=True),
    Case("admin-in-a-pair-team", "team administrator in a PAIR team", (),
         "seed-002 2.1.3 'Admin Staff'; 8 '1 x Service Manager/Admin'; " + S8, profession="admin-staff",
         stage="none", routes={PLACEMENT: {"not_eligible"}, PQ: {"not_eligible"}}, top3_awareness=True),
    Case("family-coordinator", "family co-ordinator", (),
         "seed-002 2.1.3: 'Other teams may also include posts such as Family Coordinator, Parent Support Workers'",
         profession="family-coordinator", stage="none", top3_awareness=True),
    Case("parent-support-worker", "parent support worker", (),
         "seed-002 2.1.3: 'posts such as Family Coordinator, Parent Support Workers'", profession="family-support-worker",
         top3_awareness=True),
    Case("parent-therapist", "parent therapist", ("--level", "1"),
         "seed-002 2.1.3: 'some include a Parent Therapist as well'", profession="parent-therapist", stage="qualified"),
    Case("early-attachment-specialist", "early attachment specialist", ("--level", "1"),
         "seed-002 2.1.3: 'Parent-Infant specialists/Early Attachment Specialists/Health visitor/Midwife/Social "
         "worker'", profession="parent-infant-specialist", stage="qualified", routes={PQ: OPEN}),
    Case("ot-in-camhs", "OT working in CAMHS", ("--level", "1"),
         "seed-002 2.1.3: 'other allied mental health professionals ... This includes Family Therapists, "
         "Counsellors, Music Therapists, Occupational Therapists, CYP IAPT'", profession="occupational-therapist",
         routes={PQ: OPEN}),
    Case("cyp-iapt-trainee", "CYP IAPT trainee", ("--level", "1"),
         "seed-002 5.4.3: 'A government funded recruit to train programme where trainees are trained in two core "
         "PAIR interventions' (they are on it)", profession="cyp-iapt-practitioner", stage="trainee",
         on_training=True),
    Case("pre-clinical-student", "M7 student", (),
         "seed-002 5.4.2: 'Assistant CAPTs are recruited during their post-graduate pre-clinical training' (they "
         "are on it)", profession="pre-clinical-child-psychotherapy-student", stage="student",
         routes={"acapt": {"eligible"}}, on_training=True),
    # --- seed-003 Level 1 target audience ---
    Case("nursery-nurse-level-3", "nursery nurse level 3", (),
         L1 + ": 'nursery nurses'; a Level 3 diploma is an occupational qualification, not AiMH level 3 ('the "
         "knowledge and skills required to supervise and manage', seed-002 4.2)", profession="nursery-nurse",
         qualification=True, top3_awareness=True, first_step_max_months=3),
    Case("nursery-nurse-level-3-with-level-3", "nursery nurse level 3", ("--level", "3"),
         "seed-002 4.2: AiMH level 3 is 'the knowledge and skills required to supervise and manage': a Level 3 "
         "qualification beside the title is asked about, never read as it",
         error_words=("occupational qualification", "AiMH level")),
    Case("l3-early-years-practitioner", "L3 early years practitioner", (),
         L1 + ": 'early years practitioners'", profession="early-years-practitioner", qualification=True,
         top3_awareness=True),
    Case("nursing-associate", "trainee nursing associate", (),
         L1 + ": 'nursing associates'", profession="nursing-associate", stage="trainee", top3_awareness=True),
    Case("early-help-worker", "early help worker at a family hub", (),
         L1 + ": 'early help workers'", profession="early-help-worker", top3_awareness=True),
    Case("fsw-typo", "famly suport worker", (),
         L1 + ": 'family support workers'", profession="family-support-worker", top3_awareness=True),
    Case("outreach-worker", "outreach worker", (),
         "seed-003: staff are expected to 'provide outreach support in person and virtually for families and "
         "babies' (family support workers among those it names)", profession="family-support-worker",
         top3_awareness=True),
    Case("perinatal-mh-nurse", "RMN in the perinatal team", ("--level", "1"),
         L1 + ": 'mental health nurses'", profession="mental-health-nurse", stage="qualified"),
    Case("neonatal-nurse", "neonatal nurse on NICU", (),
         L1 + ": 'neonatal practitioners'", profession="neonatal-practitioner", top3_awareness=True),
    Case("volunteer-at-a-childrens-centre", "volunteer at a childrens centre", (),
         VOL, profession="peer-support-worker", stage="none", top3_awareness=True, first_step_max_months=1,
         routes={PLACEMENT: {"not_eligible"}, PQ: {"not_eligible"}},
         courses={"tavistock-infant-observation-perinatal": {"eligible_if"}}),
    Case("peer-supporter", "peer supporter", (), VOL, profession="peer-support-worker", stage="none",
         top3_awareness=True, first_step_max_months=1),
    Case("maternity-support-worker", "maternity support worker", (),
         L1 + " (support staff in maternity services: seed-004 'maternity services')",
         profession="healthcare-assistant", stage="none", top3_awareness=True),
    # --- seed-003 Level 2 and 3 target audiences ---
    Case("early-years-worker-level-2", "early years worker", ("--level", "1"),
         "seed-003 Level 2: 'This could include; health visitors, midwives, psychological professions, social "
         "workers, early years workers'", profession="early-years-practitioner",
         courses={"fhsfl-level-2-intervention-training": {"eligible_if"}}),
    Case("family-therapist-supervisor", "family therapist", ("--level", "2", "--target", "3"),
         "seed-003 Level 3: 'experienced supervisors, such as psychologists, psychotherapists, or family "
         "therapists'", profession="family-therapist", courses={"fhsfl-level-3-supervision-training": {"eligible_if"}}),
    Case("ukcp-psychotherapist", "psychotherapist (UKCP)", ("--level", "2", "--target", "3"),
         "seed-003 Level 3: 'psychotherapists'; seed-002 Appendix 1: 'already UKCP qualified i.e. open to "
         "psychotherapists'", profession="ukcp-psychotherapist",
         courses={"bpf-parent-infant-psychotherapy": {"eligible"}}),
    # --- seed-004's services and workforce ---
    Case("childcare-practitioner", "childcare practitioner in a day nursery", (),
         "seed-004: 'social workers, health visitors, family support workers and childcare practitioners'; 'early "
         "years settings'", profession="early-years-practitioner", top3_awareness=True),
    Case("early-years-family-practitioner", "early years family practitioner", ("--level", "1"),
         "seed-004: 'psychologists and early years family practitioners'", profession="early-years-practitioner"),
    Case("gp-level-0", "GP", (),
         L1 + " (families meet their GP in primary care)", profession="general-practitioner", top3_awareness=True,
         first_step_max_months=1),
    Case("commissioner", "commissioner", (),
         "seed-003: the Board will 'bring key leaders, decision makers, commissioners ... together'; seed-004 "
         "'Looking across assessments ... can help local strategic partners'", profession="service-manager",
         stage="none", advice=True),
    # --- kind 6: ranking by fit for the next step ---
    Case("nursery-manager-no-degree", "nursery manager", ("--level", "1", "--degree", "none"),
         "seed-002 7.5: clinical training needs 'a 2-year post graduate level pre-clinical course'; the pre-clinical "
         "course needs 'a first degree or equivalent' (stored copy): neither belongs in the best three",
         profession="nursery-manager", top3_max_months=24, advice=True),
    Case("childrens-centre-worker-no-degree", "childrens centre worker", ("--level", "1", "--degree", "none"),
         "seed-000: 'children's centre workers'; seed-002 7.5 (the pre-clinical course first)",
         profession="childrens-centre-worker", top3_max_months=24),
    Case("aimh-level-in-the-words", "AiMH level 2 HV", ("--level", "2", "--target", "3"),
         "seed-002 4.2: the AiMH levels '(2) advanced knowledge and skills ... (3) the knowledge and skills "
         "required to supervise and manage': an AiMH level in the words is not a qualification level",
         profession="health-visitor", stage="qualified", routes={PQ: OPEN}),
    Case("midwifery-support-worker", "midwifery support worker", (),
         L1 + " (support staff in 'maternity services', seed-004): not a midwife", profession="healthcare-assistant",
         stage="none", top3_awareness=True),
    # --- two professions named: asked, never guessed ---
    Case("sw-and-hv", "social worker and health visitor", (),
         "seed-002 8 names both 'Health Visitor' and 'Social Worker': which one is this person?",
         asks=("Health visitor", "Social worker")),
    Case("hv-team-manager", "HV team manager", (),
         "seed-002 8 names both the 'Health Visitor' and the 'Service Manager'",
         asks=("Health visitor", "Service manager")),
]


def run_cli(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", "recommend", "--db", str(db), *args, "--json"],
                          cwd=repo_root, capture_output=True, text=True, timeout=120)


def test_at_least_forty_people_from_the_seeds_audiences():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)
    assert all(c.quote for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_audience_gets_the_answer_the_seeds_support(python_exe, repo_root, built_catalogue, case):
    done = run_cli(python_exe, repo_root, built_catalogue, "--profession", case.words, *case.args)
    assert "Traceback" not in done.stderr, done.stderr
    if case.asks or case.error_words:
        assert done.returncode == 2, (case.quote, done.stdout[:300])
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        for word in case.asks + case.error_words:
            assert word in done.stderr, (case.quote, done.stderr)
        return
    assert done.returncode == 0, (case.quote, done.stderr)
    result = json.loads(done.stdout)
    assert result["profession"]["id"] == case.profession, (case.quote, result["profession"])
    if case.stage:
        assert result["stage"] == case.stage, (case.quote, result["stage_basis"])
    routes = {r["id"]: r for r in result["routes"]}
    for route_id, verdicts in case.routes.items():
        assert routes[route_id]["verdict"] in verdicts, (case.quote, route_id, routes[route_id]["missing"])
    courses = {c["id"]: c for c in result["courses"]}
    for course_id, verdicts in case.courses.items():
        assert courses[course_id]["verdict"] in verdicts, (case.quote, course_id, courses[course_id]["missing"])
    top3 = result["courses"][:3]
    if case.top3_awareness:
        assert AWARENESS & {c["id"] for c in top3}, (case.quote, [c["id"] for c in top3])
    if case.top3_max_months is not None:
        assert all((c["duration_months_min"] or 0) < case.top3_max_months for c in top3), \
            (case.quote, [(c["id"], c["duration_months_min"]) for c in top3])
    if case.first_step_max_months is not None:
        first = result["pathways"][0]["steps"][0]
        assert first["duration_months_max"] is not None and first["duration_months_max"] <= case.first_step_max_months, \
            (case.quote, first)
    if case.advice:
        said = " ".join(a["text"] for a in result["role_advice"])
        assert "level 1 awareness" in said and "self-assessment" in said, (case.quote, said)
        assert all(a["source"]["title"] for a in result["role_advice"])
    if case.qualification:
        assert result["profession"]["qualification"], case.quote
        assert any("not an AiMH level" in q["read_as"] for q in result["profession"]["qualification"])
        assert any("occupational qualification" in n for n in result["notes"])
    if "aimh level" in case.words.lower():
        assert not result["profession"]["qualification"] and any("is an AiMH level" in n for n in result["notes"])
    if case.on_training:
        assert any(c["on_this_training"] for c in result["courses"] + result["routes"]), case.quote
    assert_invariants(result)


def assert_invariants(result):
    """What holds for every answer (issue 21)."""
    courses = result["courses"]
    # no top-3 course has something to complete first; such a course ranks below every course without
    assert not any(c["to_complete_first"] for c in courses[:3]), [(c["id"], c["to_complete_first"]) for c in courses[:3]]
    seen_first = False
    for course in courses:
        if course["verdict"] == "not_eligible":
            break
        seen_first = seen_first or bool(course["to_complete_first"])
        assert not (seen_first and not course["to_complete_first"] and not course["on_this_training"]), course["id"]
    # an eligible verdict never rests on an assumption, and has nothing to confirm or complete
    for item in courses + result["routes"]:
        assert set(item) >= {"verdict", "missing", "to_confirm", "to_complete_first"}
        if item["verdict"] == "eligible":
            assert item["missing"] == [] and item["to_confirm"] == [] and item["to_complete_first"] == []
            assert not any("assumed" in r for r in item["reasons"]), (item["id"], item["reasons"])
        # the new fields split `missing`, which keeps its words: every confirm item is in to_confirm
        confirms = [m[len("confirm: "):] for m in item["missing"] if m.startswith("confirm: ")]
        assert confirms == item["to_confirm"] or "no entry requirements recorded" in " ".join(item["to_confirm"])
        for step in item["to_complete_first"]:
            assert set(step) == {"what", "duration", "duration_months_min", "duration_months_max"}
    # the first pathway step is open now: nothing unmet, only things to confirm
    if result["pathways"]:
        first = result["pathways"][0]["steps"][0]
        assert first["verdict"] != "not_eligible" and all(m.startswith("confirm: ") for m in first["missing"]), first
    # from level 0, the first step is the shortest step open now that reaches level 1 (seed-003 points
    # volunteers to "the elearning" first): lengths in hours count too
    if result["aimh_level"] == 0 and result["pathways"]:
        first = result["pathways"][0]["steps"][0]
        open_now = [i["duration_months_max"] for i in courses + result["routes"]
                    if i["verdict"] != "not_eligible" and not i["to_complete_first"] and not i["on_this_training"]
                    and (i.get("aimh_level_expected") or 0) == 0 and (i["aimh_level_target"] or 0) >= 1
                    and i["duration_months_max"] is not None]
        if open_now:
            assert first["duration_months_max"] is not None and first["duration_months_max"] <= min(open_now), first
    # a trainee is never sent to the training they are on
    on = {(("route" if "name" in i and "title" not in i else "course"), i["id"]) for i in courses + result["routes"]
          if i["on_this_training"]}
    for pathway in result["pathways"]:
        assert not on & {(s["kind"], s["id"]) for s in pathway["steps"]}, pathway
    assert not any(c["on_this_training"] for c in courses[:3])
    # a volunteer or support role has no professional stage
    if result["stage"] == "none":
        assert "qualified" not in result["stage_basis"]
