"""Fuzzing the roster parser with Hypothesis: any CSV text, no crash.

`python -m recommender roster FILE.csv` reads files planners export from spreadsheets:
whatever is in them, the answer is a result (exit 0), a result with line errors (exit 1)
or one clear line (exit 2), never a traceback. The parser (read_rows) is fuzzed in
process with many examples; the whole command with fewer (each is a process).
"""
import csv
import io
import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

roster_command = pytest.importorskip("recommender.workforce.roster")
from recommender.catalogue.errors import UserError  # noqa: E402

CELLS = ["health visitor", "HV", "midwfie", "clin psych", "OT", "trainee social worker", "nurse", "", " ", "0", "1",
         "2", "3", "4", "-1", "1.5", "level 2", "student", "qualified", "NMC", "HCPC;UKCP", "degree", "2:1", "none",
         "postgraduate", "5", "ten", "\u00a0", "é", "\"", ",", "\n", "\r\n", "=cmd()", "\ufeff"]
HEADERS = ["profession", "level", "stage", "registration", "degree", "experience", "name", "target", "Profession",
           "LEVEL", "aimh level", "experience-years", "unknown", ""]
cells = st.one_of(st.sampled_from(CELLS), st.text(max_size=12))


@st.composite
def roster_texts(draw):
    """CSV text: usually a header with profession and level, then rows of plausible and odd cells."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=300))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
    if draw(st.booleans()):
        header = ["profession", "level", *header]
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=12))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.integers(0, 4)) == 0:  # a broken quote or a stray byte order mark
        text = draw(st.sampled_from(['"', "\ufeff", "\r"])) + text
    return text


# Regression: a file that is not blank but has no non-blank cell (found by this fuzzing:
# the text '"\r\n') ended in StopIteration from read_rows.
def test_a_file_of_blank_cells_is_one_clear_line(tmp_path, python_exe, repo_root, built_catalogue):
    path = tmp_path / "roster.csv"
    path.write_text('"\r\n', encoding="utf-8")
    done = subprocess.run([python_exe, "-m", "recommender", "roster", str(path), "--db", str(built_catalogue)],
                          cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-1000:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=roster_texts())
def test_read_rows_returns_rows_or_a_user_error(tmp_path, text):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    try:
        rows = roster_command.read_rows(str(path))
    except UserError as exc:
        # A refusal is one line that says why (issue 4: bad input is one clear line).
        assert str(exc).strip() and "\n" not in str(exc).strip()
        return
    for line, row in rows:
        # Line numbers are what a planner uses to find the row in the file.
        assert isinstance(line, int) and line >= 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=roster_texts())
def test_the_roster_command_never_crashes(tmp_path, python_exe, repo_root, built_catalogue, text):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([python_exe, "-m", "recommender", "roster", str(path), "--json", "--db", str(built_catalogue)],
                          cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2), done.stderr
    if done.returncode == 2:
        assert len([l for l in done.stderr.splitlines() if l.strip()]) >= 1
    else:
        json.loads(done.stdout)  # a result is always the documented JSON object
