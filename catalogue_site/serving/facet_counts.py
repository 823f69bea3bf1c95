"""Facet counts without rescanning the courses on every request (issue 25).

Datasette 0.65 counts each facet with its own query over the page's whole SQL: six facets on
the course list are six scans, and on a search each of them repeats the full-text match and
looks up every matched row again (docs/benchmarks.md, "Where the time goes"). This plugin
keeps Datasette's facets, their order, labels, links, sizes and time-outs, and answers the
counts more cheaply:

- the course list with no filter: from `facet_counts`, which the build writes with a GROUP BY
  per faceted column and which triggers on `courses` keep exact through every later write
  (a crawl changing a course's funding moves one count); read only if the table and its three
  triggers are there, else Datasette's own queries run;
- a filter or search that keeps every row (Datasette has counted them): the stored counts too;
- a filtered or searched list: one query for all its facets, which finds the matching rows
  once (a materialized common table expression: the search's match runs once, not once per
  facet) and counts each facet from the covering index that starts with its column (the
  build's facet indexes), instead of one query per facet that matches and reads every row
  again.

The answers take the place of the queries Datasette's ColumnFacet would run, in the same
form, through `register_facet_classes` (a hook wrapper swaps ColumnFacet for
CountedColumnFacet). Anything unusual (another table, a time-out, a facet on a column with no
stored counts, Datasette building a different query) falls back to Datasette's own query.
"""
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite

TABLE = "facet_counts"
TRIGGERS = ("facet_counts_insert", "facet_counts_delete", "facet_counts_update")
MAX_FACETS_PER_QUERY = 10   # one compound SELECT per 10 facets (limits.py allows 20 terms)
FEW_ROWS = 0.2              # a filter keeping at most this share of the rows: read them, not the indexes


def facet_sql(column, sql, limit):
    """The query Datasette 0.65's ColumnFacet runs for one facet, character for character."""
    return """
                select {col} as value, count(*) as count from (
                    {sql}
                )
                where {col} is not null
                group by {col} order by count desc, value limit {limit}
            """.format(col=escape_sqlite(column), sql=sql, limit=limit)


class _Answering:
    """The Datasette object, except that `execute` answers the facet queries already counted."""

    def __init__(self, datasette, answers):
        self._datasette, self._answers = datasette, answers

    def __getattr__(self, name):
        return getattr(self._datasette, name)

    async def execute(self, database, sql, *args, **kwargs):
        found = self._answers.get(sql)
        if found is not None:
            return found
        return await self._datasette.execute(database, sql, *args, **kwargs)


