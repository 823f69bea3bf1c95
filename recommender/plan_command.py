"""`python -m recommender plan`: the workforce scaling scenario (seed 002 Appendix 2),
with any of its assumptions changed.

Default inputs are the paper's, read from the catalogue's `scaling_inputs` table (written by
`python -m crawler build` from crawler/reference/scaling_paper.yaml). The model is
scaling_model (a package of its own, shared with the build); docs/scaling.md explains it.
"""
import json
import math
import re
import sqlite3
import textwrap
from pathlib import Path

import scaling_model as scaling
from recommender.errors import UserError
from recommender import formatting

DEFAULT_DB = Path(__file__).resolve().parent.parent / "catalogue.db"
TEXT_WIDTH = 80
PAPER = "seed 002 (Parent-Infant Foundation), Appendix 2 and section 8"


from recommender.options import today_date  # noqa: E402


def configure(parser):
    parser.description = (
        "Cost of scaling up specialised parent-infant (PAIR) teams year by year, children seen, "
        "and the training pipeline: seed 002's Appendix 2 as a model. With no options it "
        "reproduces the paper's figures; change any assumption to see the consequences.")
    parser.epilog = "Assumptions and their sources: docs/scaling.md. Example: plan --pay-rise 0.05 --json"
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, metavar="PATH",
                        help="catalogue to read the paper's inputs from (table scaling_inputs; "
                             "default: catalogue.db at the repository root)")
    parser.add_argument("--pay-rise", metavar="R",
                        help="yearly pay rise as a fraction, compounding each April: 0.03 (or 3%%) "
                             "means 3%% (paper: 0.03)")
    parser.add_argument("--team-cost", metavar="GBP",
                        help="one team's yearly labour cost at April 2023 rates (paper: 266,336.39, "
                             "carried as 266,336.388)")
    parser.add_argument("--teams", metavar="Y1,Y2,...",
                        help="teams operating fully from 1 April, one number per year "
                             "(paper: 45,80,135,202,400); each year must be the previous year's teams "
                             "plus the previous year's new teams. Given alone, the openings follow from "
                             "the growth (the last year's openings stay the paper's)")
    parser.add_argument("--new-teams", metavar="Y1,Y2,...",
                        help="teams coming into operation during each year (paper: 35,55,67,198,0); "
                             "given alone, teams operating follow from the first year's")
    parser.add_argument("--leadership", metavar="GBP1,GBP2,...",
                        help="leadership development programme cost per year "
                             "(paper: 1000000,2000000,2000000,2000000,0)")
    parser.add_argument("--placements", metavar="N",
                        help="funded clinical placements in a PAIR context per year (paper: 50)")
    parser.add_argument("--recruit-to-train", metavar="N",
                        help="funded recruit-to-train places per year (paper: 50)")
    parser.add_argument("--acapt", metavar="N",
                        help="Assistant Child and Adolescent Psychotherapist posts in place (paper: 50)")
    parser.add_argument("--years", metavar="N",
                        help="number of years, first year 25/26 (paper: 5); fewer keeps the paper's "
                             "first N years, more needs --teams or --new-teams and --leadership")
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
    changed = {name: {"paper": _plain(getattr(paper, name)), "used": _plain(getattr(inputs, name))}
               for name in scaling.ScalingInputs.field_names() if getattr(inputs, name) != getattr(paper, name)}
    if args.json:
        print(json.dumps(scenario_json(result, changed, args.db), indent=2))
    else:
        print(scenario_text(result, changed))
    return 0


# --- inputs ----------------------------------------------------------------------------

