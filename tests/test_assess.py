"""Seed 004's workforce checklist as data, and `python -m recommender assess` (the real CLI).

Expected values are the seeds' own words, quoted here: seed 004 (the checklist and the parts of
the workforce it names), seed 003 (the FH&SfL training levels and who each is for), seed 002
(the AiMH levels, Appendix 1's eligibility words).
"""
import json
import sqlite3
import subprocess

import pytest

from catalogue_rows import rows

TIMEOUT = 120

# seed 004, "Workforce checklist tool": "To what extent do the workforce:" then these rows, in order.
SEED_004_ITEMS = [
    "Understand child development – particularly social and emotional development - from pregnancy to age 5, "
    "including expected developmental milestones",
    "Understand how to meet the needs of children with additional needs such as physical or developmental "
    "disabilities, illness or who are neurodivergent.",
    "Have the knowledge and ability to implement strategies or practices, based in evidence, to promote babies' and "
    "young children's mental health in ways that are appropriate to their role (e.g. to support attuned "
    "parent-infant relationships or to support the development of young children's emotional regulation)",
    "Have the knowledge, skills and opportunities to \"tune in\" to the cues and communications of the babies and "
    "toddlers they are working with and respond sensitively and appropriately to their needs.",
    "Understand the importance of parent-child relationships.",
    "Have the knowledge and skills to observe the quality of parent-child relationships and identify any concerns.",
    "Have the ability to practice in a relationships-informed and trauma-informed way with both parents/carers and "
    "young children.",
    "Understand other services available to local parents and how to signpost or refer families for additional "
    "support as necessary.",
    "Have opportunities to reflect with colleagues and supervisors on what is happening for a child who is "
    "displaying emotional or behavioural problems, and what aspects of the child's environment or experiences may "
    "be playing a role in this, and what the best response might be.",
    "Have reflective supervision to reflect on their own wellbeing, culture, values, beliefs, feelings and "
    "behaviours, and to address issues to enable them to respond in sensitive, nurturing ways to families' needs.",
    "Learn together with other professionals in the local area, to develop shared understanding, to benefit from "
    "each other's skills and expertise, and to build relationships that support joined-up care for families.",
]
# seed 004, Suggested action: "the skills and capacities of different parts of the workforce in your local area
# such as across maternity services, health visiting, early years settings, family hubs, the voluntary sector,
# children's services and more"
SEED_004_PARTS = ["maternity services", "health visiting", "early years settings", "family hubs",
                  "the voluntary sector", "children's services"]


