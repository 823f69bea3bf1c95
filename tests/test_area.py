"""One area's plan: `python -m recommender area` (the real CLI) and /-/area-plan (the real Datasette app).

Every expected figure is worked here from seed 002 section 8's own words:

  "The estimate is based on each team supporting on average 150 families directly each year and
   providing services to 5% of babies aged 0-2 years in England."
  "An average team would comprise 7.33 whole time equivalent (WTE) posts which would include:
   1x Clinical Psychologist; 1 x Child and Adolescent Psychotherapist (CAPT); 1 x Clin Psych/CAPS/ or
   equivalent allied mental health professional; 3 x Parent-Infant Specialist (e.g. Health Visitor,
   Mid Wife, Social Worker); 1 x Service Manager/Admin"
  "All of the above (except the service manager/administrator) will need ... level 2 in AiMH
   competencies. Two of the senior clinicians will need further training to attain level 3 AiMH"

So teams = babies x 5% / 150 = babies / 3,000, rounded up to whole teams.
"""
import json
import math
import subprocess

import pytest

from datasette_fixtures import catalogue_bare, catalogue_plain, client_bare, client_plain  # noqa: F401

TIMEOUT = 120
FAMILIES_PER_TEAM = 150     # "each team supporting on average 150 families directly each year"
SHARE = 0.05                # "providing services to 5% of babies aged 0-2 years"
WTE_PER_TEAM = 7.33         # "An average team would comprise 7.33 whole time equivalent (WTE) posts"
POSTS = {"clinical-psychologist": 1, "child-and-adolescent-psychotherapist": 1,
         "psychologist-psychotherapist-or-equivalent": 1, "parent-infant-specialist": 3,
         "service-manager-admin": 1}   # "1x ... 1 x ... 1 x ... 3 x ... 1 x ..."
LEVEL_2_POSTS = 6           # all but the service manager/administrator
LEVEL_3_POSTS = 2           # "Two of the senior clinicians"


