"""`python -m recommender recommend`: eligible courses, routes and pathways for one practitioner."""
import argparse
import sys

from recommender import jsonout, table
from recommender.catalogue import DEGREES, STAGES, default_db_path

VERDICT_WORDS = {"eligible": "eligible", "eligible_if": "eligible if", "not_eligible": "not eligible"}
FUNDED_WORDS = {True: "yes", False: "no", None: "?"}


def number_between(low, high, unit):
    """An argparse type: a finite number from low to high (nan, inf and 1e300 are refused in one line)."""
    import math

    def read(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: give a number of {unit} from {low} to {high}")
        return value

    read.__name__ = unit
    return read


def configure(parser):
    parser.add_argument("--profession", required=True, metavar="TEXT",
                        help='your profession in your own words: "health visitor", "HV", "trainee clin psych"')
    parser.add_argument("--level", type=int, choices=range(0, 4), default=0, metavar="0-3",
                        help="your current AiMH level (0 = none yet; default 0)")
    parser.add_argument("--target", type=int, choices=range(1, 4), metavar="1-3",
                        help="the AiMH level you want to reach (default: the next level)")
    parser.add_argument("--stage", choices=STAGES,
                        help="career stage (default: from your words, else the profession's usual stage)")
    parser.add_argument("--registration", nargs="+", action="extend", metavar="BODY",
                        help="professional registers you are on (e.g. NMC HCPC UKCP; 'none' for none; "
                             "default: the profession's usual register when qualified)")
    parser.add_argument("--degree", choices=DEGREES, help="your highest degree")
    parser.add_argument("--experience-years", type=number_between(0, 70, "years"), metavar="N",
                        help="years working professionally with children and families")
    parser.add_argument("--funded-only", action="store_true",
                        help="only courses known to be funded (fully funded, salaried post or free)")
    parser.add_argument("--max-months", type=number_between(0, 600, "months"), metavar="N",
                        help="leave out courses that take longer than N months at the least")
    parser.add_argument("--online", action="store_true", help="only courses known to be online or distance learning")
    parser.add_argument("--json", action="store_true", help="print one JSON object (schema: docs/recommender.md)")
    parser.add_argument("--db", default=None, metavar="PATH",
                        help=f"the catalogue database (default: {default_db_path()}; or set IMH_CATALOGUE_DB)")


def run(args):
    from recommender.recommendation import recommend

    result = recommend(args.db, args.profession, level=args.level, target=args.target, stage=args.stage,
                       registrations=args.registration, degree=args.degree, experience_years=args.experience_years,
                       funded_only=args.funded_only, max_months=args.max_months, online=args.online)
    if args.json:
        # one write of the same text json.dump(indent=2) gives, built without its pure-Python encoder
        sys.stdout.write(jsonout.dumps(result) + "\n")
    else:
        sys.stdout.write("\n".join(render(result)) + "\n")
    return 0


def _months(low, high):
    if low is None and high is None:
        return "?"
    if low == high or high is None:
        return f"{low:g}"
    return f"{low:g}-{high:g}"


def _levels(expected, target):
    if target is None:
        return "?"
    return f"{'?' if expected is None else expected}->{target}"


def _notes(item):
    """What is missing (eligible if) or why not (not eligible), with a short citation."""
    if item["verdict"] == "not_eligible":
        text = "why not: " + "; ".join(r[len("not eligible: "):] for r in item["reasons"]
                                       if r.startswith("not eligible: "))
    elif item["missing"]:
        text = "; ".join(item["missing"])
    else:
        return ""
    cites = []
    for source in item["sources"]:
        section = source.get("section") or ""
        cites.append(f"{source['id']} {section}" if section and len(section) <= 24 else source["id"])
    return text + (f" [{'; '.join(cites)}]" if cites else "")


def render(result):
    """The human-readable answer, every line at most 80 characters."""
    p = result["profession"]
    how = {"exact name": "exact name", "exact alias": f'exact alias "{p["alias"]}"'}.get(
        p["method"], f'fuzzy match to "{p["alias"]}": score {p["score"]:g}/100, {p["confidence"]} confidence')
    lines = table.paragraph(f'Profession: "{p["input"]}" -> {p["matched"]} ({how})')
    lines += table.paragraph(f'Stage: {result["stage"]}; AiMH level {result["aimh_level"]} now, '
                             f'target {result["target_level"]}')
    for assumption in result["assumptions"]:
        lines += table.paragraph(f"Assumed: {assumption}", subsequent="  ")
    filters = [name for name, on in (("funded only", result["filters"]["funded_only"]),
                                     ("online only", result["filters"]["online"])) if on]
    if result["filters"]["max_months"] is not None:
        filters.append(f"at most {result['filters']['max_months']:g} months")
    if filters:
        lines += table.paragraph("Filters: " + ", ".join(filters))

    counts = result["summary"]["courses"]
    lines += ["", f"COURSES, best first ({counts['eligible']} eligible, {counts['eligible_if']} eligible if, "
                  f"{counts['not_eligible']} not eligible)"]
    if result["courses"]:
        lines += table.render(
            [table.Column("#", 2, False, ">"), table.Column("Verdict", 12, False), table.Column("Course", 20),
             table.Column("Level", 5, False), table.Column("Months", 6, False), table.Column("Funded", 6, False)],
            [[c["rank"], VERDICT_WORDS[c["verdict"]], c["title"] + (f" ({c['provider']})" if c.get("provider") else ""),
              _levels(c["aimh_level_expected"], c["aimh_level_target"]),
              _months(c["duration_months_min"], c["duration_months_max"]), FUNDED_WORDS[c["funded"]]]
             for c in result["courses"]],
            notes=["; ".join(n for n in (_notes(c), table.checked(c.get("last_checked"))) if n) for c in result["courses"]],
            note_indent=16)
    else:
        lines.append("  (no course passes the filters)")

    counts = result["summary"]["routes"]
    lines += ["", f"ROUTES ({counts['eligible']} eligible, {counts['eligible_if']} eligible if, "
                  f"{counts['not_eligible']} not eligible)"]
    lines += table.render(
        [table.Column("Verdict", 12, False), table.Column("Route", 20), table.Column("Level", 5, False),
         table.Column("Funded", 6, False)],
        [[VERDICT_WORDS[r["verdict"]], r["name"], f"->{r['aimh_level_target']}" if r["aimh_level_target"] else "?",
          FUNDED_WORDS[r["funded"]]] for r in result["routes"]],
        notes=[_notes(r) for r in result["routes"]], note_indent=13)

    lines += ["", f"PATHWAYS from AiMH level {result['aimh_level']} to {result['target_level']}"]
    if not result["pathways"]:
        reason = ("you are already at the top level" if result["aimh_level"] >= result["target_level"]
                  else "no open course or route with a recorded level reaches the target")
        lines.append(f"  (none: {reason})")
    for n, pathway in enumerate(result["pathways"], start=1):
        total = _months(pathway["duration_months_min"], pathway["duration_months_max"])
        total = f"{total} months"
        if not pathway["duration_known"]:
            total = (f"at least {pathway['duration_months_min']:g} months (some durations unknown)"
                     if pathway["duration_months_min"] else "duration unknown")
        lines += table.paragraph(f"{n}. reaches level {pathway['reaches_level']}; {total}; "
                                 f"{pathway['funded_steps']} of {len(pathway['steps'])} steps funded; "
                                 f"{VERDICT_WORDS[pathway['verdict']]}", indent="  ", subsequent="     ")
        for step in pathway["steps"]:
            funded = {True: "funded", False: "not funded", None: "funding unknown"}[step["funded"]]
            lines += table.paragraph(
                f"- {step['name']} ({step['kind']}, level {step['from_level']}->{step['to_level']}, "
                f"{_months(step['duration_months_min'], step['duration_months_max'])} months, {funded}, "
                f"{VERDICT_WORDS[step['verdict']]})", indent="     ", subsequent="       ")
    lines += [""]
    lines += table.paragraph("Ranked by: verdict, then level fit, then funding (funded first), then duration "
                             "(shortest first), then mode (online first). Add --json for reasons, sources "
                             "and the source's own words.")
    return lines