def assess(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", "assess", *map(str, args), "--db", str(db)],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)


# --- the checklist as reference data -------------------------------------------------------------

def test_the_eleven_items_are_seed_004s_words_in_its_order(built_catalogue):
    items = rows(built_catalogue, "SELECT number, words, source_id FROM checklist_items ORDER BY number")
    assert [i["words"] for i in items] == SEED_004_ITEMS
    assert [i["number"] for i in items] == list(range(1, 12))
    assert {i["source_id"] for i in items} == {"seed-004"}


def test_the_workforce_parts_are_the_ones_seed_004_names(built_catalogue):
    words = [r["words"] for r in rows(built_catalogue, "SELECT words FROM workforce_parts ORDER BY position")]
    assert words[:6] == SEED_004_PARTS
    # seed 004 Analysis: "capacity for specialist supervision across services such as health visiting, maternity
    # services and social work"
    assert "social work" in words


def test_the_fhsfl_levels_are_seed_003s(built_catalogue):
    levels = {r["level"]: r for r in rows(built_catalogue, "SELECT * FROM fhsfl_levels")}
    # seed 003, Improving workforce capability through training
    assert "increasing awareness and identification of difficulties" in levels[1]["name"]
    assert "evidence-based interventions" in levels[2]["name"]
    assert "increasing supervision capabilities" in levels[3]["name"]
    assert "volunteers" in levels[1]["who"]  # "volunteers (for example, peer support workers)"
    assert "psychotherapists" in levels[3]["who"]  # "experienced supervisors, such as psychologists, psychotherapists"


@pytest.mark.parametrize("number, ladder, level", [
    (5, "FH&SfL", 1),   # seed 003 level 1: "training on perinatal mental health and parent–infant relationships"
    (3, "FH&SfL", 2),   # seed 003 level 2: "evidence-based interventions that promote parent–infant relationships"
    (6, "FH&SfL", 1),   # seed 003 level 1: "increasing awareness and identification of difficulties"
    (9, "FH&SfL", 3),   # seed 003 level 3: "Increasing supervision capabilities"
    (10, "FH&SfL", 3),
    (10, "AiMH", 3),    # seed 002 4.2: level 3 adds supervising
])
def test_each_item_is_linked_to_the_level_that_builds_it(built_catalogue, number, ladder, level):
    found = rows(built_catalogue, "SELECT l.* FROM checklist_levels l JOIN checklist_items i ON i.id = l.item_id "
                                  "WHERE i.number = ? AND l.ladder = ?", number, ladder)
    assert level in {r["level"] for r in found}


def test_every_link_is_a_recorded_judgement_with_reason_and_sources(built_catalogue):
    sources = {r["id"] for r in rows(built_catalogue, "SELECT id FROM sources")}
    for table in ("checklist_levels", "checklist_answers"):
        for r in rows(built_catalogue, f"SELECT * FROM {table}"):
            assert r["reason"] and r["section"], r
            cited = json.loads(r["sources"])
            assert cited and set(cited) <= sources, r
    for item in rows(built_catalogue, "SELECT id FROM checklist_items"):
        levels = {r["ladder"] for r in rows(built_catalogue, "SELECT ladder FROM checklist_levels WHERE item_id = ?",
                                            item["id"])}
        assert levels == {"FH&SfL", "AiMH"}, item


@pytest.mark.parametrize("number", [9, 10])
def test_supervision_items_are_answered_by_supervision_capacity_and_routes_not_only_courses(built_catalogue, number):
    answers = rows(built_catalogue, "SELECT a.* FROM checklist_answers a JOIN checklist_items i ON i.id = a.item_id "
                                    "WHERE i.number = ?", number)
    kinds = {a["kind"] for a in answers}
    assert "supervision" in kinds
    assert "pimh-champions" in {a["route_id"] for a in answers}  # seed 002 5.3, seed 003 "act as champions"
    level3 = [a for a in answers if a["kind"] == "supervision"][0]
    assert level3["aimh_level"] == 3 and level3["profession_group"] == "experienced_supervisor"


def test_shared_learning_item_is_answered_by_a_local_arrangement(built_catalogue):
    answers = rows(built_catalogue, "SELECT * FROM checklist_answers WHERE item_id = 'learn-together'")
    local = [a for a in answers if a["kind"] == "local"]
    assert local and "Community of Practice" in local[0]["words"]  # seed 004's Cardiff example


def test_checklist_courses_view_selects_fhsfl_level_1_courses_for_item_5(built_catalogue):
    selected = {r["course_id"] for r in rows(built_catalogue,
                                             "SELECT course_id FROM checklist_courses WHERE item_number = 5")}
    level1 = {r["id"] for r in rows(built_catalogue, "SELECT id FROM courses WHERE fhsfl_level = 1")}
    assert level1 and level1 <= selected


def test_a_bad_checklist_link_fails_the_build_naming_the_item(reference_copy, tmp_path):
    from crawler.catalogue.build import build
    from crawler.catalogue.reference.reference_data import ReferenceDataError

    path = reference_copy / "workforce_checklist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("route: recruit-to-train", "route: no-such-route"),
                    encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"workforce_checklist.yaml, item 3 \(evidence-based-strategies\).*"
                                                 r"no-such-route"):
        build(tmp_path / "c.db", reference_copy)
    assert not (tmp_path / "c.db").exists()


# --- the sample area: docs/examples/assessment.csv and its roster -------------------------------------

