"""Normalisers: pure functions from the words pages and papers use to comparable values.

Shared by the build (reference data) and the spiders (crawled pages). Two kinds:

- the simple readers callers have always used, each returning None when the text gives
  nothing it can read (unknown stays unknown): `duration_months(text)` -> (min, max)
  months, `fee(text)` -> (amount, currency), `date_iso(text)` -> 'YYYY-MM[-DD]';
- the readings beside them, which keep what a page really says, one dict per statement
  (JSON-ready, so the store can keep them as they are):
  `durations(text)`, `fee_readings(text)` and `dates(text)` (see each for its keys).
  `start_date_iso(text)` is the start among `dates(text)`, never a deadline or a
  publication date.

Why this is long: it is one family of pure readers (durations, fees, dates, text, how a
course is taught: the `# ---` sections below) sharing the number, unit and award patterns,
and tests/test_faults_normalise.py fuzzes every public normaliser by reading this one
module; split it along those sections when that test can name several modules.
"""
import datetime
import re
import unicodedata

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
}
DAYS_PER_MONTH = 365.25 / 12
# Elapsed calendar time of each unit in months, as a range: a term is three to four
# months and a semester four to five (what UK universities mean by them), the others exact.
MONTHS_PER_UNIT = {
    "half-day": (0.5 / DAYS_PER_MONTH, 0.5 / DAYS_PER_MONTH),
    "day": (1 / DAYS_PER_MONTH, 1 / DAYS_PER_MONTH),
    "week": (7 / DAYS_PER_MONTH, 7 / DAYS_PER_MONTH),
    "month": (1.0, 1.0),
    "term": (3.0, 4.0),
    "semester": (4.0, 5.0),
    "year": (12.0, 12.0),
}
# Units that are time spent, not elapsed calendar time: kept in their own unit.
DAY_UNITS = {"day": 1.0, "half-day": 0.5}
# A number: digits (even straight after a label: "Duration12 weeks") or a number word.
_NUMBER = r"((?<![\d.,])\d+(?:\.\d+)?|\b(?:" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r"))"
_UNIT = r"(half[- ]days?|days?|weeks?|wks?|months?|mths?|terms?|semesters?|years?|yrs?)\b"
_RANGE_SEP = r"\s*(?:-|–|—|to|or)\s*"
# Words that may stand between a number and its unit: "4 calendar years", "3 academic terms".
_FILLER = r"(?:[\s-]+(?:calendar|academic|full[- ]time|part[- ]time|working|teaching|study|school|university|consecutive|"  \
          r"full|whole|separate|training|workshop))*"
_DURATION = re.compile(
    rf"{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?{_FILLER}[\s-]*{_UNIT}", re.IGNORECASE
)
_HOURS = re.compile(rf"{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?[\s-]*(?:hours?|hrs?)\b", re.IGNORECASE)
_PAUSE_AFTER = re.compile(r"^[\s-]*(?:(?:for|of)\s+)?(?:a\s+)?(?:break|lunch|interval|rest|pause|comfort break|tea|"
                          r"coffee|travel|walk|drive)\b", re.IGNORECASE)
# An e-learning session's length: "approximately 45 minutes", "20-30 mins": read as hours of study (45 minutes = 0.75)
_MINUTES = re.compile(rf"{_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?[\s-]*(?:minutes?|mins?)\b", re.IGNORECASE)
_HYPHENS = re.compile("[\u2010\u2011\u2012]")
# Words before "a month" / "a week" that make it a rate ("two days a week", "once a month").
_RATE_BEFORE = re.compile(r"\b(once|twice|times?|days?|evenings?|hours?|sessions?|visits?|seminars?)\s*$", re.IGNORECASE)
# "once a month for 18 months", "two hours a week", "per week": a rate, not a length.
_RATE_AFTER = re.compile(r"^\s*(?:a|per|each|every)\s+(?:day|week|month|term|year|fortnight)\b", re.IGNORECASE)
_UNIT_ALIASES = {"wk": "week", "mth": "month", "yr": "year"}
# What a duration is about, read from the words around it (see durations()).
_QUALIFIER = re.compile(r"\b(up to|a maximum of|maximum of|no more than|at least|a minimum of|minimum of|minimum|"
                        r"about|around|approximately|approx\.?|roughly|typically|usually|normally|over|more than)\s*$",
                        re.IGNORECASE)
_QUALIFIER_NAMES = {"a maximum of": "up to", "maximum of": "up to", "no more than": "up to", "a minimum of": "at least",
                    "minimum of": "at least", "minimum": "at least", "around": "about", "approximately": "about",
                    "approx": "about", "approx.": "about", "roughly": "about", "more than": "over"}
# A period that is part of the course or beside it, not its length: "allowing for one
# term in which to find a baby", "including a two-week placement", "of which 10 days".
_PART_CUE = re.compile(r"\b(allowing for|allow for|including|includes|of which|in which|plus)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;]\s|\n|•")
# Straplines and history ("over 100 years of expertise", "began more than 50 years ago"),
# and ages ("from birth to 3 months", "children 6 months to 6 years"): not course lengths.
_NOT_LENGTH_AFTER = re.compile(r"^[\s-]*(?:ago\b|old\b|olds\b|of (?:age|experience|expertise|history|heritage|excellence|"
                               r"research|teaching|tradition|service|practice|clinical experience|experience)\b)", re.IGNORECASE)
