"""Hostile requests to the served catalogue end quickly with a clear error; other pages stay fast.

Each probe is one an audit ran against `bash scripts/serve` (issue 14): before the limits
(catalogue_site/serving/limits.py), `select length(printf('%.*c',999999999,'x'))` ran 6 s
(the 1 s time limit is checked between SQLite instructions, and one printf call is one
instruction), a search of '"a* " ' repeated thousands of times ran 12 to 48 s, four such at
once made an ordinary page take 36 s, and a 200 MB answer took the server to 2.2 GB.

A real `datasette serve` process (the options of scripts/serve, 127.0.0.1, a free port)
serves a fresh build. The 2 s bound is generous for a shared machine: a refused probe
takes milliseconds.
"""
import csv
import io
import json
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from datasette_fixtures import datasette_argv
from served_site import datasette_serving

PROBE_SECONDS = 2.0
OXPIP = "oxpip-advanced-parent-infant-practitioner"
FORMULA = '=HYPERLINK("http://127.0.0.1/x","Parent-Infant Therapist Diploma")'


@pytest.fixture(scope="module")
def site(tmp_path_factory, built_catalogue, repo_root):
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "catalogue.db"
    db.write_bytes(built_catalogue.read_bytes())
    # A crawl change whose values a hostile page chose: spreadsheet formulas (see the CSV tests).
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO crawl_runs (id, spider, started, outcome) VALUES (1, 'oxpip', '2026-11-02T09:00:00+00:00', 'finished')")
        conn.execute("INSERT INTO crawl_changes (run_id, course_id, url, field, old_value, new_value, changed_at) VALUES "
                     "(1, ?, 'https://www.oxpip.org.uk/', 'title', ?, ?, '2026-11-02T09:00:00+00:00')",
                     (OXPIP, "+44 1865 000000", FORMULA))
    conn.close()
    with datasette_serving(datasette_argv(db)) as (base, _):
        yield base


def get(base, path, **params):
    """(status, body text, seconds) of one GET."""
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body.decode("utf-8", "replace"), time.perf_counter() - started


def sql(base, query):
    status, body, seconds = get(base, "/catalogue.json", sql=query)
    return status, (json.loads(body) if body.startswith("{") else {"error": body}), seconds


def test_a_single_expensive_printf_ends_within_the_bound(site):
    status, answer, seconds = sql(site, "select length(printf('%.*c',999999999,'x'))")
    assert seconds < PROBE_SECONDS
    assert status == 400 and answer["error"] == "string or blob too big"


@pytest.mark.parametrize("width, refused", [(999, False), (1000, False), (1001, True)])
def test_printf_width_boundary(site, width, refused):
    status, answer, _ = sql(site, f"select length(printf('%.*c', {width}, 'x')) as n, printf('%{width}d', 7) as padded")
    if refused:
        assert status == 400 and answer["error"] == "string or blob too big"
    else:
        # Ordinary printf still works, with SQLite's own formatting.
        assert status == 200 and answer["rows"][0][0] == width and len(answer["rows"][0][1]) == width


def test_printf_keeps_sqlites_own_formatting(site):
    status, answer, _ = sql(site, "select printf('%05.1f|%s|%d%%|%q', 3.14159, 'a', 7, 'it''s'), format('%3s', 'x')")
    assert status == 200 and answer["rows"][0] == ["003.1|a|7%|it''s", "  x"]


HOSTILE_SEARCH = '"a* " ' * 3000


@pytest.mark.parametrize("path, param", [("/catalogue/courses", "_search"), ("/catalogue/search_courses", "q"),
                                         ("/catalogue/courses.json", "_search"), ("/catalogue/search_courses.json", "q")])
def test_a_hostile_search_is_refused_quickly(site, path, param):
    status, body, seconds = get(site, path, **{param: HOSTILE_SEARCH})
    assert seconds < PROBE_SECONDS
    assert status == 400 and "search" in body and "fewer words" in body


@pytest.mark.parametrize("words, refused", [(19, False), (20, False), (21, True)])
def test_search_word_boundary(site, words, refused):
    status, body, _ = get(site, "/catalogue/search_courses.json", q=" ".join(["infant"] * words))
    assert status == (400 if refused else 200), body[:200]


@pytest.mark.parametrize("length, refused", [(199, False), (200, False), (201, True)])
def test_search_length_boundary(site, length, refused):
    status, body, _ = get(site, "/catalogue/courses.json", _search="infant".ljust(length, "s"))
    assert status == (400 if refused else 200), body[:200]


