"""The course list's facet counts (issue 25): read from the build's facet_counts table or counted
in one query, they are always what counting the courses gives, through later writes, searches
and filters, and on a catalogue without the table. Expected counts come from SQLite itself
(GROUP BY over the same file), never from the plugin."""
import sqlite3

import pytest

from datasette_fixtures import Client

FACETS = ["provider_id", "award", "aimh_level_target", "mode", "funding", "kind"]
QUERY = "&".join(f"_facet={f}" for f in FACETS) + "&_facet_size=max"


def counted(db_path, where="", params=()):
    """{column: [(value, count), ...]} in a facet's order (count descending, then value)."""
    conn = sqlite3.connect(db_path)
    try:
        return {column: conn.execute(
            f"SELECT [{column}], count(*) FROM courses WHERE [{column}] IS NOT NULL {where} "
            f"GROUP BY [{column}] ORDER BY count(*) DESC, [{column}]", params).fetchall()
            for column in FACETS}
    finally:
        conn.close()


def shown(db_path, query):
    client = Client(db_path)
    try:
        response = client.get(f"/catalogue/courses.json?{query}")
        assert response.status_code == 200, response.text[:300]
        data = response.json()
        assert not data.get("facets_timed_out")
        return {column: [(item["value"], item["count"]) for item in data["facet_results"][column]["results"]]
                for column in FACETS}
    finally:
        client.close()


def test_the_unfiltered_list_shows_what_counting_the_courses_gives(catalogue_copy):
    assert shown(catalogue_copy, QUERY) == counted(catalogue_copy)


