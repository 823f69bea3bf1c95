"""Numbers, codes and durations in plain words, on every page.

Two hooks (called from catalogue_site/__init__.py):
  prepare_jinja2_environment  filters for our templates: money, money_m, number (a count), words (a code
                              such as fully_funded as words), level_words, duration_words,
                              column_label, when, by_length (rows sorted by how long they take)
  render_cell                 Datasette's own table and row pages: money as money (GBP 6,215, not
                              6215.0), counts with thousands separators, funding codes as words

Numbers and unknowns are written by recommender/formatting.py (shared with the CSV exports and the
CLI tables), so a fee, a count or an unknown reads the same everywhere. Nothing here changes a value:
it only chooses how a value is shown. Unknown (NULL) is always formatting.UNKNOWN ("not known"),
never 0, "-" or another phrase.

Citations: prose recorded in the reference YAML cites sources by id ("seed-002 5.4.3", "OBSERVED.md").
`cite` writes them as the source's short title and section, each linked to the sources page
(/-/sources#seed-002); the ids stay in JSON and on that page.
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
MONEY_COLUMNS = {  # (table, column) shown as money on Datasette's own pages
    "courses": {"fee_gbp"}, "course_overview": {"fee_gbp"},
    "scaling_years": {"team_cost", "labour_operating", "labour_new", "training", "leadership", "total"},
    "scaling_totals": {"gbp"},
}
MILLIONS_COLUMNS = {"scaling_totals": {"gbp_m"}}  # already in GBP millions
COUNT_COLUMNS = {"scaling_years": {"teams_operating", "teams_new", "children_seen"},
                 "scaling_totals": {"paper_figure"},  # pounds or millions, as its paper_figure_name says
                 "scaling_pipeline": {"placement_specialists", "recruit_to_train_specialists",
                                      "additional_specialists", "acapt_posts"}}
WORD_COLUMNS = {"courses": {"funding"}, "course_overview": {"funding"}}

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
        return f"{round(days)} days" if days < 13 else f"{round(days / 7)} weeks"
    if months >= 24 and months % 12 < 0.05:
        return f"{months / 12:g} years"
    if abs(months - 12) < 0.05:
        return "1 year"
    return f"{months:g} months"


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


# How prose cites a source: the source's short title (sources.short_title, loaded from the catalogue
# when the site starts: set_sources) and the section after it, linked to the sources page.
SOURCES_PAGE = "/-/sources"
SOURCES = {}  # id -> short title
_SECTION = r"(?:(?:section |sections |Appendix |Summary of recommendations )?\d+(?:\.\d+)*(?:(?:, | and )(?:Appendix )?\d+(?:\.\d+)*)*)"
_SEED = re.compile(rf"\b([Ss]eed[- ]00\d)('s)?(?: ({_SECTION}))?")
_FILES = {  # a file named in recorded prose -> (source id it stands for, or None; the words a reader gets)
    "OBSERVED.md": ("observed", "stored copies of providers' pages"),
    "DOMAIN.md": (None, "the project's notes on the field"),
}
_FILE = re.compile("|".join(map(re.escape, _FILES)))


def set_sources(rows):
    """rows of (id, short_title): the names citations are written with."""
    SOURCES.clear()
    SOURCES.update({source_id: title for source_id, title in rows if title})


def source_name(source_id):
    """A source id as a reader names it: seed-002 -> Parent-Infant Foundation workforce paper."""
    if source_id is None or source_id == "":
        return UNKNOWN
    return SOURCES.get(str(source_id)) or SOURCES.get(str(source_id).replace(" ", "-")) or str(source_id)


# The command line's options named in the recommender's words ("say --registration to change"): on a
# page, the form field that gives the same answer.
FORM_FIELDS = {"stage": "Career stage", "registration": "Professional registration", "degree": "Highest degree",
               "experience": "Years working with children and families", "level": "Your current AiMH level",
               "target": "The level you want to reach", "profession": "Your profession"}
_OPTION = re.compile(r"\b(?:say|give|use) --([a-z][a-z-]*)(?: (?!to\b|if\b)(\S+))?")
_BARE_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")


def form_words(text):
    """'say --registration to change' -> 'answer "Professional registration" above to change'."""
    def field(name):
        return FORM_FIELDS.get(name, name.replace("-", " "))

    def said(match):
        value = f" {match.group(2)}" if match.group(2) else ""
        return f"answer \u201c{field(match.group(1))}\u201d{value and ' with' + value} above"
    text = _OPTION.sub(said, str(text))
    return _BARE_OPTION.sub(lambda m: f"\u201c{field(m.group(1))}\u201d", text)


_CODE = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
_UNKNOWN_SAID = re.compile(r"\bunknown(?=:)|(?<=\bleft )unknown\b")


def code_words(text):
    """A column name or code inside prose as words: 'see study_pattern' -> 'see pattern'; and the
    recorded 'unknown: no seed says' as the site's one word for unknown."""
    def said(match):
        code = match.group(0)
        label = COLUMN_LABELS.get(code) or CODE_WORDS.get(code) or code.replace("_", " ")
        return label[:1].lower() + label[1:] if not label[:2].isupper() else label
    return _UNKNOWN_SAID.sub(UNKNOWN, _CODE.sub(said, str(text)))