@pytest.fixture(scope="module")
def sample(python_exe, repo_root, built_catalogue):
    done = assess(python_exe, repo_root, built_catalogue, repo_root / "docs/examples/assessment.csv",
                  "--roster", repo_root / "docs/examples/assessment-roster.csv", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def gap(plan, part, number):
    return next(g for g in plan["gaps"] if g["workforce_part"] == part and g["item"]["number"] == number)


def test_red_comes_before_amber_and_green_is_not_planned(sample):
    ratings = [g["rating"] for g in sample["gaps"]]
    assert ratings == sorted(ratings, key="RA".index)
    assert {g["rating"] for g in sample["gaps"]} == {"R", "A"}
    assert sample["green"] == [{"workforce_part": "Health visiting", "item": 5, "line": 5}]


def test_every_line_of_the_plan_traces_to_a_seed(sample, built_catalogue):
    sources = {r["id"] for r in rows(built_catalogue, "SELECT id FROM sources")}
    for g in sample["gaps"]:
        assert g["item"]["words"] == SEED_004_ITEMS[g["item"]["number"] - 1]
        assert g["comments"].startswith(("seed-003", "seed-004"))  # the example's own citation of why
        for level in g["levels"]:
            assert set(level["sources"]) <= sources and level["reason"]
        for offer in g["offers"]:
            assert offer["why"] and all(set(w["sources"]) <= sources and w["reason"] for w in offer["why"])
        for entry in g["support"]:
            assert set(entry["why"]["sources"]) <= sources


def test_health_visitors_red_on_observing_relationships_get_a_course_open_to_them(sample):
    g = gap(sample, "Health visiting", 6)
    assert g["rating"] == "R" and g["staff_from"] == "roster"
    specialist = next(t for t in g["tiers"] if t["aimh_level"] == 2)
    assert specialist["who"] == "some" and specialist["local_decision"]
    suggested = next(o for o in g["offers"] if o["id"] == specialist["suggested"]["id"])
    assert suggested["suggested"] and suggested["aimh_level_target"] == 2
    # seed 002 Appendix 1: OxPIP's advanced training and the Northampton PGCert: "Professional qualification e.g.
    # social work, health visitor"; Tameside's "professional qualifications e.g. ... health visitors"
    assert suggested["id"] in {"oxpip-advanced-parent-infant-practitioner", "northampton-pgcert-infant-mental-health",
                               "tameside-observing-early-relationships"}
    verdicts = {s["name"]: s["verdict"] for s in suggested["staff"]}
    assert verdicts["HV A"] == verdicts["HV B"] == "eligible"
    assert suggested["open_at_right_level"] == 2  # the two at AiMH 1; the specialist HV holds level 3 already


def test_family_hub_staff_at_level_0_get_training_they_can_start_now(sample):
    g = gap(sample, "Family hubs", 6)
    suggested = g["offers"][0]
    assert suggested["aimh_level_expected"] in (0, None)
    for s in suggested["staff"]:
        if s["aimh_level"] == 0:
            assert s["verdict"] != "not_eligible"


def test_volunteers_red_on_relationships_are_offered_level_1(sample):
    g = gap(sample, "Voluntary sector", 5)
    # seed 003 Level 1: "For elements of the workforce who may not have received any prior training in these
    # areas, such as volunteers, you may like to encourage them to complete the elearning"
    assert g["offers"][0]["aimh_level_target"] == 1
    assert "hee-perinatal-mental-health-elearning" in {o["id"] for o in g["offers"]}


def test_reflective_supervision_gap_counts_supervisors_and_trains_a_few_not_everyone(sample):
    g = gap(sample, "Health visiting", 10)
    capacity = [s for s in g["support"] if s["kind"] == "supervision"][0]
    assert [s["name"] for s in capacity["can_supervise_now"]] == ["Specialist HV"]  # the roster's AiMH 3
    assert g["totals"]["people"] is None and g["totals"]["staff_weeks_max"] is None
    assert any("local decision" in u for u in g["unknown"])
    assert all(t["who"] == "some" for t in g["tiers"])  # seed 003 Level 3: "a small number of practitioners"
    # seed 002 5.3: health visitors -> Specialist Health Visitor: a route, listed as a way to recruit or develop
    assert "pimh-champions" in {o["id"] for o in g["recruit"]}
    family = gap(sample, "Family hubs", 10)
    capacity = [s for s in family["support"] if s["kind"] == "supervision"][0]
    # seed 003 Level 3: "experienced supervisors, such as psychologists, psychotherapists, or family therapists"
    assert [s["name"] for s in capacity["could_train_to_supervise"]] == ["Psychologist"]


def test_summary_widest_gaps_and_what_closes_most(sample):
    widest = sample["summary"]["widest_gaps"]
    # the example rates item 10 Red in two parts and Amber in two, item 6 Red in two and Amber in one
    assert [w["number"] for w in widest[:2]] == [10, 6]
    assert widest[0]["red_parts"] == ["Health visiting", "Voluntary sector"]
    closes = sample["summary"]["closes_most"]
    assert closes and closes[0]["gaps"] == max(c["gaps"] for c in closes)
    assert any("several practitioners" in u for u in sample["summary"]["unknown"])  # seed 003's words, no number


def test_unknown_fees_are_stated_never_counted_as_zero(sample):
    g = gap(sample, "Health visiting", 6)
    # DOMAIN.md: seed 002 gives no fees for its Appendix 1 courses. The health visitors all hold AiMH 1 or more, so
    # the free awareness e-learning (the checklist's "first step for staff with no training yet") is not offered
    # and an Appendix 1 course leads their plan: its unknown fee is stated, the gap's total is unknown, not GBP 0
    assert g["offers"][0]["fee_gbp"] is None
    assert g["totals"]["cost_gbp"] is None
    assert any("fee for" in u and "not known" in u for u in g["unknown"])
    # Northampton's PGCert is another Appendix 1 course
    unpriced = next(o for o in g["offers"] if o["id"] == "northampton-pgcert-infant-mental-health")
    assert unpriced["fee_gbp"] is None
    tier = next(t for t in g["tiers"] if t["suggested"] and t["suggested"]["id"] == unpriced["id"])
    assert tier["cost_gbp"] is None  # never a total of GBP 0 from unknown fees
    # a free course's fee is known: seed-003/NES says the e-learning is "free"; its total is 0, not unknown
    for offer in g["offers"]:
        if offer["fee_gbp"] == 0:
            assert offer["funding"] == "free"
    assert sample["summary"]["totals"]["gaps_cost_unknown"] >= 1


# --- time and cost: headcount at and around its boundary ---------------------------------------------

@pytest.mark.parametrize("headcount", [0, 1, 40])
def test_staff_weeks_are_headcount_times_the_course(python_exe, repo_root, built_catalogue, tmp_path, headcount):
    path = tmp_path / "a.csv"
    path.write_text(f"workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f"Family hubs,6,R,{headcount},family support worker,0\n", encoding="utf-8")
    plan = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)
    totals = plan["gaps"][0]["totals"]
    # its stored page: NES e-learning "about 2 to 4 hours", the shortest level 1 training open to family support
    # workers with no training yet; at the NHS Agenda for Change 37.5-hour week, headcount x 4 / 37.5 staff-weeks
    assert totals["suggested"]["id"] == ELEARNING
    assert totals["people"] == headcount
    assert totals["staff_weeks_max"] == pytest.approx(headcount * 4 / 37.5, abs=0.01)
    assert totals["staff_weeks_min"] == pytest.approx(headcount * 2 / 37.5, abs=0.01)


def test_a_known_fee_is_multiplied_by_the_headcount(python_exe, repo_root, built_catalogue, tmp_path):
    # OBSERVED.md: Video Interaction Guidance initial training "about GBP 400"; a psychologist at AiMH 2 on item 4
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    "Family hubs,4,R,3,clinical psychologist,2\n", encoding="utf-8")
    plan = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)
    vig = next(o for o in plan["gaps"][0]["offers"] if o["id"] == "video-interaction-guidance")
    assert vig["fee_gbp"] == 400 and vig["funded"] is False
    from recommender.workforce.gaps import _totals

    totals = _totals(vig, 3, "headcount")
    assert totals["cost_gbp"] == 1200 and totals["funded"] is False  # fee-paying
    assert totals["funded_places"] is None  # places are places: the catalogue holds no count of them
    assert _totals(vig, None, None)["cost_gbp"] is None  # no headcount: per person only, never 0


