"""The catalogue served immutable (scripts/publish: `datasette serve -i`) asks SQLite about its schema
and its foreign keys' labels once, not on every request (issue 25, fourth round), and a planner sees
exactly what Datasette's own answers give: every table and view, row pages, facets, searches, JSON,
the same bytes. A catalogue served mutable (scripts/serve, while a crawl may write) still sees a
new column or a renamed provider on the next request, as Datasette does.

Pages are asked of two sites on the same immutable file: the real one, and the same Datasette
with the schema and labels kept nowhere (Datasette 0.65's own questions, every request)."""
import asyncio
import re
import sqlite3

import pytest
import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.tracer import capture_traces

from catalogue_site.serving import immutable_schema
from datasette_fixtures import METADATA, Client, serve_options


class Site:
    """A Datasette serving `path` immutable (-i) or mutable, with the catalogue's metadata and settings."""

    def __init__(self, path, immutable=True, own_answers=False):
        self.loop = asyncio.new_event_loop()
        files = {"immutables": [str(path)]} if immutable else {"files": [str(path)]}
        self.ds = Datasette(metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
                            settings=serve_options()["settings"], **files)
        with pytest.MonkeyPatch.context() as patch:
            if own_answers:
                patch.setattr(immutable_schema, "remember_schema", lambda datasette: None)
                patch.setattr(immutable_schema, "remember_labels", lambda datasette: None)
            self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path):
        response = self.loop.run_until_complete(self.ds.client.get(path))
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return re.sub(r'took [\d.]+ms|"query_ms": [\d.e-]+', "took", response.text)

    def sql(self, path, with_params=False):
        """The SQL a request ran (Datasette's tracer)."""
        traces = []

        async def traced():
            with capture_traces(traces):
                await self.ds.client.get(path)
        self.loop.run_until_complete(traced())
        return [(" ".join(t["sql"].split()), t.get("params")) if with_params else " ".join(t["sql"].split())
                for t in traces if t.get("type") == "sql"]

    def close(self):
        self.loop.close()


def tables_and_views(path):
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                        "AND name NOT LIKE 'courses_fts%' ORDER BY name")]
    course, provider = conn.execute("SELECT id, provider_id FROM courses ORDER BY rowid LIMIT 1").fetchone()
    conn.close()
    return names, course, provider


@pytest.fixture(scope="module")
def sites(built_catalogue):
    ours, theirs = Site(built_catalogue), Site(built_catalogue, own_answers=True)
    yield ours, theirs
    ours.close()
    theirs.close()


def pages(path):
    names, course, provider = tables_and_views(path)
    return (["/", "/catalogue", f"/catalogue/courses/{course}", f"/catalogue/providers/{provider}",
             "/catalogue/courses?_facet=provider_id&_facet=kind&_facet=aimh_level_target",
             "/catalogue/courses?_search=infant", "/catalogue/courses?kind=short_course&_facet=funding",
             "/catalogue/courses.json?_labels=on&_size=max", "/catalogue/courses?_sort_desc=fee_gbp&_size=7",
             "/catalogue/eligibility_rules?_facet=route_id"]
            + [f"/catalogue/{name}" for name in names] + [f"/catalogue/{name}.json?_labels=on" for name in names])


def test_every_page_of_the_immutable_catalogue_is_what_datasettes_own_answers_give(sites, built_catalogue):
    ours, theirs = sites
    for path in pages(built_catalogue):
        first = ours.get(path)   # the schema and labels asked for
        assert first == theirs.get(path), path
        assert ours.get(path) == first, path   # and answered from what was kept


def test_the_second_request_asks_sqlite_for_no_labels_and_no_schema(sites):
    ours, theirs = sites
    path = "/catalogue/courses?_facet=provider_id&_size=50"
    ours.get(path)
    asked = ours.sql(path)
    # Left: the table's name as SQLite spells it, which Datasette 0.65.5 asks for each permission
    # check through `execute`; the site's own trigger checks, which follow the file; and the label
    # of courses with no provider (a NULL has none, so nothing is kept and it is asked again).
    schema = [q for q in asked if "sqlite_master" in q and "trigger" not in q and "collate nocase" not in q]
    assert not schema, schema
    labels = [params for q, params in ours.sql(path, with_params=True) if "from providers where id in" in q]
    assert all(value is None for params in labels for value in params), labels
    # Datasette's own answers ask again every time
    theirs.get(path)
    assert any("from providers where id in" in q for q in theirs.sql(path))