def scenario_value(value, name=""):
    """A scaling input as a reader reads it: the pay rise as a percentage, money as money, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(scenario_value(v, name) for v in value)
    if name == "pay_rise":
        return formatting.percent(value)
    if name.endswith("_gbp") or name in ("team_cost", "leadership"):
        return formatting.money(value)
    return formatting.one_decimal(value)


def cite(text, html=True):
    """Prose with its citations in words: 'seed-002 5.4.3' -> 'Parent-Infant Foundation workforce paper,
    section 5.4.3' (a link to the sources page when html); 'OBSERVED.md' -> "stored copies of providers'
    pages". Other text is unchanged (escaped when html)."""
    if text is None:
        return text
    text = code_words(form_words(text))
    pieces, last = [], 0
    found = sorted([(m.start(), m.end(), "seed", m) for m in _SEED.finditer(text)]
                   + [(m.start(), m.end(), "file", m) for m in _FILE.finditer(text)], key=lambda f: f[0])
    if not found:
        return escape(text) if html else text
    for start, end, kind, match in found:
        if start < last:
            continue
        pieces.append(escape(text[last:start]) if html else text[last:start])
        if kind == "seed":
            source_id = match.group(1).lower().replace(" ", "-")
            section = match.group(3)
            words = source_name(source_id) + (match.group(2) or "")
            if section:
                words += ", " + (section if not section[0].isdigit() else
                                 ("sections " if "," in section or " and " in section else "section ") + section)
            elif re.match(r" [A-Z]", text[end:end + 2]):
                words += ","  # "seed-000 The offer": the section's name follows
        else:
            source_id, words = _FILES[match.group(0)]
            if re.match(r" [A-Z]", text[end:end + 2]):
                words += ","  # "OBSERVED.md The IEYP programme": the section's name follows
        if html and source_id:
            pieces.append(Markup(f'<a class="cite" href="{SOURCES_PAGE}#{escape(source_id)}">{escape(words)}</a>'))
        else:
            pieces.append(escape(words) if html else words)
        last = end
    pieces.append(escape(text[last:]) if html else text[last:])
    return Markup("".join(pieces)) if html else "".join(pieces)


def cite_text(text):
    return cite(text, html=False)


def cite_source(source_id, section=None, html=True):
    """A source and a section as a reader cites them, linked to the sources page:
    ('seed-002', '5.4.2, 7.5') -> Parent-Infant Foundation workforce paper, sections 5.4.2, 7.5."""
    if source_id is None or source_id == "":
        return UNKNOWN
    words = source_name(source_id)
    if section:
        section = str(section)
        if re.fullmatch(_SECTION, section) and section[:1].isdigit():
            words += ", " + ("sections " if ("," in section or " and " in section) else "section ") + section
        else:
            words += ", " + cite_text(section)
    if not html:
        return words
    return Markup(f'<a class="cite" href="{SOURCES_PAGE}#{escape(source_id)}">{escape(words)}</a>')


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


def source_link(source_id):
    """A cell naming a source: its short title, linked to its entry on the sources page."""
    if source_id is None or source_id == "":
        return UNKNOWN
    return Markup(f'<a class="cite" href="{SOURCES_PAGE}#{escape(source_id)}">{escape(source_name(source_id))}</a>')