_NOT_LENGTH_BEFORE = re.compile(r"\b(birth to|born|aged?|ages|children|child|infants?|babies|baby|toddlers?|under|since)\s*(?:from\s*)?$",
                                re.IGNORECASE)
MAX_COURSE_MONTHS = 12 * 10   # no training in this field runs longer than ten years
_PATTERN = re.compile(r"^[\s,(]*(part[- ]?time|full[- ]?time|p/t|f/t)\b", re.IGNORECASE)
AWARDS = r"(MSc|MA|MRes|MPhil|DPsych|PhD|PG ?Dip(?:loma)?|PG ?Cert(?:ificate)?|Postgraduate Diploma|Postgraduate Certificate|" \
         r"Graduate Certificate|Diploma|Certificate|Doctorate|Pre-clinical training|Clinical training)"
_AWARD = re.compile(rf"\b{AWARDS}\b", re.IGNORECASE)
_AWARD_NAMES = {"pgdip": "PgDip", "pg dip": "PgDip", "pgdiploma": "PgDip", "pg diploma": "PgDip", "postgraduate diploma": "PgDip",
                "pgcert": "PgCert", "pg cert": "PgCert", "pgcertificate": "PgCert", "pg certificate": "PgCert",
                "postgraduate certificate": "PgCert", "msc": "MSc", "ma": "MA", "mres": "MRes", "mphil": "MPhil",
                "dpsych": "DPsych", "phd": "PhD", "pre-clinical training": "Pre-clinical training",
                "clinical training": "Clinical training", "doctorate": "Doctorate"}


def _number(text):
    text = text.lower()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def _unit(text):
    unit = text.lower().replace(" ", "-").rstrip("s")
    return _UNIT_ALIASES.get(unit, unit)


_HALF_A_DAY = re.compile(r"\b([Hh])alf a day\b")   # "half a day" is a half-day, not "a day" (same length)


def _prepare(text):
    text = _HYPHENS.sub("-", text.replace("\u00a0", " ").replace("\u202f", " "))
    return _HALF_A_DAY.sub(lambda m: ("A" if m.group(1) == "H" else "a") + " half-day", text)


def _award_name(text):
    return _AWARD_NAMES.get(text.lower(), text)


def durations(text):
    """Every length a text states, in order, one dict per statement.

    Keys: `text` (the words read), `unit` ('year', 'month', 'week', 'term', 'semester',
    'day', 'half-day', 'hour', or 'year+term' and the like for a compound length),
    `amount` [low, high] in that unit; `months` [low, high] of elapsed time (None for
    days, half-days and hours, which are time spent: see `days` / `hours`); `days`
    [low, high] for day and half-day units; `hours` [low, high] for hours;
    `award` (MSc, PgDip, PgCert... when the text gives a length per award, else None);
    `pattern` ('part-time' / 'full-time' when it follows the length); `qualifier`
    ('up to', 'at least', 'about', 'over', 'typically'...); `role`: 'course' (a length
    of the course), 'part' (a period inside or beside it: "allowing for one term in which
    to find a baby"), 'rate' ("once a month", "two hours a week"), 'not_length' (a
    strapline, a history or an age: "over 100 years of expertise", "birth to 3 months").

    "2 years and 2 terms" is one compound length: months [30, 32]. A term is 3 to 4
    months, a semester 4 to 5.
    """
    if not text or not text.strip():
        return []
    text = _prepare(text)
    found, starts = [], []
    last_end = 0
    for match in _DURATION.finditer(text):
        low, high, unit = match.groups()
        unit = _unit(unit)
        before = text[:match.start()]
        after = text[match.end():]
        if low.lower() in ("a", "an") and _RATE_BEFORE.search(before):
            last_end = match.end()
            continue  # "one teaching day a month" is a rate, not a duration
        amount = [_number(low), _number(high) if high else _number(low)]
        reading = _reading(match.group(0), unit, amount)
        reading.update(_context(text, before, after, match, last_end))
        # A compound length: "2 years and 2 terms", "1 year, 6 months": added together.
        if found and re.fullmatch(r"\s*(?:and|plus|,)\s*", text[last_end:match.start()]) and found[-1]["months"] \
                and reading["months"] and _smaller(unit, found[-1]["unit"].split("+")[-1]):
            prev = found[-1]
            prev["text"] = text[starts[-1]:match.end()]
            prev["unit"] = f"{prev['unit']}+{unit}"
            prev["amount"] = None
            prev["months"] = [round(prev["months"][0] + reading["months"][0], 1), round(prev["months"][1] + reading["months"][1], 1)]
            last_end = match.end()
            continue
        found.append(reading)
        starts.append(match.start())
        last_end = match.end()
    for match, per_hour in [(m, 1) for m in _HOURS.finditer(text)] + [(m, 60) for m in _MINUTES.finditer(text)]:
        if _PAUSE_AFTER.match(text[match.end():]):
            continue   # "a 20-minute break", "an hour for lunch": time not spent studying
        low, high = match.groups()
        amount = [round(_number(low) / per_hour, 2), round((_number(high) if high else _number(low)) / per_hour, 2)]
        reading = _reading(match.group(0), "hour", amount)
        reading.update(_context(text, text[:match.start()], text[match.end():], match, 0))
        if reading["role"] == "course":
            reading["role"] = "hours"
        found.append(reading)
        starts.append(match.start())
    return [r for _, r in sorted(zip(starts, found), key=lambda pair: pair[0])]