# --- staff whose AiMH level is not given: asked, never taken as 0 and never refused (DOMAIN.md) ---------

@pytest.mark.parametrize("levels", ["", "?", "not known", "Unknown"])
def test_a_level_not_given_is_asked_not_refused(python_exe, repo_root, built_catalogue, tmp_path, levels):
    """DOMAIN.md: "Unknown is never no"; the person gives their level (0 = none yet). A planner who knows
    the staff's professions but not their levels gets a plan that says the levels are not given."""
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f"Health visiting,6,R,20,health visitor;nursery nurse,{levels}\n", encoding="utf-8")
    done = assess(python_exe, repo_root, built_catalogue, path, "--json")
    assert done.returncode == 0, done.stderr
    gap = json.loads(done.stdout)["gaps"][0]
    assert [s["aimh_level"] for s in gap["staff"]] == [None, None]  # not 0
    assert any("AiMH levels are not given" in u and "ask them" in u for u in gap["unknown"])
    # nothing is left out as already held, and nothing counted as out of reach because of a level
    assert not any(t["held"] for t in gap["tiers"])
    assert gap["not_open"] == []
    text = assess(python_exe, repo_root, built_catalogue, path).stdout
    assert "health visitor at AiMH level not given" in text and "AiMH 0" not in text


def test_a_level_given_for_one_profession_and_not_another(python_exe, repo_root, built_catalogue, tmp_path):
    """Seed 003, level 3: supervision training is for "experienced supervisors, such as psychologists";
    a psychologist whose level is not given is named as not known, not as unable to supervise."""
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    "Children's services,9,R,5,social worker;clinical psychologist,1;?\n", encoding="utf-8")
    gap = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)["gaps"][0]
    assert [(s["profession"], s["aimh_level"]) for s in gap["staff"]] == [("Social worker", 1),
                                                                           ("Clinical psychologist", None)]
    supervision = next(e for e in gap["support"] if e["kind"] == "supervision")
    assert [s["profession"] for s in supervision["level_not_given"]] == ["Clinical psychologist"]
    assert "Clinical psychologist" not in [s["profession"] for s in supervision["can_supervise_now"]]
    assert "Clinical psychologist" not in [s["profession"] for s in supervision["could_train_to_supervise"]]


@pytest.mark.parametrize("level, held", [(0, False), (1, True), (None, False)])
def test_level_one_training_for_everyone_only_when_no_one_is_known_to_hold_it(
        python_exe, repo_root, built_catalogue, tmp_path, level, held):
    """Seed 003 level 1 is for everyone who supports families with a baby; staff who all hold AiMH 1 are
    not sent on it again, staff at 0 are, and staff whose level is not given are (the plan says it asked)."""
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f"Family hubs,6,R,10,family support worker,{'' if level is None else level}\n", encoding="utf-8")
    gap = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)["gaps"][0]
    everyone = next(t for t in gap["tiers"] if t["aimh_level"] == 1)
    assert everyone["held"] is held
    assert (everyone["suggested"] is None) is held


