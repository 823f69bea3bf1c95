"""The workforce scaling plan: seed 002 Appendix 2's scenario from the catalogue's inputs, with a
planner's changes, and its JSON form (what `python -m recommender plan --json` prints and the
site's /-/scaling page shows).

Default inputs are the paper's, read from the catalogue's `scaling_inputs` table (written by
`python -m crawler build` from crawler/reference/scaling_paper.yaml). The model is
scaling_model (a package of its own, shared with the build); docs/scaling.md explains it.
A planner's numbers are read here (266,336.39, £266,336.39, 3%, 1e6) and a value that makes no
sense is a UserError in the words of the command's options.
"""
import json
import math
import re
import sqlite3
from pathlib import Path

import scaling_model as scaling
from recommender.catalogue.errors import UserError

PAPER = "seed 002 (Parent-Infant Foundation), Appendix 2 and section 8"


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


def changed_inputs(paper, inputs):
    """{input name: {"paper": the paper's value, "used": the scenario's}} for each input the planner changed."""
    return {name: {"paper": _plain(getattr(paper, name)), "used": _plain(getattr(inputs, name))}
            for name in scaling.ScalingInputs.field_names() if getattr(inputs, name) != getattr(paper, name)}


# --- the answer as JSON ----------------------------------------------------------------

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
