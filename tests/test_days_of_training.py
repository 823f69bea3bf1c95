"""A course whose length its source gives in days ("two workshop days, two weeks apart", the Solihull
Approach Foundation; "four half-day sessions", Video Interaction Guidance) is read, stored, shown and
counted as those days: a plan said "3 days" for the 2-day Solihull course, because the months the
build keeps (0.1 at least, about three days) were turned back into days. A day of training is a
working day: a staff-week is five of them, as it is 37.5 hours (crawler/reading/normalise.py
HOURS_PER_DAY, 7.5 hours a day)."""
import csv
import json
import sqlite3
import subprocess

import pytest

from crawler.reading.normalise import study_days
from recommender.output import formatting

TIMEOUT = 120


@pytest.mark.parametrize("text, days", [
    ("two workshop days, two weeks apart", (2, 2)),          # crawler/reference: solihull-approach-foundation
    ("four half-day sessions", (2, 2)),                      # video-interaction-guidance
    ("2-day introductory workshop", (2, 2)),                 # watch-wait-and-wonder
    ("3 days in person", (3, 3)),                            # mellow-babies
    ("four days of training then three coaching sessions", (4, 4)),  # vipp-sd
    ("2 to 3 days", (2, 3)),
    ("a one-day course", (1, 1)),
    ("half a day", (0.5, 0.5)),
    ("Half a day of training, online", (0.5, 0.5)),
    ("0 days", None),
    ("One year: ten study days", None),                      # days inside a year: contact days, not the length
    ("runs over eleven weeks", None),
    ("about 2 to 4 hours", None),
    ("", None),
])
def test_days_of_training_are_read_where_the_whole_length_is_in_days(text, days):
    assert study_days(text) == days


@pytest.fixture(scope="module")
def course_days(built_catalogue):
    conn = sqlite3.connect(built_catalogue)
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, duration_text, duration_days_min, duration_days_max, duration_hours_max FROM courses")}
    conn.close()
    return rows


def test_the_built_catalogue_keeps_days_beside_the_text_that_gives_them(course_days):
    assert course_days["solihull-approach-foundation"][1:3] == (2.0, 2.0)
    assert course_days["video-interaction-guidance"][1:3] == (2.0, 2.0)
    assert course_days["mellow-babies"][1:3] == (3.0, 3.0)
    # hours say more than days ("24 hours: 4 days in person, ..."): kept as hours only
    assert course_days["circle-of-security-parenting"][1:4] == (None, None, 24.0)
    for course, (text, low, high, _) in course_days.items():
        if low is not None:
            assert text and study_days(text) == (low, high), course
        else:
            assert not text or study_days(text) is None or course_days[course][3] is not None, course


def assess(python_exe, repo_root, db, path, *args):
    return subprocess.run([python_exe, "-m", "recommender", "assess", str(path), "--db", str(db),
                           "--today", "2026-12-06", *args], cwd=repo_root, capture_output=True, text=True,
                          timeout=TIMEOUT)


def family_hubs_with(repo_root, tmp_path, headcount):
    """docs/examples/assessment.csv with a headcount for its family hubs part, whose staff (at AiMH level 0)
    are sent first on the Solihull Approach Foundation ("two workshop days, two weeks apart")."""
    source = repo_root / "docs" / "examples" / "assessment.csv"
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    for row in rows:
        if row["workforce_part"] == "Family hubs" and row["professions"]:
            row["headcount"] = str(headcount)
    path = tmp_path / f"assessment-{headcount}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("headcount, in_all", [(1, "15 staff-hours"), (2, "30 staff-hours"),
                                               (3, "1.2 staff-weeks"), (10, "4 staff-weeks")])
def test_a_plan_sends_people_for_the_days_the_course_takes(python_exe, repo_root, built_catalogue, tmp_path,
                                                           headcount, in_all):
    """2 working days each: 1 person is 15 staff-hours (2 x 7.5), 2 are 30; from 3 people (1.2 weeks) in
    staff-weeks."""
    path = family_hubs_with(repo_root, tmp_path, headcount)
    done = assess(python_exe, repo_root, built_catalogue, path)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split()).replace("staff- ", "staff-")   # the text wraps at hyphens
    people = formatting.count(headcount, "person", "people")
    assert f"Solihull Approach Foundation (2-day) for {people}: 2 days each" in text
    assert f"(2-day) for {people}: 3 days" not in text
    plan = json.loads(assess(python_exe, repo_root, built_catalogue, path, "--json").stdout)
    tiers = [t for g in plan["gaps"] for t in g["tiers"]
             if t["suggested"] and t["suggested"]["id"] == "solihull-approach-foundation"]
    assert tiers and all(t["suggested"]["days_min"] == t["suggested"]["days_max"] == 2 for t in tiers)
    assert {t["staff_weeks_max"] for t in tiers} == {round(headcount * 2 / 5, 2)}
    assert formatting.staff_weeks(headcount * 2 / 5) == in_all
    assert in_all in text


