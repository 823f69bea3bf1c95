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
