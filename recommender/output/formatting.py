"""One way to write numbers and unknowns, shared by the site's pages, CSV exports and CLI tables.

Standard library only (the recommender starts fast; the site imports it through recommender).
Each function takes a number or None; None (unknown) is always written as UNKNOWN, never as 0.
"""
import math

UNKNOWN = "not known"


def _known(value):
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _trim(number, places):
    """number with thousands separators and at most `places` decimals, trailing zeros dropped."""
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money(value, unknown=UNKNOWN):
    """£6,215 for whole pounds, £266,336.39 with pence where there are pence."""
    number = _known(value)
    if number is None:
        return unknown
    if abs(number - round(number)) < 0.005:
        return f"£{round(number):,}"
    return f"£{number:,.2f}"


def whole(value, unknown=UNKNOWN):
    """A count of whole things (people, places, teams): 1,234."""
    number = _known(value)
    return unknown if number is None else f"{round(number):,}"


def one_decimal(value, unknown=UNKNOWN):
    """A quantity to one decimal place, such as whole-time equivalents: 2,602.2 (7.0 is written 7)."""
    number = _known(value)
    return unknown if number is None else _trim(number, 1)


def wte(value, unknown=UNKNOWN):
    """Whole-time equivalents to one decimal: '7.3 WTE'."""
    number = _known(value)
    return unknown if number is None else f"{_trim(number, 1)} WTE"


def percent(rate, unknown=UNKNOWN):
    """A rate given as a fraction as a percentage: 0.03 -> '3%', 0.035 -> '3.5%'."""
    number = _known(rate)
    return unknown if number is None else f"{_trim(number * 100, 2)}%"


def months(value, unknown=UNKNOWN):
    """A length in months: '24 months', '1 month', '1.5 months'."""
    number = _known(value)
    if number is None:
        return unknown
    text = _trim(number, 1)
    return f"{text} month" if text == "1" else f"{text} months"


def weeks(value, unknown=UNKNOWN):
    """A length in weeks: '12 weeks', '1 week', '1.5 weeks'; under a week in days: 0.4 -> '3 days'."""
    number = _known(value)
    if number is None:
        return unknown
    if 0 < abs(number) < 1:
        days = max(1, round(number * 7))
        return "1 day" if days == 1 else f"{days} days"
    text = _trim(number, 0 if abs(number) >= 10 else 1)
    return f"{text} week" if text == "1" else f"{text} weeks"


# A working week of study: the NHS Agenda for Change 37.5 hours (7.5 hours a day, 5 days), by which the build
# reads hours of study (crawler/reading/normalise.py HOURS_PER_DAY) and the plans turn hours into weeks.
HOURS_PER_WEEK = 7.5 * 5
DAYS_PER_WEEK = 5   # a course's length in days is working days: a staff-week is five of them


def staff_weeks(low, high=None, unknown=UNKNOWN):
    """Time in all: '480 staff-weeks', '1,440 to 1,531 staff-weeks', '1.8 staff-weeks' (one decimal below
    10); under one staff-week in hours, so a short course for a small team never reads as 0, 1 or a
    fraction: 0.16 to 0.32 -> '6 to 12 staff-hours'. None (unknown) is 'staff-weeks not known'."""
    high_number = _known(low if high is None else high)
    low_number = _known(low)
    if high_number is None:
        return f"staff-weeks {unknown}"
    if low_number is None:
        low_number = high_number
    if 0 < low_number < 1:
        low_text, text = (_trim(v * HOURS_PER_WEEK, 0 if v * HOURS_PER_WEEK >= 1 else 1)
                          for v in (low_number, high_number))
        if low_text == text:
            return f"{text} staff-hour" if text == "1" else f"{text} staff-hours"
        return f"{low_text} to {text} staff-hours"
    low_text, text = (_trim(v, 0 if v >= 10 else 1) for v in (low_number, high_number))
    if low_text == text:
        return f"{text} staff-week" if text == "1" else f"{text} staff-weeks"
    return f"{low_text} to {text} staff-weeks"


def count(value, noun, plural=None, unknown=UNKNOWN):
    """A count with its noun agreeing: '1 gap', '3 gaps', '1,200 people' (count(n, 'person', 'people'))."""
    number = _known(value)
    if number is None:
        return f"{plural or noun + 's'} {unknown}"
    return f"{round(number):,} {noun if round(number) == 1 else (plural or noun + 's')}"


def given_in_hours(step):
    """A course or step whose length its source gives in hours of study (the build keeps its months at
    0.1 at most, about three days, whatever the hours)."""
    return step.get("duration_hours_max") is not None and (step.get("duration_months_max") or 0) <= 0.1


def given_short(step):
    """A course or step whose length its source gives in hours or in days, which months cannot say."""
    return given_in_hours(step) or step.get("duration_days_max") is not None


def days(low, high, unknown=UNKNOWN):
    """Days of training: '2 days', '1 day', '2 to 3 days' (a length given in days stays in days)."""
    return _amounts(low, high, "day", unknown)


def hours(low, high, unknown=UNKNOWN):
    """Hours of study: '2 to 4 hours', '3 hours', '1 hour' (a length given in hours stays in hours); under
    an hour, in minutes as sources give them: '45 minutes', '20 to 30 minutes'."""
    high_number = _known(high)
    if high_number is not None and high_number < 1:
        low_number = _known(low)
        return _amounts(None if low_number is None else round(low_number * 60), round(high_number * 60), "minute",
                        unknown)
    return _amounts(low, high, "hour", unknown)


def _amounts(low, high, noun, unknown):
    """low to high of a noun, one decimal at most, the noun agreeing with the higher: '2 to 4 hours'."""
    high_number, low_number = _known(high), _known(low)
    if high_number is None:
        return unknown
    text = _trim(high_number, 1)
    words = f"{text} {noun}" if text == "1" else f"{text} {noun}s"
    if low_number is None or _trim(low_number, 1) == text:
        return words
    return f"{_trim(low_number, 1)} to {words}"


def yes_no(value, unknown=UNKNOWN):
    """True/1 -> 'yes', False/0 -> 'no', None -> unknown."""
    if value is None or value == "":
        return unknown
    return "yes" if value in (True, 1, "1", "true", "yes") else "no"


def half_up(value, places=1):
    """value rounded half up (36.65 -> 36.7), as a planner rounds by hand."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