FILTERS = {"capitalize_first": capitalize_first, "money": money, "money_m": money_m, "number": count, "words": words, "level_words": level_words,
           "duration_words": duration_words, "months_words": months_words, "column_label": column_label,
           "when": when, "by_length": by_length, "said_once": said_once, "cite": cite, "cite_text": cite_text,
           "source_link": source_link, "source_name": source_name, "form_words": form_words, "code_words": code_words, "scenario_value": scenario_value, "cite_source": cite_source, "buckets": buckets, "marked": marked, "yes_no": formatting.yes_no,
           "wte": formatting.wte, "one_decimal": formatting.one_decimal, "percent": formatting.percent,
           "whole": formatting.whole, "months": formatting.months, "weeks": formatting.weeks}


# Columns a planner's page (templates/query-catalogue.html) and its spreadsheet leave out: ids that only
# link a row to its page, and the months a length in words was read as.
HIDDEN_COLUMNS = ("course_id", "provider_id", "duration_months_min", "duration_months_max", "run_id", "profession",
                  "route_id", "applies_to", "applies_to_kind", "section")
CODE_COLUMNS = ("funding", "kind", "verdict", "if_unmet", "requirement", "field", "usual_degree", "funded",
                "link_status", "last_outcome", "outcome")
DATE_COLUMNS = ("changed_at", "last_checked", "last_ok", "started", "finished")
YES_NO_COLUMNS = ("shown", "professional_qualification")
LEVEL_COLUMNS = ("aimh_level_target", "expects_level")


# Columns where an empty cell is not an unknown fact but "nothing": what to say instead of "not known".
EMPTY_WORDS = {"also_needs": "nothing more", "kinds_of_it": "none", "why": "see the value shown", "matched": ""}


def plain_cell(column, value):
    """One cell of a planner's spreadsheet, in the page's words (text in, text out): money as money, codes as
    words, yes/no, levels named, unknown as "not known"."""
    if value is None or value == "":
        return EMPTY_WORDS.get(column, UNKNOWN)
    if column == "fee_gbp":
        return money(value)
    if column in CODE_COLUMNS:
        shown = words(value)
        return shown if shown == UNKNOWN else shown[:1].upper() + shown[1:]
    if column in YES_NO_COLUMNS:
        return formatting.yes_no(value)
    if column in LEVEL_COLUMNS:
        return level_words(value)
    if column == "unknown_count":
        return count(value)
    if column in DATE_COLUMNS:
        return when(value)
    if column == "source_id":
        return source_name(value)
    if column == "matched":
        return str(value).replace("[", "").replace("]", "")
    return cite_text(value)


def plain_rows(rows):
    """A query's CSV rows (a header row, then values) as a planner's spreadsheet: the page's columns, with
    the page's headings and words. The section of a source goes beside its title."""
    rows = list(rows)
    if not rows:
        return rows
    header = rows[0]
    keep = [i for i, name in enumerate(header) if name not in HIDDEN_COLUMNS]
    section = header.index("section") if "section" in header else None
    out = [[column_label(header[i]) for i in keep]]
    for row in rows[1:]:
        cells = []
        for i in keep:
            text = plain_cell(header[i], row[i] if i < len(row) else "")
            if header[i] == "source_id" and row[i]:
                text = cite_source(row[i], row[section] if section is not None else None, html=False)
            cells.append(text)
        out.append(cells)
    return out


def prepare_jinja2_environment(env):
    env.filters.update(FILTERS)
    env.globals["hidden_columns"] = HIDDEN_COLUMNS
    env.globals["code_columns"] = CODE_COLUMNS
    env.globals["yes_no_columns"] = YES_NO_COLUMNS
    env.globals["date_columns"] = DATE_COLUMNS
    env.globals["empty_words"] = EMPTY_WORDS


def render_cell(value, column, table, database):
    if table is None or value is None:
        return None
    if column in MONEY_COLUMNS.get(table, ()) and isinstance(value, (int, float)):
        return money(value)
    if column in MILLIONS_COLUMNS.get(table, ()) and isinstance(value, (int, float)):
        return f"\u00a3{value:,.1f}m"
    if column in COUNT_COLUMNS.get(table, ()) and isinstance(value, (int, float)):
        return count(value)
    if column in WORD_COLUMNS.get(table, ()) and isinstance(value, str):
        return Markup(f'{escape(words(value))} <span class="code">({escape(value)})</span>')
    if isinstance(value, str) and (_SEED.search(value) or _FILE.search(value)):
        return cite(value)
    return None