def area(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", "area", *map(str, args), "--db", str(db)],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)


def plan_json(python_exe, repo_root, db, *args):
    done = area(python_exe, repo_root, db, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("babies, teams", [
    (1, 1),            # 1 x 5% / 150 = 0.0003 teams: still one whole team
    (3000, 1),         # exactly 3000 x 0.05 / 150 = 1 team
    (3001, 2),         # just over one team's worth: two
    (14000, 5),        # 14000 x 0.05 / 150 = 4.667 -> 5
    (1200000, 400),    # England: "at least 400 teams are needed in England alone"
])
def test_teams_are_babies_times_5_percent_over_150_rounded_up(python_exe, repo_root, built_catalogue, babies, teams):
    plan = plan_json(python_exe, repo_root, built_catalogue, "--babies", babies, "--today", "2025-10-01")
    exact = babies * SHARE / FAMILIES_PER_TEAM
    assert plan["teams"] == teams == math.ceil(round(exact, 9))
    assert plan["teams_exact"] == pytest.approx(exact)
    assert plan["wte"] == pytest.approx(teams * WTE_PER_TEAM)
    roles = {r["id"]: r for r in plan["roles"]}
    assert {k: r["posts"] for k, r in roles.items()} == {k: n * teams for k, n in POSTS.items()}
    assert plan["aimh_level_2_posts"] == LEVEL_2_POSTS * teams
    assert plan["aimh_level_3_posts"] == plan["senior"]["posts"] == LEVEL_3_POSTS * teams
    assert roles["service-manager-admin"]["aimh_level"] is None
    assert all(r["aimh_level"] == 2 for k, r in roles.items() if k != "service-manager-admin")


def test_the_table_says_whole_teams_and_the_exact_fraction(python_exe, repo_root, built_catalogue):
    done = area(python_exe, repo_root, built_catalogue, "--babies", "14000", "--today", "2025-10-01")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Teams needed: 5 (exactly 14,000 x 5% / 150 = 4.667 teams" in text
    assert "36.7 WTE in all (7.33 WTE a team" in text          # 5 x 7.33 = 36.65, to one decimal
    assert "AiMH level 2: 30 posts; level 3: 10 senior clinicians" in text   # 6 x 5, 2 x 5
    assert "Not known: places per intake" in text


def test_each_role_lists_the_professions_the_seed_names_and_courses_open_to_them(python_exe, repo_root,
                                                                                built_catalogue):
    plan = plan_json(python_exe, repo_root, built_catalogue, "--babies", "3000", "--today", "2025-10-01")
    roles = {r["id"]: r for r in plan["roles"]}
    # "3 x Parent-Infant Specialist (e.g. Health Visitor, Mid Wife, Social Worker)"
    assert {"health-visitor", "midwife", "social-worker"} <= {p["id"] for p in roles["parent-infant-specialist"]
                                                                ["professions"]}
    specialist = roles["parent-infant-specialist"]
    assert specialist["courses"] and specialist["routes"]
    for course in specialist["courses"]:
        assert course["aimh_level_target"] == 2 and course["verdict"] in ("eligible", "eligible_if")
        assert course["fee_gbp"] is None or course["fee_gbp"] > 0      # an unknown fee is null, never 0
    # seed 002 Appendix 1 (Tameside): 'Observing Early Relationships', for health visitors among others
    assert "tameside-observing-early-relationships" in {c["id"] for c in specialist["courses"]}
    # the manager post asks no level: no courses
    assert roles["service-manager-admin"]["courses"] == [] and roles["service-manager-admin"]["routes"] == []
    assert plan["places"]["known"] is False


@pytest.mark.parametrize("today, words", [
    ("2026-01-18", "19 January 2026"),     # the day before the IEYP-PI course starts: still to come
    ("2026-01-19", "19 January 2026"),     # the day it starts
    ("2026-01-20", "has passed"),          # the day after
])
def test_next_intake_as_of_today(python_exe, repo_root, built_catalogue, today, words):
    # OBSERVED.md (UCL IEYP-PI trainee post): "course start 19 January 2026"
    plan = plan_json(python_exe, repo_root, built_catalogue, "--babies", "3000", "--today", today)
    course = next(c for c in plan["roles"][3]["courses"] if c["id"] == "ieyp-parent-infant-trainee-ucl")
    assert words in course["intake_words"]
    assert (course["next_intake"] is not None) == (words != "has passed")


def test_a_roster_gives_staff_in_place_and_the_gap(python_exe, repo_root, built_catalogue, tmp_path):
    roster = tmp_path / "staff.csv"
    roster.write_text("name,profession,level\nDr A,clinical psychologist,3\nDr B,clinical psychologist,2\n"
                      "HV1,health visitor,1\nHV2,health visitor,2\nN1,nursery nurse,0\n", encoding="utf-8")
    plan = plan_json(python_exe, repo_root, built_catalogue, "--babies", "3000", "--roster", roster,
                     "--today", "2025-10-01")
    roles = {r["id"]: r for r in plan["roles"]}
    # one team: 1 clinical psychologist post (Dr A fills it), the 'or equivalent' post takes Dr B
    assert roles["clinical-psychologist"]["in_place"] == 1 and roles["clinical-psychologist"]["vacant"] == 0
    assert roles["psychologist-psychotherapist-or-equivalent"]["in_place"] == 1
    # 3 parent-infant specialist posts: HV1 (level 1) and HV2 (level 2) in post; 1 vacant, 1 to train to level 2
    pis = roles["parent-infant-specialist"]
    assert (pis["in_place"], pis["at_level"], pis["vacant"], pis["to_train"], pis["gap"]) == (2, 1, 1, 1, 2)
    # 2 senior clinicians at level 3 a team; Dr A holds it
    assert plan["senior"]["at_level_3"] == 1 and plan["senior"]["gap"] == 1
    # a nursery nurse fills no post in the paper's team, and is said to
    assert [p["name"] for p in plan["roster"]["not_placed"]] == ["N1"]


@pytest.mark.parametrize("babies, words", [
    ("0", "is zero"), ("-5", "is negative"), ("abc", "is not a number"), ("2.5", "is not a whole number"),
    ("10000001", "is more than 10,000,000"), ("1e12", "is more than 10,000,000"),
])
def test_bad_babies_is_one_line_and_exit_2(python_exe, repo_root, built_catalogue, babies, words):
    done = area(python_exe, repo_root, built_catalogue, f"--babies={babies}")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr and "Traceback" not in done.stderr


def test_the_largest_number_accepted(python_exe, repo_root, built_catalogue):
    plan = plan_json(python_exe, repo_root, built_catalogue, "--babies", "10000000", "--today", "2025-10-01")
    assert plan["teams"] == math.ceil(10_000_000 * SHARE / FAMILIES_PER_TEAM)   # 3,333.3 -> 3,334


def test_bad_today_is_one_line_and_exit_2(python_exe, repo_root, built_catalogue):
    done = area(python_exe, repo_root, built_catalogue, "--babies", "3000", "--today", "2025-02-30")
    assert done.returncode == 2 and "is not a date" in done.stderr and len(done.stderr.splitlines()) == 1


# --- the page ------------------------------------------------------------------------------------

def test_page_answers_as_the_cli_does(client_plain, python_exe, repo_root, catalogue_plain):  # noqa: F811
    response = client_plain.get("/-/area-plan.json?babies=14000&today=2025-10-01")
    assert response.status_code == 200
    page = response.json()
    cli = plan_json(python_exe, repo_root, catalogue_plain, "--babies", "14000", "--today", "2025-10-01")
    assert page == cli


def test_page_shows_teams_posts_and_courses(client_plain):  # noqa: F811
    response = client_plain.get("/-/area-plan?babies=14000&today=2025-10-01")
    assert response.status_code == 200
    html = response.text
    assert '<strong id="teams">5</strong>' in html
    assert "exactly 14,000 x 5% / 150 = 4.667 teams" in html
    assert "36.7 WTE" in html
    assert "Parent-infant specialist</a>: 15 WTE, AiMH level 2" in html     # 3 x 5 teams
    assert "Observing Early Relationships" in html
    assert "Not known: places per intake" in html


def test_home_links_the_area_plan(client_plain):  # noqa: F811
    assert 'href="/-/area-plan"' in client_plain.get("/").text


@pytest.mark.parametrize("babies", ["0", "-1", "text", "99999999999"])
def test_page_bad_babies_is_400_with_one_line(client_plain, babies):  # noqa: F811
    response = client_plain.get(f"/-/area-plan?babies={babies}")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert client_plain.get(f"/-/area-plan.json?babies={babies}").status_code == 400
    assert client_plain.get(f"/-/area-plan.csv?babies={babies}").status_code == 400


def test_page_with_a_pasted_roster_and_csv_download(client_plain):  # noqa: F811
    from urllib.parse import urlencode

    query = urlencode({"babies": "3000", "today": "2025-10-01",
                       "roster": "name,profession,level\nHV1,health visitor,1\n"})
    html = client_plain.get(f"/-/area-plan?{query}").text
    assert "In post: 1 (0 at the level); vacant: 2; to train: 1." in html
    csv_text = client_plain.get(f"/-/area-plan.csv?{query}").text
    assert csv_text.splitlines()[0].startswith("role,posts,aimh_level,in_place")
    assert "Parent-infant specialist,3,2,1,0,2,1,post" in csv_text


def test_a_catalogue_from_before_the_area_plan_says_rebuild_and_home_hides_the_link(client_bare):  # noqa: F811
    response = client_bare.get("/-/area-plan?babies=14000")
    assert response.status_code == 503 and "python -m crawler build" in response.text
    assert len(response.text.strip().splitlines()) == 1
    assert "/-/area-plan" not in client_bare.get("/").text
