"""/-/workforce-assessment in a real Datasette app (in-process), against the real CLI.

The page and `python -m recommender assess` must give the same plan for the same ratings: the
sample area of docs/examples (written from the seeds' own examples) is rated in the page's URL
and in a CSV file, and the two plans are compared whole (apart from where each line came from).
"""
import csv
import io
import json
import shutil
import sqlite3
import subprocess
from urllib.parse import urlencode

import pytest

from datasette_fixtures import Client, ROOT
from datasette_fixtures import catalogue_plain, client_plain  # noqa: F401

EXAMPLE = ROOT / "docs" / "examples" / "assessment.csv"
ROSTER = ROOT / "docs" / "examples" / "assessment-roster.csv"
TIMEOUT = 120


def part_ids(db):
    conn = sqlite3.connect(db)
    try:
        return {name: pid for pid, name in conn.execute("SELECT id, name FROM workforce_parts")}
    finally:
        conn.close()


def example_query(db, roster=False):
    """The example assessment as the page's URL parameters (its comments column left out)."""
    ids = part_ids(db)
    params = {}
    for row in csv.DictReader(EXAMPLE.open(encoding="utf-8")):
        pid = ids[row["workforce_part"]]
        params[f"{pid}.{row['item']}"] = row["rating"]
        for column, field in (("headcount", "headcount"), ("professions", "professions"), ("aimh_levels", "levels")):
            if row[column]:
                params[f"{pid}.{field}"] = row[column]
    if roster:
        params["roster"] = ROSTER.read_text(encoding="utf-8").strip()
    return urlencode(params)


def example_without_comments(tmp_path):
    path = tmp_path / "assessment.csv"
    with EXAMPLE.open(encoding="utf-8") as source, path.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=[f for f in reader.fieldnames if f != "comments"])
        writer.writeheader()
        for row in reader:
            writer.writerow({k: v for k, v in row.items() if k != "comments"})
    return path


def cli(python_exe, db, *args):
    done = subprocess.run([python_exe, "-m", "recommender", "assess", *map(str, args), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def without_origins(value):
    """The plan without where each row came from (a file's line numbers, the page's labels, file names)."""
    if isinstance(value, dict):
        return {k: without_origins(v) for k, v in value.items() if k not in ("line", "source")}
    if isinstance(value, list):
        return [without_origins(v) for v in value]
    return value


@pytest.mark.parametrize("with_roster", [False, True])
def test_page_json_is_the_cli_plan(client_plain, catalogue_plain, python_exe, tmp_path, with_roster):
    response = client_plain.get(f"/-/workforce-assessment.json?{example_query(catalogue_plain, with_roster)}")
    assert response.status_code == 200, response.text[:500]
    page = response.json()
    args = [example_without_comments(tmp_path), "--json"] + (["--roster", ROSTER] if with_roster else [])
    command_line = json.loads(cli(python_exe, catalogue_plain, *args))
    assert page["gaps"] and without_origins(page) == without_origins(command_line)


def test_page_csv_is_the_cli_csv(client_plain, catalogue_plain, python_exe, tmp_path):
    response = client_plain.get(f"/-/workforce-assessment.csv?{example_query(catalogue_plain, True)}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    page = [{k: v for k, v in r.items() if k != "line"} for r in csv.DictReader(io.StringIO(response.text))]
    command_line = [{k: v for k, v in r.items() if k != "line"} for r in csv.DictReader(io.StringIO(
        cli(python_exe, catalogue_plain, example_without_comments(tmp_path), "--roster", ROSTER, "--csv")))]
    assert page and page == command_line


def test_the_page_shows_the_plan_with_links_and_a_chart(client_plain, catalogue_plain):
    query = example_query(catalogue_plain, True)
    response = client_plain.get(f"/-/workforce-assessment?{query}")
    assert response.status_code == 200
    html = response.text
    plan = client_plain.get(f"/-/workforce-assessment.json?{query}").json()
    for gap in plan["gaps"]:
        assert f'data-part="{gap["workforce_part"]}" data-item="{gap["item"]["number"]}"' in html
        for offer in gap["offers"]:
            table = "courses" if offer["kind"] == "course" else "routes"
            assert f'href="/catalogue/{table}/{offer["id"]}"' in html
    # the chart names every part with its counts (not colour alone)
    assert "Health visiting: 2 R, 1 A, 1 G, 7 not rated" in html  # the example: items 6, 10 Red; 3 Amber; 5 Green
    assert 'class="chart rag-chart"' in html
    # the download and bookmark links carry the same ratings
    import html as html_module
    import re
    from urllib.parse import parse_qs

    links = re.findall(r'href="(/-/workforce-assessment(?:\.csv|\.json)?)\?([^"]*)"', html)
    assert {path for path, _ in links} == {"/-/workforce-assessment", "/-/workforce-assessment.csv",
                                           "/-/workforce-assessment.json"}
    for _, linked in links:
        assert parse_qs(html_module.unescape(linked)) == parse_qs(query)
    # the ratings are back in the form, so the plan can be changed and re-made
    assert '<option value="R" selected>Red</option>' in html


def test_no_ratings_shows_the_form(client_plain):
    response = client_plain.get("/-/workforce-assessment")
    assert response.status_code == 200
    # seed 004's item 6 in its own words, with a Red/Amber/Green choice for each part
    assert "6. Have the knowledge and skills to observe the quality of parent-child relationships and identify any " \
           "concerns." in response.text
    assert response.text.count('name="health-visiting.') == 11 + 3
    assert client_plain.get("/-/workforce-assessment.json").status_code == 400


@pytest.mark.parametrize("query, words", [
    ("health-visiting.6=X", "Health visiting, item 6: rating &#39;X&#39; is not R, A or G"),
    ("health-visiting.6=R&health-visiting.professions=xyzzy&health-visiting.levels=1",
     "no profession matches &#34;xyzzy&#34;"),
    ("health-visiting.6=R&health-visiting.professions=health+visitor&health-visiting.levels=5",
     "AiMH level must be one of 0, 1, 2, 3"),
    ("health-visiting.6=R&roster=name%2Cprofession%2Clevel%0AA%2Chealth+visitor%2C9", "the roster, line 2"),
])
def test_bad_input_is_a_message_not_an_error_page(client_plain, query, words):
    response = client_plain.get(f"/-/workforce-assessment?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.text and words in response.text
    assert client_plain.get(f"/-/workforce-assessment.json?{query}").status_code == 400
    assert client_plain.get(f"/-/workforce-assessment.csv?{query}").status_code == 400


def test_a_catalogue_built_before_the_checklist_says_rebuild(catalogue_plain, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / "catalogue.db"
    shutil.copy(catalogue_plain, path)
    conn = sqlite3.connect(path)
    conn.execute("DROP VIEW checklist_courses")
    conn.commit()
    conn.close()
    client = Client(path)
    try:
        response = client.get("/-/workforce-assessment?health-visiting.6=R")
        assert response.status_code == 503
        assert "python -m crawler build" in response.text
    finally:
        client.close()
