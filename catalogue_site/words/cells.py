"""The words applied: template filters, Datasette's own cells, and the planner's spreadsheet.

Two hooks (called from catalogue_site/__init__.py):
  prepare_jinja2_environment  filters for our templates (FILTERS: money, money_m, number (a count),
                              words (a code such as fully_funded as words), level_words,
                              duration_words, column_label, when, by_length (rows sorted by how long
                              they take), cite...) and the column lists the query pages share
  render_cell                 Datasette's own table and row pages: money as money (GBP 6,215, not
                              6215.0), counts with thousands separators, funding codes as words
and plain_rows, a query's CSV as the planner's spreadsheet (serving/csv_exports.py, ?_plain=1).
Which columns are money, counts, codes, dates or hidden is said here, per table or per column.
"""
from markupsafe import Markup, escape

from recommender.output import formatting
from recommender.output.formatting import UNKNOWN

from .citations import (cite, cite_source, cite_text, cites_a_source, code_words, form_words, source_link,
                        source_name)
from .values import (buckets, by_length, capitalize_first, column_label, count, duration_words, level_words,
                     marked, money, money_m, months_words, pathway_length_words, said_once, scenario_value,
                     step_length_words, when, words)

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


def money_m_from_millions(value):
    return f"\u00a3{value:,.1f}m"


FILTERS = {"capitalize_first": capitalize_first, "money": money, "money_m": money_m, "number": count, "words": words, "level_words": level_words,
           "duration_words": duration_words, "months_words": months_words, "column_label": column_label,
           "step_length_words": step_length_words, "pathway_length_words": pathway_length_words,
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


def _code_and_words(value):
    return Markup(f'{escape(words(value))} <span class="code">({escape(value)})</span>')


# (table, column) -> (the value types it applies to, how it is shown), from the column lists above
_SHOWN_AS = {**{(t, c): ((int, float), money) for t, cs in MONEY_COLUMNS.items() for c in cs},
             **{(t, c): ((int, float), money_m_from_millions) for t, cs in MILLIONS_COLUMNS.items() for c in cs},
             **{(t, c): ((int, float), count) for t, cs in COUNT_COLUMNS.items() for c in cs},
             **{(t, c): (str, _code_and_words) for t, cs in WORD_COLUMNS.items() for c in cs}}
if len(_SHOWN_AS) != sum(len(cs) for kind in (MONEY_COLUMNS, MILLIONS_COLUMNS, COUNT_COLUMNS, WORD_COLUMNS)
                         for cs in kind.values()):
    raise ValueError("a column is in two of MONEY_COLUMNS, MILLIONS_COLUMNS, COUNT_COLUMNS, WORD_COLUMNS")


def render_cell(value, column, table, database):
    if table is None or value is None:
        return None
    shown_as = _SHOWN_AS.get((table, column))
    if shown_as is not None and isinstance(value, shown_as[0]):
        return shown_as[1](value)
    return _cited(value)


def _cited(value):
    return cite(value) if isinstance(value, str) and cites_a_source(value) else None


def _nothing(value):
    return None


def column_renderer(table, column):
    """render_cell for one column of one table, decided once: render(value) == render_cell(value, column,
    table, database) for every value (serving/table_rows.py calls it once a cell; issue 25)."""
    if table is None:
        return _nothing
    shown_as = _SHOWN_AS.get((table, column))
    if shown_as is None:
        return _cited
    types, show = shown_as

    def render(value):
        if value is not None and isinstance(value, types):
            return show(value)
        return _cited(value)
    return render


render_cell.for_column = column_renderer
