"""The workforce self-assessment page: /-/workforce-assessment (and .json, .csv).

A planner rates seed 004's checklist Red, Amber or Green for each part of the workforce in a
form. Nothing is written anywhere: the form is a GET, so the ratings live in the URL and a
plan can be bookmarked and shared. The plan is the recommender's own (`recommender.workforce.assess`,
what `python -m recommender assess --json` prints); .json and .csv give it for download, the
CSV exactly as `assess --csv` writes it. Bad input (a rating that is not R, A or G, an
unknown profession, a bad roster line) is the recommender's one-line UserError, shown with
status 400.

URL parameters, per workforce part id (health-visiting, family-hubs...):
  <part>.<item number>=R|A|G     a rating (item 1-11 of seed 004's checklist)
  <part>.headcount=N             how many staff the part has
  <part>.professions=...         its staff professions, separated by ";"
  <part>.levels=...              their current AiMH levels (one for all, or one each; ? or blank: not known)
  roster=...                     optional: a roster as CSV text (`recommender roster`'s format)
  assessment=...                 optional: the whole self-assessment as CSV text (the file `assess`
                                 reads); the page's file input reads the planner's file in the
                                 browser into it, so nothing is uploaded or written. When given,
                                 it is the assessment and the per-part fields are not used.
"""
import asyncio
import io
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from recommender import UserError
from recommender.workforce import checklist as checklist_module
from recommender.output import formatting

from ..serving.database import catalogue_database

PART_FIELDS = ("headcount", "professions", "levels")
RATING_WORDS = {"R": "Red", "A": "Amber", "G": "Green"}
COLOURS = {"R": "#b3261e", "A": "#b06000", "G": "#1d6b30", "not_rated": "#d0d0d0"}
MAX_ROSTER = 20_000  # characters of pasted roster text: a URL carries it
MAX_ASSESSMENT = 20_000  # characters of assessment CSV text, likewise


def form_state(args, checklist):
    """What the form says, keyed as the URL keys it; unknown parameters are ignored."""
    state = {}
    for part in checklist.parts:
        for item in checklist.items:
            value = (args.get(f"{part.id}.{item.number}") or "").strip()
            if value:
                state[f"{part.id}.{item.number}"] = value
        for field in PART_FIELDS:
            value = " ".join((args.get(f"{part.id}.{field}") or "").split())
            if value:
                state[f"{part.id}.{field}"] = value
    roster = (args.get("roster") or "").strip()
    if roster:
        state["roster"] = roster
    assessment = (args.get("assessment") or "").strip()
    if assessment:
        state["assessment"] = assessment
    return state


def assessment_rows(state, checklist):
    """The form as assessment rows [(label, {column: value})], as a CSV file would give them."""
    rows = []
    for part in checklist.parts:
        described = False
        for item in checklist.items:
            rating = state.get(f"{part.id}.{item.number}")
            if not rating:
                continue
            row = {"part": part.name, "item": str(item.number), "rating": rating}
            if not described:
                row.update({"headcount": state.get(f"{part.id}.headcount", ""),
                            "professions": state.get(f"{part.id}.professions", ""),
                            "levels": state.get(f"{part.id}.levels", "")})
                described = True
            rows.append((f"{part.name}, item {item.number}", row))
    return rows


def make_plan(db_path, state):
    """(checklist, plan or None, error or None): the recommender's own code, run off the event loop."""
    from recommender.workforce.assess import assess

    try:
        checklist = checklist_module.load(db_path)
    except UserError as exc:
        return None, None, str(exc)
    roster_rows = None
    try:
        if state.get("assessment"):
            if len(state["assessment"]) > MAX_ASSESSMENT:
                raise UserError(f"the assessment is over {MAX_ASSESSMENT:,} characters: split it by part of the "
                                "workforce")
            from recommender.workforce.assessment_file import parse_csv

            rows = parse_csv(state["assessment"], "your assessment file")
            where = lambda line: f"your assessment file, line {line}"  # noqa: E731
        else:
            rows = assessment_rows(state, checklist)
            where = lambda label: label  # noqa: E731
        if not rows:
            return checklist, None, None
        if state.get("roster"):
            if len(state["roster"]) > MAX_ROSTER:
                raise UserError(f"the staff list is over {MAX_ROSTER:,} characters: split it by part of the "
                                "workforce and plan each part on its own")
            from recommender.workforce.roster import parse_rows

            roster_rows = parse_rows(state["roster"], "the roster")
        plan = assess(db_path, rows, where, roster_rows, lambda line: f"the roster, line {line}",
                      source="the form", roster_source="the form" if roster_rows else None)
    except UserError as exc:
        return checklist, None, " ".join(str(exc).split())
    return checklist, plan, None