# --- bad input: one line naming the line, exit 2, nothing on stdout -----------------------------------

HEADER = "workforce_part,item,rating,headcount,professions,aimh_levels,comments\n"


@pytest.mark.parametrize("text, expected", [
    (HEADER + "Health visiting,6,X,,,,\n", "line 2: rating 'X' is not R, A or G"),
    (HEADER + "Health visiting,6,R,,,,\nFamily hubs,6,Purple,,,,\n", "line 3: rating 'Purple'"),
    (HEADER + "Health visiting,12,R,,,,\n", "line 2: unknown checklist item '12'"),
    (HEADER + "Health visiting,0,R,,,,\n", "line 2: unknown checklist item '0'"),
    (HEADER + "Health visiting,tune in,R,,,,\n", "line 2: unknown checklist item 'tune in'"),
    (HEADER + "Health visiting,6,R,,,,,extra\n", "line 2: 8 fields but the header has 7"),
    (HEADER + "Health visiting,6,R,,,,\nHealth visiting,6,A,,,,\n", "line 3: Health visiting is rated on item 6 twice"),
    (HEADER + "Health visiting,6,R,-1,,,\n", "line 2: headcount must be a whole number"),
    (HEADER + "Health visiting,6,R,1.5,,,\n", "line 2: headcount must be a whole number"),
    (HEADER + "Health visiting,6,R,,health visitor,4,\n", "line 2: AiMH level must be one of 0, 1, 2, 3"),
    (HEADER + "Health visiting,6,R,,health visitor,unsure?,\n", "line 2: AiMH level must be one of 0, 1, 2, 3"),
    (HEADER + "Health visiting,6,R,,health visitor;nursery nurse,1;2;?,\n", "line 2: 2 professions but 3 aimh_levels"),
    (HEADER + "Health visiting,6,R,,xyzzy,1,\n", "line 2: no profession matches \"xyzzy\""),
    (HEADER + "Health visiting,6,R,40,,,\nHealth visiting,5,A,30,,,\n", "line 3: Health visiting's headcount"),
    (HEADER + ",6,R,,,,\n", "line 2: no workforce part given"),
    ("", "is empty"),
    ("\n\n", "is empty"),
    (HEADER, "has a header but no ratings"),
    ("part,item\nHealth visiting,6\n", "line 1: the header must name the columns workforce_part, item and rating"),
    ("workforce_part,item,rating,colour\n", "line 1: unknown column 'colour'"),
    ("workforce_part,item,rating\n\"Health visiting,6,R\n", "line 2: not readable as CSV"),
])
def test_bad_assessment_files(python_exe, repo_root, built_catalogue, tmp_path, text, expected):
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    done = assess(python_exe, repo_root, built_catalogue, path)
    assert done.returncode == 2, done.stdout[-500:]
    assert done.stdout == ""
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("number", [1, 11])
def test_items_1_and_11_are_accepted(python_exe, repo_root, built_catalogue, tmp_path, number):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + f"Health visiting,{number},A,,,,\n", encoding="utf-8")
    done = assess(python_exe, repo_root, built_catalogue, path, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["gaps"][0]["item"]["number"] == number


def test_item_ids_and_rating_words_are_accepted(python_exe, repo_root, built_catalogue, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Workforce Part,Item,RAG\nfamily hub,observe-relationships,red\nHV,5,green\n", encoding="utf-8")
    plan = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)
    assert [(g["workforce_part"], g["rating"]) for g in plan["gaps"]] == [("Family hubs", "R")]
    assert plan["green"][0]["workforce_part"] == "Health visiting"


def test_a_part_seed_004_does_not_name_is_kept_and_said(python_exe, repo_root, built_catalogue, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "Neonatal unit,6,R,,neonatal practitioner,0,\n", encoding="utf-8")
    plan = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)
    assert plan["gaps"][0]["workforce_part"] == "Neonatal unit"
    assert any("does not name" in u for u in plan["summary"]["unknown"])


