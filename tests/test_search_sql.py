"""A course search's first page and count (issue 25, third round): the site answers
`/catalogue/courses?_search=words` from the title index and the full-text index instead of
looking up every matched course, and a planner sees exactly what Datasette's own queries give:
the same rows in the same order (courses with the same title included), the same count, the
same next-page links all the way through, sorted either way, as HTML and as JSON.

Each page is asked of two sites on the same file: the real one, and the same Datasette with the
catalogue's own `execute` put back (Datasette 0.65's queries, untouched)."""
import re
import sqlite3

import pytest
from datasette.tracer import capture_traces

from catalogue_site.serving import search_sql
from datasette_fixtures import Client

COPIES = 240   # courses added, four titles between them: many courses share a title


def add_courses_sharing_titles(path, words_for):
    """COPIES copies of a real course, whose ids sort against their rowids (ties in title cannot
    come out right by accident), each with the search words words_for(i) gives."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(courses)")]
        first = conn.execute("SELECT id FROM courses ORDER BY rowid LIMIT 1").fetchone()[0]
        for i in range(COPIES):
            values = {"id": f"copy-{COPIES - i:04d}", "title": f"Shared title {i % 4}",
                      "search_words": words_for(i)}
            select = ", ".join(f":{c}" if c in values else c for c in columns)
            conn.execute(f"INSERT INTO courses ({', '.join(columns)}) SELECT {select} FROM courses WHERE id = :first",
                         {**values, "first": first})
    conn.close()


def words(i):
    return " ".join(["tiedword"] + (["halfword"] if i % 2 else []) + (["fewword"] if i % 40 == 7 else []))


@pytest.fixture
def sites(catalogue_copy):
    add_courses_sharing_titles(catalogue_copy, words)
    ours, theirs = Client(catalogue_copy), Client(catalogue_copy)
    for name, db in theirs.ds.databases.items():
        db.__dict__.pop("execute", None)   # Datasette's own Database.execute
    yield ours, theirs
    ours.close()
    theirs.close()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response


def html(client, path):
    return re.sub(r"took [\d.]+ms", "took ms", page(client, path).text)


def json_pages(client, path):
    """Every page of a search through its next links: (rows, count) of each."""
    pages = []
    while path:
        data = page(client, path).json()
        pages.append((data["rows"], data["filtered_table_rows_count"]))
        path = data["next_url"] and data["next_url"].split("localhost", 1)[-1]
    return pages


def queries(client, path):
    """The SQL the page ran (Datasette's tracer follows one task: the request runs inside it)."""
    traces = []

    async def traced():
        with capture_traces(traces):
            response = await client.ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])

    client.loop.run_until_complete(traced())
    return [t["sql"] for t in traces if t.get("type") == "sql"]


SEARCHES = ["tiedword", "halfword", "fewword", "infant", "video+feedback", "nothingmatchesthis"]
ORDERS = ["", "&_sort=title", "&_sort_desc=title", "&_sort=id", "&_size=7", "&_sort_desc=title&_size=7"]


@pytest.mark.parametrize("words", SEARCHES)
def test_a_search_shows_what_datasette_shows_every_page_either_order(sites, words):
    ours, theirs = sites
    for order in ORDERS:
        path = f"/catalogue/courses?_search={words}{order}"
        assert html(ours, path) == html(theirs, path), path
        json_path = f"/catalogue/courses.json?_search={words}{order}&_size=7"
        assert json_pages(ours, json_path) == json_pages(theirs, json_path), json_path


def test_courses_with_the_same_title_come_in_the_same_order_on_the_first_page_and_after(sites):
    ours, theirs = sites
    shown = [row["id"] for rows, _ in json_pages(ours, "/catalogue/courses.json?_search=tiedword&_size=25&_shape=objects")
             for row in rows]
    assert shown == [row["id"] for rows, _ in json_pages(theirs, "/catalogue/courses.json?_search=tiedword&_size=25&_shape=objects")
                     for row in rows]
    # (Datasette 0.65 orders the first page by title alone, ties in rowid order, and later pages
    # by title then id, so with these ids some courses repeat and some never show: its own
    # behaviour, the same on both sites; docs/benchmarks.md, third round)
    conn = sqlite3.connect(sites[0].ds.databases["catalogue"].path)
    titles = dict(conn.execute("SELECT id, title FROM courses"))
    conn.close()
    assert [titles[i] for i in shown] == sorted(titles[i] for i in shown)


