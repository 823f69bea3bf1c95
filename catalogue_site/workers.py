"""The site in several processes: `uvicorn --factory catalogue_site.workers:app --workers N`.

`datasette serve` runs one process, and one Python process renders one page at a time (the
GIL): on a 2-core machine a second process serves a second planner in parallel (issue 25,
docs/benchmarks.md). uvicorn binds the port once and shares it between N worker processes;
each builds the same Datasette `datasette serve` would, from the same arguments, given in
CATALOGUE_SERVE_ARGS (everything after `datasette serve`, e.g. scripts/publish's
`-i catalogue.db --inspect-file build/inspect-data.json -m metadata.yml --setting ...`).
scripts/publish serve does this when WORKERS is set.
"""
import os
import shlex


def app():
    from datasette.cli import serve

    args = shlex.split(os.environ.get("CATALOGUE_SERVE_ARGS", ""))
    ctx = serve.make_context("serve", args)
    ctx.params["return_instance"] = True
    with ctx:
        datasette = serve.invoke(ctx)
    return datasette.app()
