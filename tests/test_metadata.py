"""metadata.yml, reviewed like code: every table and column described, facets and sorts on real
columns, and every canned query answering 200, in-process and through `datasette DB --get`."""
import sqlite3
import subprocess

import pytest
import yaml

from datasette_fixtures import METADATA, ROOT, datasette_argv
from datasette_fixtures import catalogue_plain, catalogue_with_history, client_history, client_plain  # noqa: F401

META = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
DB_META = META["databases"]["catalogue"]
TABLES = DB_META["tables"]
QUERIES = DB_META["queries"]

# Parameters each canned query is asked with, good and bad: every one must answer 200.
QUERY_PARAMETERS = {
    "courses_for_profession": ["", "profession=health+visitor", "profession=HV", "profession=SALT",
                               "profession=clinical-psychologist", "profession=nonsense%27%3B--", "profession=%25"],
    "courses_by_aimh_level": ["", "level=1", "level=2", "level=3", "level=abc", "level=99", "level=%20"],
    "courses_by_funding": [""],
    "courses_by_duration": [""],
    "unknown_facts": [""],
    "search_courses": ["", "q=observation", "q=infant+observation", "q=%22unbalanced", "q=NEAR(a+b)",
                       "q=title%3Avideo", "q=*", "q=AND+OR+NOT", "q=%E2%80%94"],
    "what_changed": [""],
    "career_routes": [""],
    "professions_explained": [""],
    "who_can_take_what": [""],
    "aimh_levels_explained": [""],
    "where_sources_disagree": [""],
    "link_health": [""],
    "crawl_history": [""],
    "glossary_explained": [""],
}


def catalogue_tables(path):
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'courses_fts%'").fetchall()
    columns = {name: [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")] for name, _ in rows}
    conn.close()
    return columns


def test_title_description_licence_and_source():
    for key in ("title", "description_html", "license", "license_url", "source", "source_url"):
        assert META.get(key), key


def test_every_table_and_view_is_described(catalogue_plain):
    for table in catalogue_tables(catalogue_plain):
        assert TABLES.get(table, {}).get("description"), f"metadata.yml: no description for table {table}"


def test_every_column_is_described(catalogue_plain):
    for table, columns in catalogue_tables(catalogue_plain).items():
        described = TABLES[table].get("columns", {})
        missing = [c for c in columns if not described.get(c)]
        assert not missing, f"metadata.yml: table {table}: no description for columns {missing}"


def test_no_description_for_a_column_that_does_not_exist(catalogue_plain):
    # A renamed column must not leave a stale description behind.
    actual = catalogue_tables(catalogue_plain)
    for table, meta in TABLES.items():
        if table in actual:
            assert not set(meta.get("columns", {})) - set(actual[table]), table


def test_facets_and_sorts_name_real_columns(catalogue_plain):
    actual = catalogue_tables(catalogue_plain)
    for table, meta in TABLES.items():
        if table not in actual:
            continue
        for column in meta.get("facets", []) + [meta.get("sort"), meta.get("sort_desc")]:
            if column:
                assert column in actual[table], f"{table}: {column}"


def test_default_facets_on_courses():
    assert set(TABLES["courses"]["facets"]) >= {"provider_id", "award", "aimh_level_target", "mode", "funding", "kind"}


def test_canned_queries_required_by_the_issues():
    assert {"courses_for_profession", "courses_by_aimh_level", "unknown_facts", "search_courses", "what_changed"} <= set(QUERIES)
    assert set(QUERY_PARAMETERS) == set(QUERIES), "every canned query is tested below"
    for name, query in QUERIES.items():
        assert query.get("title") and query.get("description_html"), name
        assert not query.get("write"), f"{name}: the catalogue is published read-only"


CASES = [(name, params) for name, values in QUERY_PARAMETERS.items() for params in values]


@pytest.mark.parametrize("name, params", CASES)
def test_canned_query_in_process(client_history, name, params):
    for suffix in ("", ".json"):
        response = client_history.get(f"/catalogue/{name}{suffix}?{params}")
        assert response.status_code == 200, response.text[:500]


def test_courses_for_profession_applies_the_rules(client_plain):
    rows = client_plain.get("/catalogue/courses_for_profession.json?profession=HV&_shape=array").json()
    ids = {r["course_id"] for r in rows}
    assert rows and all(r["profession"] == "Health visitor" for r in rows)
    assert "oxpip-advanced-parent-infant-practitioner" in ids
    assert "bpf-parent-infant-psychotherapy" not in ids  # open to psychotherapists only
    assert client_plain.get("/catalogue/courses_for_profession.json?profession=nonsense&_shape=array").json() == []


def test_search_query_finds_tavistock_and_tameside(client_plain):
    rows = client_plain.get("/catalogue/search_courses.json?q=observation&_shape=array").json()
    ids = {r["course_id"] for r in rows}
    assert {"tavistock-infant-observation-perinatal", "tameside-observing-early-relationships"} <= ids


def test_what_changed_is_newest_first(client_history):
    rows = client_history.get("/catalogue/what_changed.json?_shape=array").json()
    assert [r["changed_at"] for r in rows] == sorted((r["changed_at"] for r in rows), reverse=True)
    assert rows[0]["page_fetched"].startswith("https://")


def test_readable_pages_keep_every_row_of_their_table(client_plain):
    # Issue 23: home links to these readable pages instead of the raw tables; nothing is left out.
    for query, table in (("career_routes", "routes"), ("professions_explained", "professions"),
                         ("aimh_levels_explained", "aimh_levels"), ("who_can_take_what", "eligibility_explained"),
                         ("where_sources_disagree", "source_disagreements")):
        rows = client_plain.get(f"/catalogue/{query}.json?_shape=array").json()
        count = client_plain.get(f"/catalogue/{table}.json?_shape=array&_size=max").json()
        assert len(rows) == len(count), query
    routes = client_plain.get("/catalogue/career_routes.json?_shape=array").json()
    # seed-002 5.4.3: CYP IAPT / IEYP recruit to train is "government funded": a funded route comes first.
    assert routes[0]["funded"] == "yes"
    assert routes[-1]["funded"] is None  # no source says: last, and still listed


def test_unknown_facts_lists_gaps_never_guesses(client_plain):
    rows = client_plain.get("/catalogue/unknown_facts.json?_shape=array").json()
    by_id = {r["course_id"]: r for r in rows}
    assert "funding" in by_id["watch-me-play"]["unknown_facts"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_with_datasette_get(catalogue_with_history, name):
    # `datasette DB -m metadata.yml --get PATH` exits 1 on any status but 200. The first case runs
    # with metadata.yml alone, the second with scripts/serve's settings too (the site package loads in both).
    params = QUERY_PARAMETERS[name][1] if len(QUERY_PARAMETERS[name]) > 1 else ""
    datasette = str(ROOT / ".venv" / "bin" / "datasette")
    for argv in ([str(catalogue_with_history), "-m", str(METADATA)], datasette_argv(catalogue_with_history)):
        result = subprocess.run([datasette, *argv, "--get", f"/catalogue/{name}.json?{params}"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout[:500] + result.stderr[-2000:]