def test_the_assessment_page_and_its_csv_say_days(client_plain, catalogue_plain):  # noqa: F811
    from test_assess_page import example_query
    html = client_plain.get(f"/-/workforce-assessment?{example_query(catalogue_plain)}").text
    assert "Solihull Approach Foundation (2-day): 2 days" in " ".join(html.split())
    rows = list(csv.DictReader(client_plain.get(
        f"/-/workforce-assessment.csv?{example_query(catalogue_plain)}").text.splitlines()))
    solihull = [r for r in rows if r["id"] == "solihull-approach-foundation"]
    assert solihull and all(r["days_min"] == r["days_max"] == "2" for r in solihull)


def test_the_recommender_says_days_for_a_course_given_in_days(python_exe, repo_root, built_catalogue):
    done = subprocess.run([python_exe, "-m", "recommender", "recommend", "--profession", "family support worker",
                           "--level", "0", "--target", "1", "--all", "--json", "--db", str(built_catalogue),
                           "--today", "2026-12-06"], cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    courses = {c["id"]: c for c in json.loads(done.stdout)["courses"]}
    assert (courses["solihull-approach-foundation"]["duration_days_min"],
            courses["solihull-approach-foundation"]["duration_days_max"]) == (2, 2)
    text = subprocess.run([python_exe, "-m", "recommender", "recommend", "--profession", "family support worker",
                           "--level", "0", "--target", "1", "--all", "--db", str(built_catalogue),
                           "--today", "2026-12-06"], cwd=repo_root, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout
    assert "2 days of training" in " ".join(text.split()) or " 2 d " in text


from datasette_fixtures import catalogue_plain, client_plain  # noqa: E402,F401


@pytest.mark.parametrize("low, high, said", [(1, 1, "1 day"), (2, 2, "2 days"), (2, 3, "2 to 3 days"),
                                             (None, 2, "2 days"), (0.5, 0.5, "0.5 days"),
                                             (None, None, formatting.UNKNOWN)])
def test_days_are_said_with_the_noun_agreeing(low, high, said):
    assert formatting.days(low, high) == said


def test_find_courses_says_each_steps_length_as_its_source_does(client_plain):  # noqa: F811
    """The e-learning ("about 2 to 4 hours") and the Solihull course ("two workshop days") were "up to 3
    days" on /-/find-courses and in its pathway chart: the 0.1 month the build keeps for both."""
    import re
    query = "profession=family+support+worker&level=0&target=1&today=2026-12-06"
    text = " ".join(re.sub(r"<[^>]+>", "", client_plain.get(f"/-/find-courses?{query}").text).split())
    assert "Developing Positive Early Attachments (e-learning) (course, 2 to 4 hours, funded)" in text
    assert "Solihull Approach Foundation (2-day) (course, 2 days)" in text
    assert "up to 3 days" not in text
    chart = client_plain.get(f"/-/charts/pathway.svg?{query}").text
    assert "2 to 4 hours in all" in chart and "2 days in all" in chart
    assert ">2 days<" in chart and "up to 3 days" not in chart


def test_the_recommenders_pathway_total_is_the_steps_own_length(python_exe, repo_root, built_catalogue):
    text = subprocess.run([python_exe, "-m", "recommender", "recommend", "--profession", "family support worker",
                           "--level", "0", "--target", "1", "--all", "--db", str(built_catalogue),
                           "--today", "2026-12-06"], cwd=repo_root, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout
    text = " ".join(text.split())
    assert "reaches level 1; 2-4 hours of study;" in text
    assert "reaches level 1; 2 days of training;" in text
    assert "reaches level 1; 0.1 months" not in text


@pytest.mark.parametrize("text, months", [("a one-day course", (0.1, 0.1)), ("half a day", (0.1, 0.1)),
                                          ("2 days", (0.1, 0.1)), ("ten days", (0.3, 0.3))])
def test_a_length_in_days_is_never_zero_months(text, months):
    """As elapsed time a day of training is at least 0.1 month, as hours are: never 0, which reads as no length."""
    from crawler.reading.normalise import duration_months
    assert duration_months(text) == months
