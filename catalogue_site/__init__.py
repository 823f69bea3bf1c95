"""The catalogue's Datasette site: one plugin package, registered through Datasette's entry point.

pyproject.toml declares `[project.entry-points.datasette] catalogue_site = "catalogue_site"`, so an
installed project (`pip install -e .`, as scripts/setup does) is loaded by every `datasette` command
without --plugins-dir or --template-dir. Datasette finds this package's `templates/` (they override
its own) and serves its `static/` at /-/static-plugins/imh-training-catalogue/; the stylesheet is
also served at /assets/ (the URL the pages and the nginx cache rules use).

The hooks are here, each handing over to the module that does the work:

  catalogue_status   the home page's "how current is this" panel (extra_template_vars)
  changes            /-/changes and /-/changes.atom
  charts             /-/charts and its SVG charts (wide, and ?layout=narrow for a phone)
  find_courses       /-/find-courses, the recommender's answer as a page
  search_feed        /-/find-courses.atom?<a finder search>: follow that search (new intakes, changes)
  calendars          /-/find-courses.ics?<a finder search> and /-/courses/<id>.ics: calendars to download
  scaling_page       /-/scaling, the scaling model (`recommender plan`) answered whole
  question_pages     the planners' questions (canned queries): the profession matcher's reading
  course_page        a course's own page: facts with sources, disagreements, last checked
  row_pages          a provider's and a career route's own pages (their courses; who may take the route)
  plain_words        money, counts, codes and durations as words (template filters, render_cell)
  workforce_assessment  /-/workforce-assessment: seed 004's checklist rated in a form, the training plan
  area_plan          /-/area-plan: one area's PAIR teams from its babies, posts, levels, courses, gap
  sources_page       /-/sources, the page every citation links to; gives plain_words the sources' short
                     titles when the site starts (startup)
  read_only          every request but GET, HEAD and OPTIONS answered 405 (asgi_wrapper)
  eligibility_sql    the recommender's verdicts as SQL functions for canned queries (prepare_connection)
  limits             bounds that hold for any single query or search (prepare_connection, asgi_wrapper)
  csv_exports        .csv answers with no cell a spreadsheet would run as a formula (asgi_wrapper)
  clock              the day the pages answer for (metadata plugins.catalogue_site.today or IMH_TODAY; startup)
  table_rows         a table page's rows written in Python, the same HTML as Datasette's _table.html
                     (templates/_table.html, prepare_jinja2_environment)
  facet_counts       facet counts from the build's facet_counts table, or one query for all facets
                     (register_facet_classes, as a hook wrapper)
"""
from importlib.resources import files

from datasette import hookimpl
from datasette.utils.asgi import asgi_static

from . import (area_plan, calendars, catalogue_status, changes, charts, clock, course_page, csv_exports, eligibility_sql,
               facet_counts, find_courses, limits, plain_words, question_pages, read_only, row_pages, scaling_page,
               search_feed, sources_page, table_rows, workforce_assessment)

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
    table_rows.faster_cells()

    async def inner():
        await sources_page.load(datasette)  # the sources' short titles, for citations in words
    return inner


@hookimpl
def prepare_jinja2_environment(env):
    plain_words.prepare_jinja2_environment(env)
    env.filters["rows_html"] = table_rows.rows_html


@hookimpl
def render_cell(value, column, table, database):
    return plain_words.render_cell(value, column, table, database)


@hookimpl
def prepare_connection(conn, database):
    if database != "_internal":
        eligibility_sql.register(conn)
    limits.prepare_connection(conn, database)


@hookimpl
def asgi_wrapper():
    refuse_writes, bound, safe_csv = read_only.asgi_wrapper(), limits.asgi_wrapper(), csv_exports.asgi_wrapper()
    return lambda app: refuse_writes(bound(safe_csv(app)))
