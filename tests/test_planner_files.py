"""Planners' own files as spreadsheets save them, and plans for situations in no earlier issue.

Outside testing (session 33) as workforce planners: a rural nursery of 3 at AiMH 0, 120 health visitors,
a family hub network, a perinatal team, files from Excel (a byte order mark, semicolons, tabs, '1,200',
'12.0', 'unknown'), a roster with a person pasted twice, an all-Green and an all-Red checklist. Every
file goes through the real CLI (`python -m recommender assess|roster|area`) and, for the assessment,
the real Datasette app's /-/workforce-assessment page, which reads the same text.

Expectations, from the project brief: "Unknown is never 'no': a fact nobody gave is asked, not refused";
bad input is "a one-line message that says what was wrong and what to do, a non-zero exit". Seed 004's
checklist asks "To what extent do the workforce: ..." with "Red", "Amber" or "Green" per item.
"""
import html
import json
import re
import subprocess
from urllib.parse import urlencode

import pytest

from datasette_fixtures import catalogue_plain, client_plain  # noqa: F401

TIMEOUT = 180
PLAIN = ("workforce_part,item,rating,headcount,professions,aimh_levels\r\n"
         "Family hubs,6,R,12,family support worker; nursery nurse,0\r\n"
         "Family hubs,3,A,,,\r\n")


def run(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", *map(str, args), "--db", str(db),
                           "--today", "2026-12-05"], cwd=repo_root, capture_output=True, text=True,
                          timeout=TIMEOUT)


def plan(python_exe, repo_root, db, path, *args):
    done = run(python_exe, repo_root, db, "assess", path, "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def one_line_refusal(done, *words):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == ""
    message = done.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    for w in words:
        assert w in message, message


def shape(result):
    """What a planner reads from a plan: each gap's part, item, rating, staff and the tiers' choices."""
    return [(g["workforce_part"], g["item"]["number"], g["rating"],
             [(s["profession_id"], s["aimh_level"]) for s in g["staff"]],
             [(t["who"], t["aimh_level"], t["people"], (t["suggested"] or {}).get("id")) for t in g["tiers"]])
            for g in result["gaps"]]


# --- files as spreadsheets save them: the same plan as the plain comma-separated file ------------------

SAVED_AS = {
    "Excel 'CSV UTF-8' (byte order mark)": "\ufeff" + PLAIN,
    "Excel where the decimal mark is a comma (semicolons)": PLAIN.replace(",", ";").replace(
        "family support worker; nursery nurse", '"family support worker; nursery nurse"'),
    "a byte order mark and semicolons": "\ufeff" + PLAIN.replace(",", ";").replace(
        "family support worker; nursery nurse", '"family support worker; nursery nurse"'),
    "tab-separated (pasted from a sheet)": PLAIN.replace(",", "\t"),
    "headings in capitals with spaces": PLAIN.replace("workforce_part,item,rating,headcount,professions,aimh_levels",
                                                      "Workforce Part,Item,Rating,Headcount,Professions,AiMH Levels"),
    "'unknown' and '?' in optional cells": PLAIN.replace("Family hubs,3,A,,,", "Family hubs,3,A,unknown,?,n/a"),
}


@pytest.mark.parametrize("saved_as", list(SAVED_AS))
def test_a_file_saved_by_a_spreadsheet_gives_the_plan_of_the_plain_file(python_exe, repo_root, built_catalogue,
                                                                       tmp_path, saved_as):
    plain = tmp_path / "plain.csv"
    plain.write_bytes(PLAIN.encode("utf-8"))
    saved = tmp_path / "saved.csv"
    saved.write_bytes(SAVED_AS[saved_as].encode("utf-8"))
    expected = shape(plan(python_exe, repo_root, built_catalogue, plain))
    assert expected and expected[0][3] == [("family-support-worker", 0), ("nursery-nurse", 0)]
    assert shape(plan(python_exe, repo_root, built_catalogue, saved)) == expected


@pytest.mark.parametrize("saved_as", list(SAVED_AS))
def test_the_page_reads_the_same_file_text_as_the_command(client_plain, saved_as):
    # the page's file input puts the file's text in the address; a byte order mark or semicolons arrive as they are
    plain = client_plain.get("/-/workforce-assessment.json?" + urlencode({"assessment": PLAIN}))
    saved = client_plain.get("/-/workforce-assessment.json?" + urlencode({"assessment": SAVED_AS[saved_as]}))
    assert plain.status_code == 200 and saved.status_code == 200, saved.text[:300]
    assert shape(saved.json()) == shape(plain.json())
    page = client_plain.get("/-/workforce-assessment?" + urlencode({"assessment": SAVED_AS[saved_as]}))
    assert page.status_code == 200 and "\\ufeff" not in page.text and "unknown column" not in page.text


# --- a value nobody knows is asked, not refused --------------------------------------------------------

@pytest.mark.parametrize("written", ["", "unknown", "Unknown", "not known", "?", "n/a", "N/A", "-", "TBC",
                                     "don't know", "Don\u2019t know"])
def test_a_headcount_written_as_not_known_is_unknown_never_refused_nor_zero(python_exe, repo_root, built_catalogue,
                                                                           tmp_path, written):
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f"Early years settings,6,R,{written},nursery nurse,0\n", encoding="utf-8")
    result = plan(python_exe, repo_root, built_catalogue, path)
    everyone = next(t for t in result["gaps"][0]["tiers"] if t["who"] == "everyone")
    assert everyone["people"] is None and everyone["staff_weeks_max"] is None   # not known: never 0
    text = run(python_exe, repo_root, built_catalogue, "assess", path).stdout
    assert "how many people: not known" in " ".join(text.split())


