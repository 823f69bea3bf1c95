"""`python -m recommender recommend`, run as a real process: DOMAIN.md examples, JSON schema,
the 80-column table, bad input, and the Python API the Datasette page imports."""
import json
import sqlite3
import subprocess

import pytest

TIMEOUT = 60


def run(python_exe, repo_root, *args):
    return subprocess.run([python_exe, "-m", "recommender", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def recommend_json(python_exe, repo_root, built_catalogue):
    cache = {}

    def recommend(*args):
        if args not in cache:
            done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--json", *args)
            assert done.returncode == 0, done.stderr
            cache[args] = json.loads(done.stdout)
        return cache[args]
    return recommend


def by_id(items):
    return {item["id"]: item for item in items}


# --- DOMAIN.md examples ---------------------------------------------------------------

def test_qualified_health_visitor_at_level_1_can_take_oxpip_advanced_and_northampton(recommend_json):
    result = recommend_json("--profession", "health visitor", "--level", "1", "--stage", "qualified")
    courses = by_id(result["courses"])
    assert courses["oxpip-advanced-parent-infant-practitioner"]["verdict"] == "eligible"
    assert courses["northampton-pgcert-infant-mental-health"]["verdict"] == "eligible"


def test_health_visitor_cannot_take_the_bpf_course_because_it_is_for_psychotherapists(recommend_json):
    # seed-002 Appendix 1: "already UKCP qualified i.e. open to psychotherapists"
    bpf = by_id(recommend_json("--profession", "health visitor", "--level", "1")["courses"])["bpf-parent-infant-psychotherapy"]
    assert bpf["verdict"] == "not_eligible"
    assert any(r.startswith("not eligible: open to psychotherapists") for r in bpf["reasons"])
    # the source's own words and citation travel with the verdict
    assert bpf["sources"][0]["id"] == "seed-002"
    assert "UKCP" in bpf["sources"][0]["words"]


def test_trainee_clinical_psychologist_is_offered_the_clinical_placement_route(recommend_json):
    result = recommend_json("--profession", "trainee clinical psychologist")
    assert result["profession"]["id"] == "clinical-psychologist"
    assert result["stage"] == "trainee"  # inferred from the word "trainee"
    assert by_id(result["routes"])["clinical-placement"]["verdict"] == "eligible"
    assert any(step["id"] == "clinical-placement" for p in result["pathways"] for step in p["steps"])


def test_qualified_clinical_psychologist_is_asked_about_a_placement_post_registration(recommend_json):
    # seed-002 5.2 "Clinical placement during professional training": once qualified, a placement
    # is only recommendation 3's "(either pre or post registration)": asked, never eligible (issue 21).
    route = by_id(recommend_json("--profession", "clinical psychologist")["routes"])["clinical-placement"]
    assert route["verdict"] == "eligible_if"
    assert any("during professional training" in c for c in route["to_confirm"])


def test_a_family_support_worker_is_not_offered_a_placement(recommend_json):
    # seed-002 5.1 and 7.3: placements are for "the core PAIR professions" (clinical psychology,
    # child and adolescent psychotherapy, health visiting); the person's profession is not one.
    route = by_id(recommend_json("--profession", "family support worker")["routes"])["clinical-placement"]
    assert route["verdict"] == "not_eligible"


def test_ukcp_psychotherapist_can_take_the_bpf_course(recommend_json):
    result = recommend_json("--profession", "psychotherapist", "--registration", "UKCP", "--level", "1")
    assert by_id(result["courses"])["bpf-parent-infant-psychotherapy"]["verdict"] == "eligible"


def test_pre_clinical_student_is_offered_acapt(recommend_json):
    result = recommend_json("--profession", "student on a pre-clinical child psychotherapy course")
    assert result["profession"]["id"] == "pre-clinical-child-psychotherapy-student"
    assert result["stage"] == "student"
    assert by_id(result["routes"])["acapt"]["verdict"] == "eligible"


def test_only_health_visitors_are_offered_pimh_champions(recommend_json):
    assert by_id(recommend_json("--profession", "HV")["routes"])["pimh-champions"]["verdict"] == "eligible"
    assert by_id(recommend_json("--profession", "midwife")["routes"])["pimh-champions"]["verdict"] == "not_eligible"


def test_experience_missing_is_named_for_the_ieyp(recommend_json):
    # seed-000: "expected to have 2 years' experience of working professionally with children
    # and families"; a year short is something to meet, named in `missing`.
    ieyp = by_id(recommend_json("--profession", "family support worker", "--degree", "degree", "--level", "1",
                                "--experience-years", "1")["courses"])["ieyp-postgraduate-diploma"]
    assert ieyp["verdict"] == "eligible_if"
    assert ieyp["missing"] == ["needs 2 years' experience of working professionally with children and families"]


@pytest.mark.parametrize("words, years", [
    ("family support worker with 1 year experience", 1),
    ("family support worker with 2 years experience", 2),
    ("family support worker, two years' experience working with families", 2),
    ("family support worker (3+ years post-qualifying)", 3),
])
def test_years_of_experience_in_the_words_are_read_and_said(recommend_json, words, years):
    """The same seed-000 threshold ("2 years' experience of working professionally with children and families"),
    at, below and above it, when the person writes their years beside their profession."""
    result = recommend_json("--profession", words, "--degree", "degree", "--level", "1")
    assert result["profession"]["matched"] == "Family support worker" and result["profession"]["input"] == words
    assert result["experience_years"] == years
    assert any(f"read as {years} years working with children and families" in n for n in result["notes"])
    ieyp = by_id(result["courses"])["ieyp-postgraduate-diploma"]
    experience_missing = [m for m in ieyp["missing"] if "experience" in m]
    assert bool(experience_missing) is (years < 2)


def test_years_given_as_an_option_are_not_read_from_the_words(recommend_json):
    result = recommend_json("--profession", "family support worker with 1 year experience", "--degree", "degree",
                            "--level", "1", "--experience-years", "4")
    assert result["experience_years"] == 4
    assert not any("working with children and families (say" in n for n in result["notes"])


def test_qualified_profession_implies_its_usual_register_unless_told(recommend_json):
    assert recommend_json("--profession", "social worker")["registrations"] == ["SWE"]
    assert recommend_json("--profession", "health visitor")["registrations"] == ["NMC"]
    told = recommend_json("--profession", "health visitor", "--registration", "none")
    assert told["registrations"] == []
    oxpip = by_id(told["courses"])["oxpip-parent-infant-therapist-diploma"]
    assert oxpip["verdict"] == "not_eligible"


def test_unclear_register_is_not_guessed(recommend_json):
    # SWE's clinical_registration is "unclear" in registration_bodies.yaml: check with the provider
    oxpip = by_id(recommend_json("--profession", "social worker")["courses"])["oxpip-parent-infant-therapist-diploma"]
    assert oxpip["verdict"] == "eligible_if"
    assert oxpip["missing"][0].startswith("confirm: ")
    assert "SWE" in oxpip["missing"][0]


# --- the JSON contract ----------------------------------------------------------------

COURSE_KEYS = {"id", "title", "provider", "url", "verdict", "reasons", "missing", "sources", "aimh_level_target",
               "duration_months_min", "duration_months_max", "funded"}
ROUTE_KEYS = {"id", "name", "verdict", "reasons", "missing", "sources"}
PATHWAY_KEYS = {"steps", "reaches_level", "duration_months_min", "duration_months_max"}


def test_json_follows_the_schema(recommend_json, built_catalogue):
    result = recommend_json("--profession", "HV", "--level", "1")
    assert {"profession", "stage", "aimh_level", "target_level", "courses", "routes", "pathways"} <= set(result)
    assert {"input", "matched", "id", "score"} <= set(result["profession"])
    assert result["profession"] == {**result["profession"], "input": "HV", "matched": "Health visitor",
                                    "id": "health-visitor", "score": 100.0}
    assert (result["aimh_level"], result["target_level"]) == (1, 2)  # default target: the next level
    conn = sqlite3.connect(built_catalogue)
    n_courses, n_routes = conn.execute("SELECT (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM routes)").fetchone()
    assert len(result["courses"]) == n_courses and len(result["routes"]) == n_routes
    for course in result["courses"]:
        assert COURSE_KEYS <= set(course)
        assert course["verdict"] in ("eligible", "eligible_if", "not_eligible")
        assert course["funded"] in (True, False, None)
        assert isinstance(course["reasons"], list) and isinstance(course["missing"], list)
        if course["verdict"] == "eligible_if":
            assert course["missing"], course["id"]  # never a bare "eligible if"
        if course["verdict"] == "not_eligible":
            assert any(r.startswith("not eligible: ") for r in course["reasons"]), course["id"]
    for route in result["routes"]:
        assert ROUTE_KEYS <= set(route)
    assert result["pathways"]
    for pathway in result["pathways"]:
        assert PATHWAY_KEYS <= set(pathway)
        assert pathway["reaches_level"] >= result["target_level"]
        levels = [(s["from_level"], s["to_level"]) for s in pathway["steps"]]
        assert levels[0][0] == 1 and all(a < b for a, b in levels)


def test_funded_reflects_the_catalogue_and_unknown_stays_null(recommend_json, built_catalogue):
    conn = sqlite3.connect(built_catalogue)
    funding = dict(conn.execute("SELECT id, funding FROM courses"))
    expected = {"fully_funded": True, "salaried_post": True, "free": True, "self_funded": False,
                "fee_paying": False, None: None}
    for course in recommend_json("--profession", "HV")["courses"]:
        assert course["funded"] is expected[funding[course["id"]]], course["id"]


def test_courses_are_ranked_by_what_reaches_the_target_then_verdict(recommend_json):
    # Issue 10: "first what moves the person towards the target they asked for; then verdict".
    courses = recommend_json("--profession", "HV", "--level", "1", "--target", "2")["courses"]
    assert [c["rank"] for c in courses] == list(range(1, len(courses) + 1))
    # issue 21: a course with something to complete first ranks below every course without one
    reaching = [c for c in courses if c["verdict"] != "not_eligible" and c["aimh_level_target"] == 2
                and (c["aimh_level_expected"] or 0) <= 1 and not c["to_complete_first"]]
    others = [c for c in courses if c not in reaching]
    assert reaching and max(c["rank"] for c in reaching) < min(c["rank"] for c in others)
    order = {"eligible": 0, "eligible_if": 1, "not_eligible": 2}
    verdicts = [order[c["verdict"]] for c in reaching]
    assert verdicts == sorted(verdicts)  # within the courses that reach the target, eligible first
    assert courses[0]["ranking"].startswith("takes you from level 1 to your target level 2")


def test_ranking_is_deterministic(python_exe, repo_root, built_catalogue):
    outputs = {run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--profession", "midwife", "--json").stdout
               for _ in range(2)}
    assert len(outputs) == 1


def test_filters_funded_only_max_months_online(recommend_json):
    funded = recommend_json("--profession", "HV", "--funded-only")["courses"]
    assert funded and all(c["funded"] is True for c in funded)
    short = recommend_json("--profession", "HV", "--max-months", "12")["courses"]
    assert short and all(c["duration_months_min"] is None or c["duration_months_min"] <= 12 for c in short)
    assert "bpf-parent-infant-psychotherapy" not in by_id(short)  # 24 months
    online = recommend_json("--profession", "HV", "--online")["courses"]
    assert online and all("online" in c["mode"] or "distance" in c["mode"] for c in online)
    for pathway in recommend_json("--profession", "HV", "--level", "1", "--funded-only")["pathways"]:
        assert all(step["funded"] is True for step in pathway["steps"])


def test_pathway_duration_is_the_sum_of_its_steps(recommend_json):
    for pathway in recommend_json("--profession", "family support worker", "--level", "0", "--target", "2",
                                  "--degree", "degree", "--experience-years", "3")["pathways"]:
        mins = [s["duration_months_min"] for s in pathway["steps"]]
        maxes = [s["duration_months_max"] for s in pathway["steps"]]
        assert pathway["duration_months_at_least"] == pytest.approx(sum(m for m in mins if m is not None))
        if None not in mins:
            assert pathway["duration_months_min"] == pytest.approx(sum(mins))
        if None not in maxes:
            assert pathway["duration_months_max"] == pytest.approx(sum(maxes))
        else:
            assert pathway["duration_months_max"] is None  # unknown is never summed as 0


def test_at_the_top_level_there_is_no_pathway(recommend_json):
    result = recommend_json("--profession", "HV", "--level", "3")
    assert result["target_level"] == 3 and result["pathways"] == []


# --- the table ------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("--profession", "HV", "--level", "1"),
    ("--profession", "trainee clinical psychologist"),
    ("--profession", "student on a pre-clinical child psychotherapy course", "--target", "3"),
    ("--profession", "health visiter", "--funded-only"),
])
def test_table_fits_80_columns(python_exe, repo_root, built_catalogue, args):
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("Profession: ")  # says what it matched and how sure it is
    assert "BEST COURSES" in done.stdout and "OPEN ROUTES" in done.stdout and "BEST PATHWAY" in done.stdout
    everything = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args, "--all")
    assert max(len(line) for line in everything.stdout.splitlines()) <= 80
    assert "ALL COURSES" in everything.stdout and "ROUTES" in everything.stdout and "PATHWAYS" in everything.stdout


