"""Workforce scaling scenarios: what growing specialised parent-infant (PAIR) teams costs,
year by year, and how many specialists the training pipeline produces.

This is seed 002's Appendix 2 and section 8 as a model a planner can change. The paper's
inputs live in crawler/reference/scaling_paper.yaml (each with its section); the build
copies them into the catalogue's `scaling_inputs` table, and `python -m recommender plan`
reads them from there. Nothing here knows the paper's numbers: they are always passed in.

A package of its own, beside crawler/ and recommender/: the build reproduces the paper's
tables with it (crawler/catalogue/tables/scaling_tables.py) and the planner reruns it with changed inputs
(recommender/cli/plan.py); it imports neither of them.

The model, per year y (0 = the first year, 25/26 in the paper):
    team cost       = team_cost_gbp x (1 + pay_rise) ** (first_year - team_cost_year + y)
    labour_operating = teams_operating[y] x team cost
    labour_new      = teams_new[y] x team cost x new_team_cost_fraction
    training        = teams_new[y] x training_first_year_per_team
                      + teams_new[y-1] x training_second_year_per_team
    leadership      = leadership[y] (a sum per year, as given)
    total           = the sum of the above
    children_seen   = teams_operating[y] x children_per_full_team
                      + teams_new[y] x children_per_new_team
Over all years:
    already_costed  = the teams operating in the first year, kept running every year,
                      at each year's team cost (the paper's "already costed into the system")
    new_investment  = five_year_total - already_costed

Rounding, as the paper's spreadsheet evidently did it (this reproduces every figure of
Appendix 2 and the quoted totals to the pound): arithmetic is exact (Decimal); each money
cell is rounded half up to the pound; each year's total is the exact sum rounded half up
(not the sum of the rounded cells); five_year_total is the sum of the rounded yearly
totals; already_costed is rounded half up, and new_investment is the difference of the two
rounded figures, so the split always adds up to the total.

Stdlib only: the recommender must start fast.
"""
import math
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

MAX_PAY_RISE = 0.5  # 50% a year: anything above is a typo (e.g. 3 meaning 3%), not a plan
MAX_YEARS = 30


class ScalingInputError(ValueError):
    """An input that makes no sense; the message says which and what would be sensible."""


@dataclass(frozen=True)
class ScalingInputs:
    """Everything the scenario depends on. Lists have one value per year, first year first."""

    first_year: int  # calendar year the first financial year starts in (2025 for 25/26)
    team_cost_year: int  # the year (April) the team cost is priced at
    team_cost_gbp: float  # one team's labour cost per year at team_cost_year rates
    pay_rise: float  # per year, compounding each April: 0.03 means 3%
    teams_operating: tuple  # teams operating fully from 1 April, per year
    teams_new: tuple  # teams coming into operation during the year
    new_team_cost_fraction: float  # share of a year's cost a new team costs in its first year
    children_per_full_team: float
    children_per_new_team: float
    training_first_year_per_team: float  # GBP, in the year a team comes into operation
    training_second_year_per_team: float  # GBP, in the year after
    leadership: tuple  # GBP per year, as given
    wte_per_team: float
    clinical_posts_needing_level_2: int  # per team
    senior_posts_needing_level_3: int  # per team
    placements_per_year: int  # funded clinical placements in a PAIR context
    recruit_to_train_per_year: int  # funded recruit-to-train places
    acapt_posts: int  # Assistant CAPT posts in place (a standing number)

    def __post_init__(self):
        check_inputs(self)

    @classmethod
    def field_names(cls):
        return [f.name for f in fields(cls)]

    @classmethod
    def from_values(cls, values):
        """Build from a {name: value} mapping (e.g. rows of scaling_inputs); extra names are ignored."""
        missing = [name for name in cls.field_names() if name not in values]
        if missing:
            raise ScalingInputError(f"missing input(s): {', '.join(missing)}")
        kwargs = {}
        for name in cls.field_names():
            value = values[name]
            kwargs[name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)

    @property
    def years(self):
        return len(self.teams_operating)

    def replace(self, **changes):
        """A copy with some inputs changed (validated again)."""
        current = {name: getattr(self, name) for name in self.field_names()}
        current.update(changes)
        return type(self).from_values(current)


@dataclass(frozen=True)
class ScalingYear:
    """One column of Appendix 2. Money is in whole pounds."""

    year: str  # "25/26"
    team_cost: float  # one team's cost that year, to the penny (for reading, not summing)
    teams_operating: int
    labour_operating: int
    teams_new: int
    labour_new: int
    training: int
    leadership: int
    total: int
    children_seen: int


