"""A course search's count and first page without looking up every matched course (issue 25).

Datasette 0.65 answers `/catalogue/courses?_search=words` with two queries built inside its
table view, both of which look up every matched row in the wide `courses` table:

    select <columns> from courses where rowid in (select rowid from courses_fts
      where courses_fts match escape_fts(:search)) order by title limit 101
    select count(*) from courses where rowid in (<the same match>)

At 50,000 courses, with every course matched, that is 25 and 19 ms of a page (docs/benchmarks.md).
`rewritten` (put in the catalogue database's `execute` at startup) answers exactly these two
shapes more cheaply and passes every other statement through untouched; the rewritten statement
goes through Datasette's own `execute`, so its time limit, row limit, errors and issue 14's
limits (limits.py) are the same:

- the first page, sorted by title ascending: the same query walking the title index
  (`indexed by idx_courses_title`), which stops after the page's rows instead of sorting every
  match. Datasette's first page orders by `title` alone; SQLite gives rows with the same title
  in rowid order either way (a sort with a LIMIT keeps the order rows arrive in, and they arrive
  in rowid order; the index holds (title, rowid)). tests/test_search_sql.py checks the same rows
  in the same order, ties included, page after page. Only when the words match at least a
  twentieth of the courses: with fewer matches the lookups are cheap and the walk is not.
  A descending sort, a `_next` page, any filter beside the search: Datasette's own query.
- the count: from the full-text index alone, if it holds exactly the courses' rows. The build
  makes `courses_fts` an external-content index of `courses` (sqlite-utils `enable_fts`,
  triggers on insert, update and delete); the count is taken there only if those three
  triggers are there and the index's documents (`courses_fts_docsize`) are exactly the rowids
  of `courses`, checked once per connection and again whenever the file changes
  (`PRAGMA data_version`). Otherwise Datasette's count runs.
"""
import re

from datasette.utils import sqlite_timelimit

TABLE, FTS, TITLE_INDEX = "courses", "courses_fts", "idx_courses_title"
FTS_TRIGGERS = ("courses_ai", "courses_ad", "courses_au")   # sqlite-utils enable_fts(create_triggers=True)
WALK_SHARE = 20          # walk the title index when at least 1/WALK_SHARE of the courses match
CHECK_TIME_LIMIT_MS = 1_000

_MATCH = (rf"rowid in \(select rowid from {FTS} where {FTS} match "
          r"(?P<match>escape_fts\(:search\)|:search)\)")
ROW_QUERY = re.compile(rf"select (?P<columns>\w+(?:, \w+)*) from {TABLE} where {_MATCH} "
                       r"order by title limit (?P<limit>\d+)")
COUNT_QUERY = re.compile(rf"select count\(\*\) from {TABLE} where {_MATCH}\s*")


def rewritten(datasette):
    """Put `search_execute` in the place of each served file's `execute` (startup)."""
    for name, db in datasette.databases.items():
        if name != "_internal" and not db.is_memory:
            db.execute = search_execute(db, db.execute)


def search_execute(db, execute):
    checked = {}   # id(connection) -> the data_version at which the index was found exact

    async def run(sql, params=None, *args, **kwargs):
        shape = _shape(sql, params)
        if shape is None:
            return await execute(sql, params, *args, **kwargs)
        kind, found = shape
        limit = kwargs.get("custom_time_limit")
        if kind == "rows":
            if await _many_match(execute, found["match"], params, limit):
                sql = (f"select {found['columns']} from {TABLE} indexed by {TITLE_INDEX} where "
                       f"rowid in (select rowid from {FTS} where {FTS} match {found['match']}) "
                       f"order by title limit {found['limit']}")
        elif await db.execute_fn(lambda conn: _index_is_exact(conn, checked)):
            sql = f"select count(*) from {FTS} where {FTS} match {found['match']}"
        return await execute(sql, params, *args, **kwargs)

    return run


def _shape(sql, params):
    if not isinstance(sql, str) or not isinstance(params, dict) or set(params) != {"search"}:
        return None
    found = ROW_QUERY.fullmatch(sql)
    if found:
        return "rows", found
    found = COUNT_QUERY.fullmatch(sql)
    return ("count", found) if found else None


async def _many_match(execute, match, params, limit):
    """At least 1/WALK_SHARE of the courses match (counting stops there), and the title index is
    the plain one the walk needs: one key column, title, ascending, on courses, not partial."""
    try:
        answer = await execute(
            f"select (select count(*) from (select rowid from {FTS} where {FTS} match {match} "
            f"limit (select max(rowid) from {TABLE}) / {WALK_SHARE})), "
            f"(select max(rowid) from {TABLE}) / {WALK_SHARE}, "
            f"(select group_concat(name || ' ' || desc) from pragma_index_xinfo('{TITLE_INDEX}') where key = 1), "
            f"(select partial from pragma_index_list('{TABLE}') where name = '{TITLE_INDEX}')",
            params, custom_time_limit=limit)
    except Exception:   # interrupted or refused: Datasette's own query, which will say so
        return False
    matched, enough, key, partial = answer.rows[0]
    return key == "title 0" and partial == 0 and enough is not None and matched >= max(enough, 1)


def _index_is_exact(conn, checked):
    """True if courses_fts holds exactly the rowids of courses and its triggers keep it so."""
    version = conn.execute("pragma data_version").fetchone()[0]
    if checked.get(id(conn)) == version:
        return True
    with sqlite_timelimit(conn, CHECK_TIME_LIMIT_MS):
        try:
            marks = ", ".join("?" * len(FTS_TRIGGERS))
            triggers = conn.execute(f"select count(*) from sqlite_master where type = 'trigger' and tbl_name = ? "
                                    f"and name in ({marks})", (TABLE, *FTS_TRIGGERS)).fetchone()[0]
            external = conn.execute("select sql from sqlite_master where name = ?", (FTS,)).fetchone()
            if triggers != len(FTS_TRIGGERS) or not external or \
                    not re.search(rf"""content\s*=\s*["'\[]?{TABLE}["'\]]?\s*[,)]""", external[0]):
                return False
            same = conn.execute(
                f"select (select count(*) from {TABLE}) = (select count(*) from {FTS}_docsize) "
                f"and not exists (select 1 from {FTS}_docsize d where not exists "
                f"(select 1 from {TABLE} c where c.rowid = d.id))").fetchone()[0]
        except Exception:   # interrupted, or no such table: Datasette's count
            return False
    if same:
        checked[id(conn)] = version
    return bool(same)
