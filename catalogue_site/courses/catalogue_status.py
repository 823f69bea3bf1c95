"""How current the catalogue is, for the home page (templates/index.html).

One hook: `extra_template_vars` gives index.html a `catalogue_status` dict: course and
source counts, the last real crawl (runs against a --mirror are tests, not crawls), how
many course pages failed at their latest fetch, and the changes of the last 31 days.
A catalogue without the crawl_* tables (or with empty ones) says "no crawl has run yet".
"""
from ..serving.database import catalogue_database


async def read_status(db):
    tables = set(await db.table_names())
    views = set(await db.view_names())
    status = {"database": db.name, "has_crawl_tables": "crawl_runs" in tables, "last_crawl": None,
              "runs": 0, "pages_checked": 0, "pages_failed": 0, "changes_recent": 0, "changes_total": 0,
              "has_scaling": "scaling_years" in tables, "has_area": {"pair_team_roles", "scaling_inputs"} <= tables}
    if "courses" in tables:
        row = (await db.execute(
            "SELECT COUNT(*), SUM(aimh_level_target IS NULL), SUM(funding IS NULL) FROM courses")).first()
        status.update(courses=row[0], courses_without_level=row[1] or 0, courses_funding_unknown=row[2] or 0)
    if "sources" in tables:
        status["sources"] = (await db.execute("SELECT COUNT(*) FROM sources")).first()[0]
    if "data_gaps" in views:
        status["gaps"] = (await db.execute("SELECT COUNT(*) FROM data_gaps")).first()[0]
    if "crawl_runs" in tables:
        row = (await db.execute(
            "SELECT COUNT(*), MAX(COALESCE(finished, started)) FROM crawl_runs "
            "WHERE COALESCE(mirror, '') = ''")).first()
        status["runs"], status["last_crawl"] = row[0], row[1]
    if "crawl_fetches" in tables and status["runs"]:
        # A page failed when its latest fetch got no answer or an HTTP error (4xx/5xx).
        row = (await db.execute(
            """SELECT COUNT(*), COALESCE(SUM(http_status IS NULL OR http_status >= 400), 0)
               FROM crawl_fetches f
               JOIN crawl_runs r ON r.id = f.run_id AND COALESCE(r.mirror, '') = ''
               WHERE f.id = (SELECT MAX(f2.id) FROM crawl_fetches f2 WHERE f2.url = f.url)""")).first()
        status["pages_checked"], status["pages_failed"] = row[0], row[1]
    if "crawl_changes" in tables:
        row = (await db.execute(
            """SELECT COUNT(*), COALESCE(SUM(changed_at >= strftime('%Y-%m-%dT%H:%M:%S', 'now', '-31 days')), 0)
               FROM crawl_changes""")).first()
        status["changes_total"], status["changes_recent"] = row[0], row[1]
    return status


def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def inner():
        db = catalogue_database(datasette)
        return {"catalogue_status": await read_status(db) if db is not None else None}

    return inner