@pytest.mark.parametrize("roster, expected", [
    ("name,profession,level,workforce_part\nA,health visitor,7,health visiting\n", "line 2: AiMH level"),
    ("name,profession,level,workforce_part\nA,health visitor,1,health visiting\nB,health visitor,1,the moon\n",
     "line 3: workforce_part 'the moon' is not a part the assessment rates"),
    ("name,profession\nA,health visitor\n", "the first line must be a header naming at least the columns"),
])
def test_bad_roster_lines(python_exe, repo_root, built_catalogue, tmp_path, roster, expected):
    path, roster_path = tmp_path / "a.csv", tmp_path / "r.csv"
    path.write_text(HEADER + "Health visiting,6,R,,,,\n", encoding="utf-8")
    roster_path.write_text(roster, encoding="utf-8")
    done = assess(python_exe, repo_root, built_catalogue, path, "--roster", roster_path)
    assert done.returncode == 2 and done.stdout == ""
    assert expected in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_missing_file_and_an_old_catalogue(python_exe, repo_root, built_catalogue, tmp_path):
    done = assess(python_exe, repo_root, built_catalogue, tmp_path / "nope.csv")
    assert done.returncode == 2 and "assessment file not found" in done.stderr
    old = tmp_path / "old.db"
    old.write_bytes(built_catalogue.read_bytes())
    conn = sqlite3.connect(old)
    conn.execute("DROP VIEW checklist_courses")
    conn.commit()
    conn.close()
    done = assess(python_exe, repo_root, old, repo_root / "docs/examples/assessment.csv")
    assert done.returncode == 2 and "python -m crawler build" in done.stderr and "Traceback" not in done.stderr


# --- the command line itself -------------------------------------------------------------------------

def test_help_teaches_the_file_format(python_exe, repo_root):
    done = subprocess.run([python_exe, "-m", "recommender", "assess", "--help"], cwd=repo_root, capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.returncode == 0
    for words in ("workforce_part,item,rating", "R, A or G", "--roster", "Health visiting,6,R", "exit code 2"):
        assert words in done.stdout, words


def test_table_fits_80_columns_and_csv_has_a_row_per_offer(python_exe, repo_root, built_catalogue, sample):
    example = repo_root / "docs/examples/assessment.csv"
    done = assess(python_exe, repo_root, built_catalogue, example, "--roster",
                  repo_root / "docs/examples/assessment-roster.csv")
    assert done.returncode == 0
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "RED: Health visiting, item 6" in done.stdout and "ACROSS THE AREA" in done.stdout
    done = assess(python_exe, repo_root, built_catalogue, example, "--roster",
                  repo_root / "docs/examples/assessment-roster.csv", "--csv")
    import csv
    import io

    records = list(csv.DictReader(io.StringIO(done.stdout)))
    offers = [r for r in records if r["record"] == "offer"]
    assert len(offers) == sum(len(g["offers"]) for g in sample["gaps"])
    assert all(not (r["title"] or "").startswith(("=", "+", "-", "@")) for r in records)


def test_assess_never_imports_datasette_scrapy_or_yaml(python_exe, repo_root, built_catalogue):
    code = ("import sys, io, contextlib\nfrom recommender.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['assess', {str(repo_root / 'docs/examples/assessment.csv')!r}, '--json', "
            f"'--db', {str(built_catalogue)!r}])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasette', 'scrapy', 'yaml', 'sqlite_utils'}))")
    done = subprocess.run([python_exe, "-c", code], cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.stdout.strip() == "[]", done.stderr


# --- issue 23: a plan a service would adopt ---------------------------------------------------------

def plan_for(python_exe, repo_root, db, tmp_path, text, *args):
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n" + text, encoding="utf-8")
    done = assess(python_exe, repo_root, db, path, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_forty_health_visitors_red_on_observing_are_not_sent_as_a_whole_on_a_level_they_hold(
        python_exe, repo_root, built_catalogue, tmp_path):
    plan = json.loads(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                               "Health visiting,6,R,40,health visitor,1\n", "--json"))
    g = plan["gaps"][0]
    everyone = next(t for t in g["tiers"] if t["who"] == "everyone")
    # seed 002 section 4.2: AiMH level 1 is "general knowledge and skills"; all 40 hold it already, so no level 1
    # course (seed 002 Appendix 1's "Infant observation in the perinatal period", "Duration: 12 weeks": 480
    # staff-weeks) is suggested for all 40: training that builds a level they hold adds nothing by level
    assert everyone["aimh_level"] == 1 and everyone["held"] is True
    assert everyone["suggested"] is None and everyone["staff_weeks_max"] is None and everyone["people"] is None
    assert "holds AiMH level 1 or above already" in everyone["none_open"]
    assert not any("headcount not given" in u for u in g["unknown"])   # 40 was given: never said to be missing
    # the course stays listed, for a service that judges their level 1 training did not cover this item
    assert "tavistock-infant-observation-perinatal" in {o["id"] for o in g["offers"]}
    specialist = next(t for t in g["tiers"] if t["who"] == "some")
    # seed 003 Level 2: "several practitioners from your local authority area": no number, a local decision
    assert specialist["people"] is None and specialist["staff_weeks_max"] is None
    assert specialist["how_many"] == "several practitioners from your local authority area"
    assert specialist["suggested"] is not None and specialist["suggested"]["id"] != "tavistock-infant-observation-perinatal"
    # seed 002 section 8: "All of the above (except the service manager/administrator) will need ... level 2"
    assert "7.33" in specialist["team_model"]
    # the trainee post is a way to recruit, not training for the 40 in post
    assert "ieyp-parent-infant-trainee-ucl" not in {o["id"] for o in g["offers"]}
    assert "ieyp-parent-infant-trainee-ucl" in {o["id"] for o in g["recruit"]}
    totals = plan["summary"]["tiers"]["everyone"]
    assert totals["gaps"] == 0 and totals["staff_weeks_max"] is None  # nothing everyone takes: not 0, not 480
    assert plan["summary"]["totals"]["funded_places"] is None   # places are places, never the headcount


@pytest.mark.parametrize("levels, held", [("0", False), ("1", True), ("2", True), ("0; 1", False)])
def test_a_whole_part_is_sent_on_level_1_training_only_when_someone_lacks_level_1(
        python_exe, repo_root, built_catalogue, tmp_path, levels, held):
    # seed 003 Level 1: training "should be available to everyone who provides support to families": everyone
    # below level 1 takes it; where every person assessed holds level 1 (or more) no one is sent on it as a whole
    plan = json.loads(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                               f"Family hubs,6,R,25,family support worker; health visitor,{levels}\n", "--json"))
    everyone = next(t for t in plan["gaps"][0]["tiers"] if t["who"] == "everyone")
    assert everyone["held"] is held
    assert (everyone["suggested"] is None) is held
    assert (everyone["people"] == 25) is not held
    words = " ".join(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                              f"Family hubs,6,R,25,family support worker; health visitor,{levels}\n").split())
    assert ("no level 1 training is suggested for them all" in words) is held
    assert ("for 25 people" in words) is not held


