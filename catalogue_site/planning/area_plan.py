"""One area's plan: /-/area-plan?babies=N (and .json, .csv).

The recommender's own answer (`recommender.workforce.area.area_plan`, what `python -m recommender area --json`
prints): the specialised parent-infant relationship teams an area's babies aged 0-2 need (seed 002
section 8), posts and AiMH levels by role, the professions that fill them and the courses and routes
that take those professions there, and with a roster (pasted, or read from the planner's computer in
the browser: nothing is uploaded or written) the staff in place and the gap. The form is a GET, so
the plan lives in the URL.

URL parameters: babies=N (1 to 10,000,000); roster=CSV text (optional; `recommender roster`'s
format); today=YYYY-MM-DD (optional; else the plugin setting `today`, else the real date). Bad
input is the recommender's one-line message with status 400.
"""
import asyncio
import io

from datasette.utils.asgi import Response

from recommender import UserError
from recommender.output import formatting

from ..serving.database import catalogue_database

MAX_ROSTER = 20_000  # characters of roster text: a URL carries it


def make_plan(db_path, babies_text, roster_text, today_text):
    """(plan or None, error or None)."""
    from recommender.workforce.area import area_plan, parse_babies, parse_today

    try:
        babies = parse_babies(babies_text)
        today = parse_today(today_text)
        roster_rows = None
        if roster_text:
            if len(roster_text) > MAX_ROSTER:
                raise UserError(f"the roster is over {MAX_ROSTER:,} characters: split it, or ask for the command-line "
                                "version of this plan")
            from recommender.workforce.roster import parse_rows

            roster_rows = parse_rows(roster_text, "the roster")
        plan = area_plan(db_path, babies, roster_rows, lambda line: f"the roster, line {line}", today=today)
    except UserError as exc:
        return None, " ".join(str(exc).split())
    return plan, None


async def area_page(datasette, request):
    db = catalogue_database(datasette)
    fmt = request.url_vars.get("format") or ""
    if db is None or not db.path:
        return Response.text("no catalogue database is being served", status=503)
    babies = (request.args.get("babies") or "").strip()
    roster = (request.args.get("roster") or "").strip()
    config = datasette.plugin_config("catalogue_site") or {}
    today = (request.args.get("today") or "").strip() or config.get("today") or None
    plan, error = None, None
    loop = asyncio.get_running_loop()
    missing = await loop.run_in_executor(None, _catalogue_problem, db.path)
    if missing:
        return Response.text(missing, status=503)
    if babies or fmt:
        plan, error = await loop.run_in_executor(None, make_plan, db.path, babies, roster, today)
    status = 400 if error else 200
    if fmt == ".json":
        return Response.json({"error": error} if error else plan, status=status)
    if fmt == ".csv":
        if error:
            return Response.text(error, status=400)
        from recommender.workforce.area import write_csv

        out = io.StringIO()
        write_csv(plan, out)
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="area-plan.csv"'})
    from urllib.parse import urlencode

    from recommender.output.formatting import half_up

    query = urlencode({k: v for k, v in (("babies", babies), ("roster", roster),
                                         ("today", request.args.get("today") or "")) if v})
    context = {"plan": plan, "level_ways": _level_ways(plan) if plan else None, "error": error, "babies": babies, "roster": roster, "query": query,
               "database": db.name, "fmt": formatting, "wte_total": half_up(plan["wte"]) if plan else None}
    html = await datasette.render_template("area_plan.html", context, request=request)
    return Response.html(html, status=status)


def _catalogue_problem(db_path):
    """The one-line reason the catalogue cannot answer (built before the area plan existed), or None."""
    from recommender.workforce.area import team_figures

    try:
        team_figures(db_path)
    except UserError as exc:
        return " ".join(str(exc).split())
    return None


def _level_ways(plan):
    """Each course and route once per AiMH level the posts need, with every profession (of every post
    at that level) it is open to: [(level, [post names], courses, routes)]."""
    out = {}
    for role in plan["roles"]:
        if role["aimh_level"] is None:
            continue
        entry = out.setdefault(role["aimh_level"], {"posts": [], "courses": {}, "routes": {}})
        entry["posts"].append(role["name"])
        for kind in ("courses", "routes"):
            for thing in role[kind]:
                kept = entry[kind].setdefault(thing["id"], {**thing, "professions": []})
                kept["professions"] += [p for p in thing["professions"] if p not in kept["professions"]]
    return [(level, e["posts"], list(e["courses"].values()), list(e["routes"].values()))
            for level, e in sorted(out.items())]


def register_routes():
    return [(r"^/-/area-plan(?P<format>\.json|\.csv)?$", area_page)]