_UNIT_ORDER = ["hour", "half-day", "day", "week", "month", "term", "semester", "year"]


def _smaller(unit, than):
    return unit in _UNIT_ORDER and than in _UNIT_ORDER and _UNIT_ORDER.index(unit) < _UNIT_ORDER.index(than)


def _pattern_later_in_clause(after):
    """'full-time' or 'part-time' said a few words after a length, in the same clause and before
    any other length ("four-year doctoral-level clinical training based full-time"); None when
    the clause says neither or both."""
    clause = re.split(r"[.;:\n•(]|\bthen\b|\bfollowed by\b|\bafter\b|\bbefore\b", after, maxsplit=1,
                      flags=re.IGNORECASE)[0]
    other = _DURATION.search(clause)
    if other:
        clause = clause[:other.start()]
    if len(clause.split()) > 7:
        clause = " ".join(clause.split()[:7])
    said = {("part-time" if m.group(1).lower().startswith("p") else "full-time") for m in _FULL_PART.finditer(clause)}
    return said.pop() if len(said) == 1 else None


def _reading(words, unit, amount):
    reading = {"text": words.strip(), "unit": unit, "amount": amount, "months": None, "days": None, "hours": None,
               "award": None, "pattern": None, "qualifier": None, "role": "course"}
    if unit == "hour":
        reading["hours"] = amount
    elif unit in DAY_UNITS:
        reading["days"] = [a * DAY_UNITS[unit] for a in amount]
    else:
        low, high = MONTHS_PER_UNIT[unit]
        reading["months"] = [round(amount[0] * low, 1), round(amount[1] * high, 1)]
    return reading


def _context(text, before, after, match, last_end):
    """The award, pattern, qualifier and role of a length, from the words around it."""
    found = {}
    # The award (or stage) a length is for: a label opening its bullet or clause ("PgDip: 24
    # months", "Clinical training: ... four-year ..."), else an award just before it ("MSc 36 months").
    segment = re.split(r"[;\n•]", before[last_end:])[-1]
    label = re.match(rf"[\s,.]*{AWARDS}\s*[:\-–]", segment, re.IGNORECASE)
    window = before[max(last_end, len(before) - 60):]
    awards = list(_AWARD.finditer(window))
    if label:
        found["award"] = _award_name(label.group(1))
    elif awards:
        found["award"] = _award_name(awards[-1].group(1))
    pattern = _PATTERN.search(after)
    if pattern:
        found["pattern"] = "part-time" if pattern.group(1).lower().startswith("p") else "full-time"
    else:
        found["pattern"] = _pattern_later_in_clause(after)
    qualifier = _QUALIFIER.search(before[-30:])
    if qualifier:
        words = qualifier.group(1).lower()
        found["qualifier"] = _QUALIFIER_NAMES.get(words, words)
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    sentence = before[sentence_start:]
    months_high = None
    for unit_name, (_, high) in MONTHS_PER_UNIT.items():
        if match.group(0).lower().rstrip("s").endswith(unit_name.replace("-", " ")) or match.group(0).lower().rstrip("s").endswith(unit_name):
            months_high = _number(match.group(2) or match.group(1)) * high
    if _RATE_AFTER.search(after) or re.search(r"\b(once|twice|\d+ times)\s+a\s*$", before, re.IGNORECASE):
        found["role"] = "rate"
    elif _NOT_LENGTH_AFTER.search(after) or _NOT_LENGTH_BEFORE.search(before[-25:]) \
            or (months_high is not None and months_high > MAX_COURSE_MONTHS):
        found["role"] = "not_length"
    elif _PART_CUE.search(sentence) or re.match(r"^\s*(?:apart|between)\b", after, re.IGNORECASE):
        found["role"] = "part"   # ... or a gap: "two workshop days, two weeks apart"
    return found


def duration_months(text):
    """Duration words to (months_min, months_max), rounded to 0.1 month; None if unreadable.

    "2 years p/t" -> (24, 24); "2-4 years" -> (24, 48); "10 weeks" -> (2.3, 2.3);
    "MSc 36 months, PGDip 24 months, PGCert 12 months" -> (12, 36); "two terms" -> (6, 8);
    "2 years and 2 terms" -> (30, 32). Days and half-days count as elapsed months here
    ("2 days" -> (0.1, 0.1)); `durations()` keeps them as days. Periods beside the course
    ("allowing for one term in which to find a baby"), rates and straplines are not
    lengths. Hours of learning ("about 2 to 4 hours") are not elapsed time: (None, None)
    is returned for them, which still counts as readable.
    """
    if not text or not text.strip():
        return None
    readings = durations(text)
    values = []
    # Days beside a length of a month or more are contact days ("One year: ten study days").
    long_enough = any(r["role"] == "course" and r["months"] and r["months"][1] >= 1 for r in readings)
    for r in readings:
        if r["role"] != "course" or r["unit"] == "hour" or (long_enough and not r["months"]):
            continue
        if r["months"]:
            values.extend(r["months"])
        else:  # days and half-days, as elapsed months
            values.extend(_months_of_days(d) for d in r["days"])
    if not values:
        if readings:
            if any(r["unit"] == "hour" for r in readings) and not any(r["role"] == "not_length" for r in readings):
                return (None, None)
            parts = [r for r in readings if r["role"] in ("part", "rate") and (r["months"] or r["days"])]
            if parts:  # only periods inside the course were given: better than nothing
                return _duration_months_of(parts)
        return None
    return (round(min(values), 1), round(max(values), 1))