def test_many_matches_walk_the_title_index_and_count_from_the_full_text_index(sites):
    ours, _ = sites
    sql = queries(ours, "/catalogue/courses?_search=tiedword")
    assert any("indexed by idx_courses_title" in q for q in sql)
    assert "select count(*) from courses_fts where courses_fts match escape_fts(:search)" in sql


def test_other_queries_are_datasettes_own(sites):
    ours, _ = sites
    for path in ["/catalogue/courses?_search=tiedword&_sort_desc=title", "/catalogue/courses?_search=tiedword&kind=short_course",
                 "/catalogue/courses?_search_title=shared", "/catalogue/courses?_sort=title"]:
        assert not any("indexed by" in q for q in queries(ours, path)), path
    nexts = page(ours, "/catalogue/courses.json?_search=tiedword&_size=5").json()["next"]
    assert not any("indexed by" in q for q in queries(ours, f"/catalogue/courses?_search=tiedword&_size=5&_next={nexts}"))


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_the_walk_starts_at_a_twentieth_of_the_courses_matching(catalogue_copy, extra):
    conn = sqlite3.connect(catalogue_copy)
    existing = conn.execute("SELECT max(rowid) FROM courses").fetchone()[0]
    conn.close()
    share = (existing + COPIES) // search_sql.WALK_SHARE
    add_courses_sharing_titles(catalogue_copy, lambda i: "edgeword" if i < share + extra else "")
    ours, theirs = Client(catalogue_copy), Client(catalogue_copy)
    for db in theirs.ds.databases.values():
        db.__dict__.pop("execute", None)
    try:
        path = "/catalogue/courses?_search=edgeword&_size=5"
        walked = any("indexed by" in q for q in queries(ours, path))
        assert walked == (extra >= 0)
        assert html(ours, path) == html(theirs, path)
        assert f"{share + extra} rows where search matches" in html(ours, path)
    finally:
        ours.close()
        theirs.close()


def test_a_full_text_index_out_of_step_with_the_courses_is_not_counted_from(sites):
    """A course deleted while the index's trigger was away: the index still holds it, so the count
    is Datasette's (checked again because the file changed after the site first counted)."""
    ours, theirs = sites
    assert "240 rows where search matches" in html(ours, "/catalogue/courses?_search=tiedword")
    conn = sqlite3.connect(ours.ds.databases["catalogue"].path)
    with conn:
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'courses_ad'").fetchone()[0]
        conn.execute("DROP TRIGGER courses_ad")
        conn.execute("DELETE FROM courses WHERE id = 'copy-0001'")
        conn.execute(trigger)
    conn.close()
    path = "/catalogue/courses?_search=tiedword"
    assert "239 rows where search matches" in html(ours, path)
    assert html(ours, path) == html(theirs, path)
    assert "select count(*) from courses_fts where courses_fts match escape_fts(:search)" not in queries(ours, path)


def test_without_its_triggers_the_full_text_index_is_not_counted_from(sites):
    ours, _ = sites
    conn = sqlite3.connect(ours.ds.databases["catalogue"].path)
    with conn:
        conn.execute("DROP TRIGGER courses_au")
    conn.close()
    sql = queries(ours, "/catalogue/courses?_search=tiedword")
    assert not any(q.startswith("select count(*) from courses_fts") for q in sql)
    assert "240 rows where search matches" in html(ours, "/catalogue/courses?_search=tiedword")


@pytest.mark.parametrize("text", ["synthetic-provider-00011", "nhs_trust", "", "a b", "a.b", "a~b", "x/y", "Ã©cole",
                                  "café", "line\n", "٣", "ＡＢ", "-_09azAZ", "a,b", "%41"])
def test_links_to_ids_are_encoded_as_datasette_encodes_them(text):
    from datasette.utils import tilde_encode

    from catalogue_site.serving.table_rows import quick_tilde_encode
    assert quick_tilde_encode(text) == tilde_encode(text)