@pytest.mark.parametrize("written, people", [("1200", 1200), ("1,200", 1200), ("1 200", 1200), ("12.0", 12),
                                             ("0", 0), ("100,000", 100_000)])
def test_a_headcount_as_a_spreadsheet_writes_it_is_read(python_exe, repo_root, built_catalogue, tmp_path, written,
                                                        people):
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f'Health visiting,6,R,"{written}",health visitor,0\n', encoding="utf-8")
    assert plan(python_exe, repo_root, built_catalogue, path)["gaps"][0]["totals"]["people"] == people


@pytest.mark.parametrize("written", ["12.5", "-3", "twelve", "1,20", "1.200,5", "100,001"])
def test_a_headcount_that_is_no_whole_number_is_one_line_saying_what_to_do(python_exe, repo_root, built_catalogue,
                                                                          tmp_path, written):
    path = tmp_path / "a.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    f'Health visiting,6,R,"{written}",health visitor,0\n', encoding="utf-8")
    done = run(python_exe, repo_root, built_catalogue, "assess", path)
    if written == "100,001":   # a whole number, above the 100,000 staff one part may have
        one_line_refusal(done, "line 2", "more than 100,000 staff")
    else:
        one_line_refusal(done, "line 2", f"not {written!r}", "leave it blank if it is not known")


# --- a person pasted twice is one person -------------------------------------------------------------------

ROSTER = ("name,profession,level,workforce_part\n"
          "Si\u00e2n Ellis,health visitor,1,health visiting\n"
          "Zo\u00eb O'Brien,midwife,1,maternity services\n")


@pytest.mark.parametrize("repeat, counted", [
    ("Si\u00e2n Ellis,health visitor,1,health visiting\n", 2),        # the same row again: one person
    ("si\u00e2n  ellis,Health Visitor,1,Health visiting\n", 2),       # the same, in other capitals and spaces
    ("Si\u00e2n Ellis,health visitor,2,health visiting\n", 3),        # same name, another level: not a copy
    (",health visitor,1,health visiting\n", 3),                        # no name: another health visitor
])
def test_a_named_person_listed_twice_is_counted_once(python_exe, repo_root, built_catalogue, tmp_path, repeat,
                                                     counted):
    path = tmp_path / "staff.csv"
    path.write_text(ROSTER + repeat, encoding="utf-8")
    done = run(python_exe, repo_root, built_catalogue, "roster", path, "--json")
    # recommender/cli/roster.py: a row not processed is reported and "the exit code is then 1"
    assert done.returncode == (1 if counted == 2 else 0), done.stderr
    result = json.loads(done.stdout)
    assert result["summary"]["people"] == counted
    repeated = [e for e in result["errors"] if "repeats line 2" in e["error"]]
    assert len(repeated) == (1 if counted == 2 else 0)
    if counted == 2:
        # an area plan or an assessment that places people in posts refuses the copy, saying which line
        area = run(python_exe, repo_root, built_catalogue, "area", "--babies", "14000", "--roster", path)
        one_line_refusal(area, "line 4: repeats line 2", "remove the repeat")


# --- all Green, all Red --------------------------------------------------------------------------------

