"""Files a planner gives: every CSV header checked by one reader, and the work a file can ask for
bounded (issue 27, probes 5 and 6).

Before: a duplicate header was read silently, the last column winning: in `assess`,
`rating,rating` with `R,G` said "nothing to plan" (a Red item read as Green); in `roster`,
`level,level` with `3,0` gave level 0. An assessment of 10,000 distinct workforce parts
(0.6 MB) took 27 s and 2.2 GB and wrote 270 MB of JSON; headcount had no upper bound
(staff-weeks 5.22e+24). Now recommender/workforce/csv_files.header_names refuses an unknown or repeated
column (also two names for one column, `rating,rag`) naming the line and the columns, for
roster, assess and assess --roster alike; and an assessment is capped in rows (5,000), parts
(100), professions per part (30) and headcount (100,000), a roster in people (50,000), each
with a one-line message and exit 2. The real CLI runs as a subprocess.
"""
import subprocess

import pytest

from recommender.workforce import assessment_file
from recommender.workforce import roster as roster_command

TIMEOUT = 120
HEADER = "workforce_part,item,rating,headcount,professions,aimh_levels,comments\n"


def cli(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", *args, "--db", str(db)], cwd=repo_root,
                          capture_output=True, text=True, timeout=TIMEOUT)


def one_line_refusal(done, *words):
    assert done.returncode == 2, (done.stdout[-300:], done.stderr[-500:])
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for w in words:
        assert w in done.stderr, done.stderr


@pytest.mark.parametrize("text, words", [
    ("workforce_part,item,rating,rating\nHealth visiting,6,R,G\n",
     ["line 1, columns 3 and 4: 'rating' is given twice"]),
    ("workforce_part,item,rating,rag\nHealth visiting,6,R,G\n",
     ["line 1, columns 3 and 4: 'rag' names the same column as 'rating' (column 3)"]),
    ("workforce_part,item,Rating,RATING\nHealth visiting,6,R,G\n", ["columns 3 and 4", "given twice"]),
    ("workforce_part,item,item,rating\nHealth visiting,6,7,R\n", ["columns 2 and 3"]),
    ("\n\nworkforce_part,item,rating,part\nHealth visiting,6,R,x\n", ["line 3, columns 1 and 4"]),
    ("workforce_part,item,rating,colour\nHealth visiting,6,R,x\n", ["line 1: unknown column 'colour' (column 4)"]),
])
def test_assess_refuses_duplicate_and_unknown_headers(python_exe, repo_root, built_catalogue, tmp_path, text, words):
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    one_line_refusal(cli(python_exe, repo_root, built_catalogue, "assess", str(path)), *words)


@pytest.mark.parametrize("text, words", [
    ("profession,level,level\nhealth visitor,3,0\n", ["line 1, columns 2 and 3: 'level' is given twice"]),
    ("profession,Profession,level\nhealth visitor,midwife,1\n", ["columns 1 and 2"]),
    ("profession,level,colour\nhealth visitor,1,x\n", ["line 1: unknown column 'colour' (column 3)"]),
])
@pytest.mark.parametrize("how", ["roster", "assess --roster"])
def test_roster_files_refuse_duplicate_and_unknown_headers(python_exe, repo_root, built_catalogue, tmp_path,
                                                           text, words, how):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    if how == "roster":
        done = cli(python_exe, repo_root, built_catalogue, "roster", str(path))
    else:
        done = cli(python_exe, repo_root, built_catalogue, "assess", str(repo_root / "docs" / "examples" / "assessment.csv"),
                   "--roster", str(path))
    one_line_refusal(done, *words)


def test_one_header_column_each_is_still_read(python_exe, repo_root, built_catalogue, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating\nHealth visiting,6,R\n", encoding="utf-8")
    done = cli(python_exe, repo_root, built_catalogue, "assess", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert "nothing to plan" not in done.stdout


def parts_file(path, parts, item=6):
    path.write_text(HEADER + "".join(f"Part {n},{item},R,,,,\n" for n in range(parts)), encoding="utf-8")
    return path


@pytest.mark.parametrize("parts, refused", [(99, False), (100, False), (101, True)])
def test_parts_per_assessment_boundary(python_exe, repo_root, built_catalogue, tmp_path, parts, refused):
    done = cli(python_exe, repo_root, built_catalogue, "assess", str(parts_file(tmp_path / "a.csv", parts)), "--json")
    if refused:
        one_line_refusal(done, "more than 100 workforce parts in one assessment")
    else:
        assert done.returncode == 0, done.stderr[-500:]


def test_ten_thousand_parts_are_refused_at_once(python_exe, repo_root, built_catalogue, tmp_path):
    done = cli(python_exe, repo_root, built_catalogue, "assess", str(parts_file(tmp_path / "a.csv", 10_000)), "--json")
    one_line_refusal(done, "more than 5,000 rows")


@pytest.mark.parametrize("headcount, refused", [(99_999, False), (100_000, False), (100_001, True),
                                                (10 ** 20, True)])
def test_headcount_boundary(python_exe, repo_root, built_catalogue, tmp_path, headcount, refused):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + f"Health visiting,6,R,{headcount},health visitor,1,\n", encoding="utf-8")
    done = cli(python_exe, repo_root, built_catalogue, "assess", str(path), "--json")
    if refused:
        one_line_refusal(done, f"headcount {headcount:,} is more than 100,000 staff in one part")
    else:
        assert done.returncode == 0, done.stderr[-500:]
        assert "e+" not in done.stdout


@pytest.mark.parametrize("count, refused", [(30, False), (31, True)])
def test_professions_per_part_boundary(python_exe, repo_root, built_catalogue, tmp_path, count, refused):
    path = tmp_path / "a.csv"
    professions = ";".join(["health visitor"] * count)
    path.write_text(HEADER + f"Health visiting,6,R,10,{professions},1,\n", encoding="utf-8")
    done = cli(python_exe, repo_root, built_catalogue, "assess", str(path))
    if refused:
        one_line_refusal(done, "31 professions in one part: at most 30")
    else:
        assert "at most 30" not in done.stderr


@pytest.mark.parametrize("people, refused", [(50_000, False), (50_001, True)])
def test_people_per_roster_boundary(tmp_path, people, refused):
    text = "profession,level\n" + "health visitor,1\n" * people
    if refused:
        with pytest.raises(Exception, match="more than 50,000 people"):
            roster_command.parse_rows(text, "people.csv")
    else:
        assert len(roster_command.parse_rows(text, "people.csv")) == people


def test_rows_per_assessment_boundary():
    text = HEADER + "Health visiting,6,R,,,,\n" * 5_000
    assert len(assessment_file.parse_csv(text, "a.csv")) == 5_000
    with pytest.raises(Exception, match="more than 5,000 rows"):
        assessment_file.parse_csv(text + "Health visiting,6,R,,,,\n", "a.csv")