def test_the_table_says_staff_weeks_and_unknown_fees_in_words(python_exe, repo_root, built_catalogue, tmp_path):
    # seed 002 Appendix 1: "Infant observation in the perinatal period ... Duration: 12 weeks"; 40 staff with no
    # training yet who cannot take the free e-learning (its page: NHS Scotland's) would be 480 staff-weeks; here the
    # plan for family support workers at AiMH 0 shows its figures in words, and no fee is counted as GBP 0
    text = " ".join(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                             "Family hubs,3,R,40,family support worker,0\n").split())
    assert "for 40 people:" in text and "staff-weeks" in text
    assert "GBP 0" not in text and "fees GBP" not in text
    assert "fees not known" in text


def test_family_hub_staff_at_aimh_0_are_never_sent_on_a_trainee_post(python_exe, repo_root, built_catalogue, tmp_path):
    plan = json.loads(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                               "Family hubs,3,R,12,nursery nurse; family support worker,0\n"
                               "Family hubs,6,R,,,\n", "--json"))
    for g in plan["gaps"]:
        for offer in g["offers"]:
            assert offer["kind"] == "course" and offer["funding"] != "salaried_post"
            assert offer["can_take"] >= 1          # never training no assessed person can take
        for tier in g["tiers"]:
            if tier["suggested"]:
                assert tier["suggested"]["open_to"] >= 1
    item_3 = plan["gaps"][0]
    # the level 2 intervention trainings build on level 1 (e.g. seed 003's level 2 contracts; VIG expects level 2):
    # staff at 0 first take level 1, everyone, and none of the level 2 courses is suggested to them yet
    first = item_3["tiers"][0]
    assert first["who"] == "everyone" and first["first_step"] and first["aimh_level"] == 1
    level_2 = next(t for t in item_3["tiers"] if t["aimh_level"] == 2)
    assert level_2["suggested"] is None and "not open" not in level_2["none_open"]
    assert "video-interaction-guidance" in {o["id"] for o in item_3["not_open"]}


def test_no_contradictory_level_words(python_exe, repo_root, built_catalogue, tmp_path):
    text = plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                    "Family hubs,4,R,3,clinical psychologist; health visitor,2; 1\n", "--json")
    import re

    for fit in re.findall(r'"level_fit": "([^"]*)"', text):
        found = re.findall(r"level (\d)", fit)
        assert not ("first" in fit and len(found) >= 2 and found[0] == found[1] and "builds" in fit), fit
    plan = json.loads(text)
    # OBSERVED.md: VIG initial training is for practitioners already working with families at level 2 in the
    # catalogue (expects AiMH 2, builds 2): a health visitor at 1 is told so, not "needs 2 first, then builds 2"
    vig = next(o for o in plan["gaps"][0]["offers"] if o["id"] == "video-interaction-guidance")
    hv = next(s for s in vig["staff"] if s["profession"] == "Health visitor")
    assert hv["level_fit"] == "for staff who hold AiMH level 2 already: adds skills there (at 1 now)"


# --- the checklist's first step "for staff with no training yet", and lengths given in hours -------------

ELEARNING = "nes-imh-developing-positive-early-attachments"


