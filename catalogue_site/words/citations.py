"""Citations and prose in a reader's words: sources by their short titles, options as form fields.

Prose recorded in the reference YAML cites sources by id ("seed-002 5.4.3", "OBSERVED.md").
`cite` writes them as the source's short title and section, each linked to the sources page
(/-/sources#seed-002); the ids stay in JSON and on that page. The short titles come from the
catalogue's sources table when the site starts (courses/sources_page.py calls set_sources).
`form_words` and `code_words` write the recommender's option names and stored codes inside prose
as the page's field names and words.
"""
import re

from markupsafe import Markup, escape

from recommender.output.formatting import UNKNOWN

from .values import CODE_WORDS, COLUMN_LABELS


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
# Every citation contains one of these (the seed pattern's "eed", the files' ".md"): checked first, as
# nearly every cell of a table page is prose that cites nothing (issue 25).
_HINTS = ("eed", ".md")
if not all(name.endswith(".md") for name in _FILES):
    raise ValueError("a file citation must end in .md, or add its ending to _HINTS")


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
               "experience": "Years working with children and families",
               "experience-years": "Years working with children and families", "level": "Your current AiMH level",
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


def source_link(source_id):
    """A cell naming a source: its short title, linked to its entry on the sources page."""
    if source_id is None or source_id == "":
        return UNKNOWN
    return Markup(f'<a class="cite" href="{SOURCES_PAGE}#{escape(source_id)}">{escape(source_name(source_id))}</a>')


def cites_a_source(text):
    """Whether prose names a source (a seed paper or a stored file) that `cite` would write in words."""
    if _HINTS[0] not in text and _HINTS[1] not in text:
        return False
    return bool(_SEED.search(text) or _FILE.search(text))