# --- the first screen: a summary first, the full list with --all, --limit N -------------

SUMMARY_CASES = [
    ("--profession", "HV", "--level", "1"),
    ("--profession", "family support worker", "--degree", "none"),
    ("--profession", "senior specialist health visitor (NMC)", "--level", "1", "--target", "3"),
    ("--profession", "trainee clin psych"),
    ("--profession", "student on a pre-clinical child psychotherapy course", "--target", "3"),
    ("--profession", "midwife", "--level", "2", "--target", "3"),
]


@pytest.mark.parametrize("args", SUMMARY_CASES)
def test_the_table_answers_on_its_first_screen(python_exe, repo_root, built_catalogue, recommend_json, args):
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # what it leads to is on the first screen (it used to start around line 140 of 170-210)
    headings = [n for n, line in enumerate(lines, 1) if line.startswith(("BEST COURSES", "OPEN ROUTES", "BEST PATHWAY"))]
    assert len(headings) == 3 and max(headings) <= 25, headings
    # issue 21: what is missing wraps instead of being cut mid-word, so the screen is a little longer
    assert len(lines) <= 42
    # the best courses are the JSON's best courses, in the same order
    result = recommend_json(*args)
    best = [c for c in result["courses"][:3] if c["verdict"] != "not_eligible"]
    rows = [line for line in lines if line[:2].strip().isdigit()]
    assert [int(r.split()[0]) for r in rows] == [c["rank"] for c in best]
    for row, course in zip(rows, best):
        assert row.split()[1] == course["verdict"].split("_")[0]
    # every open route is named (or counted), the best pathway's first step is named
    open_routes = [r for r in result["routes"] if r["verdict"] != "not_eligible"]
    text = " ".join(done.stdout.split())
    assert f"OPEN ROUTES ({len(open_routes)} of {len(result['routes'])})" in text
    if result["pathways"]:
        assert result["pathways"][0]["steps"][0]["name"] in text
    # and it says how to see the rest
    assert "--all" in lines[-2] + lines[-1]


