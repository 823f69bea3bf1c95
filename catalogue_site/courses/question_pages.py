"""What a planner's question page (templates/query-catalogue.html) needs besides its rows.

Its hook (`extra_template_vars`, called from catalogue_site/__init__.py): On a canned query page with a `profession` input, the words
typed go through the recommender's own profession matcher (the finder's): a typo or an unknown
profession gets the matcher's message and its suggestions instead of a silent empty answer, and
a fuzzy match says how the words were read. It also gives the form the professions' names.
"""
import asyncio

from recommender import UserError
from recommender.advice.recommendation import recommender_for


def match_profession(db_path, text):
    """{"input", "matched", "method"} or {"input", "error", "suggestions"}: the finder's reading of the words."""
    try:
        match = recommender_for(db_path).matcher.match(text)
    except UserError as exc:
        message = str(exc).replace(" with --profession", "").replace("--profession", "the profession field")
        return {"input": text, "error": message, "suggestions": list(getattr(exc, "suggestions", []) or [])}
    return {"input": text, "matched": match.name, "method": match.method}


def extra_template_vars(template, database, request, datasette):
    if not template.startswith("query-") or request is None:
        return {}

    async def inner():
        try:
            db = datasette.get_database(database)
        except KeyError:
            return {}
        if not db.path or "professions" not in set(await db.table_names()):
            return {}
        out = {"profession_names": [r[0] for r in await db.execute("SELECT name FROM professions ORDER BY name")]}
        text = (request.args.get("profession") or "").strip()
        if text:
            out["profession_match"] = await asyncio.get_running_loop().run_in_executor(
                None, match_profession, db.path, text)
        return out

    return inner
