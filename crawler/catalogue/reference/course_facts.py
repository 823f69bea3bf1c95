"""A course's facts in courses.yaml: the fields a course may have, and each value checked and marked shown or not.

Every value of a fact is a row (field, position, value, source, ...); exactly one is shown (the
pinned one, the one marked shown with a why, or the only one). Dated facts must be dates the
readers can compare (course_dates).
"""
import datetime
import math

import course_dates
from crawler.catalogue.reference.yaml_files import ReferenceDataError, where as _where
from crawler.reading.normalise import duration_months, normal_text, unwanted_characters

FUNDING = {"fully_funded", "salaried_post", "self_funded", "fee_paying", "free"}
FACT_FIELDS = [
    "title", "award", "description", "contact", "mode", "study_pattern", "duration",
    "credits", "cost", "fee_gbp", "funding", "start_dates", "fee_year", "fee_overseas_gbp",
    "applications_close", "funding_ends", "location", "audience",
    "eligibility", "accreditation", "leads_to",
]

MAX_FEE_GBP = 100_000   # as crawler/reference/plausibility.yaml's fee ceiling


def course_facts(path, index, row, source_ids, source_kinds=None):
    """Flatten a course's facts into rows: one per (field, value, source); check disagreements."""
    where = _where(path, index, row)
    facts = row.get("facts")
    if not isinstance(facts, dict):
        raise ReferenceDataError(f"{where}: facts must be a mapping of field: value")
    out = []
    for field, given in facts.items():
        if field not in FACT_FIELDS:
            raise ReferenceDataError(f"{where}: unknown fact field {field!r} (one of {', '.join(FACT_FIELDS)})")
        values = given if isinstance(given, list) else [given]
        entries = [_fact_entry(where, row, field, value, source_ids) for value in values]
        _mark_shown(where, field, entries, source_kinds or {})
        for position, entry in enumerate(entries):
            entry["shown"] = bool(entry.get("shown"))
            entry["pinned"] = bool(entry.get("pinned"))
            out.append({"field": field, "position": position, **entry})
    return out


def _fact_entry(where, row, field, value, source_ids):
    """One value of a fact as {value, source, section, ...} (the course's own source and section when
    the value gives none), checked: not empty, a known source, a readable duration, a known funding."""
    entry = dict(value) if isinstance(value, dict) else {"value": value}
    if isinstance(entry.get("value"), datetime.date):  # an unquoted YAML date: stored as written, YYYY-MM-DD
        entry["value"] = entry["value"].isoformat()
    entry.setdefault("source", row.get("source"))
    if "section" not in entry and isinstance(value, dict) is False:
        entry["section"] = row.get("section")
    elif "section" not in entry and entry["source"] == row.get("source"):
        entry["section"] = row.get("section")
    if entry.get("value") in (None, ""):
        raise ReferenceDataError(f"{where}: fact {field!r} has an empty value (leave unknown facts out)")
    if not entry.get("source"):
        raise ReferenceDataError(f"{where}: fact {field!r} has no source")
    if entry["source"] not in source_ids:
        raise ReferenceDataError(f"{where}: fact {field!r} names an unknown source {entry['source']!r}")
    if field == "duration" and duration_months(str(entry["value"])) is None:
        raise ReferenceDataError(f"{where}: unparseable duration {entry['value']!r}")
    if field == "funding" and entry["value"] not in FUNDING:
        raise ReferenceDataError(f"{where}: funding must be one of {', '.join(sorted(FUNDING))}, not {entry['value']!r}")
    if field in ("fee_gbp", "fee_overseas_gbp") and not isinstance(entry["value"], (int, float)):
        raise ReferenceDataError(f"{where}: {field} must be a number, not {entry['value']!r}")
    if field in ("fee_gbp", "fee_overseas_gbp") and not (math.isfinite(entry["value"]) and 0 <= entry["value"] <= MAX_FEE_GBP):
        raise ReferenceDataError(f"{where}: {field} must be a number of pounds from 0 to {MAX_FEE_GBP:,}, "
                                 f"not {entry['value']!r}")
    check_dated(where, field, entry["value"])
    for key in ("value", "why", "section"):
        if isinstance(entry.get(key), str):
            bad = unwanted_characters(entry[key])
            if bad:
                raise ReferenceDataError(f"{where}: fact {field!r} {key} holds control or direction characters "
                                         f"({', '.join(bad)}): type it plainly")
            entry[key] = normal_text(entry[key])   # NFC: one spelling of each letter
    return entry


def check_dated(where, field, value):
    """Dated facts are dates the readers can compare (course_dates): a bad one names what to write."""
    if field == "fee_year" and not course_dates.is_academic_year(value):
        raise ReferenceDataError(f"{where}: fee_year must be an academic year written like 2025/26, not {value!r}")
    if field == "applications_close" and not course_dates.is_date(value):
        raise ReferenceDataError(f"{where}: applications_close must be a date YYYY-MM-DD or a month YYYY-MM, "
                                 f"not {value!r}")
    if field == "funding_ends" and not (course_dates.is_date(value) and len(str(value)) == 10):
        raise ReferenceDataError(f"{where}: funding_ends must be a day YYYY-MM-DD, not {value!r}")


def _mark_shown(where, field, entries, kinds):
    """Which of a fact's values is shown: the pinned one, the one marked shown (with why), or the only one.
    A value cited to a crawl must give the page's url and fetched_at."""
    for entry in entries:
        if kinds.get(entry["source"]) == "crawl" and not (entry.get("url") and entry.get("fetched_at")):
            raise ReferenceDataError(f"{where}: fact {field!r} cites a crawl: give the page's url and fetched_at")
    pinned = [e for e in entries if e.get("pinned")]
    if len(pinned) > 1:
        raise ReferenceDataError(f"{where}: fact {field!r} has {len(pinned)} pinned values; pin exactly one")
    if pinned:
        if not pinned[0].get("why"):
            raise ReferenceDataError(f"{where}: fact {field!r}: a pinned value needs a `why`")
        for entry in entries:
            entry["shown"] = entry is pinned[0]
    shown = [e for e in entries if e.get("shown")]
    if len(entries) == 1:
        entries[0]["shown"] = True
    elif len(shown) != 1:
        raise ReferenceDataError(f"{where}: fact {field!r} has {len(entries)} values from different sources; mark exactly one `shown: true` with `why`")
    elif not shown[0].get("why"):
        raise ReferenceDataError(f"{where}: fact {field!r}: the shown value needs a `why`")