HOURS_PER_DAY = 7.5  # a working day of study (judgement: the NHS Agenda for Change 37.5-hour week over 5 days)


def study_hours(text):
    """Hours of study a text states for the course ("about 2 to 4 hours" -> (2, 4)); None if none."""
    values = [h for r in durations(text) if r["unit"] == "hour" and r["role"] in ("hours", "course") for h in r["hours"]]
    return (min(values), max(values)) if values else None


def study_days(text):
    """Days of training a text states where the course's whole length is given in days ("2-day
    introductory workshop" -> (2, 2), "four half-day sessions" -> (2, 2), "2 to 3 days" -> (2, 3));
    None when it states none, or also gives the course a length in weeks, months or years (the days
    are then contact days inside it: "One year: ten study days")."""
    readings = [r for r in durations(text) if r["role"] == "course"]
    if any(r["months"] for r in readings):
        return None
    values = [d for r in readings if r["unit"] in DAY_UNITS for d in r["days"]]
    return (min(values), max(values)) if values and max(values) > 0 else None   # "0 days" says no length


def _months_of_days(days):
    """Elapsed months for days of training: 0.1 at least (a day is not 0 months), as for hours."""
    return max(0.1, round(days / DAYS_PER_MONTH, 1)) if days > 0 else 0.0