def test_a_caller_changing_what_it_was_given_changes_nothing_kept(sites):
    ours, _ = sites
    db = ours.ds.databases["catalogue"]

    async def ask():
        keys = await db.foreign_keys_for_table("courses")
        columns = await db.table_columns("courses")
        keys[0]["other_table"] = "nowhere"
        keys.clear()
        columns.append("invented")
        return await db.foreign_keys_for_table("courses"), await db.table_columns("courses")
    keys, columns = ours.loop.run_until_complete(ask())
    own = ours.loop.run_until_complete(Database.foreign_keys_for_table(db, "courses"))
    assert keys == own and keys and "nowhere" not in str(keys)
    assert "invented" not in columns


@pytest.mark.parametrize("question, args", [("table_exists", ("courses",)), ("table_exists", ("no_such_table",)),
                                            ("table_names", ()), ("table_columns", ("providers",)),
                                            ("table_column_details", ("courses",)), ("primary_keys", ("routes",)),
                                            ("fts_table", ("courses",)), ("fts_table", ("providers",)),
                                            ("foreign_keys_for_table", ("courses",)), ("view_names", ()),
                                            ("get_all_foreign_keys", ()), ("get_table_definition", ("courses",)),
                                            ("get_view_definition", ("course_overview",))])
def test_each_schema_answer_kept_is_datasettes_own(sites, question, args):
    ours, _ = sites
    db = ours.ds.databases["catalogue"]
    kept = ours.loop.run_until_complete(getattr(db, question)(*args))
    again = ours.loop.run_until_complete(getattr(db, question)(*args))
    own = ours.loop.run_until_complete(getattr(Database, question)(db, *args))
    assert kept == own == again


def test_a_label_never_found_is_asked_again_and_a_label_found_is_not(sites, built_catalogue):
    """A course naming a provider the catalogue does not hold (a dangling key) gets no label, and
    that absence is not kept: the next page asks SQLite again, as Datasette does."""
    ours, _ = sites
    _, _, provider = tables_and_views(built_catalogue)

    def lookup(values):
        traces = []

        async def traced():
            with capture_traces(traces):
                return await ours.ds.expand_foreign_keys("catalogue", "courses", "provider_id", values)
        found = ours.loop.run_until_complete(traced())
        return found, any("from providers where id in" in " ".join(t["sql"].split())
                          for t in traces if t.get("type") == "sql")

    assert lookup(["no-such-provider"]) == ({}, True)
    assert lookup(["no-such-provider"]) == ({}, True)
    found, asked = lookup([provider])
    assert set(found) == {("provider_id", provider)} and found[("provider_id", provider)]
    assert lookup([provider]) == (found, False)
    both, asked = lookup([provider, "no-such-provider"])
    assert both == found and asked


@pytest.fixture
def mutable(catalogue_copy):
    site = Site(catalogue_copy, immutable=False)
    yield site, catalogue_copy
    site.close()


def test_a_mutable_catalogue_shows_a_new_column_and_a_new_name_on_the_next_request(mutable):
    site, path = mutable
    _, course, provider = tables_and_views(path)
    before = site.get("/catalogue/courses?_size=5")
    assert "data-column=\"added_by_a_crawl\"" not in before
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("ALTER TABLE providers ADD COLUMN added_by_a_crawl TEXT")
        conn.execute("UPDATE providers SET name = 'Renamed By A Crawl' WHERE id = ?", (provider,))
    conn.close()
    assert "data-column=\"added_by_a_crawl\"" in site.get("/catalogue/providers?_size=5")
    assert "Renamed By A Crawl" in site.get(f"/catalogue/courses/{course}")
    assert not getattr(site.ds.databases["catalogue"], "schema_remembered", False)


def test_the_in_memory_and_internal_databases_are_never_remembered(sites):
    ours, _ = sites
    for name, db in ours.ds.databases.items():
        assert getattr(db, "schema_remembered", False) == (name == "catalogue"), name


def test_datasette_serve_with_i_gives_the_same_pages_as_the_in_process_site(built_catalogue, python_exe, repo_root):
    """The command scripts/publish runs (datasette serve -i ... --get) answers as the site above."""
    import subprocess

    from datasette_fixtures import datasette_argv
    argv = datasette_argv(built_catalogue)
    argv[0:1] = ["-i", str(built_catalogue)]
    out = subprocess.run([python_exe, "-m", "datasette", "serve", *argv, "--get", "/catalogue/courses.json?_labels=on&_size=5"],
                         capture_output=True, text=True, cwd=repo_root, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    site = Client(built_catalogue)
    try:
        mutable = site.get("/catalogue/courses.json?_labels=on&_size=5").json()
    finally:
        site.close()
    import json
    served = json.loads(out.stdout)
    assert served["rows"] == mutable["rows"]