def checklist_file(tmp_path, rating, extra=""):
    path = tmp_path / f"all-{rating}.csv"
    path.write_text("workforce_part,item,rating,headcount,professions,aimh_levels\n"
                    + "".join(f"Health visiting,{n},{rating},120,health visitor,1\n" for n in range(1, 12)),
                    encoding="utf-8")
    return path


def test_every_item_green_says_there_is_nothing_to_plan_and_why(python_exe, repo_root, built_catalogue, tmp_path,
                                                              client_plain):
    path = checklist_file(tmp_path, "G")
    done = run(python_exe, repo_root, built_catalogue, "assess", path)
    assert done.returncode == 0
    assert "nothing to plan" in done.stdout and "Every item rated is Green" in done.stdout
    assert "ACROSS THE AREA" not in done.stdout   # no empty heading under the answer
    page = client_plain.get("/-/workforce-assessment?" + urlencode({"assessment": path.read_text()}))
    assert page.status_code == 200
    assert "nothing to plan" in page.text and "Across the area" not in page.text


def test_every_item_red_for_120_health_visitors_sends_no_one_as_a_whole_on_a_level_they_hold(
        python_exe, repo_root, built_catalogue, tmp_path):
    # 120 health visitors at AiMH 1 (seed 002 4.2: level 1 "general knowledge and skills"), every item Red
    result = plan(python_exe, repo_root, built_catalogue, checklist_file(tmp_path, "R"))
    assert len(result["gaps"]) == 11
    for gap in result["gaps"]:
        for tier in gap["tiers"]:
            if tier["who"] == "everyone" and tier["aimh_level"] <= 1:
                assert tier["suggested"] is None and tier["people"] is None, (gap["item"]["number"], tier)
    # nothing everyone takes, so no whole-part total: never the 1,440 staff-weeks of a 12-week course x 120
    assert result["summary"]["tiers"]["everyone"]["staff_weeks_max"] is None


# --- one area's plan, small and very large --------------------------------------------------------------

@pytest.mark.parametrize("babies, teams", [("300", 1), ("14 000", 5), ("14,000", 5), ("10000000", 3334)])
def test_an_area_plan_reads_as_plain_words_for_a_small_and_a_very_large_area(client_plain, python_exe, repo_root,
                                                                             built_catalogue, babies, teams):
    # seed 002 section 8: a team "supports about 150 families directly each year", teams serve 5% of babies:
    # 300 x 5% / 150 = 0.1 -> 1 whole team; 14,000 -> 4.67 -> 5; 10,000,000 -> 3,333.3 -> 3,334
    done = run(python_exe, repo_root, built_catalogue, "area", "--babies", babies, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["teams"] == teams
    text = run(python_exe, repo_root, built_catalogue, "area", "--babies", babies).stdout
    # a count agrees with its noun: "1 post", never "1 posts"
    assert ("CLINICAL PSYCHOLOGIST: 1 post," in text) is (teams == 1)
    assert " 1 posts" not in text and " 1 more courses" not in text
    page = client_plain.get("/-/area-plan?" + urlencode({"babies": babies}))
    assert page.status_code == 200
    # the eligibility conditions the recommender words for its command line are a page's words here: no option
    # flags, no source ids (issue 23: "no file names, commands, option flags, SQL or raw enum values on pages")
    words = html.unescape(re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", page.text))
    for developer_words in ("--registration", "say --", "seed-00", "OBSERVED.md", " 1 posts"):
        assert developer_words not in words, developer_words


@pytest.mark.parametrize("written, level", [("1", 1), ("1.0", 1), (" 2.0 ", 2), ("0.0", 0), ("1.5", None),
                                            ("4.0", None)])
def test_a_level_as_a_spreadsheet_writes_it_is_read(python_exe, repo_root, built_catalogue, tmp_path, written, level):
    # Excel's number format writes 1 as "1.0": the same AiMH level; 1.5 and 4 are no AiMH level (0-3)
    path = tmp_path / "staff.csv"
    path.write_text(f'name,profession,level\nA,health visitor,"{written}"\n', encoding="utf-8")
    done = run(python_exe, repo_root, built_catalogue, "roster", path, "--json")
    if level is None:   # the roster's row error, then that no row could be processed (cli/roster.py): exit 2
        assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
        assert f"line 2: AiMH level must be one of 0, 1, 2, 3, not '{written}'" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["people"][0]["aimh_level"] == level
