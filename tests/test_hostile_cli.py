"""Hostile and mistaken input to the recommender CLI: strict numbers, bounded reads, safe CSV, write errors.

Each case is one an audit found (issue 14): `plan --team-cost 1e300` ended in a traceback and
`266336,39` was read as 26,633,639; `recommend --max-months nan` exited 0 with invalid JSON
(NaN); `roster /dev/zero` read without end; `roster --csv` wrote =, +, -, @ cells back as
formulas; writing to a full device ended in a traceback. The real CLI runs in a subprocess.
"""
import csv
import io
import json
import os
import subprocess
import time

import pytest

from recommender.output.csv_cells import safe_cell
from recommender.catalogue.errors import UserError
from recommender.workforce.roster import read_text

# Seed 002, Appendix 2: "team cost GBP 266,336.39" (April 2023 Agenda for Change rates).
TEAM_COST = "266,336.39"


def cli(python_exe, repo_root, catalogue, *args, stdout=subprocess.PIPE, timeout=60):
    command = args[0]
    return subprocess.run([python_exe, "-m", "recommender", command, "--db", str(catalogue), *args[1:]],
                          cwd=repo_root, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=timeout)


def one_line(result):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    return lines[0]


# --- numbers ---------------------------------------------------------------------------------

def test_a_decimal_comma_is_refused_not_read_as_thousands(python_exe, repo_root, built_catalogue):
    result = cli(python_exe, repo_root, built_catalogue, "plan", "--team-cost", "266336,39")
    assert result.returncode == 2
    assert "--team-cost '266336,39'" in one_line(result) and "comma may only separate thousands" in result.stderr


def test_thousands_commas_and_a_pound_sign_are_read(python_exe, repo_root, built_catalogue):
    answers = [json.loads(cli(python_exe, repo_root, built_catalogue, "plan", "--team-cost", cost, "--json").stdout)
               for cost in (TEAM_COST, "266336.39", "£" + TEAM_COST)]
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.parametrize("cost, refused", [("999,999,999", False), ("1,000,000,000", False), ("1,000,000,001", True),
                                           ("1e300", True), ("inf", True), ("nan", True)])
def test_team_cost_range(python_exe, repo_root, built_catalogue, cost, refused):
    result = cli(python_exe, repo_root, built_catalogue, "plan", "--team-cost", cost, "--json")
    if refused:
        assert result.returncode == 2 and "--team-cost" in one_line(result)
    else:
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)


@pytest.mark.parametrize("months, refused", [("0", True), ("0.5", False), ("600", False), ("601", True), ("-1", True),
                                             ("nan", True), ("inf", True), ("1e300", True)])
def test_max_months_is_a_finite_number_in_range(python_exe, repo_root, built_catalogue, months, refused):
    result = cli(python_exe, repo_root, built_catalogue, "recommend", "--profession", "health visitor", "--level", "1",
                 "--max-months", months, "--json")
    if refused:
        assert result.returncode == 2 and "--max-months" in one_line(result)
    else:
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))


# --- roster input ----------------------------------------------------------------------------

def test_roster_of_dev_zero_ends_quickly_in_one_line(python_exe, repo_root, built_catalogue):
    started = time.monotonic()
    result = cli(python_exe, repo_root, built_catalogue, "roster", "/dev/zero", timeout=30)
    assert time.monotonic() - started < 10
    assert result.returncode == 2 and "larger than 20 MB" in one_line(result)


@pytest.mark.parametrize("size, refused", [(19_999_999, False), (20_000_000, False), (20_000_001, True)])
def test_roster_size_boundary(tmp_path, size, refused):
    path = tmp_path / "roster.csv"
    header = b"profession,level\n"
    path.write_bytes(header + b"x" * (size - len(header)))
    if refused:
        with pytest.raises(UserError, match="larger than 20 MB"):
            read_text(path)
    else:
        assert len(read_text(path)) == size