def test_counts_stay_exact_after_a_crawl_changes_adds_and_removes_courses(catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        # what crawler/catalogue/currency.py does when a page changes a shown value
        first, second = [r[0] for r in conn.execute("SELECT id FROM courses ORDER BY id LIMIT 2")]
        conn.execute("UPDATE courses SET funding = 'free', mode = NULL WHERE id = ?", (first,))
        conn.execute("UPDATE courses SET kind = 'e_learning', aimh_level_target = 3 WHERE id = ?", (second,))
        conn.execute("PRAGMA foreign_keys = OFF")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(courses)")]
        conn.execute(f"INSERT INTO courses ({', '.join(columns)}) SELECT "
                     + ", ".join("id || '-copy'" if c == "id" else c for c in columns)
                     + " FROM courses WHERE id = ?", (first,))
        last = conn.execute("SELECT id FROM courses ORDER BY id DESC LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM course_facts WHERE course_id = ?", (last,))
        conn.execute("DELETE FROM courses WHERE id = ?", (last,))
    conn.close()
    assert shown(catalogue_copy, QUERY) == counted(catalogue_copy)


def test_a_value_no_course_holds_any_more_is_not_listed(catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        value, = conn.execute("SELECT funding FROM courses WHERE funding IS NOT NULL GROUP BY funding "
                              "ORDER BY count(*), funding LIMIT 1").fetchone()
        conn.execute("UPDATE courses SET funding = NULL WHERE funding = ?", (value,))
    conn.close()
    assert value not in [v for v, _ in shown(catalogue_copy, QUERY)["funding"]]
    assert shown(catalogue_copy, QUERY) == counted(catalogue_copy)


@pytest.mark.parametrize("words", ["infant", "video feedback", "parent", "nothingmatchesthis"])
def test_a_search_shows_the_counts_of_the_courses_it_finds(catalogue_copy, words):
    where = "AND rowid IN (SELECT rowid FROM courses_fts WHERE courses_fts MATCH ?)"
    phrase = " ".join(f'"{w}"' for w in words.split())  # Datasette's escape_fts: each word quoted
    expected = counted(catalogue_copy, where, (phrase,))
    assert shown(catalogue_copy, f"{QUERY}&_search={words.replace(' ', '+')}") == expected


def test_a_filter_shows_the_counts_of_the_courses_it_keeps(catalogue_copy):
    expected = counted(catalogue_copy, "AND aimh_level_target = ?", (2,))
    assert shown(catalogue_copy, f"{QUERY}&aimh_level_target=2") == expected


def test_without_the_table_or_one_of_its_triggers_the_counts_are_still_exact(catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("DROP TRIGGER facet_counts_update")  # the table can no longer be trusted
        conn.execute("UPDATE courses SET funding = 'free'")
    conn.close()
    assert shown(catalogue_copy, QUERY) == counted(catalogue_copy)
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("DROP TABLE facet_counts")  # a catalogue built before issue 25
        conn.execute("DROP TRIGGER facet_counts_insert")
        conn.execute("DROP TRIGGER facet_counts_delete")
    conn.close()
    assert shown(catalogue_copy, QUERY) == counted(catalogue_copy)


@pytest.mark.parametrize("beyond", [-1, 0, 1])
def test_a_page_naming_more_providers_than_the_variable_limit_still_shows_their_names(catalogue_copy, beyond):
    """Datasette looks up a page's provider names in one `IN (?, ...)` query, a variable a provider;
    issue 14's SQLITE_LIMIT_VARIABLE_NUMBER (100) stays, and a page naming 99, 100 or 101 shows them all."""
    from catalogue_site.serving.limits import SQLITE_LIMITS

    limit = SQLITE_LIMITS[sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER]
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        named = conn.execute("SELECT count(DISTINCT provider_id) FROM courses").fetchone()[0]
        source, = conn.execute("SELECT source_id FROM providers LIMIT 1").fetchone()
        first, = conn.execute("SELECT id FROM courses ORDER BY id LIMIT 1").fetchone()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(courses)")]
        for i in range(limit + beyond - named):
            conn.execute("INSERT INTO providers (id, name, source_id) VALUES (?, ?, ?)",
                         (f"test-provider-{i}", f"Test provider number {i}", source))
            picked = {"id": ("id || ?", f"-copy-{i}"), "provider_id": ("?", f"test-provider-{i}")}
            conn.execute(f"INSERT INTO courses ({', '.join(columns)}) SELECT "
                         + ", ".join(picked[c][0] if c in picked else c for c in columns) + " FROM courses WHERE id = ?",
                         [picked[c][1] for c in columns if c in picked] + [first])
        names = dict(conn.execute("SELECT id, name FROM providers"))
    conn.close()
    client = Client(catalogue_copy)
    try:
        query = "_size=max&_facet=provider_id&_facet_size=max"
        data = client.get(f"/catalogue/courses.json?{query}&_labels=on")
        assert data.status_code == 200, data.text[:300]
        data = data.json()
        providers = [row["provider_id"] for row in data["rows"] if row["provider_id"] is not None]
        assert len({provider["value"] for provider in providers}) == limit + beyond
        assert all(provider["label"] == names[provider["value"]] for provider in providers)
        facet = data["facet_results"]["provider_id"]["results"]
        assert len(facet) == limit + beyond
        assert all(item["label"] == names[item["value"]] for item in facet)
        page = client.get(f"/catalogue/courses?{query}")
        assert page.status_code == 200, page.text[:300]
        assert all(f"Test provider number {i}" in page.text for i in range(limit + beyond - named))
    finally:
        client.close()


def test_a_facet_cut_at_its_size_keeps_the_most_counted_values_ties_in_value_order(catalogue_copy):
    """45 more providers, most with one course and a few with two: the provider facet (at the site's
    facet size, not max) shows the values counting gives first (count descending, ties by value), cut
    at the same place, and says it was cut; a facet with its own size too."""
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(courses)")]
        first = conn.execute("SELECT id FROM courses ORDER BY id LIMIT 1").fetchone()[0]
        for i in range(45):
            for copy in range(2 if i % 9 == 4 else 1):
                conn.execute(f"INSERT INTO courses ({', '.join(columns)}) SELECT "
                             + ", ".join(f"id || '-tie-{i}-{copy}'" if c == "id" else
                                         f"'tie-provider-{44 - i:02d}'" if c == "provider_id" else c for c in columns)
                             + " FROM courses WHERE id = ?", (first,))
    conn.close()
    client = Client(catalogue_copy)
    try:
        for query, size in (("_facet=provider_id", None), ("_facet=provider_id&_facet_size=7", 7)):
            data = client.get(f"/catalogue/courses.json?{query}").json()
            facet = data["facet_results"]["provider_id"]
            got = [(item["value"], item["count"]) for item in facet["results"]]
            expected = counted(catalogue_copy)["provider_id"]
            assert got == expected[:len(got)], query
            assert facet["truncated"] and len(got) < len(expected)
            if size:
                assert len(got) == size
    finally:
        client.close()