@pytest.mark.parametrize("professions, levels, offered", [
    ("family support worker", "0", True),                              # below AiMH 1: no training yet
    ("health visitor", "1", False),                                     # at AiMH 1: trained already
    ("health visitor", "2", False),                                     # above it
    ("family support worker; health visitor", "0; 1", True),            # one of them has no training yet
    ("", "", True),                                                     # levels not given: asked, never a no
])
def test_the_first_step_for_staff_with_no_training_yet_is_offered_only_to_them(
        python_exe, repo_root, built_catalogue, tmp_path, professions, levels, offered):
    # workforce_checklist.yaml, item 6, the FH&SfL level 1 link: "Level 1 'awareness and identification of
    # difficulties': the first step for staff with no training yet" (for_staff_below_aimh: 1)
    plan = json.loads(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                               f"Family hubs,6,R,10,{professions},{levels}\n", "--json"))
    g = plan["gaps"][0]
    ids = {o["id"] for o in g["offers"] + g["recruit"]} | {o["id"] for o in g["not_open"]}
    assert (ELEARNING in ids) is offered
    # the observation course the item names itself is offered either way (seed 002 Appendix 1)
    assert "tavistock-infant-observation-perinatal" in {o["id"] for o in g["offers"]}


def test_staff_with_no_training_yet_take_the_hours_long_e_learning_counted_in_hours(
        python_exe, repo_root, built_catalogue, tmp_path):
    # issue 21: a level-0 person's first step is "the free e-learning of a few hours"; its stored page: "about 2 to
    # 4 hours", "free". 40 family support workers: 80 to 160 hours of study, at a 37.5-hour working week (the NHS
    # Agenda for Change week the build reads hours of study by) 2.1 to 4.3 staff-weeks: 2 to 4 whole staff-weeks,
    # never the 0.1-month floor's "3 days" each (16 staff-weeks), never rounded away (one decimal below 10)
    text = plan_for(python_exe, repo_root, built_catalogue, tmp_path, "Family hubs,6,R,40,family support worker,0\n",
                    "--json")
    everyone = next(t for t in json.loads(text)["gaps"][0]["tiers"] if t["who"] == "everyone")
    assert everyone["suggested"]["id"] == ELEARNING
    assert (everyone["suggested"]["hours_min"], everyone["suggested"]["hours_max"]) == (2, 4)
    assert everyone["staff_weeks_min"] == pytest.approx(80 / 37.5, abs=0.01)
    assert everyone["staff_weeks_max"] == pytest.approx(160 / 37.5, abs=0.01)
    assert everyone["cost_gbp"] == 0  # "free": a known fee, so GBP 0 in all is true here
    words = " ".join(plan_for(python_exe, repo_root, built_catalogue, tmp_path,
                              "Family hubs,6,R,40,family support worker,0\n").split())
    assert "for 40 people: 2 to 4 hours each, fee £0, funded; in all 2.1 to 4.3 staff-weeks" in words
    assert "3 days" not in words


@pytest.mark.parametrize("value", [0, 4, True, "one"])
def test_a_bad_first_step_level_fails_the_build_naming_the_item(reference_copy, tmp_path, value):
    from crawler.catalogue.build import build
    from crawler.catalogue.reference.reference_data import ReferenceDataError

    path = reference_copy / "workforce_checklist.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("for_staff_below_aimh: 1") == 1
    path.write_text(text.replace("for_staff_below_aimh: 1", f"for_staff_below_aimh: {json.dumps(value)}"),
                    encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"item 6 \(observe-relationships\).*for_staff_below_aimh"):
        build(tmp_path / "c.db", reference_copy)
    assert not (tmp_path / "c.db").exists()


@pytest.mark.parametrize("professions, levels", [
    ("health visitor", "?"),                         # levels not given
    ("health visitor;nursery nurse", "2;0"),         # one holds level 2 already, one has no training yet
    ("health visitor;family support worker", "1;0"),
])
def test_the_tier_that_builds_a_level_suggests_training_that_builds_it(python_exe, repo_root, built_catalogue,
                                                                       tmp_path, professions, levels):
    """Seed 003: level 2 is training "to deliver evidence-based interventions" for some; the plan's tier for an
    AiMH level suggests a course that builds that level (expects a lower one, or none), not one that expects
    the level already and adds skills there (a 2->2 course), whenever one that builds it is open to them."""
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f"Health visiting,6,R,10,{professions},{levels}\n", encoding="utf-8")
    gap = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)["gaps"][0]
    for tier in gap["tiers"]:
        if tier["suggested"] is None:
            continue
        level = tier["aimh_level"]
        building = [o for o in gap["offers"] if o["aimh_level_target"] == level and o["can_take"]
                    and (o["aimh_level_expected"] is None or o["aimh_level_expected"] < level)]
        suggested = next(o for o in gap["offers"] if o["id"] == tier["suggested"]["id"])
        if building:
            assert suggested["aimh_level_expected"] is None or suggested["aimh_level_expected"] < level, suggested