# --- CSV cells -------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-5", "-5"), ("3.5", "3.5"), ("a=b", "a=b"), ("", ""), (None, None), (7, 7),
    ("Health visitor", "Health visitor"),
])
def test_safe_cell(cell, expected):
    assert safe_cell(cell) == expected


def test_roster_csv_writes_no_formula(python_exe, repo_root, built_catalogue, tmp_path):
    names = ['=HYPERLINK("http://127.0.0.1/x","click")', "+1+1", "-1+1", "@SUM(A1)", "\tTab", "Plain Name"]
    roster = tmp_path / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["profession", "level", "name"])
        for name in names:
            writer.writerow(["health visitor", "1", name])
    result = cli(python_exe, repo_root, built_catalogue, "roster", str(roster), "--csv")
    assert result.returncode == 0, result.stderr
    people = [row for row in csv.DictReader(io.StringIO(result.stdout)) if row["record"] == "person"]
    # (the roster's cells are read stripped, so the tab has gone before the CSV is written)
    assert [p["name"] for p in people] == ["'" + n for n in names[:4]] + ["Tab", "Plain Name"]
    assert all(p["aimh_level"] == "1" for p in people)


# --- write errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [("plan",), ("plan", "--json"), ("recommend", "--profession", "HV", "--level", "1"),
                                  ("recommend", "--profession", "HV", "--level", "1", "--json")])
def test_a_full_disk_is_one_line(python_exe, repo_root, built_catalogue, args):
    with open("/dev/full", "w") as full:
        result = cli(python_exe, repo_root, built_catalogue, *args, stdout=full)
    assert result.returncode == 1
    assert one_line(result) == "error: cannot write the answer: No space left on device"


def test_roster_csv_to_a_full_disk_is_one_line(python_exe, repo_root, built_catalogue, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("profession,level\nhealth visitor,1\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = cli(python_exe, repo_root, built_catalogue, "roster", str(roster), "--csv", stdout=full)
    assert result.returncode == 1
    assert one_line(result) == "error: cannot write the answer: No space left on device"


def test_a_closed_pipe_is_not_a_traceback(python_exe, repo_root, built_catalogue):
    read_end, write_end = os.pipe()
    os.close(read_end)   # the reader has gone before the answer is written (like `| head -0`)
    try:
        result = cli(python_exe, repo_root, built_catalogue, "plan", stdout=write_end)
    finally:
        os.close(write_end)
    # Nobody is left to read an answer: a quiet end, as `| head` expects.
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.parametrize("months, refused", [("0", True), ("0.5", False), ("600", False), ("601", True),
                                             ("nan", True), ("inf", True), ("-inf", True)])
def test_max_months_through_the_python_api_is_checked_the_same(built_catalogue, months, refused):
    # The find-courses form and scripts call recommender.recommend with the words typed: the same
    # range as the command line (0 to 600 months, finite), never NaN echoed into the JSON.
    from recommender import UserError, recommend

    if refused:
        with pytest.raises(UserError, match="--max-months must be more than 0 and at most 600"):
            recommend(built_catalogue, "health visitor", level=1, max_months=months)
    else:
        assert recommend(built_catalogue, "health visitor", level=1, max_months=months)["filters"]["max_months"] == \
            float(months)


@pytest.mark.parametrize("value", [
    {"words": "é \u2028 \" \\ \n \x01 \t", "empty": {}, "none": [], "n": [0, -0.0, 12.5, 0.0001, 1e17, 30.5]},
    {"n": [2 ** 70, 1e-7]},   # orjson refuses the big integer: the other writer takes it all
    {1: "a non-str key"},
    [{"nested": [{"deep": [1.5, None, True, False]}]}],
])
def test_the_json_writer_gives_the_json_modules_text(value):
    # --json is json.dumps(indent=2, ensure_ascii=False)'s text, whichever writer makes it.
    from recommender.output import jsonout

    assert jsonout.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