class CountedColumnFacet(ColumnFacet):
    async def facet_results(self):
        columns = list(dict.fromkeys(c["config"].get("column") or c["config"]["simple"] for c in self.get_configs()))
        limit = self.get_facet_size() + 1
        answers = {}
        if columns and self.table:
            counts = await self._counts(columns, limit)
            answers = {facet_sql(column, self.sql, limit): Results(rows, False, None)
                       for column, rows in counts.items()}
        real = self.ds
        self.ds = _Answering(real, answers)
        try:
            return await super().facet_results()
        finally:
            self.ds = real

    def _unfiltered(self):
        return not self.params and self.sql.rstrip().endswith(f"from {escape_sqlite(self.table)}")

    async def _counts(self, columns, limit):
        db = self.ds.get_database(self.database)
        if self._unfiltered() or await self._keeps_every_row(db):
            try:
                stored = await self._stored_counts(db, columns, limit)
            except Exception:  # no table (an older catalogue): Datasette's own queries
                stored = {}
            if stored or self._unfiltered():
                return stored
        counts = {}
        for start in range(0, len(columns), MAX_FACETS_PER_QUERY):
            chunk = columns[start:start + MAX_FACETS_PER_QUERY]
            try:
                counts.update(await self._counted_once(db, chunk, limit))
            except QueryInterrupted:
                pass  # Datasette's per-facet queries then run, each with its own time limit
            except Exception:  # a view or a table without rowid: Datasette's own queries
                pass
        return counts

    async def _keeps_every_row(self, db):
        """True if the filter or search keeps every row (Datasette counted them already): the
        facets are then the whole table's."""
        if self.row_count is None:
            return False
        total = await db.execute(f"select count(*) from {escape_sqlite(self.table)}", truncate=False)
        return total.rows[0][0] == self.row_count

    async def _stored_counts(self, db, columns, limit):
        """Counts from the build's table, for the columns it holds, if its triggers keep it exact."""
        names = ", ".join(f":t{i}" for i in range(len(TRIGGERS)))
        triggers = await db.execute(
            f"select name from sqlite_master where type = 'trigger' and tbl_name = :table and name in ({names})",
            {"table": self.table, **{f"t{i}": name for i, name in enumerate(TRIGGERS)}}, truncate=False)
        if len(triggers.rows) != len(TRIGGERS):
            return {}
        # each column's most counted values, read in order from the build's index on (table_name,
        # column_name, count desc, value) and stopping at the limit: a window over every value of every
        # column (2,000 providers at 50,000 courses) cost 2.3 ms a page, this 0.05 ms (0.5 ms without the index)
        out = {}
        for start in range(0, len(columns), MAX_FACETS_PER_QUERY):   # SQLite's limit on compound terms
            chunk = columns[start:start + MAX_FACETS_PER_QUERY]
            stored = await db.execute("\nunion all\n".join(
                f"select * from (select {i} as facet, column_name, value, count from {TABLE} where table_name = :table"
                f" and column_name = :c{i} and count > 0 order by count desc, value limit :limit)"
                for i in range(len(chunk))) + "\norder by facet, count desc, value",
                {"table": self.table, "limit": limit, **{f"c{i}": column for i, column in enumerate(chunk)}},
                truncate=False, custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            for row in stored.rows:  # a column with no stored count (none, or all NULL) is left to Datasette
                out.setdefault(row["column_name"], []).append(_FacetRow(row["value"], row["count"]))
        return out

    def _where(self):
        """The WHERE part of the page's SQL ("select <columns> from <table> <where>"), or None."""
        head, sep, where = self.sql.partition(f" from {escape_sqlite(self.table)} ")
        if not sep or not head.startswith("select ") or " from " in head:
            return None
        return where

    async def _counted_once(self, db, columns, limit):
        """Every facet of a filtered list in one query, the filter (the search's match) run once.

        Few rows kept: their facet columns are read once into a materialized table and each
        facet is counted there. Many rows kept: their rowids are found once and each facet is
        counted from the covering index that starts with its column (reading 50,000 wide rows
        would cost more)."""
        where = self._where()
        if where is None:
            return {}
        table = escape_sqlite(self.table)
        total = (await db.execute(f"select count(*) from {table}", truncate=False)).rows[0][0]
        if self.row_count is not None and self.row_count <= total * FEW_ROWS:
            names = {column: f"c{i}" for i, column in enumerate(columns)}
            picked = ", ".join(f"{escape_sqlite(column)} as {names[column]}" for column in columns)
            parts = [f"""select * from (select {i} as facet, {names[column]} as value, count(*) as count from matched
                          where {names[column]} is not null group by {names[column]}
                          order by count desc, value limit {limit})""" for i, column in enumerate(columns)]
            head = f"with matched as materialized (select {picked} from {table} {where})\n"
        else:
            parts = [f"""select * from (select {i} as facet, {escape_sqlite(column)} as value, count(*) as count
                          from {table} where rowid in matched and {escape_sqlite(column)} is not null
                          group by {escape_sqlite(column)} order by count desc, value limit {limit})"""
                     for i, column in enumerate(columns)]
            head = f"with matched(r) as materialized (select rowid from {table} {where})\n"
        time_limit = self.ds.setting("facet_time_limit_ms") * len(columns)
        results = await db.execute(head + "\nunion all\n".join(parts), self.params, truncate=False,
                                   custom_time_limit=time_limit)
        out = {column: [] for column in columns}
        for row in results.rows:
            out[columns[row["facet"]]].append(_FacetRow(row["value"], row["count"]))
        return out


class _FacetRow(dict):
    """A facet row as ColumnFacet reads it: row["value"], row["count"]."""

    def __init__(self, value, count):
        super().__init__(value=value, count=count)


def counted(results):
    """register_facet_classes' results, with ColumnFacet replaced by CountedColumnFacet."""
    return [[CountedColumnFacet if klass is ColumnFacet else klass for klass in classes] for classes in results]