@dataclass(frozen=True)
class PipelineYear:
    """Specialists produced by the end of pipeline year `year` (1 = the first), cumulative."""

    year: int
    placement_specialists: int  # newly qualified clinical psychologists and CAPTs with a PAIR specialism
    recruit_to_train_specialists: int
    additional_specialists: int  # the two together
    acapt_posts: int  # the pool of Assistant CAPTs in post that year


@dataclass(frozen=True)
class Scenario:
    inputs: ScalingInputs
    years: tuple  # of ScalingYear
    five_year_total: int  # over all the scenario's years (five in the paper)
    already_costed: int
    new_investment: int
    pipeline: tuple  # of PipelineYear
    workforce: dict  # posts the new teams need, from the team composition


# --- checking inputs -------------------------------------------------------------------

def _is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and math.isfinite(value)


def _is_whole(value):
    return _is_number(value) and value == int(value)


def _number(name, value, low=0, high=None, whole=False):
    if not _is_number(value):
        raise ScalingInputError(f"{name} must be a number, not {value!r}")
    if whole and not _is_whole(value):
        raise ScalingInputError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ScalingInputError(f"{name} is {value}: it must be {bound}")


def check_inputs(inputs):
    """Raise ScalingInputError naming the first input that makes no sense."""
    _number("first_year", inputs.first_year, 1948, 2200, whole=True)
    _number("team_cost_year", inputs.team_cost_year, 1948, inputs.first_year, whole=True)
    _number("team_cost_gbp", inputs.team_cost_gbp)
    if inputs.team_cost_gbp <= 0:
        raise ScalingInputError(f"team_cost_gbp is {inputs.team_cost_gbp}: a team's yearly cost must be more than 0")
    if not _is_number(inputs.pay_rise):
        raise ScalingInputError(f"pay_rise must be a number, not {inputs.pay_rise!r}")
    if not 0 <= inputs.pay_rise <= MAX_PAY_RISE:
        raise ScalingInputError(
            f"pay rise {inputs.pay_rise} means {inputs.pay_rise * 100:g}% a year: give it as a fraction "
            f"between 0 and {MAX_PAY_RISE} (0.03 means 3%)")
    _number("new_team_cost_fraction", inputs.new_team_cost_fraction, 0, 1)
    for name in ("children_per_full_team", "children_per_new_team", "training_first_year_per_team",
                 "training_second_year_per_team", "wte_per_team"):
        _number(name, getattr(inputs, name))
    for name in ("clinical_posts_needing_level_2", "senior_posts_needing_level_3", "placements_per_year",
                 "recruit_to_train_per_year", "acapt_posts"):
        _number(name, getattr(inputs, name), whole=True)

    lists = {"teams_operating": inputs.teams_operating, "teams_new": inputs.teams_new,
             "leadership": inputs.leadership}
    for name, values in lists.items():
        if not isinstance(values, (tuple, list)):
            raise ScalingInputError(f"{name} must be a list with one value per year, not {values!r}")
    years = len(inputs.teams_operating)
    if not 1 <= years <= MAX_YEARS:
        raise ScalingInputError(f"teams_operating has {years} years: give between 1 and {MAX_YEARS}")
    for name, values in lists.items():
        if len(values) != years:
            raise ScalingInputError(
                f"{name} has {len(values)} values but teams_operating has {years}: give one value per year")
    for name in ("teams_operating", "teams_new"):
        for index, value in enumerate(lists[name]):
            label = year_label(inputs.first_year, index)
            if not _is_whole(value):
                raise ScalingInputError(f"{name} for {label} must be a whole number of teams, not {value!r}")
            if value < 0:
                raise ScalingInputError(f"{name} for {label} is {value}: the number of teams cannot be negative")
    for index, value in enumerate(inputs.leadership):
        _number(f"leadership for {year_label(inputs.first_year, index)}", value)
    for index in range(1, years):
        expected = inputs.teams_operating[index - 1] + inputs.teams_new[index - 1]
        if inputs.teams_operating[index] != expected:
            raise ScalingInputError(
                f"teams operating in {year_label(inputs.first_year, index)} ({inputs.teams_operating[index]}) "
                f"should be the {inputs.teams_operating[index - 1]} operating plus the "
                f"{inputs.teams_new[index - 1]} new in {year_label(inputs.first_year, index - 1)} = {expected}")


# --- the model -------------------------------------------------------------------------

