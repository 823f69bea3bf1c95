"""The scaling question answered whole: /-/scaling (templates/scaling.html).

Its route is registered by catalogue_site/__init__.py. The page runs the same model and reads the same inputs as
`python -m recommender plan` (recommender.workforce.staffing and scaling_model): the paper's
inputs from the catalogue's scaling_inputs table, changed by the page's query string exactly as
the command's options change them (pay_rise, team_cost, teams, new_teams, leadership,
placements, recruit_to_train, acapt, years). A value that makes no sense is the command's own
one-line message on the page, with status 400; never a 500.
"""
import asyncio
from types import SimpleNamespace
from urllib.parse import urlencode

import scaling_model as scaling
from datasette.utils.asgi import Response

from recommender.workforce import staffing as plan
from recommender import UserError

from ..serving.database import catalogue_database

# Query string name -> (plan's option, what the form calls it)
INPUTS = {
    "pay_rise": ("--pay-rise", "Yearly pay rise, as a percentage (e.g. 3%)"),
    "team_cost": ("--team-cost", "One team's yearly cost at April 2023 rates (£)"),
    "teams": ("--teams", "Teams operating from 1 April, one number per year"),
    "new_teams": ("--new-teams", "Teams opening during each year"),
    "leadership": ("--leadership", "Leadership programme cost per year (£)"),
    "placements": ("--placements", "Funded clinical placements per year"),
    "recruit_to_train": ("--recruit-to-train", "Funded recruit-to-train places per year"),
    "acapt": ("--acapt", "Assistant CAPT posts in place"),
    "years": ("--years", "Number of years from 25/26"),
}


def option_words(message):
    for name, (option, label) in INPUTS.items():
        message = message.replace(option, f"“{label}”")
    return message


def run_scenario(db_path, given):
    """(plan's --json object, None) or (None, message): the model as `recommender plan` runs it."""
    args = SimpleNamespace(**{name: given.get(name) for name in INPUTS})
    try:
        paper = plan.load_paper_inputs(db_path)
        inputs = plan.scenario_inputs(paper, args)
        result = scaling.scenario(inputs)
    except UserError as exc:
        return None, option_words(str(exc))
    except scaling.ScalingInputError as exc:
        return None, option_words(str(exc))
    changed = {name: {"paper": plan._plain(getattr(paper, name)), "used": plan._plain(getattr(inputs, name))}
               for name in scaling.ScalingInputs.field_names() if getattr(inputs, name) != getattr(paper, name)}
    answer = plan.scenario_json(result, changed, db_path)
    answer["paper_inputs"] = {name: plan._plain(getattr(paper, name)) for name in scaling.ScalingInputs.field_names()}
    return answer, None


def what_ifs(answer):
    """Links that rerun the page with one input changed: (words, query string)."""
    paper = answer["paper_inputs"]
    teams = paper["teams_operating"]
    half = [max(teams[0], round(t / 2)) for t in teams]
    return [
        ("The paper's own scenario", ""),
        ("No pay rise", urlencode({"pay_rise": "0"})),
        ("A 5% pay rise each year", urlencode({"pay_rise": "5%"})),
        ("Teams cost 10% more", urlencode({"team_cost": f"{paper['team_cost_gbp'] * 1.1:.2f}"})),
        ("Half as many teams by the last year", urlencode({"teams": ",".join(str(t) for t in half)})),
        ("Three years only", urlencode({"years": "3"})),
        ("Twice the placements and recruit-to-train places", urlencode(
            {"placements": str(paper["placements_per_year"] * 2), "recruit_to_train": str(paper["recruit_to_train_per_year"] * 2)})),
    ]


async def scaling_page(datasette, request):
    db = catalogue_database(datasette)
    given = {name: (request.args.get(name) or "").strip() or None for name in INPUTS}
    context = {"database": db.name if db else None, "given": given, "inputs": INPUTS, "answer": None,
               "error": None, "what_ifs": [], "query": urlencode({k: v for k, v in given.items() if v})}
    status = 200
    tables = set(await db.table_names()) if db is not None and db.path else set()
    if "scaling_inputs" not in tables:
        context["error"] = "This catalogue holds no scaling scenario: it was built before the scenario was added, so rebuild the catalogue."
        status = 404
    else:
        answer, error = await asyncio.get_running_loop().run_in_executor(None, run_scenario, db.path, given)
        if error:
            context["error"], status = error, 400
        else:
            context["answer"] = answer
            context["what_ifs"] = what_ifs(answer)
    html = await datasette.render_template("scaling.html", context, request=request)
    return Response.html(html, status=status)


def register_routes():
    return [(r"^/-/scaling$", scaling_page)]