def test_an_ordinary_search_still_finds_courses(site):
    # Seed 002's Appendix 1 lists "Infant Mental Health" courses: a plain search must still find them.
    status, body, _ = get(site, "/catalogue/search_courses.json", q="infant mental health", _shape="array")
    assert status == 200 and len(json.loads(body)) > 0


def test_custom_sql_may_not_rank_a_full_text_table(site):
    # A computed MATCH of thousands of phrases would be ranked row by row beyond any time limit.
    status, answer, seconds = sql(site, "select rowid from courses_fts where courses_fts match "
                                        "(select group_concat('\"a*\"', ' ') from generate_series) order by rank")
    assert seconds < PROBE_SECONDS
    assert status == 400 and "full-text" in answer["error"]


ROWS_OF_100K = ("with recursive n(x) as (select 1 union all select x + 1 from n where x < {rows}) "
                "select replace(hex(zeroblob(25000)), '0', 'xy') as v from n")


@pytest.mark.parametrize("rows, extra, refused", [(199, 0, False), (200, 0, False), (200, 1, True)])
def test_result_size_boundary(site, rows, extra, refused):
    # 200 rows of 100,000 characters are exactly 20,000,000 bytes of values (docs/security.md).
    query = ROWS_OF_100K.format(rows=rows) + (" union all select 'x'" if extra else "")
    status, answer, seconds = sql(site, query)
    assert seconds < PROBE_SECONDS * 3
    if refused:
        assert status == 400 and answer["error"].startswith("result too large")
    else:
        assert status == 200 and len(answer["rows"]) == rows


@pytest.mark.parametrize("tail, refused", [("", False), ("'z'", True)])
def test_value_length_boundary(site, tail, refused):
    # 100,000 characters is the longest value any expression may make; one more is refused.
    status, answer, _ = sql(site, "select length(replace(hex(zeroblob(25000)), '0', 'xy')" + (" || " + tail if tail else "") + ")")
    if refused:
        assert status == 400 and answer["error"] == "string or blob too big"
    else:
        assert status == 200 and answer["rows"] == [[100_000]]


def test_a_huge_response_is_refused_not_built(site):
    # Control characters are written \\u0001 in JSON: 10 MB of values would be a 60 MB answer.
    query = ("with recursive n(x) as (select 1 union all select x + 1 from n where x < 100) "
             "select replace(hex(zeroblob(25000)), '0', char(1) || char(1)) from n")
    status, body, seconds = get(site, "/catalogue.json", sql=query)
    assert seconds < PROBE_SECONDS * 3
    assert status == 500 and body.startswith("response too large")


SLOW_QUERY = "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"


def slow_queries_at_once(site, count):
    results = []

    def probe():
        results.append(sql(site, SLOW_QUERY))

    threads = [threading.Thread(target=probe) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    ordinary = get(site, "/catalogue/courses")
    for thread in threads:
        thread.join(30)
    return results, ordinary


def test_four_expensive_queries_at_once_leave_ordinary_pages_fast(site):
    results, (status, _, ordinary_seconds) = slow_queries_at_once(site, 4)
    assert status == 200 and ordinary_seconds < PROBE_SECONDS
    # Two run to the 1 s time limit while two wait their turn (up to 2 s): each ends in about 2 s.
    assert all(seconds < PROBE_SECONDS * 1.75 for _, _, seconds in results)
    assert {status for status, _, _ in results} <= {400, 503}


def test_more_expensive_queries_than_slots_are_told_the_site_is_busy(site):
    results, (status, _, ordinary_seconds) = slow_queries_at_once(site, 8)
    assert status == 200 and ordinary_seconds < PROBE_SECONDS
    busy = [answer for status, answer, _ in results if status == 503]
    assert busy and "busy" in busy[0]["error"]
    assert all(seconds < PROBE_SECONDS * 1.75 for _, _, seconds in results)


def test_an_overlong_address_is_refused(site):
    status, body, _ = get(site, "/catalogue/courses.json", title="x" * 100_001)
    assert status == 414 and "address too long" in body


@pytest.mark.parametrize("path", ["/catalogue/crawl_changes.csv", "/catalogue/what_changed.csv",
                                  "/catalogue/crawl_changes.csv?_dl=1"])
def test_crawl_change_exports_carry_no_spreadsheet_formula(site, path):
    status, body, _ = get(site, path)
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body)))
    change = next(row for row in rows if row["course_id"] == OXPIP)
    # The text is all there, but a spreadsheet reads it as text, not as a formula or a sum.
    assert change["new_value"] == "'" + FORMULA
    assert change["old_value"] == "'+44 1865 000000"
    assert change["run_id"] == "1"


