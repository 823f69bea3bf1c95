"""Limits that hold for any single request, whatever SQL or search it carries.

Datasette's `sql_time_limit_ms` is a SQLite progress handler: it is checked between virtual
machine instructions, so one expensive instruction (a function call such as
`printf('%.*c', 999999999, 'x')`, or full-text ranking of a query of thousands of phrases)
runs to its end, however long. These limits bound the size of each such step instead
(docs/security.md gives each value and why; tests/test_hostile_serving.py tries each probe):

- `prepare_connection`: SQLite's own limits on every connection (longest string or blob,
  longest SQL text, deepest expression, ...), and a row factory that stops a query once its
  rows hold more than MAX_RESULT_BYTES (so no 200 MB answer is ever built in memory);
- `labels_within_the_variable_limit` (startup): Datasette's label lookups kept under the
  variable limit, so a page naming more than 100 providers still shows;
- `asgi_wrapper`: full-text search words capped (MAX_SEARCH_CHARS, MAX_SEARCH_TERMS), custom
  SQL that names a full-text table refused (use `?_search=` or the `search_courses` query,
  which are capped), at most MAX_EXPENSIVE_AT_ONCE requests carrying SQL or a search at once
  (one more waits up to SLOT_WAIT_SECONDS, then is answered 503, so ordinary pages always have a thread), the query string
  and the response size capped.

Every refusal is a short plain-text answer saying what was too big and what to do.
"""
import asyncio
import html
import re
import sqlite3
import threading
from urllib.parse import parse_qsl

# SQLite limits (sqlite3.Connection.setlimit). The longest value in the catalogue is under
# 1,000 characters and crawled values are clipped at 2,000 (crawler/pipelines/validate.py).
SQLITE_LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: 100_000,          # longest string or blob any expression may make
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 20_000,       # longest SQL statement
    sqlite3.SQLITE_LIMIT_COLUMN: 200,              # columns in a result, index or table
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,          # nesting of an expression
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 20,      # SELECTs joined by UNION and friends
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 100,     # :parameters in one statement
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 20,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
}
MAX_RESULT_BYTES = 20_000_000      # text and blobs in the rows of one query
MAX_RESPONSE_BYTES = 50_000_000    # one HTTP response body
MAX_QUERY_STRING_BYTES = 100_000   # the part of the URL after "?"
MAX_SEARCH_CHARS = 200             # one full-text search
MAX_SEARCH_TERMS = 20              # words in it
MAX_EXPENSIVE_AT_ONCE = 2          # requests carrying SQL or a search being answered at once
SLOT_WAIT_SECONDS = 2.0            # how long one more waits for its turn before "busy"
SEARCH_PARAMS = re.compile(r"^(_search(_.+)?|q)$")   # q: the search_courses canned query
SQL_PARAMS = {"sql", "_where"}
FULL_TEXT_TABLE = re.compile(r"_fts", re.IGNORECASE)
MAX_NAME_CHARS = 200               # a parameter's name (a column filter such as title__contains)
MAX_OPTION_CHARS = 1_000           # the value of an option such as _facet, _sort, _col, _next


MAX_PRINTF_WIDTH = 1_000          # width or precision of one printf()/format() conversion
PRINTF_SPEC = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?(l{0,2}[a-zA-Z%])")


class ResultTooLarge(sqlite3.DatabaseError):
    pass


_tally = threading.local()


def counting_row(cursor, row):
    """sqlite3.Row, counting the bytes of text and blobs the current query has returned."""
    if getattr(_tally, "cursor", None) is not cursor:
        _tally.cursor, _tally.bytes = cursor, 0
    _tally.bytes += sum(len(value) for value in row if isinstance(value, (str, bytes)))
    if _tally.bytes > MAX_RESULT_BYTES:
        _tally.cursor = None
        raise ResultTooLarge(f"result too large: this query's rows hold more than {MAX_RESULT_BYTES:,} bytes;"
                             " ask for fewer rows or shorter values")
    return sqlite3.Row(cursor, row)


