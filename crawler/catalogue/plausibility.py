"""Plausibility rules for crawled facts (crawler/reference/plausibility.yaml), as data.

`implausible(field, value, rules, today)` says why a page reading of a course field cannot be
right (a date that is not a real calendar date or lies far from today, a duration that is not
positive or is over the ceiling, a fee that is negative, nothing, or over the ceiling), or None.
The currency policy (crawler/catalogue/currency.py) holds such a reading for review with that reason;
it is never shown.
"""
import calendar
import re
from datetime import date
from pathlib import Path

from crawler.reading.normalise import duration_months, fees

FILE = "plausibility.yaml"
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True))
                        + r")\.?,?\s+(\d{4})(?!\d)", re.I)
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_NEGATIVE = re.compile(r"(?:^|[^\w\d.,)\s])\s*[-\u2212\u2013]\s*[£$€]?\s*\d|[£$€]\s*[-\u2212\u2013]\s*\d")


_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(day|week|month|year)s?\b", re.I)
_UNIT_MONTHS = {"day": 12 / 365.25, "week": 7 / 30.44, "month": 1.0, "year": 12.0}


def load(reference_dir):
    from crawler.catalogue.reference.yaml_files import read_yaml

    path = Path(reference_dir) / FILE
    return read_yaml(path) if path.exists() else {}


def rows(rules):
    """The plausibility_rules table: one row per limit, with why."""
    out = []
    for fact, spec in (rules or {}).items():
        for name, value in spec.items():
            if name != "why":
                out.append({"fact": fact, "rule": name, "value": value, "why": " ".join(str(spec.get("why", "")).split())})
    return out


def implausible(field, value, rules, today=None):
    if not rules or value is None:
        return None
    today = today or date.today()
    check = {"start_dates": _start_dates, "duration": _duration, "cost": _cost}.get(field)
    return check(str(value), rules, today) if check else None


def _real_date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _start_dates(text, rules, today):
    spec = rules.get("start_dates") or {}
    low = today.year - int(spec.get("years_before_today", 3))
    high = today.year + int(spec.get("years_after_today", 5))
    for match in _ISO.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if _real_date(year, month, day) is None:
            return f"{match.group(0)} is not a real calendar date"
    for match in _DAY_MONTH.finditer(text):
        day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))
        if _real_date(year, month, day) is None:
            return f"{match.group(0)} is not a real calendar date"
    for match in _NUMERIC.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if _real_date(year, month, day) is None:
            return f"{match.group(0)} is not a real calendar date"
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        if not low <= year <= high:
            return f"the year {year} is outside {low}-{high} (from {spec.get('years_before_today', 3)} years before " \
                   f"to {spec.get('years_after_today', 5)} after the build's today, {today.isoformat()})"
    return None


def _limits(rules, fact, ceiling, floor, default_ceiling):
    """(ceiling, floor) of a fact's rule in plausibility.yaml: its `ceiling` key (default_ceiling when
    the file says none) and its exclusive `floor` key (0 when none)."""
    spec = rules.get(fact) or {}
    return float(spec.get(ceiling, default_ceiling)), float(spec.get(floor, 0))


def _duration(text, rules, today):
    ceiling, floor = _limits(rules, "durations", "max_months", "min_months_exclusive", 120)
    if _NEGATIVE.search(text):
        return "a negative duration: a length of time is never below nothing"
    months = duration_months(text)
    if not months or months[0] is None:
        # The normaliser reads nothing past its own ceiling: look at the plain numbers and units.
        found = [float(n) * _UNIT_MONTHS[u.lower()] for n, u in _LENGTH.findall(text)]
        if found and max(found) > ceiling:
            return f"{max(found):g} months is over the ceiling of {ceiling:g} months"
        return None   # unreadable: the validation pipeline and the policy's own doubts deal with it
    low, high = months
    if low <= floor:
        return f"{low:g} months is not a positive duration"
    if high > ceiling:
        return f"{high:g} months is over the ceiling of {ceiling:g} months"
    return None


def _cost(text, rules, today):
    ceiling, floor = _limits(rules, "fees", "max_gbp", "min_gbp_exclusive", 100_000)
    if _NEGATIVE.search(text):
        return "a negative amount: a fee is never below nothing"
    for amount, currency in fees(text):
        if amount <= floor:
            return f"{amount:g} is not a positive amount (a free course says so in words)"
        if amount > ceiling:
            return f"{amount:,.0f} is over the ceiling of {ceiling:,.0f}"
    return None
