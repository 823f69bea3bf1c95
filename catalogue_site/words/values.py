"""Numbers, codes, durations and dates in plain words: one value in, the words a reader gets out.

Numbers and unknowns are written by recommender/output/formatting.py (shared with the CSV exports and the
CLI tables), so a fee, a count or an unknown reads the same everywhere. Nothing here changes a value:
it only chooses how a value is shown. Unknown (NULL) is always formatting.UNKNOWN ("not known"),
never 0, "-" or another phrase. CODE_WORDS and COLUMN_LABELS say what a stored code and a column are
called; citations.py writes the sources prose cites, cells.py applies all of it to pages and
spreadsheets.
"""
import re
from datetime import datetime

from markupsafe import Markup, escape

from recommender.output import formatting
from recommender.output.formatting import UNKNOWN

CODE_WORDS = {  # codes stored in the catalogue, as a reader says them
    "fully_funded": "Fully funded",
    "salaried_post": "Salaried post (paid while training)",
    "self_funded": "Self-funded",
    "fee_paying": "Fee-paying",
    "free": "Free",
    "unknown": UNKNOWN,
    "eligible": "Eligible",
    "eligible_if": "Eligible if",
    "not_eligible": "Not eligible",
    "stored_copy": "Stored page copy",
    "paper_figure": "Paper's figure",
}
COLUMN_LABELS = {
    "builds_towards": "Builds towards", "title": "Course", "provider": "Provider", "kind": "Kind",
    "expects_level": "Expects on entry", "duration_text": "How long", "funding": "Funding",
    "level_reason": "Why this level", "cost_in_source_words": "Cost, in the source's words",
    "fee_gbp": "Fee (£)", "aimh_level_target": "Builds towards", "mode": "Mode",
    "study_pattern": "Pattern", "unknown_count": "How many not known", "unknown_facts": "Not known yet",
    "ask_at": "Ask at", "matched": "Where the words are", "url": "Provider's page",
    "changed_at": "When", "field": "Fact", "old_value": "Was", "new_value": "Now",
    "page_fetched": "Page fetched", "profession": "Profession", "source_words": "Who can take it (source's words)",
    "also_needs": "Also needs", "source_id": "Source", "verdict": "Verdict",
    "duration": "Length", "duration_months_min": "Shortest (months)", "duration_months_max": "Longest (months)",
    "funded": "Funded?", "who_for": "Who it is for", "leads_to": "Leads to", "name": "Name",
    "usual_stage": "Usual career stage", "usual_registration": "Usual register",
    "professional_qualification": "A professional qualification?", "usual_degree": "Usual degree",
    "basis": "Why", "section": "Section", "level_reason": "Why this level", "description": "What it means",
    "who": "Who works at this level", "level": "Level", "course": "Course", "route": "Route",
    "value": "What the source says", "shown": "Shown?", "why": "Why this one is shown", "source": "Source",
    "requirement": "What is required", "when_missing": "If it is not met", "if_unmet": "Then the verdict is",
    "applies_to": "Course or route", "source_words": "Who can take it (source's words)",
    "funding_in_source_words": "Funding, in the source's words", "course_or_route": "Course or route",
    "link_status": "Page's state", "http_status": "Last answer (HTTP)", "consecutive_failures": "Failures in a row",
    "last_checked": "Last visited", "last_ok": "Last answered", "last_outcome": "Last visit", "fields_known": "Facts read",
    "changes_recorded": "Changes recorded", "site": "Site", "started": "Started", "finished": "Finished",
    "term": "Word", "same_as": "Means the same", "kinds_of_it": "Kinds of it",
    "pages": "Pages fetched", "facts_read": "Facts read", "pages_failed": "Pages failed", "outcome": "Outcome",
}

# How long things take, for ordering "as the source says it": elapsed days per unit.
DAYS = {"hour": 1 / 24, "half-day": 0.5, "day": 1, "week": 7, "month": 365.25 / 12, "term": 365.25 / 4,
        "semester": 365.25 / 3, "year": 365.25}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
                "twenty-four": 24, "thirty-six": 36}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