def test_what_is_missing_is_in_the_summary(python_exe, repo_root, built_catalogue, recommend_json):
    checked = 0
    for args in SUMMARY_CASES:
        done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args)
        result = recommend_json(*args)
        best_if = [c for c in result["courses"][:3] if c["verdict"] == "eligible_if"]
        if result["pathways"]:
            best_if += [s for s in result["pathways"][0]["steps"] if s["verdict"] == "eligible_if"]
        if not best_if:
            assert "WHAT IS MISSING" not in done.stdout  # nothing to meet or confirm: no section
            continue
        checked += 1
        items = {i["id"]: i for i in result["courses"] + result["routes"]}
        first = items[best_if[0]["id"]]["missing"][0]
        section = done.stdout.split("WHAT IS MISSING")[1]
        assert first[:40] in " ".join(section.split()), (args, first)
    assert checked  # the test is only a test if some summary has something missing


def test_all_lists_every_course_after_the_summary(python_exe, repo_root, built_catalogue, recommend_json):
    args = ("--profession", "HV", "--level", "1")
    summary = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args).stdout
    everything = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args, "--all").stdout
    assert everything.startswith(summary.rstrip("\n").rsplit("\n", 2)[0])  # the summary comes first
    result = recommend_json(*args)
    listed = everything.split("ALL COURSES")[1]
    ranks = [int(line.split()[0]) for line in listed.splitlines() if line[:2].strip().isdigit()]
    assert ranks == list(range(1, len(result["courses"]) + 1))


