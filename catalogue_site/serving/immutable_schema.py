"""What a catalogue served immutable (`datasette serve -i`, scripts/publish) can ask SQLite once.

Datasette 0.65 asks SQLite about a table's schema on every request: its columns, primary keys,
foreign keys, full-text table, definition, whether it exists. Each question is a trip to a SQL
thread and back, about ten a course-list page (docs/benchmarks.md, "Fourth round"), and then
one query per foreign-key column for the labels its values link to (providers' names, course
kinds, AiMH levels), one more for each faceted foreign key. An immutable file cannot change:
SQLite opens it with `immutable=1`, Datasette hashes it once and never re-reads its counts.
So for such a database only:

- `remember_schema`: the answers of the schema questions below are kept per question, and
  each caller gets its own copy (a caller may change the list it is given);
- `remember_labels`: the labels Datasette found for foreign-key values are kept, and only
  values never seen are looked up. A value with no label (a dangling key, or a lookup that
  ran out of time) is not kept, so it is asked again next time, as Datasette does.

A mutable database (a file served without -i, the in-memory ones, `_internal`) keeps
Datasette's own behaviour. Tests: tests/test_immutable_schema.py.
"""
from functools import wraps

SCHEMA_QUESTIONS = ("table_exists", "table_names", "table_columns", "table_column_details", "primary_keys",
                    "fts_table", "foreign_keys_for_table", "view_names", "get_all_foreign_keys",
                    "get_table_definition", "get_view_definition")
MAX_LABELS = 200_000   # labels kept per database at most (a national catalogue has far fewer providers)


def immutable(db):
    return not db.is_mutable and not db.is_memory and db.path is not None


def fresh(value):
    """A copy the caller may change without changing what is kept: lists, tuples of dicts, dicts."""
    if isinstance(value, list):
        return [fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    return value   # str, bool, None, namedtuples of plain values


def _remembered(method):
    kept = {}

    @wraps(method)
    async def ask(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in kept:
            kept[key] = await method(*args, **kwargs)
        return fresh(kept[key])
    ask.kept = kept
    return ask


def remember_schema(datasette):
    """Keep the schema answers of every immutable database Datasette serves."""
    for db in datasette.databases.values():
        if immutable(db) and not getattr(db, "schema_remembered", False):
            for name in SCHEMA_QUESTIONS:
                setattr(db, name, _remembered(getattr(db, name)))
            db.schema_remembered = True


def remember_labels(datasette):
    """Keep the labels of foreign-key values in immutable databases; look up only new values."""
    expand = datasette.expand_foreign_keys
    kept = {}   # database -> {(table, column, value): label}

    async def expand_foreign_keys(database, table, column, values):
        db = datasette.databases.get(database)
        if db is None or not immutable(db):
            return await expand(database, table, column, values)
        labels = kept.setdefault(database, {})
        found, missing = {}, []
        for value in dict.fromkeys(values):
            key = (table, column, value)
            if key in labels:
                found[(column, value)] = labels[key]
            else:
                missing.append(value)
        if missing:
            new = await expand(database, table, column, missing)
            found.update(new)
            if len(labels) + len(new) <= MAX_LABELS:
                for (label_column, value), label in new.items():
                    labels[(table, label_column, value)] = label
        return found

    datasette.expand_foreign_keys = expand_foreign_keys