def as_number(value):
    try:
        return abs(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0.0


def printf_widths(fmt, args):
    """The widths and precisions printf(fmt, *args) would use, given literally or by `*`."""
    widths, position = [], 0
    for spec in PRINTF_SPEC.finditer(fmt):
        for part in spec.group(1), spec.group(2):
            if part == "*":
                widths.append(as_number(args[position]) if position < len(args) else 0.0)
                position += 1
            elif part:
                widths.append(float(part))
        if not spec.group(3).endswith("%"):
            position += 1
    return widths


_builtin = threading.local()


def bounded_printf(fmt, *args):
    """SQLite's own printf(), refused ("string or blob too big") when a width or precision is over
    MAX_PRINTF_WIDTH: printf pads in a loop that no time limit or length limit interrupts, so
    printf('%.*c', 999999999, 'x') would otherwise run for seconds."""
    if fmt is None:
        return None
    if any(width > MAX_PRINTF_WIDTH for width in printf_widths(str(fmt), args)):
        raise OverflowError("printf width over the limit")  # sqlite3 reports "string or blob too big"
    builtin = getattr(_builtin, "conn", None)
    if builtin is None:
        builtin = _builtin.conn = sqlite3.connect(":memory:", check_same_thread=False)
        builtin.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, SQLITE_LIMITS[sqlite3.SQLITE_LIMIT_LENGTH])
    marks = ", ".join("?" * (1 + len(args)))
    return builtin.execute(f"select printf({marks})", (fmt, *args)).fetchone()[0]


def prepare_connection(conn, database):
    if database == "_internal":
        return
    for limit, value in SQLITE_LIMITS.items():
        conn.setlimit(limit, value)
    conn.row_factory = counting_row
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)


def labels_within_the_variable_limit(datasette):
    """Datasette looks up the labels of a page's foreign keys (its rows', a facet's values) in one
    `IN (?, ?, ...)` query, one variable a distinct value: a 101-row page naming 101 providers, or
    a provider facet of more than 100 values, was refused ("too many SQL variables") by
    SQLITE_LIMIT_VARIABLE_NUMBER. The same lookup, in as many queries as the limit needs."""
    expand, most = datasette.expand_foreign_keys, SQLITE_LIMITS[sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER]

    async def expand_foreign_keys(database, table, column, values):
        distinct = list(dict.fromkeys(values))
        labels = {}
        for start in range(0, len(distinct), most):
            labels.update(await expand(database, table, column, distinct[start:start + most]))
        return labels

    datasette.expand_foreign_keys = expand_foreign_keys


def refusal(params):
    """What is wrong with a request's parameters, or None."""
    for name, value in params:
        if len(name) > MAX_NAME_CHARS:
            return 400, (f"parameter name too long: {len(name):,} characters, at most {MAX_NAME_CHARS}; "
                         "filter by a column of the table")
        if name.startswith("_") and name not in SQL_PARAMS and not SEARCH_PARAMS.match(name) \
                and len(value) > MAX_OPTION_CHARS:
            return 400, (f"{name} too long: {len(value):,} characters, at most {MAX_OPTION_CHARS:,}; "
                         "name a column of the table")
        if SEARCH_PARAMS.match(name):
            if len(value) > MAX_SEARCH_CHARS:
                return 400, f"search too long: {len(value):,} characters, at most {MAX_SEARCH_CHARS} are searched; use fewer words"
            if len(value.split()) > MAX_SEARCH_TERMS:
                return 400, f"search has too many words: at most {MAX_SEARCH_TERMS}; use fewer words"
        if name in SQL_PARAMS and FULL_TEXT_TABLE.search(value):
            return 400, ("custom SQL may not use a full-text table: search with ?_search=words on a table,"
                         " or the search_courses query")
    return None


def is_expensive(params):
    return any(name in SQL_PARAMS or SEARCH_PARAMS.match(name) for name, _ in params)