@pytest.mark.parametrize("limit, shown", [("1", 1), ("5", 5), ("1000", None)])
def test_limit_in_the_table(python_exe, repo_root, built_catalogue, recommend_json, limit, shown):
    args = ("--profession", "HV", "--level", "1")
    total = len(recommend_json(*args)["courses"])
    shown = total if shown is None else shown
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args, "--all", "--limit", limit)
    listed = done.stdout.split("ALL COURSES")[1].split("ROUTES")[0]
    assert [int(line.split()[0]) for line in listed.splitlines() if line[:2].strip().isdigit()] == list(range(1, shown + 1))
    if shown < total:
        assert f"{total - shown} more not shown" in listed


@pytest.mark.parametrize("limit", ["1", "2", "20"])
def test_json_limit_lists_the_best_n_and_keeps_the_rest_of_the_answer(recommend_json, limit):
    args = ("--profession", "health visitor", "--level", "1")
    whole, limited = recommend_json(*args), recommend_json(*args, "--limit", limit)
    n = int(limit)
    assert limited["courses"] == whole["courses"][:n]          # the same courses, ranked the same
    assert limited["summary"]["courses"] == whole["summary"]["courses"]  # counts over every course
    assert limited["summary"]["courses_listed"] == min(n, len(whole["courses"]))
    assert limited["routes"] == whole["routes"] and limited["pathways"] == whole["pathways"]
    assert limited["filters"]["limit"] == n and whole["filters"]["limit"] is None