def test_other_csv_exports_are_unchanged(site):
    status, body, _ = get(site, "/catalogue/courses.csv", _size="max")
    plain_status, plain, _ = get(site, "/catalogue/courses.json", _shape="array", _size="max")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert status == 200 and len(rows) == len(json.loads(plain))
    assert not any(value.startswith("'") for row in rows for value in row.values())


# --- issue 27: site SQL functions bounded in work; user input never a 500 ----------------------

# A profession matched inside SQL: before, a 98 KB string took 1.2 s a call (45 ms in the
# audit's version) and a SELECT of 200 such calls held a SQL thread for minutes, because the
# time limit is checked between instructions, never inside one function call.
WIDE_HOSTILE = ("with w(s) as (select hex(zeroblob(49000))) select "
                + ", ".join(f"matched_profession(s || '{n}')" for n in range(200)) + " from w")
WIDE_AT_THE_CAP = ("with w(s) as (select substr(hex(randomblob(100)), 1, 196)) select "
                   + ", ".join(f"matched_profession(s || '{n:03d}')" for n in range(200)) + " from w")


@pytest.mark.parametrize("length, refused", [(199, False), (200, False), (201, True)])
def test_profession_words_length_boundary(site, length, refused):
    words = ("health visitor " * 20)[:length]
    for query in ("select matched_profession(:w) as m",
                  "select eligibility_verdict('course', 'oxpip-advanced-parent-infant-practitioner', :w) as m"):
        status, answer, _ = get_sql(site, query, w=words)
        if refused:
            assert status == 400 and "user-defined function raised exception" in answer["error"]
        else:
            assert status == 200, answer


def test_a_matched_profession_is_still_found(site):
    status, answer, _ = get_sql(site, "select matched_profession(:w) as m", w="health visiter")
    assert status == 200 and answer["rows"] == [["Health visitor"]]


def get_sql(base, query, **params):
    status, body, seconds = get(base, "/catalogue.json", sql=query, **params)
    return status, (json.loads(body) if body.startswith("{") else {"error": body}), seconds


def test_two_wide_function_requests_at_once_do_not_hold_the_site(site):
    results = []

    def probe(query):
        results.append(get_sql(site, query))

    threads = [threading.Thread(target=probe, args=(q,)) for q in (WIDE_HOSTILE, WIDE_HOSTILE, WIDE_AT_THE_CAP)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    home = get(site, "/")
    select_one = get_sql(site, "select 1")
    for thread in threads:
        thread.join(60)
    # The home page answers while the hostile requests run, and a plain query is not refused.
    assert home[0] == 200 and home[2] < PROBE_SECONDS
    assert select_one[0] == 200
    assert len(results) == 3 and all(seconds < PROBE_SECONDS * 1.75 for _, _, seconds in results)
    statuses = sorted(status for status, _, _ in results)
    assert statuses.count(400) >= 2   # the 98 KB words are refused at the first call


PAGES_AND_TABLES = ["/catalogue/courses", "/catalogue/course_overview", "/catalogue/sources",
                    "/catalogue/crawl_changes", "/catalogue/eligibility_rules", "/catalogue/review"]
USER_INPUT = [("_sort", "no_such_column"), ("_sort_desc", "no_such_column"), ("_sort", ""),
              ("_facet", "x" * 10_000), ("_facet_array", "y" * 10_000), ("_through", "not json"),
              ("_col", "z" * 5_000), ("t" * 300 + "__exact", "1")]


@pytest.mark.parametrize("page", PAGES_AND_TABLES)
@pytest.mark.parametrize("ext", ["", ".json", ".csv"])
def test_user_input_never_gives_a_server_error(site, page, ext):
    for name, value in USER_INPUT:
        status, body, seconds = get(site, page + ext, **{name: value})
        assert status < 500, (page + ext, name, value[:20], status, body[:300])
        if status == 400:
            first = body.strip().splitlines()[0] if body.strip() else ""
            assert len(first) < 400 and (" " in first), (name, body[:300])


def test_an_unknown_sort_column_is_a_400_saying_so(site):
    status, body, _ = get(site, "/catalogue/courses.json", _sort="no_such_column")
    assert status == 400
    assert body.strip() == ("bad request: the options in this address could not be used (Cannot sort table by "
                            "no_such_column); check the column names and values, or remove the options")


@pytest.mark.parametrize("length, refused", [(999, False), (1_000, False), (1_001, True)])
def test_option_length_boundary(site, length, refused):
    status, body, _ = get(site, "/catalogue/courses.json", _facet="f" * length)
    if refused:
        assert status == 400 and body.startswith("_facet too long: 1,001 characters, at most 1,000")
    else:
        assert status < 500 and "too long" not in body
