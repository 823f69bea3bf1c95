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
_HYPHENS = re.compile("[\u2010\u2011\u2012]")
# Words before "a month" / "a week" that make it a rate ("two days a week", "once a month").
_RATE_BEFORE = re.compile(r"\b(once|twice|times?|days?|evenings?|hours?|sessions?|visits?|seminars?)\s*$", re.IGNORECASE)
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
    text = _HYPHENS.sub("-", text.replace("\u00a0", " "))
    for match in _DURATION.finditer(text):
        low, high, unit = match.groups()
        if low.lower() in ("a", "an") and _RATE_BEFORE.search(text[:match.start()]):
            continue  # "one teaching day a month" is a rate, not a duration
        factor = MONTHS_PER_UNIT[_unit(unit)]
        values.append(_number(low) * factor)
        if high:
            values.append(_number(high) * factor)
    if not values:
        if _HOURS.search(text):
            return (None, None)
        return None
    return (round(min(values), 1), round(max(values), 1))


# --- fees -----------------------------------------------------------------------------

CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD"}
CURRENCY_CODES = {"gbp": "GBP", "eur": "EUR", "usd": "USD", "pounds": "GBP", "pound": "GBP", "euros": "EUR", "dollars": "USD"}
_AMOUNT = r"(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(k\b)?"
_FEE = re.compile(
    rf"(?:(?P<sym>[£€$])\s*{_AMOUNT.replace('(', '(?P<a1>', 1).replace('(k', '(?P<k1>k', 1)}"
    rf"|\b(?P<code>gbp|eur|usd)\s*{_AMOUNT.replace('(', '(?P<a2>', 1).replace('(k', '(?P<k2>k', 1)}"
    rf"|{_AMOUNT.replace('(', '(?P<a3>', 1).replace('(k', '(?P<k3>k', 1)}\s*(?P<code2>gbp|eur|usd|pounds?|euros|dollars)\b)",
    re.IGNORECASE,
)
_FREE = re.compile(r"\b(free of charge|free|no cost|no charge|at no cost)\b", re.IGNORECASE)
_NOT_FREE = re.compile(r"\b(not free|free[- ]text|freedom|feel free|fee-free period)\b", re.IGNORECASE)


def _amount(digits, thousands):
    value = float(re.sub(r"[,\u202f\u00a0 ]", "", digits))
    return value * 1000 if thousands else value


def fees(text):
    """Every money amount in a fee text, in order: [(amount, currency), ...].

    "UK: £6,215; Overseas: £36,500" -> [(6215.0, 'GBP'), (36500.0, 'GBP')];
    "about GBP 400" -> [(400.0, 'GBP')]; "€1.5k" -> [(1500.0, 'EUR')]. Bare numbers
    without a currency are not fees (they are years, credits, hours...).
    """
    if not text:
        return []
    found = []
    for m in _FEE.finditer(text.replace("\u00a0", " ")):
        if m.group("sym"):
            found.append((_amount(m.group("a1"), m.group("k1")), CURRENCY_SYMBOLS[m.group("sym")]))
        elif m.group("code"):
            found.append((_amount(m.group("a2"), m.group("k2")), CURRENCY_CODES[m.group("code").lower()]))
        else:
            found.append((_amount(m.group("a3"), m.group("k3")), CURRENCY_CODES[m.group("code2").lower()]))
    return found


def fee(text):
    """A fee text to (amount, currency) for the first amount given; None if unreadable.

    The first amount is the one a page leads with (usually the UK/home fee).
    "Free" (and "no cost") is a real amount: (0.0, None), currency unstated.
    "Fully funded" is funding, not a fee: None. Unknown is never 0.
    """
    if not text or not text.strip():
        return None
    amounts = fees(text)
    if amounts:
        return amounts[0]
    if _FREE.search(text) and not _NOT_FREE.search(text):
        return (0.0, None)
    return None


# --- dates ----------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("dmy", re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_ORDINAL},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("numeric", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("iso_month", re.compile(r"\b(\d{4})-(\d{2})\b(?!-)")),
]


def _valid(year, month, day=None):
    import datetime

    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return False
    return 1900 <= year <= 2200


def date_iso(text):
    """The first date in a text, in ISO form: 'YYYY-MM-DD', or 'YYYY-MM' when only a month
    is given ("January 2026" -> '2026-01'); None if there is none.

    Numeric dates are read the UK way, day first ("19/01/2026" -> '2026-01-19').
    Seasons, terms and semesters ("Spring 2026", "Semester 1") are not dates: None.
    """
    if not text:
        return None
    text = text.replace("\u00a0", " ")
    best = None
    impossible = []  # spans of dates that do not exist ("31 February 2026"): no part of them is read
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            g = m.groups()
            if kind == "iso":
                year, month, day = int(g[0]), int(g[1]), int(g[2])
            elif kind == "dmy":
                day, month, year = int(g[0]), MONTHS[g[1].lower()], int(g[2])
            elif kind == "mdy":
                month, day, year = MONTHS[g[0].lower()], int(g[1]), int(g[2])
            elif kind == "numeric":
                day, month, year = int(g[0]), int(g[1]), int(g[2])
            elif kind == "my":
                month, day, year = MONTHS[g[0].lower()], None, int(g[1])
            else:
                year, month, day = int(g[0]), int(g[1]), None
            if any(a <= m.start() < b for a, b in impossible):
                continue
            if not _valid(year, month, day):
                impossible.append(m.span())
                continue
            value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
            # Earliest position in the text wins; at the same position the fuller date wins.
            key = (m.start(), -len(value))
            if best is None or key < best[0]:
                best = (key, value)
            break
    return best[1] if best else None


def clean_text(text):
    """Collapse whitespace (including non-breaking and zero-width spaces) to single spaces."""
    if text is None:
        return None
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split()) or None