def load_paper_inputs(db_path):
    """The paper's inputs from the catalogue's scaling_inputs table, as ScalingInputs."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise UserError(f"no catalogue at {db_path}: build it with `python -m crawler build`, or give --db PATH")
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT name, value FROM scaling_inputs WHERE role = 'input'").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise UserError(f"{db_path} has no scaling_inputs table: rebuild it with `python -m crawler build`") from None
        raise UserError(f"cannot read {db_path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{db_path} is not a readable catalogue ({exc}): rebuild it with `python -m crawler build`") from None
    try:
        values = {name: json.loads(value) for name, value in rows}
        return scaling.ScalingInputs.from_values(values)
    except (ValueError, TypeError) as exc:
        raise UserError(f"{db_path}: scaling_inputs is not usable ({exc}): rebuild it with `python -m crawler build`") from None


def scenario_inputs(paper, args):
    """The paper's inputs with the command line's changes: ScalingInputs, or UserError."""
    changes = {}
    if args.pay_rise is not None:
        changes["pay_rise"] = _pay_rise(args.pay_rise)
    if args.team_cost is not None:
        changes["team_cost_gbp"] = _money("--team-cost", args.team_cost)
    for option, name in (("placements", "placements_per_year"), ("recruit_to_train", "recruit_to_train_per_year"),
                         ("acapt", "acapt_posts")):
        text = getattr(args, option)
        if text is not None:
            changes[name] = _whole(f"--{option.replace('_', '-')}", text)

    years = paper.years if args.years is None else _whole("--years", args.years)
    if not 1 <= years <= scaling.MAX_YEARS:
        raise UserError(f"--years {years}: give between 1 and {scaling.MAX_YEARS} years")
    span = f"{scaling.year_label(paper.first_year, 0)} to {scaling.year_label(paper.first_year, years - 1)}"

    def year_list(option, text, parse):
        values = [parse(option, item) for item in text.split(",")] if text.strip() else []
        if len(values) != years:
            raise UserError(f"{option} has {len(values)} value(s) but the scenario has {years} years "
                            f"({span}): give one per year, comma-separated, or change --years")
        return tuple(values)

    teams = year_list("--teams", args.teams, _teams) if args.teams is not None else None
    new_teams = year_list("--new-teams", args.new_teams, _teams) if args.new_teams is not None else None
    leadership = (year_list("--leadership", args.leadership, _money) if args.leadership is not None
                  else _paper_years(paper.leadership, years, "--leadership"))

    teams, new_teams = _teams_and_openings(paper, years, teams, new_teams)
    changes.update(teams_operating=tuple(teams), teams_new=tuple(new_teams), leadership=tuple(leadership))
    try:
        return paper.replace(**changes)
    except scaling.ScalingInputError as exc:
        raise UserError(_in_option_words(str(exc))) from None


def _teams_and_openings(paper, years, teams, new_teams):
    """(teams operating, teams opening) per year: as given, the one not given worked out from the
    other, or the paper's own when neither is given."""
    if teams is None and new_teams is None:
        teams = _paper_years(paper.teams_operating, years, "--teams or --new-teams")
        new_teams = _paper_years(paper.teams_new, years, "--teams or --new-teams")
    elif teams is None:  # operating teams follow from the first year's and the openings
        teams = [paper.teams_operating[0]]
        for opened in new_teams[:-1]:
            teams.append(teams[-1] + opened)
        teams = tuple(teams)
    elif new_teams is None:  # openings follow from the growth in operating teams
        for index in range(1, years):
            if teams[index] < teams[index - 1]:
                raise UserError(
                    f"--teams falls from {teams[index - 1]} in {scaling.year_label(paper.first_year, index - 1)} "
                    f"to {teams[index]} in {scaling.year_label(paper.first_year, index)}: the model only opens teams")
        if years > paper.years:
            raise UserError(f"--teams for {years} years needs --new-teams too (how many open in the last year)")
        last = paper.teams_new[years - 1]
        new_teams = tuple(teams[i + 1] - teams[i] for i in range(years - 1)) + (last,)
    return teams, new_teams


def _paper_years(values, years, option):
    if years > len(values):
        raise UserError(f"the paper gives {len(values)} years: for {years} years give {option} "
                        f"with {years} comma-separated values")
    return tuple(values[:years])


# A number as a planner writes it: 266336.39, 266,336.39 (commas only between groups of three
# digits), £266,336.39, 3%, 1e6. A comma anywhere else (266336,39: a decimal comma) is refused,
# never read as a thousands separator (it was read as 26,633,639).
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?%?")
MAX_MONEY = 1_000_000_000       # pounds: no team, year or leadership cost comes near a billion
MAX_COUNT = 1_000_000           # teams, placements, trainees


def _clean_number(text, option):
    cleaned = text.strip().replace("£", "", 1).strip()
    if not _NUMBER.fullmatch(cleaned):
        if "," in cleaned and re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?%?", cleaned):
            raise UserError(f"{option} {text.strip()!r}: a comma may only separate thousands (266,336.39); "
                            "write the decimal point as '.'")
        raise ValueError(text)
    return cleaned.replace(",", "")


