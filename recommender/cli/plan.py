"""`python -m recommender plan`: the workforce scaling scenario (seed 002 Appendix 2),
with any of its assumptions changed, as tables or --json.

The scenario and its inputs are recommender.workforce.staffing's (the site's /-/scaling page
shows the same); this module parses the options and prints.
"""
import json
import textwrap
from pathlib import Path

import scaling_model as scaling
from recommender.catalogue.reader import DEFAULT_DB
from recommender.cli.options import today_date
from recommender.output import formatting
from recommender.workforce.staffing import changed_inputs, load_paper_inputs, scenario_inputs, scenario_json

TEXT_WIDTH = 80

# The assumptions a planner may change, in --help's order: (option, metavar, help).
ASSUMPTIONS = (
    ("--pay-rise", "R",
     "yearly pay rise as a fraction, compounding each April: 0.03 (or 3%%) "
     "means 3%% (paper: 0.03)"),
    ("--team-cost", "GBP",
     "one team's yearly labour cost at April 2023 rates (paper: 266,336.39, "
     "carried as 266,336.388)"),
    ("--teams", "Y1,Y2,...",
     "teams operating fully from 1 April, one number per year "
     "(paper: 45,80,135,202,400); each year must be the previous year's teams "
     "plus the previous year's new teams. Given alone, the openings follow from "
     "the growth (the last year's openings stay the paper's)"),
    ("--new-teams", "Y1,Y2,...",
     "teams coming into operation during each year (paper: 35,55,67,198,0); "
     "given alone, teams operating follow from the first year's"),
    ("--leadership", "GBP1,GBP2,...",
     "leadership development programme cost per year "
     "(paper: 1000000,2000000,2000000,2000000,0)"),
    ("--placements", "N",
     "funded clinical placements in a PAIR context per year (paper: 50)"),
    ("--recruit-to-train", "N",
     "funded recruit-to-train places per year (paper: 50)"),
    ("--acapt", "N",
     "Assistant Child and Adolescent Psychotherapist posts in place (paper: 50)"),
    ("--years", "N",
     "number of years, first year 25/26 (paper: 5); fewer keeps the paper's "
     "first N years, more needs --teams or --new-teams and --leadership"),
)


def configure(parser):
    parser.description = (
        "Cost of scaling up specialised parent-infant (PAIR) teams year by year, children seen, "
        "and the training pipeline: seed 002's Appendix 2 as a model. With no options it "
        "reproduces the paper's figures; change any assumption to see the consequences.")
    parser.epilog = "Assumptions and their sources: docs/scaling.md. Example: plan --pay-rise 0.05 --json"
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, metavar="PATH",
                        help="catalogue to read the paper's inputs from (table scaling_inputs; "
                             "default: catalogue.db at the repository root)")
    for option, metavar, help_text in ASSUMPTIONS:
        parser.add_argument(option, metavar=metavar, help=help_text)
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (years, totals, pipeline, inputs) instead of tables")
    parser.add_argument("--today", type=today_date, default=None, metavar="YYYY-MM-DD",
                        help="the date the plan is made on (default: today's date); checked like every command's "
                             "--today. The scaling model's figures do not depend on it: its years are the paper's, "
                             "from 2025/26")


def run(args):
    paper = load_paper_inputs(args.db)
    inputs = scenario_inputs(paper, args)
    result = scaling.scenario(inputs)
    changed = changed_inputs(paper, inputs)
    if args.json:
        print(json.dumps(scenario_json(result, changed, args.db), indent=2))
    else:
        print(scenario_text(result, changed))
    return 0


def _changes_text(changed):
    if not changed:
        return "nothing (the paper's own scenario)."
    def number(v, name):  # recommender/output/formatting.py: a rate as a percentage, money as money
        if name == "pay_rise":
            return formatting.percent(v)
        if name.endswith("_gbp"):
            return formatting.money(v)
        return str(int(v)) if v == int(v) else str(v)

    def show(value, name):
        return ",".join(number(v, name) for v in value) if isinstance(value, list) else number(value, name)
    return "; ".join(f"{name.removesuffix('_gbp').replace('_', ' ')} {show(c['paper'], name)} -> {show(c['used'], name)}"
                     for name, c in changed.items()) + "."


def _table(headers, rows, aligns):
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(w) if a == "<" else c.rjust(w) for c, w, a in zip(cells, widths, aligns)).rstrip()
    return [line(headers)] + [line(r) for r in rows]


def _gbp(value):
    return f"{value:,}"


def _prose(text):
    return textwrap.wrap(text, width=TEXT_WIDTH)


def scenario_text(result, changed):
    """Tables for people, at most TEXT_WIDTH columns with the paper's inputs."""
    inputs = result.inputs
    years = result.years
    lines = [f"Scaling up PAIR teams, {years[0].year} to {years[-1].year}: seed 002 Appendix 2 as a model"]
    lines += _prose("Changed from the paper: " + _changes_text(changed))
    lines.append("")
    lines += _table(
        ["year", "teams operating", "teams opening", "children seen", "cost of a team, GBP"],
        [[y.year, f"{y.teams_operating:,}", f"{y.teams_new:,}", f"{y.children_seen:,}", f"{y.team_cost:,.2f}"]
         for y in years],
        "<>>>>")
    lines += ["", "Costs, GBP"]
    lines += _table(
        ["year", "labour: operating", "labour: opening", "training", "leadership", "total"],
        [[y.year, _gbp(y.labour_operating), _gbp(y.labour_new), _gbp(y.training), _gbp(y.leadership), _gbp(y.total)]
         for y in years],
        "<>>>>>")
    m = scaling.headline_millions(result)
    total_label = "five-year total" if len(years) == 5 else f"{len(years)}-year total"
    money = [_gbp(result.five_year_total), _gbp(result.new_investment), _gbp(result.already_costed)]
    width = max(len(s) for s in money)
    lines += [
        "",
        f"{total_label:<16}GBP {money[0]:>{width}}  ({m['five_year_total_m']:,.1f}m)",
        f"{'new investment':<16}GBP {money[1]:>{width}}  ({m['new_investment_m']:,}m to the nearest million)",
        f"{'already costed':<16}GBP {money[2]:>{width}}  ({m['already_costed_m']:,}m: the rest of the total)",
    ]
    lines += _prose(f"Already costed into the system: the {inputs.teams_operating[0]:,} teams operating in "
                    f"{years[0].year}, kept running every year at that year's cost.")
    lines.append("")
    lines += _prose(
        f"Training pipeline (section 8), cumulative: specialists from {inputs.placements_per_year:,} funded "
        f"clinical placements and {inputs.recruit_to_train_per_year:,} recruit-to-train places a year. "
        f"Assistant CAPT posts are a standing pool of potential leaders, not counted as specialists.")
    lines += _table(
        ["year", "placements", "recruit to train", "specialists", "ACAPT posts"],
        [[str(p.year), f"{p.placement_specialists:,}", f"{p.recruit_to_train_specialists:,}",
          f"{p.additional_specialists:,}", f"{p.acapt_posts:,}"] for p in result.pipeline],
        "<>>>>")
    w = result.workforce
    lines.append("")
    lines += _prose(
        f"The {w['new_teams']:,} teams that open need {formatting.wte(w['new_team_wte'])}; "
        f"{w['posts_needing_aimh_level_2']:,} posts need training to AiMH level 2 and "
        f"{w['posts_needing_aimh_level_3']:,} senior posts to level 3 (section 8's average team).")
    lines.append("Assumptions and their sources: docs/scaling.md")
    return "\n".join(lines)
