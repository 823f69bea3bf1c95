"""The "find courses for me" page: /-/find-courses.

One hook: `register_routes`. The form's answers go straight to the recommender's own
Python API (`recommender.recommend`, the object `python -m recommender recommend --json`
prints): nothing about eligibility is decided here. Bad input (an unknown profession, a
level outside 0-3, a negative experience) is the recommender's UserError, shown on the
page with status 400; the page never answers 500 for what someone typed.
"""
import asyncio
from urllib.parse import urlencode

from datasette.utils.asgi import Response

import course_dates
import recommender

from ..serving import clock
from ..serving.database import catalogue_database

FIELDS = ("profession", "level", "target", "stage", "registration", "degree", "experience", "funded_only", "online")
# The recommender words its messages for the command line; the page names its own fields.
FLAG_WORDS = {"--profession": "the profession field", "--level": "the current level field",
              "--target": "the target level field", "--stage": "the stage field",
              "--registration": "the registration field", "--degree": "the degree field",
              "--experience-years": "the experience field", "--max-months": "the longest duration field"}
VERDICT_WORDS = {"eligible": "Eligible", "eligible_if": "Eligible if", "not_eligible": "Not eligible"}


def answers_from(args):
    """The form's answers, as the recommender takes them ("" means not given)."""
    form = {name: (args.get(name) or "").strip() for name in FIELDS}
    answers = {
        "level": form["level"] or None,
        "target": form["target"] or None,
        "stage": form["stage"] or None,
        "registrations": form["registration"] or None,
        "degree": form["degree"] or None,
        "experience_years": form["experience"] or None,
        "funded_only": form["funded_only"] in ("1", "on", "yes", "true"),
        "online": form["online"] in ("1", "on", "yes", "true"),
    }
    return form, answers


def recommend(db_path, profession, answers, today=None):
    """Call the recommender for the site's day; returns (result, error, suggestions). Each course and
    route gains `dated_words`: its dated facts in words as of that day (course_dates.course_words)."""
    try:
        result = recommender.recommend(db_path, profession, **answers, today=today)
        for item in result["courses"] + result["routes"]:
            item["dated_words"] = course_dates.course_words(item, result["today"])
        return result, None, []
    except recommender.UserError as exc:
        message = str(exc)
        for flag, words in sorted(FLAG_WORDS.items(), key=lambda item: -len(item[0])):
            message = message.replace(flag, words)
        return None, message, list(getattr(exc, "suggestions", []) or [])


async def search_answer(datasette, request, what):
    """The finder's answer to the search in this address, for what follows one search (its feed, its
    calendar): (db, form, result), or the Response to send instead: 503 when no catalogue is served,
    400 when the search names no profession (`what`: what that address would have answered) or when
    the finder refuses it (the recommender's message)."""
    db = catalogue_database(datasette)
    if db is None or not db.path:
        return Response.text("no catalogue database is being served\n", status=503)
    form, answers = answers_from(request.args)
    if not form["profession"]:
        return Response.text("Give the search's profession (for example ?profession=health+visitor&level=1): "
                             f"{what}.\n", status=400)
    result, error, _ = await asyncio.get_running_loop().run_in_executor(
        None, recommend, db.path, form["profession"], answers, clock.today(datasette))
    if error:
        return Response.text(f"{error}\n", status=400)
    return db, form, result


async def choices(db):
    """Options for the form's lists, read from the catalogue: (value, words shown)."""
    tables = set(await db.table_names())
    out = {"professions": [], "levels": [], "stages": [], "registrations": [], "level_descriptions": {}}
    if "professions" in tables:
        out["professions"] = [r[0] for r in await db.execute("SELECT name FROM professions ORDER BY name")]
    if "aimh_levels" in tables:
        rows = list(await db.execute("SELECT level, name, description FROM aimh_levels ORDER BY level"))
        out["levels"] = [(r[0], r[1]) for r in rows]
        out["level_descriptions"] = {r[0]: r[2] for r in rows}
    if "career_stages" in tables:
        out["stages"] = [(r[0], r[1]) for r in await db.execute("SELECT id, name FROM career_stages ORDER BY rowid")]
    if "registration_bodies" in tables:
        out["registrations"] = [(r[0], f"{r[0]}: {r[1]}") for r in await db.execute(
            "SELECT id, name FROM registration_bodies ORDER BY id")]
    return out


async def find_courses(datasette, request):
    db = catalogue_database(datasette)
    form, answers = answers_from(request.args)
    context = {"form": form, "result": None, "error": None, "suggestions": [], "verdict_words": VERDICT_WORDS,
               "database": db.name if db else None, "chart_query": "", "submitted": bool(request.args)}
    status = 200
    if db is None or not db.path:
        context["error"] = "no catalogue database is being served"
        status = 503
    else:
        context["choices"] = await choices(db)
        if request.args and not form["profession"]:
            context["error"] = "Please type a profession (for example: health visitor, HV, social worker)."
            status = 400
        elif form["profession"]:
            result, error, suggestions = await asyncio.get_running_loop().run_in_executor(
                None, recommend, db.path, form["profession"], answers, clock.today(datasette))
            if error:
                context["error"], context["suggestions"], status = error, suggestions, 400
            else:
                context["result"] = result
                context["chart_query"] = urlencode({k: v for k, v in form.items() if v})
                context["feed_url"] = datasette.urls.path("/-/find-courses.atom") + "?" + context["chart_query"]
                context["calendar_url"] = datasette.urls.path("/-/find-courses.ics") + "?" + context["chart_query"]
    context.setdefault("choices", {"professions": [], "levels": [], "stages": [], "registrations": [],
                                   "level_descriptions": {}})
    context["level_descriptions"] = context["choices"]["level_descriptions"]
    html = await datasette.render_template("find_courses.html", context, request=request)
    return Response.html(html, status=status)


def register_routes():
    return [(r"^/-/find-courses$", find_courses)]
