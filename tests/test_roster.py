"""`python -m recommender roster FILE.csv`: best options per person, a summary, line-numbered errors."""
import csv
import io
import json
import subprocess

import pytest

TIMEOUT = 120


def roster(python_exe, repo_root, db, path, *args):
    return subprocess.run([python_exe, "-m", "recommender", "roster", str(path), "--db", str(db), *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def small(repo_root):
    return repo_root / "tests" / "files" / "roster_small.csv"


@pytest.fixture(scope="module")
def small_json(python_exe, repo_root, built_catalogue, small):
    done = roster(python_exe, repo_root, built_catalogue, small, "--json")
    assert done.returncode == 1, done.stderr  # some rows are malformed: processed, but not all
    return json.loads(done.stdout), done.stderr


def test_malformed_rows_are_reported_by_line_and_the_rest_processed(small_json):
    result, stderr = small_json
    assert [e["line"] for e in result["errors"]] == [6, 7, 9]  # xyzzy; level 5; an extra field
    assert "line 6:" in stderr and "line 7:" in stderr and "line 9:" in stderr
    assert "Traceback" not in stderr
    assert [p["line"] for p in result["people"]] == [2, 3, 4, 5, 8, 10]


def test_each_person_gets_their_best_options(small_json):
    people = {p["name"]: p for p in small_json[0]["people"]}
    assert people["Ann"]["profession"]["id"] == "health-visitor"
    assert all(c["verdict"] != "not_eligible" for p in people.values() for c in p["best_courses"])
    assert "clinical-placement" in {r["id"] for r in people["Bob"]["routes"]}   # trainee clinical psychologist
    assert "acapt" in {r["id"] for r in people["Dan"]["routes"]}                # pre-clinical student
    assert people["Ann"]["best_pathway"]["reaches_level"] >= 2
    assert people["Ivy"]["stage"] == "qualified"


def test_summary_counts_match_each_persons_recommendation(python_exe, repo_root, built_catalogue, small_json):
    result = small_json[0]
    assert result["summary"]["people"] == len(result["people"])
    for kind in ("courses", "routes"):
        for item in result["summary"][kind]:
            assert item["eligible"] + item["eligible_if"] + item["not_eligible"] == len(result["people"])
    # the same people one by one through `recommend` give the same counts
    from recommender import recommend

    counts = {}
    rows = {p["line"]: p for p in result["people"]}
    reader = list(csv.DictReader(open(repo_root / "tests" / "files" / "roster_small.csv", encoding="utf-8")))
    for line, row in zip(range(2, 2 + len(reader)), reader):
        if line not in rows:
            continue
        one = recommend(built_catalogue, row["profession"], level=row["level"], stage=row["stage"] or None,
                        registrations=row["registration"] or None, degree=row["degree"] or None,
                        experience_years=row["experience"] or None)
        for course in one["courses"]:
            counts[course["id"]] = counts.get(course["id"], 0) + (course["verdict"] == "eligible")
    assert {c["id"]: c["eligible"] for c in result["summary"]["courses"]} == counts


def test_table_output_fits_80_columns(python_exe, repo_root, built_catalogue, small):
    done = roster(python_exe, repo_root, built_catalogue, small)
    assert done.returncode == 1
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "PEOPLE" in done.stdout and "COURSES" in done.stdout and "ROUTES" in done.stdout


def test_csv_output(python_exe, repo_root, built_catalogue, small):
    done = roster(python_exe, repo_root, built_catalogue, small, "--csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    people = [r for r in rows if r["record"] == "person"]
    assert [int(r["line"]) for r in people] == [2, 3, 4, 5, 8, 10]
    assert {r["record"] for r in rows} == {"person", "course", "route"}


def test_a_clean_roster_exits_0(python_exe, repo_root, built_catalogue, tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("Profession,Level,Experience_Years\nhealth visitor,1,3\nSALT,0,\n", encoding="utf-8")
    done = roster(python_exe, repo_root, built_catalogue, path, "--json")
    assert done.returncode == 0, done.stderr
    assert [p["profession"]["id"] for p in json.loads(done.stdout)["people"]] == [
        "health-visitor", "speech-and-language-therapist"]


@pytest.mark.parametrize("content, words", [
    ("", "empty"),
    ("   \n\n", "empty"),
    ("profession,level\n", "no people"),
    ("name,job\nAnn,HV\n", "header"),
    ("profession,level,shoe_size\nHV,1,9\n", "shoe_size"),
    ("profession,level\nbanana,1\nxyzzy,2\n", "no row"),
    ('"\r\n', "no header"),  # regression: a lone quote has no non-blank cell (StopIteration, issue 7 report)
    ('a,b\n"x\ny",1\n', "header"),  # a header without profession and level
])
def test_unusable_files_are_one_line_exit_2(python_exe, repo_root, built_catalogue, tmp_path, content, words):
    path = tmp_path / "roster.csv"
    path.write_text(content, encoding="utf-8")
    done = roster(python_exe, repo_root, built_catalogue, path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert words in done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("make", ["missing", "directory", "binary", "latin1"])
def test_unreadable_files_are_one_line_exit_2(python_exe, repo_root, built_catalogue, tmp_path, make):
    path = tmp_path / "roster.csv"
    if make == "directory":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"profession,level\n\x00\x01\x02,1\n")
    elif make == "latin1":
        path.write_bytes("profession,level\nsage-femme \xe9,1\n".encode("latin-1"))
    done = roster(python_exe, repo_root, built_catalogue, path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_json_and_csv_are_exclusive(python_exe, repo_root, built_catalogue, small):
    done = roster(python_exe, repo_root, built_catalogue, small, "--json", "--csv")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_roster_best_options_are_the_top_of_each_persons_recommendation(small_json, built_catalogue, repo_root):
    # The roster ranks without building the whole answer: it must agree with `recommend`.
    from recommender import recommend

    reader = list(csv.DictReader(open(repo_root / "tests" / "files" / "roster_small.csv", encoding="utf-8")))
    by_line = dict(zip(range(2, 2 + len(reader)), reader))
    for person in small_json[0]["people"]:
        row = by_line[person["line"]]
        one = recommend(built_catalogue, row["profession"], level=row["level"], stage=row["stage"] or None,
                        registrations=row["registration"] or None, degree=row["degree"] or None,
                        experience_years=row["experience"] or None)
        open_courses = [c["id"] for c in one["courses"] if c["verdict"] != "not_eligible"][:3]
        assert [c["id"] for c in person["best_courses"]] == open_courses
        assert [r["id"] for r in person["routes"]] == [r["id"] for r in one["routes"] if r["verdict"] != "not_eligible"]
        assert person["best_pathway"]["steps"] == [s["id"] for s in one["pathways"][0]["steps"]]


@pytest.mark.parametrize("level", ["", "?", "not known"])
def test_a_person_whose_level_is_not_given_is_answered_and_the_level_asked(python_exe, repo_root, built_catalogue,
                                                                          tmp_path, level):
    """DOMAIN.md: "Unknown is never no". A roster row without a level is not an error row: the person is
    answered as at level 0 (none yet), the level is reported as not given (null, blank in CSV), and the
    table says which lines to complete. A level that is there is used as it is."""
    path = tmp_path / "r.csv"
    path.write_text(f"profession,level,name\nhealth visitor,{level},Ann\nhealth visitor,0,Bea\n", encoding="utf-8")
    done = roster(python_exe, repo_root, built_catalogue, path, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == []
    ann, bea = result["people"]
    assert (ann["aimh_level"], bea["aimh_level"]) == (None, 0)
    assert ann["best_courses"] == bea["best_courses"] and ann["target_level"] == bea["target_level"] == 1
    rows = list(csv.DictReader(io.StringIO(roster(python_exe, repo_root, built_catalogue, path, "--csv").stdout)))
    assert [r["aimh_level"] for r in rows if r["record"] == "person"] == ["", "0"]
    text = roster(python_exe, repo_root, built_catalogue, path).stdout
    assert "?->1" in text and "AiMH level not given for 1 person (line 2)" in text


def test_an_area_plan_still_needs_each_persons_level(python_exe, repo_root, built_catalogue, tmp_path):
    """area --roster counts who holds each level: a row without one is asked for, naming its line."""
    path = tmp_path / "r.csv"
    path.write_text("profession,level\nhealth visitor,\n", encoding="utf-8")
    done = subprocess.run([python_exe, "-m", "recommender", "area", "--babies", "12000", "--roster", str(path),
                           "--db", str(built_catalogue)], cwd=repo_root, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == 2 and done.stdout == ""
    assert "line 2: no AiMH level given (0-3)" in done.stderr and len(done.stderr.strip().splitlines()) == 1