def test_json_without_limit_lists_every_course(recommend_json, built_catalogue):
    n = sqlite3.connect(built_catalogue).execute("SELECT COUNT(*) FROM courses").fetchone()[0]
    assert len(recommend_json("--profession", "HV")["courses"]) == n  # the contract: all by default


@pytest.mark.parametrize("limit", ["0", "-1", "two", "1.5"])
def test_bad_limit(python_exe, repo_root, built_catalogue, limit):
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--profession", "HV", "--limit", limit)
    assert_one_line_error(done, "--limit")


def test_help_teaches(python_exe, repo_root):
    done = run(python_exe, repo_root, "recommend", "--help")
    assert done.returncode == 0
    for words in ("--all", "--limit", "--json", "eligible if", "examples:", '"NQ social worker"', "(HCPC)", "summary"):
        assert words in done.stdout, words


@pytest.mark.parametrize("given", [None, "0", "1"])
def test_a_level_not_given_is_said_as_an_assumption(recommend_json, python_exe, repo_root, built_catalogue, given):
    """DOMAIN.md: the person gives their current level (0 = none yet). Not given, it is taken as 0 and the
    answer says so (as it says an assumed register), with the option that changes it."""
    args = ("--profession", "health visitor", "--today", "2026-12-06") + (("--level", given) if given else ())
    result = recommend_json(*args)
    said = [a for a in result["assumptions"] if "AiMH level" in a]
    assert result["aimh_level"] == int(given or 0)
    assert bool(said) is (given is None)
    text = run(python_exe, repo_root, "recommend", "--db", built_catalogue, *args).stdout
    assert ("--level" in text.split("BEST COURSES")[0]) is (given is None)


@pytest.mark.parametrize("columns", [None, "0", "junk", "39", "40", "41", "100"])
@pytest.mark.parametrize("command", [None, "recommend", "roster", "plan", "assess", "area"])
def test_help_is_wrapped_as_argparse_wraps_it(monkeypatch, columns, command):
    """The parser gives argparse its width itself (not importing shutil): the help of every command is
    what argparse's own formatter (shutil.get_terminal_size) writes, for any COLUMNS."""
    import argparse

    from recommender.__main__ import OneLineParser, build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    parser = build_parser(command)
    if command:
        parser = parser._subparsers._group_actions[0].choices[command]
    ours = parser.format_help()
    monkeypatch.setattr(OneLineParser, "_get_formatter", argparse.ArgumentParser._get_formatter)
    assert ours == parser.format_help()


def test_help_fits_the_columns_it_is_given(python_exe, repo_root):
    import os

    """roster's help is all argparse's own wrapping (recommend's examples are kept as written)."""
    done = subprocess.run([python_exe, "-m", "recommender", "roster", "--help"], cwd=repo_root,
                          capture_output=True, text=True, timeout=TIMEOUT, env=dict(os.environ, COLUMNS="60"))
    assert done.returncode == 0
    widest = max(map(len, done.stdout.splitlines()))
    assert 50 < widest <= 60, widest


