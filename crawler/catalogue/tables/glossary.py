"""The field's acronyms and synonyms (crawler/reference/glossary.yaml), folded into search.

`fold_into_search(db, reference_dir)` writes the `glossary` table (one row per group of words,
with its source) and fills courses.search_words: for each course, every word of every group
one of whose words the course's own text uses. The build then indexes search_words with the
rest of the course (courses_fts), so "video feedback" finds a course that only says "VIG".

Acronyms (words in capitals) match with their capitals only; other words in any case; always
as whole words. One pass, no chains: a group is added because the course's text uses one of
its words, never because another group was added.
"""
import json
import re
from pathlib import Path

from crawler.catalogue.reference.yaml_files import ReferenceDataError, read_yaml

FILE_NAME = "glossary.yaml"
COURSE_TEXT = ("title", "description", "eligibility", "audience", "leads_to", "accreditation", "award")


class GlossaryError(ValueError):
    """glossary.yaml is not usable; the message names the entry and the field."""


def load(reference_dir, source_ids=None):
    """The glossary's groups: a list of {term, words, source, section}. Bad data raises GlossaryError."""
    path = Path(reference_dir) / FILE_NAME
    if not path.exists():
        raise GlossaryError(f"{path}: file is missing (the field's acronyms and synonyms for search)")
    try:
        data = read_yaml(path)  # as every reference file: anchors and aliases refused, the line of a YAML error
    except ReferenceDataError as exc:
        raise GlossaryError(str(exc)) from None
    groups = (data or {}).get("glossary") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise GlossaryError(f"{path.name}: expected a list of groups under 'glossary'")
    seen = set()
    for index, group in enumerate(groups):
        where = f"{path.name}, group {index + 1}"
        if not isinstance(group, dict):
            raise GlossaryError(f"{where}: expected term, words, source and section")
        where += f" ({group.get('term')})"
        for field in ("term", "words", "source", "section"):
            if group.get(field) in (None, "", []):
                raise GlossaryError(f"{where}: missing {field!r}")
        words = group["words"]
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise GlossaryError(f"{where}: words must be a list of words or phrases")
        found_in = group.get("found_in", [])
        if not isinstance(found_in, list) or not all(isinstance(w, str) and w.strip() for w in found_in):
            raise GlossaryError(f"{where}: found_in must be a list of words or phrases")
        if source_ids is not None and group["source"] not in source_ids:
            raise GlossaryError(f"{where}: source names an unknown source {group['source']!r}")
        if group["term"] in seen:
            raise GlossaryError(f"{where}: the term appears twice")
        seen.add(group["term"])
    return groups


def _pattern(word):
    acronym = word.upper() == word and any(ch.isalpha() for ch in word)
    body = r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", word.strip()))
    return re.compile(rf"(?<![\w]){body}(?![\w])", 0 if acronym else re.IGNORECASE)


def search_words(text, groups):
    """The glossary words a text brings into search: every word of each group the text uses
    (a word of the group itself, or one of its found_in words: "VIG" brings in "video feedback")."""
    found = []
    for group in groups:
        if any(_pattern(word).search(text) for word in [*group["words"], *(group.get("found_in") or [])]):
            found.extend(w for w in group["words"] if w not in found)
    return " ".join(found) or None


def fold_into_search(db, reference_dir):
    """Write the glossary table and courses.search_words (before the FTS index is made)."""
    source_ids = {row[0] for row in db.conn.execute("SELECT id FROM sources")}
    groups = load(reference_dir, source_ids)
    db["glossary"].create({"term": str, "words": str, "found_in": str, "source_id": str, "section": str}, pk="term",
                          foreign_keys=[("source_id", "sources", "id")])
    db["glossary"].insert_all({"term": g["term"], "words": json.dumps(g["words"], ensure_ascii=False),
                               "found_in": json.dumps(g.get("found_in") or [], ensure_ascii=False),
                               "source_id": g["source"], "section": g["section"]} for g in groups)
    db["courses"].add_column("search_words", str)
    columns = ", ".join(COURSE_TEXT)
    updates = []
    for row in db.conn.execute(f"SELECT id, {columns} FROM courses ORDER BY id"):
        text = " \n ".join(str(value) for value in row[1:] if value)
        updates.append((search_words(text, groups), row[0]))
    db.conn.executemany("UPDATE courses SET search_words = ? WHERE id = ?", updates)