_SPAN = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:-|–|—|to|or)\s*{_NUMBER})?[\s-]*"
    r"(half[- ]days?|hours?|hrs?|days?|weeks?|months?|terms?|semesters?|years?|yrs?)\b", re.IGNORECASE)
_UNIT_NAMES = {"hr": "hour", "yr": "year"}


def _unit(word):
    word = word.lower().replace(" ", "-").rstrip("s")
    return _UNIT_NAMES.get(word, word)


def _number(word):
    word = word.lower()
    return float(NUMBER_WORDS.get(word, 0) or word)


def duration_days(text):
    """(shortest, longest) in days from the source's words, or None: for ordering only.

    Hours count as hours (so "about 2 to 4 hours" comes before "2-day introductory workshop");
    where a text gives days, weeks, months or years beside hours, those say how long it takes.
    """
    if not text:
        return None
    found, hours = [], []
    for match in _SPAN.finditer(str(text)):
        low, high, unit = match.groups()
        unit = _unit(unit)
        if low.lower() in ("a", "an") and re.search(r"\b(once|twice|times?|days?|evenings?|hours?|sessions?)\s*$",
                                                     str(text)[:match.start()], re.IGNORECASE):
            continue  # "one day a month" is a rate
        values = [_number(low) * DAYS[unit]] + ([_number(high) * DAYS[unit]] if high else [])
        (hours if unit == "hour" else found).extend(values)
    values = found or hours
    return (min(values), max(values)) if values else None


def _number_shown(value, unknown, show):
    """show(the value as a number); unknown for NULL; a value that is not a number as it is."""
    if value is None or value == "":
        return unknown
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return show(number)


def money(value, unknown=UNKNOWN):
    """£6,215 for whole pounds, £266,336.39 otherwise; not known for NULL (formatting.money)."""
    return _number_shown(value, unknown, lambda n: formatting.money(n, unknown))


def money_m(value, unknown=UNKNOWN):
    """£332.3m."""
    if value is None or value == "":
        return unknown
    return f"\u00a3{float(value) / 1e6:,.1f}m"


def count(value, unknown=UNKNOWN):
    """6,215 for a whole number, 2.5 otherwise; not known for NULL (formatting.one_decimal)."""
    return _number_shown(value, unknown, lambda n: formatting.one_decimal(n, unknown))


def words(code):
    """A stored code as words: fully_funded -> Fully funded; intervention_training -> Intervention training."""
    if code is None or code == "":
        return UNKNOWN
    text = str(code)
    if text in CODE_WORDS:
        return CODE_WORDS[text]
    if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text):
        text = text.replace("_", " ")
        return text[0].upper() + text[1:]
    return text


def level_words(level):
    if level is None or level == "":
        return UNKNOWN
    try:
        return f"AiMH level {int(float(level))}"
    except (TypeError, ValueError):
        return str(level)


def months_words(months):
    """A number of months as people say it: 2 weeks, 7 months, 1 year, 18 months, 4 years."""
    if months is None:
        return None
    months = float(months)
    if months < 0.95:
        days = months * 365.25 / 12
        if days >= 13:
            return f"{round(days / 7)} weeks"
        days = max(1, round(days)) if months > 0 else 0   # under a day is still a day of the course
        return "1 day" if days == 1 else f"{days} days"
    if months >= 24 and months % 12 < 0.05:
        return f"{months / 12:g} years"
    if abs(months - 12) < 0.05:
        return "1 year"
    return "1 month" if f"{months:g}" == "1" else f"{months:g} months"


def step_length_words(step):
    """How long a pathway's step takes, in the unit its source gives it: "2 to 4 hours", "2 days"; else up
    to its months in natural units ("up to 2 years"); None when not known."""
    if formatting.given_in_hours(step):
        return formatting.hours(step.get("duration_hours_min"), step["duration_hours_max"])
    if step.get("duration_days_max") is not None:
        return formatting.days(step.get("duration_days_min"), step["duration_days_max"])
    if step.get("duration_months_max"):
        return f"up to {months_words(step['duration_months_max'])}"
    return None