def test_table_says_how_sure_the_match_is(python_exe, repo_root, built_catalogue):
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--profession", "health visiter")
    first = " ".join(done.stdout.split("Stage:")[0].split())  # the Profession paragraph
    assert first.startswith('Profession: "health visiter" -> Health visitor (fuzzy')
    assert "score 92.9/100, high confidence" in first


# --- bad input: one line, exit code 2, no traceback ------------------------------------

def assert_one_line_error(done, *words):
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("length", [79, 80, 81, 5000])
def test_long_words_are_repeated_cut_short(python_exe, repo_root, built_catalogue, length):
    """A pasted paragraph is not echoed whole: up to 80 characters are repeated, more are cut with an ellipsis."""
    words = "x" * length
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--profession", words)
    assert_one_line_error(done, "no profession matches", "nothing is close", "--profession")
    shown = done.stderr.split('"')[1]
    assert shown == words if length <= 80 else (shown == "x" * 79 + "\u2026")


def test_missing_database(python_exe, repo_root, tmp_path):
    done = run(python_exe, repo_root, "recommend", "--db", tmp_path / "nope.db", "--profession", "HV")
    assert_one_line_error(done, "not found", "python -m crawler build")


def test_corrupt_database(python_exe, repo_root, tmp_path):
    bad = tmp_path / "catalogue.db"
    bad.write_bytes(b"this is not a database\n" * 100)
    assert_one_line_error(run(python_exe, repo_root, "recommend", "--db", bad, "--profession", "HV"),
                          "not a readable SQLite catalogue")


def test_database_without_the_tables(python_exe, repo_root, tmp_path):
    empty = tmp_path / "catalogue.db"
    sqlite3.connect(empty).execute("CREATE TABLE unrelated (x)").connection.close()
    assert_one_line_error(run(python_exe, repo_root, "recommend", "--db", empty, "--profession", "HV"),
                          "python -m crawler build")