def months_of_hours(hours):
    """Elapsed months for hours of study taken in working days, like days (0.1 at least); None
    for anything that is not a number of hours."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 <= hours < 1e6:
        return None
    return max(0.1, round(hours / HOURS_PER_DAY / DAYS_PER_MONTH, 1))


def _duration_months_of(readings):
    values = []
    for r in readings:
        values.extend(r["months"] or [_months_of_days(d) for d in r["days"]])
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
# A cost question answered "No" ("Is there a cost for this learning resource? : No").
_NO_ANSWER = re.compile(r"^\s*no\s*(?:$|[.,;:!–—-])", re.IGNORECASE)


def _labelled(pairs, prefix=""):
    """[(pattern, label)] compiled, case ignored, each pattern after `prefix`."""
    return [(re.compile(prefix + pattern, re.IGNORECASE), label) for pattern, label in pairs]


_EACH = r"(?:per|a|each)\s+"
# VAT said right after an amount: "£250 + VAT per module", "£400 (inc. VAT) per delegate", "£400 plus VAT". It
# is the amount's own (not a supplement), and what the amount is for may follow it.
_VAT_AFTER = re.compile(r"\s*\(?\s*(?:\+|plus|inc\.?|incl\.?|including|ex\.?|excl\.?|excluding)\s*VAT\b\s*\)?",
                        re.IGNORECASE)


def _after_vat(words):
    """The words after an amount without the VAT said first."""
    vat = _VAT_AFTER.match(words)
    return words[vat.end():] if vat else words
# What a fee is for, said just after the amount (perhaps in brackets): "£1,200 per module".
_BASIS = _labelled([
    (_EACH + r"(?:academic\s+)?(?:year|annum)\b|^\s*p\.?a\.?\b|^\s*(?:annually|yearly|each year)\b", "per year"),
    (r"per\s+(\d+)\s+credits?\b", "per {0} credits"),
    (r"per\s+credit\b", "per credit"),
    (_EACH + r"module\b", "per module"),
    (_EACH + r"(?:session|day|workshop|webinar)\b", "per session"),
    (_EACH + r"(?:participant|person|delegate|place|head|trainee|student)\b", "per participant"),
    (_EACH + r"term\b", "per term"),
    (_EACH + r"month\b", "per month"),
    (r"(?:in total|total|for the (?:whole |full |entire )?(?:course|programme|training))\b", "total"),
], prefix=r"^\s*(?:\(?\s*)?")
# ... or said just before it: "Total course fee: £3,000".
_BASIS_BEFORE = _labelled([
    (r"\b(?:total|whole course|full course)\b[^£€$\d]*$", "total"),
    (r"\b(?:annual|per year|per annum|each year|yearly)\b[^£€$\d]*$", "per year"),
    (r"\bper\s+(\d+)\s+credits?\b[^£€$\d]*$", "per {0} credits"),
    (r"\b(?:per|each)\s+module\b[^£€$\d]*$", "per module"),
    (r"\b(?:per|each)\s+(?:participant|person|delegate|place|head|trainee|student)\b[^£€$\d]*$", "per participant"),
])
_AUDIENCES = _labelled([
    (r"\b(overseas|international|non[- ]eu|rest of (?:the )?world)\b", "overseas"),
    (r"\bnhs\b", "NHS"),
    (r"\b(uk|home|home/eu|scottish|scotland|ruk|domestic)\b", "UK"),
    (r"\bself[- ]funded\b", "self-funded"),
    (r"\b(employer|organisation|organization)s?\b", "employer"),
])
# What an amount is, when it is not the course fee itself, said just around it. Side amounts
# (registration, membership, an application fee, a deposit, accommodation) and a discounted
# fee (what a group pays after a discount) are kept as their own readings, never the course fee.
_KINDS = _labelled([
    (r"\bregistration\b", "registration fee"),
    (r"\bmembership\b|\bsubscriptions?\b", "membership"),
    (r"\bapplication (?:fee|charge)\b|\bapplication\b[^£€$\d]{0,12}$", "application fee"),
    (r"\bdeposit\b", "deposit"),
    (r"\baccommodation\b|\bresidential\b|\blodging\b", "accommodation"),
    (r"\b(after (?:a |the )?(?:\w+ )?discount|discounted|reduced (?:fee|rate|price)|concession(?:ary|s)?)\b", "discounted fee"),
    (r"\b(discount|reduction|bursary|scholarship|saving)\b", "discount"),
    (r"\b(supplement|additional|extra|bench fee|plus)\b", "supplement"),
])
# Kinds that are a price someone pays for the course (as against an amount beside it).
FEE_KINDS = ("fee", "free")
_ACADEMIC_YEAR = re.compile(r"\b(20\d\d)\s*(?:/|-|–|to)\s*(20)?(\d\d)\b")
_SEGMENT_BREAK = re.compile(r"[;\n•|]|\.\s")


def _amount(digits, thousands):
    value = float(re.sub(r"[,\u202f\u00a0 ]", "", digits))
    return value * 1000 if thousands else value


def _academic_year(text):
    m = None
    for m in _ACADEMIC_YEAR.finditer(text):
        pass
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(3))
    return f"{start}/{end:02d}" if (start + 1) % 100 == end else None


def _money(text):
    text = text.replace("\u00a0", " ")
    for m in _FEE.finditer(text):
        if m.group("sym"):
            yield m, _amount(m.group("a1"), m.group("k1")), CURRENCY_SYMBOLS[m.group("sym")]
        elif m.group("code"):
            yield m, _amount(m.group("a2"), m.group("k2")), CURRENCY_CODES[m.group("code").lower()]
        else:
            yield m, _amount(m.group("a3"), m.group("k3")), CURRENCY_CODES[m.group("code2").lower()]


def fees(text):
    """Every money amount in a fee text, in order: [(amount, currency), ...].

    "UK: £6,215; Overseas: £36,500" -> [(6215.0, 'GBP'), (36500.0, 'GBP')];
    "about GBP 400" -> [(400.0, 'GBP')]; "€1.5k" -> [(1500.0, 'EUR')]. Bare numbers
    without a currency are not fees (they are years, credits, hours...).
    `fee_readings()` says what each amount is for.
    """
    if not text:
        return []
    return [(amount, currency) for _, amount, currency in _money(text)]


def fee_readings(text):
    """What a fee text says, one dict per amount, in order.

    Keys: `amount` (a number; 0.0 for "free", "no cost", or "No" answering a cost
    question; the low end of a range), `amount_max` (the high end of a range such as
    "£375 – £475", else None: a range is never read as one amount), `currency` ('GBP'... or None when unstated), `basis` ('total', 'per year',
    'per 20 credits', 'per credit', 'per module', 'per session', 'per participant',
    'per term', 'per month', or None when the page does not say), `year` (the academic
    year it is for, '2025/26', or None), `audience` ('UK', 'overseas', 'NHS',
    'self-funded', 'employer', or None), `award` (MSc, PgDip... when a fee is given per
    award, matched by the award named beside the amount, before it or just after it:
    "£15,000 (MSc), £10,000 (PgDip)"), `kind` ('fee', 'free', or what else the amount is:
    'registration fee', 'membership', 'application fee', 'deposit', 'accommodation',
    'discounted fee' (what a group pays after a discount), 'discount' (an amount off),
    'supplement'), `text` (the words read).

    "UK tuition fees (2025/26) £6,215" -> amount 6215, year '2025/26', audience 'UK';
    "£1,000 per 20 credits" -> basis 'per 20 credits'.
    """
    if not text or not text.strip():
        return []
    text = text.replace("\u00a0", " ")
    money = list(_money(text))
    readings = []
    whole_year = _academic_year(text) if len({m.group(0) for m in _ACADEMIC_YEAR.finditer(text)}) == 1 else None
    says_total = re.search(r"\(\s*total\s*\)|\btotal fees?\b|\bfees? \(total\)", text, re.IGNORECASE)
    claimed = 0   # how far the previous amount's own words ("(MSc)", "Home Fees") reach
    i = 0
    while i < len(money):
        m, amount, currency = money[i]
        before, label, after_clause = _words_around(text, money, i, claimed)
        # A range: "£375 – £475", "£375 to £475", "between £375 and £475": one reading, kept as a range.
        high = None
        if i + 1 < len(money) and money[i + 1][2] == currency and money[i + 1][1] > amount and (
                re.fullmatch(r"\s*(?:-|–|—|to)\s*", text[m.end():money[i + 1][0].start()])
                or (re.fullmatch(r"\s*and\s*", text[m.end():money[i + 1][0].start()])
                    and re.search(r"\bbetween\s*$", label, re.IGNORECASE))):
            high = money[i + 1][1]
            m_end = money[i + 1][0].end()
            i += 1
            after_clause = _words_around(text, money, i, claimed)[2]
        else:
            m_end = m.end()
        own = _own_words(text, m_end, money[i + 1][0].start() if i + 1 < len(money) else len(text))
        reading = {"amount": amount, "amount_max": high, "currency": currency,
                   "basis": _basis(label, own, says_total),
                   "year": _academic_year(label + " " + after_clause) or whole_year,
                   "audience": _audience(label, own), "award": None, "kind": _kind(label, own),
                   "text": _balanced(label[-40:] + text[m.start():m_end] + own)}
        award_after = re.match(rf"[\s(]*(?:for (?:the |an? )?)?{AWARDS}\b", own, re.IGNORECASE)
        award = list(_AWARD.finditer(label))
        if award_after:
            reading["award"] = _award_name(award_after.group(1))
        elif len(award) > 1 and re.fullmatch(rf"(?:[\s,/&]|and|{AWARDS})+", label[award[0].start():award[-1].end()],
                                             re.IGNORECASE):
            # "MSc / PgDip / PgCert: £15,000 / £10,000 / £5,000": the label names the awards in the
            # order of the amounts that follow it; matched to them below, or to none.
            reading["award"] = None
            reading["_awards"] = [_award_name(a.group(1)) for a in award]
        elif award:
            reading["award"] = _award_name(award[-1].group(1))
        # "NHS-funded students: £11,130 / £7,420 / £3,710": one label for the whole list.
        if readings and re.fullmatch(r"\s*(?:/|,|or|and|&)?\s*", label):
            for key in ("audience", "year", "kind"):
                reading[key] = reading[key] if reading[key] not in (None, "fee") else readings[-1][key]
        readings.append(reading)
        claimed = m_end + len(own)
        i += 1
    for n, reading in enumerate(readings):
        names = reading.pop("_awards", None)
        following = readings[n:n + len(names)] if names else []
        if names and len(following) == len(names) and all(r["award"] is None for r in following):
            for r, name in zip(following, names):
                r["award"] = name
    if not readings:
        stripped = text.strip()
        if (_FREE.search(stripped) and not _NOT_FREE.search(stripped)) or _NO_ANSWER.match(stripped):
            readings.append({"amount": 0.0, "amount_max": None, "currency": None, "basis": None, "year": _academic_year(text), "audience": None,
                             "award": None, "kind": "free", "text": stripped[:80]})
    return readings


def _words_around(text, money, i, claimed=0):
    """(the text since the amount before, the label of amount i, the clause after it).

    `claimed`: where the words the amount before owns end ("£15,000 (MSc), £10,000 (PgDip)":
    "(MSc)" is the first amount's, never the label of the second)."""
    m = money[i][0]
    prev_end = max(money[i - 1][0].end() if i else 0, min(claimed, m.start()))
    next_start = money[i + 1][0].start() if i + 1 < len(money) else len(text)
    before = text[prev_end:m.start()]
    segment_start = max((b.end() for b in _SEGMENT_BREAK.finditer(before)), default=0)
    label = before[segment_start:] if i else before
    label = re.sub(r"^[\s,;/&]+", " ", label) if i else label
    after_clause = _SEGMENT_BREAK.split(text[m.end():next_start], maxsplit=1)[0][:60]
    return before, label, after_clause


def _balanced(words):
    """Words without a bracket left open or closed at either end ("£1,200 (" -> "£1,200")."""
    words = words.strip()
    if words.count("(") > words.count(")"):
        words = words.rstrip(" (").strip()
        if words.count("(") > words.count(")") and words.startswith("("):
            words = words[1:].strip()
    if words.count(")") > words.count("("):
        words = words.rstrip(")").strip() if words.endswith(")") else words.lstrip(")").strip()
    return words


def _own_words(text, start, end):
    """The words right after an amount that are its own: up to a comma, a semicolon, a bar, a
    slash between words, "and", a new sentence or the next amount ("£5,210 Home Fees",
    "£15,000 (MSc)", "£1,000 per 20 credits")."""
    tail = text[start:end]
    vat = _VAT_AFTER.match(tail)   # "£250 + VAT per module": the VAT is the amount's own, and what follows it
    skip = vat.end() if vat else 0
    # ... or the next "Label:" ("UK: £6,400 International: £36,500": "International" is the next amount's)
    cut = re.search(r"[,;|•\n+]|\.\s|(?<!\d)/(?!\d)|(?:^|\s)(?:and|or|plus|with)\s|(?:^|\s)[-–—]\s|"
                    r"(?:^|\s)[A-Z][\w()/-]*(?: [\w()/-]+){0,4}\s*:", tail[skip:])
    return tail[:skip + cut.start()] if cut else tail[:skip + 60]



def _basis(label, after_clause, says_total):
    """What an amount is for: said after it, else before it, else 'total' where the text calls its fees totals."""
    after_clause = _after_vat(after_clause)
    for pattern, name in _BASIS:
        found = pattern.search(after_clause)
        if found:
            return name.format(*found.groups())
    for pattern, name in _BASIS_BEFORE:
        found = pattern.search(label)
        if found:
            return name.format(*found.groups())
    return "total" if says_total else None


def _audience(label, after_clause):
    """Who an amount is for (UK, overseas, NHS...), said before it or just after; None when not said."""
    return next((name for pattern, name in _AUDIENCES if pattern.search(label) or pattern.search(after_clause[:25])),
                None)


def _kind(label, after_clause):
    """'fee', or what else the amount is, said just around it: a registration fee, membership,
    an application fee, a deposit, accommodation, a discounted fee, a discount or a
    supplement ('+' just before an amount marks a supplement)."""
    after_clause = _after_vat(after_clause)   # "£400 plus VAT" is the amount with its tax, not a supplement
    for pattern, name in _KINDS:
        if pattern.search(label[-40:]) or pattern.search(after_clause[:30]):
            return name
    if re.match(r"^\s*[+]", label[-3:]):
        return "supplement"
    return "fee"


# How a course fee is chosen among a page's amounts, best first: a fee (not a
# supplement, deposit or discount), for UK / home students or anyone, for the whole
# course or a year. A per-credit or per-module price is a price, not the course fee.
_AUDIENCE_RANK = {None: 0, "UK": 0, "self-funded": 1, "employer": 2}
_BASIS_RANK = {None: 0, "total": 0, "per year": 0, "per participant": 0, "per session": 1, "per term": 1, "per month": 1}


def _course_fee(readings):
    """The reading that is the course fee, or None (see fee()): never a range, an overseas or
    NHS fee, a discounted fee or a side amount."""
    candidates = [r for r in readings if r["kind"] in FEE_KINDS and r["basis"] in _BASIS_RANK
                  and r["audience"] in _AUDIENCE_RANK and not r.get("amount_max")]
    if not candidates:
        return None
    if len({r["award"] for r in candidates if r["award"]}) > 1 and len({r["amount"] for r in candidates}) > 1:
        return None   # one fee per award ("MSc: £15,000; PgDip: £10,000"): each is kept, none is "the" fee
    return min(candidates, key=lambda r: (_AUDIENCE_RANK[r["audience"]], _BASIS_RANK[r["basis"]]))


def course_fee_reading(text):
    """The reading (a dict of fee_readings()) that is the course fee of a fee text, or None."""
    if not text or not text.strip():
        return None
    return _course_fee(fee_readings(text))


def fee(text):
    """A fee text to (amount, currency) for the course fee; None if unreadable.

    The course fee is the UK / home fee for the course (or a year) that the page leads
    with: a supplement, a deposit, a discount, an overseas fee beside a home fee, or a
    price per credit or per module never wins. "Free", "no cost", or "No" answering a
    cost question is a real amount: (0.0, None), currency unstated. "Fully funded" is
    funding, not a fee: None. Unknown is never 0.
    """
    if not text or not text.strip():
        return None
    chosen = _course_fee(fee_readings(text))
    return (chosen["amount"], chosen["currency"]) if chosen else None


# --- dates ----------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?"
# "Module 3, 12 March 2027" is module 3 on 12 March, not 3 March: a number after these words is not a day
_NOT_A_NUMBERED_THING = "".join(rf"(?<!\b{re.escape(word)} )" for word in (
    "module", "cohort", "unit", "week", "level", "group", "stage", "part", "year", "day", "session", "term",
    "semester", "no.", "number", "room", "block", "phase", "step", "intake", "seminar", "workshop", "lecture"))
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?,?\s+)?"
_DATE_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    # days sharing one month, a list or a range: "3, 10 and 17 March 2027", "3-5 March 2027", "Mon 3, Tue 4 March
    # 2027": the first day is the date (a course's start), never the last
    # a range or list over two months, the year said once: "28 February - 3 March 2027" starts on 28 February
    # 2027, "28 December to 3 January 2027" on 28 December 2026
    ("dm_dmy", re.compile(rf"{_NOT_A_NUMBERED_THING}{_ORDINAL}\s+(?:of\s+)?{_MONTH}\s*(?:,|and|&|-|\u2013|\u2014|to|until)\s*"
                          rf"{_WEEKDAY}(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("dmy_days", re.compile(rf"{_NOT_A_NUMBERED_THING}{_ORDINAL}(?:\s*(?:,|and|&|-|\u2013|\u2014|to)\s*{_WEEKDAY}(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?)+"
                            rf"\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_ORDINAL},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("numeric", re.compile(r"(?<![\d.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("iso_month", re.compile(r"\b(\d{4})-(\d{2})\b(?!-)")),
]
# What a date is, from the words just before it (or, for "for January 2021 start", after).
_DATE_ROLES_BEFORE = [
    (re.compile(r"\b(deadline|closing date|closes?|apply by|apply before|applications? (?:must be )?(?:received|submitted) by|"
                r"no later than|by)\b[^.;]{0,40}$", re.IGNORECASE), "deadline"),
    (re.compile(r"\bapplications?\s+(?:will\s+)?(?:open|opens|opening)\b[^.;]{0,20}$", re.IGNORECASE), "applications open"),
    (re.compile(r"\b(date posted|posted|published|updated|last updated|news)\b[^.;]{0,15}$", re.IGNORECASE), "published"),
    (re.compile(r"\b(finish(?:es)?|ends?|ending|until|completes?)\b[^.;]{0,25}$", re.IGNORECASE), "end"),
    (re.compile(r"\b(start(?:s|ing)?|start dates?|intake|cohort|commenc\w*|begins?|beginning|entry|programme starts|"
                r"course starts?|from)\b[^.;]{0,40}$", re.IGNORECASE), "start"),
    (re.compile(r"\b(date|dates|on|held)\s*:?\s*(?:\w+day\s*)?$", re.IGNORECASE), "event"),
]
_DATE_ROLE_AFTER = re.compile(r"^\s*(start|starts|intake|entry|cohort)\b", re.IGNORECASE)


def _valid(year, month, day=None):
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return False
    return 1900 <= year <= 2200


def _all_dates(text):
    """[(start, end, iso)] of every date in a text, fullest reading per position."""
    text = text.replace("\u00a0", " ")
    found = {}
    impossible = []  # spans of dates that do not exist ("31 February 2026"): no part of them is read
    taken = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            g = m.groups()
            if kind == "iso":
                year, month, day = int(g[0]), int(g[1]), int(g[2])
            elif kind == "dm_dmy":
                day, month, year = int(g[0]), MONTHS[g[1].lower()], int(g[3])
                year -= MONTHS[g[1].lower()] > MONTHS[g[2].lower()]   # the range crosses a new year
            elif kind in ("dmy", "dmy_days"):
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
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue  # part of a fuller date already read ("19 January 2026" holds "January 2026")
            taken.append(m.span())
            found[m.start()] = (m.start(), m.end(), f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))
    return [found[k] for k in sorted(found)]


def date_iso(text):
    """The first date in a text, in ISO form: 'YYYY-MM-DD', or 'YYYY-MM' when only a month
    is given ("January 2026" -> '2026-01'); None if there is none.

    Numeric dates are read the UK way, day first ("19/01/2026" -> '2026-01-19').
    Seasons, terms and semesters ("Spring 2026", "Semester 1") are not dates: None.
    `dates()` says what each date is (a start, a deadline, a publication date...).
    """
    if not text:
        return None
    found = _all_dates(text)
    return found[0][2] if found else None


def dates(text):
    """Every date in a text, in order: [{'date': iso, 'role': ..., 'text': words}].

    `role` is 'start' (a start or intake), 'deadline', 'applications open', 'published',
    'end', 'event' (a "Date:" of an event or page) or None when the words do not say.
    "deadline for applications: 31st August 2020 for January 2021 start" ->
    deadline 2020-08-31, start 2021-01.
    """
    if not text:
        return []
    text = text.replace("\u00a0", " ")
    readings = []
    prev_end = 0
    for start, end, iso in _all_dates(text):
        before = text[prev_end:start]
        role = None
        if _DATE_ROLE_AFTER.search(text[end:end + 20]):
            role = "start"
        else:
            for pattern, name in _DATE_ROLES_BEFORE:
                if pattern.search(before[-60:]):
                    role = name
                    break
        readings.append({"date": iso, "role": role, "text": text[max(prev_end, start - 40):end].strip()})
        prev_end = end
    return readings


def start_date_iso(text):
    """The start or intake date a text gives, in ISO form; None if it gives none.

    A date marked as a start wins; otherwise the first date that is not a deadline, an
    opening of applications, a publication date or an end. "Date 16.06.2023" on its own
    is an event or page date, taken only when nothing says otherwise.
    """
    readings = dates(text)
    for r in readings:
        if r["role"] == "start":
            return r["date"]
    for r in readings:
        if r["role"] in (None, "event"):
            return r["date"]
    return None


# C0 controls but tab, newline and carriage return; DEL and the C1 controls; non-characters;
# and the bidirectional controls (embeddings, overrides, isolates, marks), which can make a
# title read backwards on a page or in a terminal ("Trojan Source").
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
                      "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def normal_text(text):
    """Text as every way in stores it (crawl, review, reference data): Unicode NFC (so "café"
    typed two ways is one value), without control or bidirectional-override characters."""
    if text is None:
        return None
    return UNWANTED.sub("", unicodedata.normalize("NFC", text))


def unwanted_characters(text):
    """The control or bidirectional characters in text, as U+XXXX names (empty: none)."""
    return sorted({f"U+{ord(c):04X}" for c in UNWANTED.findall(text or "")})


def clean_text(text):
    """Collapse whitespace (including non-breaking and zero-width spaces) to single spaces."""
    if text is None:
        return None
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split()) or None


# --- how a course is taught ---------------------------------------------------------------

_HYBRID = re.compile(r"\b(hybrid|blended|mix of online and in[- ]person|mix of in[- ]person and online)\b", re.IGNORECASE)
_ONLINE = re.compile(r"\b(online|on-line|distance learning|e-?learning|elearning|virtual(?:ly)?|remote(?:ly)?|zoom|turas)\b",
                     re.IGNORECASE)
_IN_PERSON = re.compile(r"\b(in[- ]person|face[- ]to[- ]face|on campus|on-campus|classroom|on site|on-site)\b", re.IGNORECASE)
_FULL_PART = re.compile(r"\b(full[- ]?time|part[- ]?time|p/t|f/t)\b", re.IGNORECASE)


def study_mode(text):
    """How a course is taught, from its words: 'online', 'in person', 'hybrid',
    'in person or online', or None when the text does not say.

    "This course will be taught online." -> 'online'; "Three days in person training." ->
    'in person'; "a 2-day in-person or online training" -> 'in person or online';
    "delivered in a hybrid format with a mix of online and in-person study" -> 'hybrid'.
    A bare "Yes" or "Full time" says nothing about it: None.
    """
    if not text:
        return None
    text = _prepare(text)
    if _HYBRID.search(text):
        return "hybrid"
    online, in_person = _ONLINE.search(text), _IN_PERSON.search(text)
    if online and in_person:
        return "in person or online"
    if online:
        return "online"
    if in_person:
        return "in person"
    return None


def study_pattern(text):
    """'full-time' or 'part-time' when the words say which (not both); else None."""
    found = {("part-time" if m.group(1).lower().startswith("p") else "full-time") for m in _FULL_PART.finditer(_prepare(text or ""))}
    return found.pop() if len(found) == 1 else None
