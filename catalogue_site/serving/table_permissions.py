"""Who may see a table, worked out once per metadata instead of on every request (issue 25).

Datasette 0.65.5 answers "may this actor view this table?" (twice a table page) by deep-copying
the whole of metadata.yml, every table's columns, descriptions and canned queries, to merge the
tables' `allow` blocks: about 1.3 ms of each course-list page at 50,000 courses
(docs/benchmarks.md, "Fourth round"). Its answer depends only on those `allow` blocks: for the
table asked about, the `allow` of each configuration naming it (top-level `tables`, or the
database's `tables`). So the answer is kept per (database, table, the allow blocks as they are
now): reading the allow blocks costs microseconds, and a change to any of them (a test or a
plugin editing the metadata in place) is a new key, so Datasette's own function runs again.
With a plugin giving metadata through the `get_metadata` hook, Datasette's function runs
every time. Tests: tests/test_table_permissions.py.
"""
MAX_KEPT = 10_000   # answers kept; cleared past this (a new metadata each request would otherwise grow it)
NOT_SAID = "(no allow)"


def _allows(tables):
    """The `allow` of each table configuration, as a hashable value."""
    if not isinstance(tables, dict):
        return repr(tables)
    return tuple((name, repr(config.get("allow", NOT_SAID)) if isinstance(config, dict) else repr(config))
                 for name, config in tables.items())


def allow_marks(metadata, database):
    """What Datasette's table permission reads from metadata for a table of `database`."""
    if not isinstance(metadata, dict):
        return repr(metadata)
    databases = metadata.get("databases")
    of_database = databases.get(database) if isinstance(databases, dict) else None
    return (_allows(metadata.get("tables")), isinstance(databases, dict),
            _allows(of_database.get("tables", NOT_SAID)) if isinstance(of_database, dict) else repr(of_database))


def remember(datasette):
    """Put the kept answers in the place of Datasette's `_table_permission_allows` (startup)."""
    from datasette.plugins import pm  # not at import: importing it loads every plugin, this package included

    datasette_own = datasette._table_permission_allows
    kept = {}

    def table_permission_allows(database, table):
        if pm.hook.get_metadata.get_hookimpls():
            return datasette_own(database, table)
        key = (database, table, allow_marks(datasette._metadata_local, database))
        if key not in kept:
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = datasette_own(database, table)
        return list(kept[key])

    datasette._table_permission_allows = table_permission_allows