def _at_most(option, text, value, limit, unit=""):
    if value > limit:
        raise UserError(f"{option} {text.strip()} is out of range: give at most {limit:,}{unit}")
    return value


def _pay_rise(text):
    try:
        cleaned = _clean_number(text, "--pay-rise")
        percent = cleaned.endswith("%")
        value = float(cleaned.rstrip("%"))
    except ValueError:
        raise UserError(f"--pay-rise {text!r} is not a number: give a fraction such as 0.03 (or 3%) for 3% a year") from None
    value = value / 100 if percent else value
    if not math.isfinite(value):
        raise UserError(f"--pay-rise {text!r} is not a number: give a fraction such as 0.03 (or 3%) for 3% a year")
    if not 0 <= value <= scaling.MAX_PAY_RISE:
        raise UserError(f"--pay-rise {text} means {value * 100:g}% a year: give a fraction between 0 and "
                        f"{scaling.MAX_PAY_RISE}, e.g. 0.03 (or 3%) for 3%")
    return value


def _checked(option, text, not_a_number, not_usable, negative, limit, unit="", whole=True):
    """A planner's number (see _NUMBER) that is finite, whole (when `whole`), 0 or more and at most `limit`;
    otherwise a UserError with the caller's words for what is wrong."""
    try:
        value = float(_clean_number(text, option))
    except ValueError:
        raise UserError(not_a_number) from None
    if not math.isfinite(value) or (whole and value != int(value)):
        raise UserError(not_usable)
    if value < 0:
        raise UserError(negative)
    return _at_most(option, text, value, limit, unit)


def _money(option, text):
    value = _checked(option, text, f"{option} {text!r} is not an amount in pounds: give a number such as 266336.39",
                     f"{option} {text!r} is not an amount in pounds",
                     f"{option} {text} is negative: give an amount in pounds of 0 or more", MAX_MONEY, " pounds",
                     whole=False)
    return int(value) if value == int(value) else value


def _whole(option, text):
    return int(_checked(option, text, f"{option} {text!r} is not a number: give a whole number such as 50",
                        f"{option} {text!r} is not a whole number: give a whole number such as 50",
                        f"{option} {text} is negative: give 0 or more", MAX_COUNT))


def _teams(option, text):
    return int(_checked(option, text,
                        f"{option}: {text.strip()!r} is not a number of teams: give whole numbers, comma-separated",
                        f"{option}: {text.strip()!r} is not a whole number of teams",
                        f"{option}: {text.strip()} is negative: the number of teams cannot be below 0",
                        MAX_COUNT, " teams"))


OPTION_WORDS = {"teams_operating": "--teams", "teams_new": "--new-teams", "team_cost_gbp": "--team-cost",
                "pay_rise": "--pay-rise", "leadership": "--leadership"}


def _in_option_words(message):
    for name, option in OPTION_WORDS.items():
        if message.startswith(name):
            return option + message[len(name):]
    if message.startswith("teams operating in"):
        return message + " (check --teams and --new-teams)"
    return message


# --- output ----------------------------------------------------------------------------

def scenario_json(result, changed, db_path):
    inputs = {name: _plain(getattr(result.inputs, name)) for name in scaling.ScalingInputs.field_names()}
    return {
        "source": PAPER,
        "inputs": inputs,
        "inputs_changed_from_paper": changed,
        "inputs_read_from": str(db_path),
        "years": [
            {key: getattr(year, key) for key in ("year", "teams_operating", "labour_operating", "teams_new",
                                                  "labour_new", "training", "leadership", "total",
                                                  "children_seen", "team_cost")}
            for year in result.years
        ],
        "five_year_total": result.five_year_total,
        "new_investment": result.new_investment,
        "already_costed": result.already_costed,
        "in_millions_as_the_paper_words_it": scaling.headline_millions(result),
        "pipeline": {
            "years": [vars(year) for year in result.pipeline],
            "placement_specialists": result.pipeline[-1].placement_specialists,
            "recruit_to_train_specialists": result.pipeline[-1].recruit_to_train_specialists,
            "additional_specialists": result.pipeline[-1].additional_specialists,
            "acapt_posts": result.inputs.acapt_posts,
        },
        "workforce_needed": result.workforce,
    }


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _changes_text(changed):
    if not changed:
        return "nothing (the paper's own scenario)."
    def number(v, name):  # recommender/formatting.py: a rate as a percentage, money as money
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