def test_database_missing_one_table(python_exe, repo_root, catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE eligibility_requirements")
    conn.commit()
    conn.close()
    assert_one_line_error(run(python_exe, repo_root, "recommend", "--db", catalogue_copy, "--profession", "HV"),
                          "eligibility_requirements")


@pytest.mark.parametrize("args, words", [
    (("--level", "5"), ["--level"]),
    (("--level", "-1"), ["--level"]),
    (("--level", "one"), ["--level"]),
    (("--target", "4"), ["--target"]),
    (("--level", "2", "--target", "1"), ["target"]),
    (("--degree", "phd"), ["--degree"]),
    (("--stage", "retired"), ["--stage"]),
    (("--registration", "XYZ"), ["XYZ"]),
    (("--experience-years", "-3"), ["experience"]),
    (("--max-months", "0"), ["--max-months"]),
    (("--frobnicate",), ["--frobnicate"]),
])
def test_bad_arguments(python_exe, repo_root, built_catalogue, args, words):
    done = run(python_exe, repo_root, "recommend", "--db", built_catalogue, "--profession", "HV", *args)
    assert_one_line_error(done, *words)


def test_profession_is_required(python_exe, repo_root, built_catalogue):
    assert_one_line_error(run(python_exe, repo_root, "recommend", "--db", built_catalogue), "--profession")


# --- imports and the Python API -------------------------------------------------------

def test_recommender_never_imports_the_heavy_libraries(python_exe, repo_root, built_catalogue):
    code = ("import sys, io, contextlib\n"
            "from recommender.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['recommend', '--db', {str(built_catalogue)!r}, '--profession', 'health visiter', '--json'])\n"
            "    main(['roster', '--db', {db!r}, {roster!r}])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'datasette', 'yaml', 'sqlite_utils'}))\n")
    roster = repo_root / "tests" / "files" / "roster_small.csv"
    done = subprocess.run([python_exe, "-c", code.replace("{db!r}", repr(str(built_catalogue)))
                           .replace("{roster!r}", repr(str(roster)))],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_python_api_returns_exactly_the_json_object(recommend_json, built_catalogue):
    from recommender import recommend

    api = recommend(built_catalogue, "HV", level=1)
    assert json.loads(json.dumps(api)) == recommend_json("--profession", "HV", "--level", "1")
    # form fields arrive as strings
    assert recommend(str(built_catalogue), "HV", level="1", registrations="NMC, UKCP")["registrations"] == ["NMC", "UKCP"]


def test_python_api_accepts_an_open_connection(built_catalogue):
    from recommender import recommend

    conn = sqlite3.connect(built_catalogue)
    try:
        assert recommend(conn, "midwife")["profession"]["id"] == "midwife"
    finally:
        conn.close()


def test_python_api_raises_profession_not_matched_with_suggestions(built_catalogue):
    from recommender import ProfessionNotMatched, UserError, recommend

    with pytest.raises(ProfessionNotMatched) as caught:
        recommend(built_catalogue, "psychologist")
    assert isinstance(caught.value, UserError)
    assert {"clinical-psychologist", "educational-psychologist"} <= {s["id"] for s in caught.value.suggestions}
    with pytest.raises(UserError):
        recommend(built_catalogue, "HV", level=7)


# --- ranking by group gives the same answers as ranking course by course ----------------

DATED_STEP = ("url", "applications_close", "next_start", "start", "end", "date_note")


def undated(pathways):
    """The pathways without the dates result() adds to them (recommender.advice.dated_pathway, issue 26)."""
    return [{**{k: v for k, v in p.items() if k != "finishes_by"},
             "steps": [{k: v for k, v in s.items() if k not in DATED_STEP} for s in p["steps"]]} for p in pathways]


def test_ranking_by_group_equals_ranking_every_course(built_catalogue):
    """result() ranks groups of courses that share a rule and levels, and tries the first BEAM
    of each group as pathway steps (the speed of issue 10). Course by course, with every course
    a step, must give the same courses in the same order and the same pathways."""
    from recommender.catalogue import reader as catalogue_module
    from recommender.advice import pathways as pathways_module
    from recommender.advice.answer import course_item as _course_item
    from recommender.advice.ranking import is_on as _on, route_passes as _passes
    from recommender.advice.recommendation import Recommender

    cat = catalogue_module.load(built_catalogue)
    recommender = Recommender(cat)

    def course_by_course(person, funded_only=False, max_months=None):
        items = []
        for course in cat.courses.values():
            if funded_only and course.funded is not True:
                continue
            if max_months is not None and (course.duration_months_min or 0) > max_months:
                continue
            verdict = recommender.verdict("course", course.id, person)
            rank, fit = pathways_module.level_fit(course.aimh_level_expected, course.aimh_level_target,
                                                  person.aimh_level, person.target_level)
            items.append(dict(_course_item(course, verdict, rank, fit), _on=_on(person, "course", course.id, course.kind)))
        items.sort(key=pathways_module.course_sort_key)
        # issue 21: a trainee is never sent to the training they are on
        steps = tuple(pathways_module.course_step(cat.courses[i["id"]], recommender._shape[("course", i["id"])])
                      for i in items if i["aimh_level_target"] is not None and not i["_on"])
        steps += tuple(pathways_module.route_step(r, recommender._shape[("route", r.id)]) for r in cat.routes.values()
                       if r.aimh_level_target is not None and ("route", r.id) not in person.on_training and _passes(
                           {"funded": r.funded, "duration_months_min": r.duration_months_min}, funded_only, max_months))
        return [i["id"] for i in items], recommender.pathways(person, steps)

    checked = 0
    for profession in ("health visitor", "family support worker", "trainee clinical psychologist", "midwife",
                       "psychotherapist", "nursery nurse", "student on a pre-clinical child psychotherapy course"):
        for level, target in ((0, 1), (0, 3), (1, 2), (2, 3)):
            for filters in ({}, {"funded_only": True}, {"max_months": 12}):
                match, person = recommender.person(profession, level=level, target=target)
                ids, pathways = course_by_course(person, **filters)
                whole = recommender.result(match, person, **filters)
                assert [c["id"] for c in whole["courses"]] == ids, (profession, level, target, filters)
                hours = ("duration_hours_min", "duration_hours_max",  # added to course steps for the reader
                         "duration_days_min", "duration_days_max")
                assert [dict(p, steps=[{k: v for k, v in st.items() if k not in hours} for st in p["steps"]])
                        for p in undated(whole["pathways"])] == pathways, (profession, level, target, filters)
                best = recommender.result(match, person, limit=3, **filters)
                assert [c["id"] for c in best["courses"]] == ids[:3]
                checked += 1
    assert checked == 84
