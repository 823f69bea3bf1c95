"""The catalogue's Datasette site: one plugin package, registered through Datasette's entry point.

pyproject.toml declares `[project.entry-points.datasette] catalogue_site = "catalogue_site"`, so an
installed project (`pip install -e .`, as scripts/setup does) is loaded by every `datasette` command
without --plugins-dir or --template-dir. Datasette finds this package's `templates/` (they override
its own) and serves its `static/` at /-/static-plugins/imh-training-catalogue/; the stylesheet is
also served at /assets/ (the URL the pages and the nginx cache rules use).

The hooks are here, each handing over to the module that does the work:

  catalogue_status   the home page's "how current is this" panel (extra_template_vars)
  changes            /-/changes and /-/changes.atom
  charts             /-/charts and its SVG charts
  find_courses       /-/find-courses, the recommender's answer as a page
  read_only          every request but GET, HEAD and OPTIONS answered 405 (asgi_wrapper)
"""
from importlib.resources import files

from datasette import hookimpl
from datasette.utils.asgi import asgi_static

from . import catalogue_status, changes, charts, find_courses, read_only

STATIC = files(__name__) / "static"


@hookimpl
def register_routes():
    return [
        *changes.register_routes(),
        *charts.register_routes(),
        *find_courses.register_routes(),
        (r"^/assets/(?P<path>.*)$", asgi_static(str(STATIC))),
    ]


@hookimpl
def extra_template_vars(template, datasette):
    return catalogue_status.extra_template_vars(template, datasette)


@hookimpl
def asgi_wrapper():
    return read_only.asgi_wrapper()