def pathway_length_words(pathway):
    """A pathway's length in all, when every step's length is given in hours or days: those, step by step
    ("2 to 4 hours, then 2 days"), as the months (0.1 a step, about three days) cannot say them; else None
    (the pathway's months say it)."""
    steps = pathway.get("steps") or []
    if not steps or not all(formatting.given_short(step) for step in steps):
        return None
    return ", then ".join(step_length_words(step) for step in steps)


def duration_words(text, months_min=None, months_max=None):
    """How long, as the source says it; where only months are known, in natural units."""
    if text:
        return str(text)
    if months_min is None and months_max is None:
        return UNKNOWN
    low, high = months_words(months_min), months_words(months_max)
    return low if low == high or high is None else f"{low} to {high}"


def by_length(rows, column="duration_text"):
    """Rows ordered by how long they take, shortest first, unknown last (ties keep their order)."""
    def key(row):
        span = duration_days(row[column])
        return (span is None, span or (0, 0))
    return sorted(rows, key=key)


def column_label(name):
    return COLUMN_LABELS.get(name) or (name.replace("_", " ")[:1].upper() + name.replace("_", " ")[1:])


def when(value):
    """2026-11-30T18:33:00Z -> 30 Nov 2026, 18:33 UTC; a date alone -> 30 Nov 2026."""
    if not value:
        return ""
    text = str(value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        return f"{moment.day} {moment:%b %Y}"
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


_STOP = {"a", "an", "the", "is", "are", "for", "this", "in", "of", "to", "be", "it", "with", "and", "or"}


def _words(text):
    return {w for w in re.findall(r"[a-z0-9:']+", str(text).lower().replace(":", " ")) if w not in _STOP}


def said_once(items):
    """The items with each thing said once: where one item's gist (the words before a colon) is
    contained in another's words, only the fuller one is kept (the one that says what to do)."""
    items = [str(i) for i in items if i]
    keep = []
    for item in items:
        if item in keep:
            continue
        head = _words(item.split(":")[0])
        duplicate = None
        for index, other in enumerate(keep):
            other_head = _words(other.split(":")[0])
            if (head and head <= _words(other)) or (other_head and other_head <= _words(item)):
                duplicate = index
                break
        if duplicate is None:
            keep.append(item)
        elif ":" in item and ":" not in keep[duplicate] or len(item) > len(keep[duplicate]) and ":" in item:
            keep[duplicate] = item
    return keep


def capitalize_first(text):
    """The first letter a capital, the rest as written ("last known intake January 2026..." -> "Last ...")."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def scenario_value(value, name=""):
    """A scaling input as a reader reads it: the pay rise as a percentage, money as money, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(scenario_value(v, name) for v in value)
    if name == "pay_rise":
        return formatting.percent(value)
    if name.endswith("_gbp") or name in ("team_cost", "leadership"):
        return formatting.money(value)
    return formatting.one_decimal(value)


def buckets(rows, column):
    """[(value in words, count)] of one column over rows, the commonest first and unknown (NULL or
    'unknown') always its own bucket, last: a facet a planner can add up."""
    counts, unknown = {}, 0
    for row in rows:
        value = row[column]
        if value is None or value == "" or value == "unknown":
            unknown += 1
        else:
            label = words(value)
            label = label[:1].upper() + label[1:]  # as the table's cells say it
            counts[label] = counts.get(label, 0) + 1
    out = sorted(counts.items(), key=lambda item: -item[1])
    return out + ([(UNKNOWN, unknown)] if unknown else [])


def marked(snippet):
    """A search snippet with its matched words [in brackets] marked: <mark>words</mark>, the rest escaped."""
    if snippet is None:
        return ""
    text = str(escape(str(snippet)))
    return Markup(text.replace("[", "<mark>").replace("]", "</mark>"))
