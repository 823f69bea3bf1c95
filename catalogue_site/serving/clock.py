"""The site's clock: the day its pages answer for (the CLI's --today).

Set it, for a report or a test, in metadata.yml:

    plugins:
      catalogue_site:
        today: "2026-12-05"

or with the environment variable IMH_TODAY=2026-12-05 (metadata wins); default the real date.
A bad value stops `datasette serve` at start-up with one line (the `startup` hook), and
never reaches a page. What a date means on that day is course_dates' to say, as for the CLI.
"""
import os
import sqlite3
import threading

import course_dates

PLUGIN = "catalogue_site"


def configured(datasette):
    """The configured day as written (metadata first, then IMH_TODAY), or None."""
    config = datasette.plugin_config(PLUGIN) or {}
    return config.get("today") or os.environ.get(course_dates.TODAY_ENV) or None


def today(datasette):
    """The ISO date the site's pages answer for."""
    return course_dates.today_or_now(configured(datasette))


def check(datasette):
    """Refuse a bad setting before serving: one line naming where it is set."""
    text = configured(datasette)
    if text is None:
        return
    try:
        course_dates.parse_today(str(text))
    except ValueError as exc:
        where = "metadata plugins.catalogue_site.today" if (datasette.plugin_config(PLUGIN) or {}).get("today") \
            else course_dates.TODAY_ENV
        raise ValueError(f"the site's today ({where}): {str(exc).removeprefix('--today ')}") from None


# SQL's 'now' is the site's day too. The catalogue's views (course_overview's next_start) and the
# site's own queries (the home page's "changed in the last 31 days") say date('now') or
# strftime(..., 'now', ...) in plain SQL, so that any SQLite reader gets an answer; on the site,
# SQLite's date functions are replaced on each connection by ones that read 'now' as the site's
# day when one is set (at midnight), and otherwise pass every call to SQLite's own function.
DATE_FUNCTIONS = ("date", "time", "datetime", "julianday", "strftime")
_sqlite_own = threading.local()


def _sqlite_date_function(name, args):
    """SQLite's own date function `name` on `args`, from a private in-memory connection."""
    conn = getattr(_sqlite_own, "conn", None)
    if conn is None:
        conn = _sqlite_own.conn = sqlite3.connect(":memory:", check_same_thread=False)
    placeholders = ", ".join("?" * len(args))
    return conn.execute(f"SELECT {name}({placeholders})", args).fetchone()[0]


def _on_the_sites_day(name, datasette):
    def function(*args):
        day = configured(datasette)
        if day:
            if not args and name != "strftime":  # date() alone means date('now')
                args = ("now",)
            args = tuple(f"{day} 00:00:00" if isinstance(a, str) and a.strip().lower() == "now" else a
                         for a in args)
        return _sqlite_date_function(name, args)
    return function


def prepare_connection(conn, datasette):
    """Make 'now' in this connection's SQL the site's day (see above)."""
    for name in DATE_FUNCTIONS:
        conn.create_function(name, -1, _on_the_sites_day(name, datasette))
