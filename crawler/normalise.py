"""Normalisers: pure functions from the words pages and papers use to comparable values.

Shared by the build (reference data) and the spiders (crawled pages). Each returns None
when the text gives nothing it can read: unknown stays unknown.
"""
import re

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty-six": 36,
}
DAYS_PER_MONTH = 365.25 / 12
# Elapsed calendar time of each unit in months. A term is taken as three months.
MONTHS_PER_UNIT = {
    "half-day": 0.5 / DAYS_PER_MONTH,
    "day": 1 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH,
    "month": 1.0,
    "term": 3.0,
    "semester": 4.0,
    "year": 12.0,
}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNIT = r"(half[- ]days?|days?|weeks?|wks?|months?|mths?|terms?|semesters?|years?|yrs?)\b"
_RANGE_SEP = r"\s*(?:-|–|—|to|or)\s*"
_DURATION = re.compile(
    rf"\b{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?[\s-]*{_UNIT}", re.IGNORECASE
)
_HOURS = re.compile(rf"\b{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?\s*(?:hours?|hrs?)\b", re.IGNORECASE)
_UNIT_ALIASES = {"wk": "week", "mth": "month", "yr": "year"}


def _number(text):
    text = text.lower()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def _unit(text):
    unit = text.lower().replace(" ", "-").rstrip("s")
    return _UNIT_ALIASES.get(unit, unit)


def duration_months(text):
    """Duration words to (months_min, months_max), rounded to 0.1 month; None if unreadable.

    "2 years p/t" -> (24, 24); "2-4 years" -> (24, 48); "10 weeks" -> (2.3, 2.3);
    "MSc 36 months, PGDip 24 months, PGCert 12 months" -> (12, 36).
    Hours of learning ("about 2 to 4 hours") are not elapsed time: (None, None) is
    returned for them, which still counts as readable.
    """
    if not text or not text.strip():
        return None
    values = []
    for match in _DURATION.finditer(text.replace("\u00a0", " ")):
        low, high, unit = match.groups()
        factor = MONTHS_PER_UNIT[_unit(unit)]
        values.append(_number(low) * factor)
        if high:
            values.append(_number(high) * factor)
    if not values:
        if _HOURS.search(text):
            return (None, None)
        return None
    return (round(min(values), 1), round(max(values), 1))
