"""The catalogue's Datasette site: one plugin package, registered through Datasette's entry point.

pyproject.toml declares `[project.entry-points.datasette] catalogue_site = "catalogue_site"`, so an
installed project (`pip install -e .`, as scripts/setup does) is loaded by every `datasette` command
without --plugins-dir or --template-dir. Datasette finds this package's `templates/` (they override
its own) and serves its `static/` at /-/static-plugins/imh-training-catalogue/; the stylesheet is
also served at /assets/ (the URL the pages and the nginx cache rules use).

The hooks are here, each handing over to the room and module that does the work. The rooms, each a
sub-package whose __init__ says what it owns, what it may import and where the usual changes go:

  courses/    the pages about courses: find_courses, search_feed, calendars, course_page, row_pages,
              question_pages, sources_page (gives words/citations.py the sources' short titles when the
              site starts), changes, catalogue_status (the home page's "how current is this" panel)
  planning/   the workforce planners' pages: workforce_assessment, area_plan, scaling_page, charts
  words/      values in plain words: values, citations, and cells (template filters, render_cell, the
              planner's spreadsheet)
  serving/    what holds for every request: database, clock (the day the pages answer for: metadata
              plugins.catalogue_site.today or IMH_TODAY; startup), limits, read_only, csv_exports,
              eligibility_sql, table_rows, facet_counts, search_sql

Imports run one way: this module -> the pages (courses, planning) -> words and serving (planning may
use courses; serving may use words). No room imports the modules beside this one: shared pieces live in serving/.
workers.py (beside this module, imported by nothing) builds the same Datasette for uvicorn --workers N
(`catalogue_site.workers:app`).

May import: catalogue_site.courses, catalogue_site.planning, catalogue_site.serving, catalogue_site.words
"""
from importlib.resources import files

from datasette import hookimpl
from datasette.utils.asgi import asgi_static

from .courses import (calendars, catalogue_status, changes, course_page, find_courses, question_pages, row_pages,
                      search_feed, sources_page)
from .planning import area_plan, charts, scaling_page, workforce_assessment
from .serving import (clock, csv_exports, eligibility_sql, facet_counts, immutable_schema, limits, read_only, search_sql,
                      table_permissions, table_rows)
from .words import cells

STATIC = files(__name__) / "static"


@hookimpl
def register_routes():
    return [
        *changes.register_routes(),
        *charts.register_routes(),
        *find_courses.register_routes(),
        *search_feed.register_routes(),
        *calendars.register_routes(),
        *workforce_assessment.register_routes(),
        *area_plan.register_routes(),
        *scaling_page.register_routes(),
        *sources_page.register_routes(),
        (r"^/assets/(?P<path>.*)$", asgi_static(str(STATIC))),
    ]


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    parts = [catalogue_status.extra_template_vars(template, datasette),
             question_pages.extra_template_vars(template, database, request, datasette),
             course_page.extra_template_vars(template, database, table, request, datasette),
             row_pages.extra_template_vars(template, database, table, request, datasette)]
    if not any(callable(part) for part in parts):
        return {}

    async def inner():
        out = {}
        for part in parts:
            out.update((await part()) if callable(part) else part)
        return out

    return inner


@hookimpl(hookwrapper=True)
def register_facet_classes():
    outcome = yield
    outcome.force_result(facet_counts.counted(outcome.get_result()))


@hookimpl
def startup(datasette):
    try:
        clock.check(datasette)  # a bad today setting stops the server with one line, before any page
    except ValueError as exc:
        import sys

        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    limits.labels_within_the_variable_limit(datasette)
    immutable_schema.remember_schema(datasette)
    immutable_schema.remember_labels(datasette)
    table_permissions.remember(datasette)
    table_rows.faster_cells()
    search_sql.rewritten(datasette)

    async def inner():
        await sources_page.load(datasette)  # the sources' short titles, for citations in words
    return inner


@hookimpl
def prepare_jinja2_environment(env):
    cells.prepare_jinja2_environment(env)
    env.filters["rows_html"] = table_rows.rows_html


render_cell = hookimpl(cells.render_cell)   # the site's only render_cell: called once a cell (issue 25)


@hookimpl
def prepare_connection(conn, database, datasette):
    if database != "_internal":
        eligibility_sql.register(conn)
        clock.prepare_connection(conn, datasette)
    limits.prepare_connection(conn, database)


@hookimpl
def asgi_wrapper():
    refuse_writes, bound, safe_csv = read_only.asgi_wrapper(), limits.asgi_wrapper(), csv_exports.asgi_wrapper()
    return lambda app: refuse_writes(bound(safe_csv(app)))