def _exact(value):
    """The value as an exact Decimal (a float through its shortest text: 0.03 is 0.03, not 0.0299...)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_pound(value):
    """Round half up to a whole pound, as a spreadsheet shows it (Python's round() would go to even)."""
    return int(_exact(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def year_label(first_year, index):
    """Financial year label: year_label(2025, 0) == "25/26"."""
    start = first_year + index
    return f"{start % 100:02d}/{(start + 1) % 100:02d}"


def team_cost(inputs, index):
    """One team's labour cost in year `index`, exact: priced at team_cost_year, one pay rise each April since."""
    rises = inputs.first_year - inputs.team_cost_year + index
    return _exact(inputs.team_cost_gbp) * (1 + _exact(inputs.pay_rise)) ** rises


def _year_exact(inputs, index):
    cost = team_cost(inputs, index)
    previous_new = inputs.teams_new[index - 1] if index > 0 else 0
    return {
        "labour_operating": inputs.teams_operating[index] * cost,
        "labour_new": inputs.teams_new[index] * cost * _exact(inputs.new_team_cost_fraction),
        "training": (inputs.teams_new[index] * _exact(inputs.training_first_year_per_team)
                     + previous_new * _exact(inputs.training_second_year_per_team)),
        "leadership": _exact(inputs.leadership[index]),
    }


def scaling_years(inputs):
    """The scenario year by year: a list of ScalingYear (Appendix 2's columns)."""
    result = []
    for index in range(inputs.years):
        parts = _year_exact(inputs, index)
        children = (inputs.teams_operating[index] * _exact(inputs.children_per_full_team)
                    + inputs.teams_new[index] * _exact(inputs.children_per_new_team))
        result.append(ScalingYear(
            year=year_label(inputs.first_year, index),
            team_cost=float(team_cost(inputs, index).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
            teams_operating=int(inputs.teams_operating[index]),
            labour_operating=to_pound(parts["labour_operating"]),
            teams_new=int(inputs.teams_new[index]),
            labour_new=to_pound(parts["labour_new"]),
            training=to_pound(parts["training"]),
            leadership=to_pound(parts["leadership"]),
            total=to_pound(sum(parts.values())),
            children_seen=to_pound(children),
        ))
    return result


def five_year_total(years):
    """The cost over all the scenario's years: the sum of the rounded yearly totals."""
    return sum(year.total for year in years)


def already_costed(inputs):
    """The teams operating in the first year, kept running every year at that year's cost, to the pound.

    Seed 002 section 8 (footnote 31): GBP 67m 'already costed into the system', updated to
    carry the same pay rise as the other labour costs.
    """
    teams = inputs.teams_operating[0]
    return to_pound(sum(teams * team_cost(inputs, index) for index in range(inputs.years)))


def new_investment(inputs, years=None):
    """What the scenario costs over and above what is already costed into the system."""
    years = scaling_years(inputs) if years is None else years
    return five_year_total(years) - already_costed(inputs)


def training_pipeline(inputs):
    """Specialists produced year by year (seed 002 section 8), cumulative: a list of PipelineYear.

    Each funded clinical placement yields one newly qualified clinical psychologist or CAPT
    with a PAIR specialism, each recruit-to-train place one more parent-infant specialist.
    Assistant CAPT posts are a standing pool of potential leaders: the paper counts no
    specialists from them, so neither does the model.
    """
    return [
        PipelineYear(
            year=n,
            placement_specialists=inputs.placements_per_year * n,
            recruit_to_train_specialists=inputs.recruit_to_train_per_year * n,
            additional_specialists=(inputs.placements_per_year + inputs.recruit_to_train_per_year) * n,
            acapt_posts=inputs.acapt_posts,
        )
        for n in range(1, inputs.years + 1)
    ]


def workforce_needed(inputs):
    """Posts in the teams that open over the scenario (seed 002 section 8's average team)."""
    new_teams = sum(int(n) for n in inputs.teams_new)
    return {
        "new_teams": new_teams,
        "new_team_wte": float(new_teams * _exact(inputs.wte_per_team)),
        "posts_needing_aimh_level_2": new_teams * int(inputs.clinical_posts_needing_level_2),
        "posts_needing_aimh_level_3": new_teams * int(inputs.senior_posts_needing_level_3),
    }


def scenario(inputs):
    """Everything the planner sees for one set of inputs."""
    years = scaling_years(inputs)
    return Scenario(
        inputs=inputs,
        years=tuple(years),
        five_year_total=five_year_total(years),
        already_costed=already_costed(inputs),
        new_investment=new_investment(inputs, years),
        pipeline=tuple(training_pipeline(inputs)),
        workforce=workforce_needed(inputs),
    )


def headline_millions(result):
    """The split as the paper words it (section 8): total to GBP 0.1m, new investment to the
    nearest GBP 1m, and already costed as the rest of the total in whole millions.

    With the paper's inputs: 332.3, 265 and 67 (the exact already-costed figure is 67.5m;
    the paper's 67 is the rounded total, 332, minus 265).
    """
    million = Decimal(1_000_000)
    total_m = (Decimal(result.five_year_total) / million).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    total_whole = (Decimal(result.five_year_total) / million).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    new_m = (Decimal(result.new_investment) / million).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return {"five_year_total_m": float(total_m), "new_investment_m": int(new_m),
            "already_costed_m": int(total_whole - new_m)}
