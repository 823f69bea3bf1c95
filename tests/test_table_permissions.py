"""Who may see a table: the site works the answer out once per metadata (issue 25, fourth round),
and it is always Datasette 0.65.5's own answer, including after the metadata changes in place.

Each metadata below is given to the site, and the answer for every table of the catalogue is
compared with Datasette's own function on the same metadata; the page itself is asked for too
(403 when its `allow` shuts the visitor out, as Datasette's documentation says of `allow: false`)."""
import copy

import pytest
import yaml

from datasette_fixtures import METADATA, Client

TABLES = ["courses", "providers", "routes", "course_overview", "eligibility_rules", "no_such_table"]


def own_answer(ds, database, table):
    """Datasette's own _table_permission_allows, on the metadata the site holds now."""
    return type(ds)._table_permission_allows(ds, database, table)


def metadatas():
    base = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    shut = copy.deepcopy(base)
    shut["databases"]["catalogue"]["tables"]["courses"]["allow"] = False
    root_only = copy.deepcopy(base)
    root_only["databases"]["catalogue"]["tables"]["providers"]["allow"] = {"id": "root"}
    top_level = copy.deepcopy(base)
    top_level["tables"] = {"courses": {"allow": False}}
    spelled = copy.deepcopy(base)
    spelled["databases"]["catalogue"]["tables"]["Courses"] = {"allow": False}
    no_tables = copy.deepcopy(base)
    no_tables["databases"]["catalogue"].pop("tables")
    no_tables["tables"] = {"routes": {"allow": False}}
    return {"as shipped": base, "courses shut": shut, "providers for root": root_only,
            "top-level tables": top_level, "another spelling": spelled, "no database tables": no_tables}


@pytest.fixture(scope="module")
def client(built_catalogue):
    site = Client(built_catalogue)
    yield site
    site.close()


def test_every_tables_answer_is_datasettes_own_as_the_metadata_changes_in_place(client):
    ds = client.ds
    for name, metadata in metadatas().items():
        ds._metadata_local.clear()
        ds._metadata_local.update(copy.deepcopy(metadata))
        for _ in range(2):   # worked out, then kept
            for table in TABLES:
                assert ds._table_permission_allows("catalogue", table) == own_answer(ds, "catalogue", table), (name, table)


def test_a_table_shut_after_it_was_served_is_refused_and_opened_again(client):
    ds = client.ds
    ds._metadata_local.clear()
    ds._metadata_local.update(metadatas()["as shipped"])
    assert client.get("/catalogue/courses?_size=1").status_code == 200
    courses = ds._metadata_local["databases"]["catalogue"]["tables"]["courses"]
    courses["allow"] = False   # edited in place, as a plugin or a test might
    try:
        assert client.get("/catalogue/courses?_size=1").status_code == 403
        assert client.get("/catalogue/providers?_size=1").status_code == 200
    finally:
        courses.pop("allow")
    assert client.get("/catalogue/courses?_size=1").status_code == 200


def test_a_caller_changing_the_answer_it_was_given_changes_nothing_kept(client):
    ds = client.ds
    ds._metadata_local.clear()
    ds._metadata_local.update(metadatas()["courses shut"])
    answer = ds._table_permission_allows("catalogue", "courses")
    assert answer == [False]
    answer.clear()
    assert ds._table_permission_allows("catalogue", "courses") == [False]
    ds._metadata_local.clear()
    ds._metadata_local.update(metadatas()["as shipped"])