def chart_svg(parts, width=360):
    """R/A/G (and not rated) per workforce part as horizontal bars; each part's counts also in words."""
    from html import escape

    row_h, bar_h, top = 44, 16, 30
    height = top + row_h * len(parts) + 8
    left, right = 4, 4
    plot_w = width - left - right
    out = [f'<svg class="chart rag-chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}" aria-labelledby="rag-title rag-desc" '
           'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">',
           '<title id="rag-title">Ratings by workforce part</title>',
           '<desc id="rag-desc">' + escape("; ".join(
               f"{p['name']}: {p['R']} Red, {p['A']} Amber, {p['G']} Green, {p['not_rated']} not rated"
               for p in parts)) + '</desc>']
    x = left
    for key, word in (("R", "Red"), ("A", "Amber"), ("G", "Green"), ("not_rated", "not rated")):
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[key]}"/>'
                   f'<text x="{x + 16}" y="18">{word}</text>')
        x += 16 + 8 * len(word) + 14
    for n, part in enumerate(parts):
        y = top + n * row_h
        total = part["R"] + part["A"] + part["G"] + part["not_rated"] or 1
        label = f"{part['name']}: {part['R']} R, {part['A']} A, {part['G']} G, {part['not_rated']} not rated"
        out.append(f'<text x="{left}" y="{y + 12}">{escape(label)}</text>')
        x = left
        for key in ("R", "A", "G", "not_rated"):
            w = plot_w * part[key] / total
            if w:
                out.append(f'<rect x="{x:.1f}" y="{y + 18}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[key]}">'
                           f'<title>{escape(part["name"])}: {part[key]} {RATING_WORDS.get(key, "not rated")}</title>'
                           '</rect>')
            x += w
    out.append("</svg>")
    return "".join(out)


async def workforce_assessment(datasette, request):
    db = catalogue_database(datasette)
    fmt = request.url_vars.get("format") or ""
    if db is None or not db.path:
        return Response.text("no catalogue database is being served", status=503)
    loop = asyncio.get_running_loop()
    checklist = await loop.run_in_executor(None, _checklist_or_none, db.path)
    state = form_state(request.args, checklist) if checklist else {}
    checklist, plan, error = await loop.run_in_executor(None, make_plan, db.path, state)
    status = 400 if error and checklist else 503 if error else 200
    query = urlencode(state)
    if fmt == ".json":
        body = {"error": error} if error else (plan or {"error": "no ratings given: rate at least one item"})
        return Response.json(body, status=status if error or plan else 400)
    if fmt == ".csv":
        if error or not plan:
            return Response.text(error or "no ratings given: rate at least one item", status=status if error else 400)
        from recommender.workforce.assess_csv import write_csv

        out = io.StringIO()
        write_csv(plan, out)
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="workforce-training-plan.csv"'})
    context = {
        "checklist": checklist, "state": state, "plan": plan, "error": error, "query": query,
        "database": db.name, "rating_words": RATING_WORDS,
        "chart": chart_svg(plan["summary"]["parts"]) if plan else None,
        "verdict_words": {"eligible": "Eligible", "eligible_if": "Eligible if", "not_eligible": "Not eligible"},
        "fmt": formatting,
    }
    html = await datasette.render_template("workforce_assessment.html", context, request=request)
    return Response.html(html, status=status)


def _checklist_or_none(db_path):
    try:
        return checklist_module.load(db_path)
    except UserError:
        return None


def register_routes():
    return [(r"^/-/workforce-assessment(?P<format>\.json|\.csv)?$", workforce_assessment)]
