"""Plan in dates: the dated pathway of `recommend --json` (start, end, finishes_by) and the best pathway
as a calendar (`recommend --ics FILE`), through the real CLI, read back with the icalendar library.

No source gives the two courses of a social worker's best pathway from AiMH level 0 to 3 a dated
intake. Since issue 21 that pathway starts with the shortest step open now that reaches level 1 (NES's
e-learning, "about 2 to 4 hours"), then the School of Infant Mental Health's psychotherapy training. So
this test builds its own catalogue from a copy of crawler/reference with dates MADE UP FOR THIS TEST
ONLY (never in crawler/reference):
  e-learning: starts "14 September 2027", applications close 2027-07-31; its length is the
      catalogue's own ("about 2 to 4 hours": a few days at most);
  SIMH training: starts "September 2027 or January 2028"; seed 002: "2-4 years – depending on previous
      qualification and experience" (the calendar plans for the longer, 4 years).
September 2027 has begun before the e-learning ends (a month-only start counts only when its whole month
comes after the previous step), so the second step starts in January 2028.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
from datetime import date, timedelta

import icalendar
import pytest

from crawler.catalogue.build import build
from recommender.advice import dated_pathway

FIRST = "nes-imh-developing-positive-early-attachments"
SIMH = "simh-parent-infant-psychoanalytic-psychotherapy"
PROFILE = ["--profession", "social worker", "--level", "0", "--target", "3"]


@pytest.fixture(scope="module")
def dated_catalogue(tmp_path_factory, repo_root):
    folder = tmp_path_factory.mktemp("dated")
    reference = folder / "reference"
    shutil.copytree(repo_root / "crawler" / "reference", reference)
    courses = reference / "courses.yaml"
    text = courses.read_text(encoding="utf-8")
    nes_length = '    duration: "about 2 to 4 hours"\n'
    simh_length = '    duration: "2-4 years – depending on previous qualification and experience"\n'
    assert text.count(nes_length) == 1 and text.count(simh_length) == 1
    text = text.replace(nes_length, nes_length + (
        '    start_dates:\n      value: "14 September 2027"\n      source: observed\n      section: "made up for a test"\n'
        '    applications_close:\n      value: "2027-07-31"\n      source: observed\n      section: "made up for a test"\n'))
    text = text.replace(simh_length, simh_length + '    start_dates: "September 2027 or January 2028"\n')
    courses.write_text(text, encoding="utf-8")
    db = folder / "catalogue.db"
    build(db, reference)
    return db


def cli(python_exe, repo_root, db, *args, **kwargs):
    return subprocess.run([python_exe, "-m", "recommender", "recommend", *PROFILE, "--db", str(db), *map(str, args)],
                          cwd=repo_root, capture_output=True, text=True, timeout=120, **kwargs)


def best_pathway(python_exe, repo_root, db, today):
    result = cli(python_exe, repo_root, db, "--json", "--today", today)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["pathways"][0]


def calendar(python_exe, repo_root, db, tmp_path, today):
    path = tmp_path / f"pathway-{today}.ics"
    result = cli(python_exe, repo_root, db, "--ics", path, "--today", today)
    assert result.returncode == 0, result.stderr
    assert f"calendar written to {path}" in result.stderr
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(cal):
    return [c for c in cal.walk("VEVENT")]


def step_events(cal):
    return sorted((e for e in events(cal) if str(e["summary"]).startswith("Step ")), key=lambda e: str(e["summary"]))


def as_date(value):
    return value.dt if isinstance(value.dt, date) else value.dt.date()


# ---------------------------------------------------------------- the dated pathway in --json

def test_each_step_is_dated_after_the_one_before(python_exe, repo_root, dated_catalogue):
    pathway = best_pathway(python_exe, repo_root, dated_catalogue, "2027-06-01")
    first, second = pathway["steps"]
    assert (first["id"], second["id"]) == (FIRST, SIMH)
    assert first["start"] == "2027-09-14" and first["end"] >= first["start"]
    # its own next intake is September 2027, a month already begun when the first step ends: January 2028
    assert second["next_start"] == "2027-09" and second["start"] == "2028-01"
    assert second["start"] + "-01" > first["end"]
    # "2-4 years": planned for 4 years from January 2028, the last month December 2031
    assert second["end"] == "2031-12" and pathway["finishes_by"] == "2031-12"
    # every earlier field is kept
    assert {"kind", "id", "name", "verdict", "from_level", "to_level", "duration_months_min",
            "duration_months_max", "funded", "funding", "missing"} <= set(first)
    assert {"reaches_level", "duration_months_min", "duration_months_max", "funded_steps", "verdict"} <= set(pathway)


@pytest.mark.parametrize("today, start", [("2027-09-13", "2027-09-14"), ("2027-09-14", "2027-09-14"),
                                          ("2027-09-15", None)])
def test_a_start_counts_up_to_and_on_its_day_not_after(python_exe, repo_root, dated_catalogue, today, start):
    pathway = best_pathway(python_exe, repo_root, dated_catalogue, today)
    first, second = pathway["steps"]
    assert first["start"] == start
    if start is None:
        # unknown is unknown: no start, so no end, no later step dated, no finishing date
        assert first["end"] is None and "not published" in first["date_note"]
        assert second["start"] is None and "whose dates are not known" in second["date_note"]
        assert pathway["finishes_by"] is None


def test_first_start_at_each_side_of_the_previous_end():
    end = "2027-11-28"
    after = dated_pathway.day_after(end)
    assert after == "2027-11-29"
    # a day start: on the previous step's last day is too early; the day after is the first that fits
    assert dated_pathway.first_start(["2027-11-28", "2027-11-29"], "2027-06-01", after) == "2027-11-29"
    assert dated_pathway.first_start(["2027-11-27", "2027-11-28"], "2027-06-01", after) is None
    # a month start (its day not published) fits only when its whole month is after the end
    assert dated_pathway.first_start(["2027-11", "2027-12"], "2027-06-01", after) == "2027-12"
    assert dated_pathway.first_start(["2027-11"], "2027-06-01", "2027-11-01") == "2027-11"
    # a month-only end: the next step starts from the month after
    assert dated_pathway.day_after("2027-11") == "2027-12-01"


# ---------------------------------------------------------------- the calendar

def test_a_two_step_calendar_has_the_second_step_after_the_first(python_exe, repo_root, dated_catalogue, tmp_path):
    cal = calendar(python_exe, repo_root, dated_catalogue, tmp_path, "2027-06-01")
    first, second = step_events(cal)
    assert str(first["summary"]).startswith("Step 1 of 2") and str(second["summary"]).startswith("Step 2 of 2")
    assert as_date(first["dtstart"]) == date(2027, 9, 14)
    assert as_date(second["dtstart"]) >= as_date(first["dtend"])   # DTEND: the day after the last day
    assert as_date(second["dtstart"]) == date(2028, 1, 1) and "day is not published" in str(second["description"])
    assert cal.walk("VTODO") == []


def test_an_application_deadline_is_an_event_with_reminders(python_exe, repo_root, dated_catalogue, tmp_path):
    cal = calendar(python_exe, repo_root, dated_catalogue, tmp_path, "2027-07-31")
    deadline = [e for e in events(cal) if str(e["summary"]).startswith("Applications close")]
    assert len(deadline) == 1 and as_date(deadline[0]["dtstart"]) == date(2027, 7, 31)
    triggers = sorted(a["trigger"].dt for a in deadline[0].walk("VALARM"))
    assert triggers == [timedelta(days=-14), timedelta(0)]
    # the day after the deadline it is gone; the step is still in the calendar
    later = calendar(python_exe, repo_root, dated_catalogue, tmp_path, "2027-08-01")
    assert [e for e in events(later) if str(e["summary"]).startswith("Applications close")] == []
    assert len(step_events(later)) == 2


def test_a_step_with_no_published_date_is_a_to_do_linking_the_providers_page(python_exe, repo_root, dated_catalogue,
                                                                               tmp_path):
    cal = calendar(python_exe, repo_root, dated_catalogue, tmp_path, "2027-09-15")  # the only intake has begun
    todos = sorted(cal.walk("VTODO"), key=lambda t: str(t["summary"]))
    assert step_events(cal) == [] and len(todos) == 2
    assert "next date not published" in str(todos[0]["summary"])
    assert "not published" in str(todos[0]["description"])
    assert str(todos[0]["url"]).startswith("https://digitallearningmap.nhs.scot/")   # the catalogue's page for the course
    assert "dates are not known" in str(todos[1]["description"])


# ---------------------------------------------------------------- bad --ics paths

def _chattr(flag, path):
    return shutil.which("chattr") and subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
    elif _chattr("+i", folder):
        yield folder
        _chattr("-i", folder)
    else:
        pytest.skip("running as root without the immutable attribute: cannot make a folder read-only")


def full_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def assert_refused(result, *words):
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    for word in words:
        assert word in message, message
    assert result.stdout == ""


def test_a_folder_is_refused(python_exe, repo_root, dated_catalogue, tmp_path):
    assert_refused(cli(python_exe, repo_root, dated_catalogue, "--ics", tmp_path), "is a folder")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(python_exe, repo_root, dated_catalogue, tmp_path):
    assert_refused(cli(python_exe, repo_root, dated_catalogue, "--ics", tmp_path / "nope" / "p.ics"), "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_no_permission_is_refused_and_nothing_written(python_exe, repo_root, dated_catalogue, read_only_folder):
    result = cli(python_exe, repo_root, dated_catalogue, "--ics", read_only_folder / "p.ics")
    assert_refused(result, "--ics")
    assert list(read_only_folder.iterdir()) == []


def test_a_full_disk_leaves_the_old_file_whole_and_nothing_half_written(python_exe, repo_root, dated_catalogue,
                                                                         tmp_path):
    path = tmp_path / "p.ics"
    path.write_text("the calendar written last week\n", encoding="utf-8")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = cli(python_exe, repo_root, dated_catalogue, "--ics", path, "--today", "2027-06-01",
                 preexec_fn=full_disk, env=env)
    assert_refused(result, "--ics", "cannot write")
    assert path.read_text(encoding="utf-8") == "the calendar written last week\n"
    assert [p.name for p in tmp_path.iterdir()] == ["p.ics"]


def test_icalendar_is_imported_only_when_a_calendar_is_asked_for(python_exe, repo_root, dated_catalogue, tmp_path):
    probe = ("import sys, recommender.__main__ as m\n"
             "code = m.main(sys.argv[1:])\n"
             "print('icalendar' in sys.modules)\n")
    args = ["-c", probe, "recommend", *PROFILE, "--db", str(dated_catalogue), "--today", "2027-06-01"]
    plain = subprocess.run([python_exe, *args, "--json"], cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert plain.stdout.strip().endswith("False"), plain.stderr
    asked = subprocess.run([python_exe, *args, "--ics", str(tmp_path / "p.ics")], cwd=repo_root, capture_output=True,
                           text=True, timeout=120)
    assert asked.stdout.strip().endswith("True"), asked.stderr


# ---------------------------------------------------------------- the site's downloads

@pytest.fixture
def site(dated_catalogue, monkeypatch):
    from datasette_fixtures import Client

    monkeypatch.setenv("IMH_TODAY", "2027-06-01")   # the site's day (catalogue_site/serving/clock.py)
    return Client(dated_catalogue)


def test_the_finder_offers_the_same_calendar_as_the_command(site, python_exe, repo_root, dated_catalogue, tmp_path):
    query = "profession=social+worker&level=0&target=3"
    page = site.get(f"/-/find-courses?{query}").text
    assert f'href="/-/find-courses.ics?{query.replace("&", "&amp;")}"' in page
    assert "Download the best pathway as a calendar" in page
    response = site.get(f"/-/find-courses.ics?{query}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    path = tmp_path / "cli.ics"
    assert cli(python_exe, repo_root, dated_catalogue, "--ics", path, "--today", "2027-06-01").returncode == 0
    assert response.content == path.read_bytes()


def test_a_course_page_offers_its_own_calendar(site):
    page = site.get(f"/catalogue/courses/{FIRST}").text
    assert f'href="/-/courses/{FIRST}.ics"' in page
    cal = icalendar.Calendar.from_ical(site.get(f"/-/courses/{FIRST}.ics").content)
    starts = [e for e in events(cal) if not str(e["summary"]).startswith("Applications close")]
    assert [as_date(e["dtstart"]) for e in starts] == [date(2027, 9, 14)]
    assert [as_date(e["dtstart"]) for e in events(cal) if str(e["summary"]).startswith("Applications close")] == \
        [date(2027, 7, 31)]
    # a course no source dates: a to-do linking its page (seed 002 gives the Tavistock course no intake)
    todo = icalendar.Calendar.from_ical(site.get("/-/courses/tavistock-infant-observation-perinatal.ics").content)
    assert events(todo) == [] and len(todo.walk("VTODO")) == 1
    assert "not published" in str(todo.walk("VTODO")[0]["description"])


@pytest.mark.parametrize("path, status", [("/-/find-courses.ics", 400), ("/-/find-courses.ics?profession=astronaut", 400),
                                          ("/-/courses/no-such-course.ics", 404)])
def test_a_calendar_the_site_cannot_make_is_a_one_line_answer(site, path, status):
    response = site.get(path)
    assert response.status_code == status
    assert "\n" not in response.text.strip() and "Traceback" not in response.text


def test_the_table_says_the_dates_with_all(python_exe, repo_root, dated_catalogue):
    done = cli(python_exe, repo_root, dated_catalogue, "--all", "--today", "2027-06-01")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "finishes by December 2031" in text
    assert "starts 14 September 2027, ends " in text and "starts January 2028" in text
    assert "its next start is not published" in text
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