async def answer(send, status, message, extra_headers=()):
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *extra_headers]})
    await send({"type": "http.response.body", "body": body})


def asgi_wrapper():
    def wrap(app):
        slots = asyncio.Semaphore(MAX_EXPENSIVE_AT_ONCE)

        async def limits(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            query_string = scope.get("query_string", b"")
            if len(query_string) > MAX_QUERY_STRING_BYTES:
                return await answer(send, 414, f"address too long: at most {MAX_QUERY_STRING_BYTES:,} bytes after '?'")
            params = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
            problem = refusal(params)
            if problem:
                return await answer(send, *problem)
            capped_send = response_capped(send)
            if query_string and scope.get("method", "GET") in ("GET", "HEAD"):
                capped_send = no_server_error_for_user_input(capped_send)
            if not is_expensive(params):
                return await app(scope, receive, capped_send)
            try:
                await asyncio.wait_for(slots.acquire(), SLOT_WAIT_SECONDS)
            except asyncio.TimeoutError:
                return await answer(send, 503, "busy: other searches or queries are running; try again in a few seconds",
                                    [(b"retry-after", b"2")])
            try:
                await app(scope, receive, capped_send)
            finally:
                slots.release()

        return limits

    return wrap


def no_server_error_for_user_input(send):
    """A 500 answer to an address with options (an unknown _sort column, a malformed _next or
    _through) is the options' fault, not the server's: answer 400 with Datasette's own sentence
    and what to do, never a 500 (issue 27)."""
    held = {"start": None, "chunks": []}

    async def checked(message):
        if message["type"] == "http.response.start" and message.get("status") == 500:
            held["start"] = message
            return
        if held["start"] is None or message["type"] != "http.response.body":
            return await send(message)
        held["chunks"].append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(held["chunks"]).decode("utf-8", "replace")
        if body.startswith("response too large"):   # ours: the answer, not the address, was too big
            held["start"], held["chunks"] = None, []
            await send({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body.encode())).encode())]})
            return await send({"type": "http.response.body", "body": body.encode()})
        found = re.search(r'"error": "((?:[^"\\]|\\.)*)"', body) or re.search(
            r'border: 3px solid red;">(.*?)</div>', body, re.S)
        reason = html.unescape(re.sub(r"\s+", " ", found.group(1))).strip()[:300] if found else "unknown reason"
        await answer(send, 400, f"bad request: the options in this address could not be used ({reason}); "
                     "check the column names and values, or remove the options")

    return checked


def response_capped(send):
    """Send a response whole if it stays under MAX_RESPONSE_BYTES, else a 500 saying it was too large.

    The start is held back until the body is complete or over the cap, so an oversized answer
    is replaced, not cut off mid-way; a streamed answer (CSV export) that grows past the cap
    after it started is ended there."""
    held = {"start": None, "chunks": [], "size": 0, "sent": False, "over": False}

    async def capped(message):
        if held["over"]:
            return
        if message["type"] == "http.response.start":
            held["start"] = message
            return
        if message["type"] != "http.response.body":
            return await send(message)
        body = message.get("body", b"")
        held["size"] += len(body)
        more = message.get("more_body", False)
        if held["size"] > MAX_RESPONSE_BYTES:
            held["over"] = True
            if held["sent"]:
                return await send({"type": "http.response.body", "body": b"", "more_body": False})
            return await answer(send, 500, f"response too large: over {MAX_RESPONSE_BYTES:,} bytes; ask for fewer rows"
                                " (for example ?_size=100) or fewer columns")
        if held["sent"]:
            return await send(message)
        held["chunks"].append(body)
        if more and held["size"] < 1_000_000:
            return
        # Complete, or a stream already past 1 MB: send what is held and go on streaming.
        held["sent"] = True
        await send(held["start"])
        await send({"type": "http.response.body", "body": b"".join(held["chunks"]), "more_body": more})
        held["chunks"] = []

    return capped
