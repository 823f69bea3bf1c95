"""Load and check the reviewable reference files in crawler/reference/.

Every problem is reported as ReferenceDataError naming the file, the row and the problem,
so a reviewer can fix the YAML without reading Python. Each row's shape (required fields,
text, numbers, lists) is checked by its typed model in crawler/catalogue/reference/reference_models.py
(pydantic); what crosses rows and files (ids that must exist, duplicates, durations the
normaliser must read, one shown value per fact) is checked here.
"""
import math
from pathlib import Path

import yaml
from pydantic import ValidationError

import datetime

import course_dates
from crawler.catalogue.reference import reference_models
from crawler.reading.normalise import duration_months, normal_text, unwanted_characters

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"   # crawler/reference/

COURSE_KINDS = {
    "postgraduate_award": "Postgraduate award (PGCert, PGDip, MSc) or a post-qualifying course of similar weight",
    "psychotherapy_training": "Parent-infant psychotherapy training for qualified clinicians",
    "specialist_training": "Specialist parent-infant training for qualified professionals with no stated award (seed-002 Appendix 1 section 2)",
    "clinical_training": "Professional clinical training (e.g. the four-year CAPT doctorate)",
    "pre_clinical_course": "Pre-clinical course with infant observation (the way into child psychotherapy training)",
    "intervention_training": "Training to deliver a named parent-infant intervention (VIG, VIPP, COS-P...)",
    "short_course": "Short course, workshop, webinar or microcredential",
    "e_learning": "Self-paced e-learning",
}
FUNDING = {"fully_funded", "salaried_post", "self_funded", "fee_paying", "free"}
FACT_FIELDS = [
    "title", "award", "description", "contact", "mode", "study_pattern", "duration",
    "credits", "cost", "fee_gbp", "funding", "start_dates", "fee_year", "fee_overseas_gbp",
    "applications_close", "funding_ends", "location", "audience",
    "eligibility", "accreditation", "leads_to",
]
DEGREES = ["none", "degree", "2:1", "postgraduate"]
REQUIREMENT_KINDS = {
    "profession_group": ["any_of"],
    "profession": ["any_of"],
    "stage": ["any_of"],
    "professional_qualification": [],
    "registration": ["any_of"],
    "clinical_registration": [],
    "degree": ["at_least"],
    "experience_years": ["at_least"],
    "completed": ["what"],
    "open_to_all": ["because"],
    "confirm": [],
    "any_of": ["options"],
}
CLINICAL_REGISTRATION = {"yes", "no", "unclear"}
# crawl: a page the crawler fetched (each fact citing it gives the page's url and fetched_at).
SOURCE_KINDS = {"seed", "stored_copy", "judgement", "crawl"}


# libyaml's safe loader when PyYAML was built with it (about 10x faster on large files).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FILES = ("sources", "providers", "courses", "professions", "registration_bodies",
         "career_stages", "routes", "eligibility", "aimh_levels", "pathway_steps")


MAX_FEE_GBP = 100_000   # as crawler/reference/plausibility.yaml's fee ceiling


class ReferenceDataError(ValueError):
    """A reference file is wrong: the message names the file, the row and the problem."""


def _where(path, index, row):
    ident = row.get("id") or row.get("course") or row.get("route") or row.get("level") if isinstance(row, dict) else None
    return f"{path.name}, row {index + 1}" + (f" ({ident})" if ident is not None else "")


def read_yaml(path):
    """A reference file's data. Anchors and aliases (&name, *name) are refused before anything is
    built, so every value is written out where a reviewer reads it and an alias bomb cannot grow."""
    if not path.exists():
        raise ReferenceDataError(f"{path}: file is missing")
    text = path.read_text(encoding="utf-8")
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or an alias
            _refuse_anchors(path, text)
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ReferenceDataError(f"{path.name}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _refuse_anchors(path, text):
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ReferenceDataError(
                f"{path.name} line {event.start_mark.line + 1}: YAML anchors and aliases (&{event.anchor}, "
                f"*{event.anchor}) are not allowed in reference data; write the value out in full")


def _load_list(path, key=None, model=None):
    """The rows of a reference file (under key when given), each checked against its typed model."""
    data = read_yaml(path)
    if key is not None:
        data = (data or {}).get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        raise ReferenceDataError(f"{path.name}: expected a list of rows{f' under {key!r}' if key else ''}")
    model = model or reference_models.MODELS[(path.stem, key)]
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            raise ReferenceDataError(f"{path.name}, row {index + 1}: expected a mapping of field: value")
        try:
            model.model_validate(row)
        except ValidationError as exc:
            raise ReferenceDataError(f"{_where(path, index, row)}: {reference_models.row_problem(exc, model)}") from None
    return data


def _unique(path, rows, key="id"):
    seen = set()
    for index, row in enumerate(rows):
        if row[key] in seen:
            raise ReferenceDataError(f"{_where(path, index, row)}: duplicate {key} {row[key]!r}")
        seen.add(row[key])
    return seen


def _known(path, index, row, field, value, known, what):
    if value is not None and value not in known:
        raise ReferenceDataError(f"{_where(path, index, row)}: {field} names an unknown {what} {value!r}")


def _needs_level_reason(path, index, row):
    if row.get("aimh_level_target") is not None and not row.get("level_reason"):
        raise ReferenceDataError(f"{_where(path, index, row)}: an AiMH level judgement needs a level_reason")


class _Ids:
    """The ids each file defines, for the files that name them (filled in as files are loaded)."""

    def __init__(self):
        self.sources, self.aimh, self.fhsfl, self.bodies, self.stages = set(), set(), set(), set(), set()
        self.source_kinds = {}
        self.professions, self.groups, self.providers, self.courses, self.routes = set(), set(), set(), set(), set()

    def check_cited(self, path, index, row):
        _known(path, index, row, "source", row.get("source"), self.sources, "source")


def load(reference_dir=REFERENCE_DIR):
    """Read and check every reference file; return a dict of lists ready to write.

    Files are read in the order their ids are needed: each later file may name ids of the
    earlier ones (a course names its provider, a rule its course and the professions)."""
    folder = Path(reference_dir)
    files = {name: folder / f"{name}.yaml" for name in FILES}
    ids = _Ids()
    sources = _load_sources(files["sources"], ids)
    aimh, fhsfl = _load_levels(files["aimh_levels"], ids)
    bodies = _load_registration_bodies(files["registration_bodies"], ids)
    stages = _load_career_stages(files["career_stages"], ids)
    profile_words = _load_profile_words(folder / "profile_words.yaml", ids, stages)
    professions = _load_professions(files["professions"], ids)
    providers = _load_providers(files["providers"], ids)
    courses = _load_courses(files["courses"], ids)
    routes = _load_routes(files["routes"], ids)
    _check_profession_links(files["professions"], professions, ids)
    rules = _load_rules(files["eligibility"], ids)
    steps = _load_pathway_steps(files["pathway_steps"], ids) if files["pathway_steps"].exists() else []
    return {
        "pathway_steps": steps,
        "sources": sources, "aimh_levels": aimh, "fhsfl_levels": fhsfl,
        "registration_bodies": bodies, "career_stages": stages, "profile_words": profile_words,
        "professions": professions,
        "providers": providers, "courses": courses, "routes": routes, "eligibility": rules,
        "course_kinds": COURSE_KINDS,
    }


def _load_sources(path, ids):
    sources = _load_list(path)
    for i, row in enumerate(sources):
        _known(path, i, row, "kind", row["kind"], SOURCE_KINDS, "source kind")
    ids.sources = _unique(path, sources)
    ids.source_kinds = {r["id"]: r["kind"] for r in sources}
    return sources


def _load_levels(path, ids):
    aimh, fhsfl = _load_list(path, "aimh_levels"), _load_list(path, "fhsfl_levels")
    for rows in (aimh, fhsfl):
        for i, row in enumerate(rows):
            ids.check_cited(path, i, row)
        _unique(path, rows, "level")
    ids.aimh, ids.fhsfl = {r["level"] for r in aimh}, {r["level"] for r in fhsfl}
    return aimh, fhsfl


def _load_registration_bodies(path, ids):
    bodies = _load_list(path)
    for i, row in enumerate(bodies):
        _known(path, i, row, "clinical_registration", row["clinical_registration"], CLINICAL_REGISTRATION, "value")
        ids.check_cited(path, i, row)
    ids.bodies = _unique(path, bodies)
    return bodies


def _load_career_stages(path, ids):
    stages = _load_list(path)
    ids.stages = _unique(path, stages)
    return stages


def _load_profile_words(path, ids, stages):
    """Seniority, setting and small words read around a profession (optional: an older
    reference folder without the file still builds). A word is listed once, and never also as
    a career-stage word."""
    if not path.exists():
        return []
    words = _load_list(path)
    for i, row in enumerate(words):
        _known(path, i, row, "kind", row["kind"], {"seniority", "setting", "qualification", "aimh_level", "filler"}, "word kind")
        _known(path, i, row, "stage", row.get("stage"), ids.stages, "career stage")
        ids.check_cited(path, i, row)
    _unique(path, words)
    seen = {" ".join(str(w).lower().split()) for r in stages for w in r["words"]}
    for i, row in enumerate(words):
        for word in row["words"]:
            key = " ".join(str(word).lower().split())
            if key in seen:
                raise ReferenceDataError(f"{_where(path, i, row)}: word {word!r} is listed twice "
                                         "(here or as a career-stage word)")
            seen.add(key)
    return words


def _load_professions(path, ids):
    professions = _load_list(path)
    aliases, groups = {}, set()
    for i, row in enumerate(professions):
        ids.check_cited(path, i, row)
        _known(path, i, row, "usual_stage", row["usual_stage"], ids.stages, "career stage")
        _known(path, i, row, "usual_registration", row.get("usual_registration"), ids.bodies, "registration body")
        _known(path, i, row, "usual_degree", row.get("usual_degree"), set(DEGREES), "degree")
        for alias in [row["name"], *row.get("aliases", [])]:
            key = " ".join(str(alias).lower().split())
            if key in aliases and aliases[key] != row["id"]:
                raise ReferenceDataError(f"{_where(path, i, row)}: alias {alias!r} is already used by {aliases[key]!r}")
            aliases[key] = row["id"]
        groups.update(row.get("groups") or [])
    ids.professions, ids.groups = _unique(path, professions), groups
    return professions


def _check_profession_links(path, professions, ids):
    """A profession's in_training_on names catalogue courses and routes; its advice cites a source."""
    for i, row in enumerate(professions):
        on = row.get("in_training_on") or {}
        if not isinstance(on, dict) or set(on) - {"courses", "routes", "course_kinds"}:
            raise ReferenceDataError(f"{_where(path, i, row)}: in_training_on must be "
                                     "{course_kinds: [...], courses: [...], routes: [...]}")
        for kind in on.get("course_kinds") or []:
            _known(path, i, row, "in_training_on course kind", kind, set(COURSE_KINDS), "course kind")
        for route_id in on.get("routes") or []:
            _known(path, i, row, "in_training_on route", route_id, ids.routes, "route")
        for item in row.get("advice") or []:
            if not isinstance(item, dict) or not item.get("text") or not item.get("source"):
                raise ReferenceDataError(f"{_where(path, i, row)}: each advice item needs text and source")
            _known(path, i, row, "advice source", item["source"], ids.sources, "source")


def _load_providers(path, ids):
    providers = _load_list(path)
    for i, row in enumerate(providers):
        ids.check_cited(path, i, row)
        _check_listings(path, i, row, ids)
    ids.providers = _unique(path, providers)
    return providers


def _check_listings(path, index, row, ids):
    """A provider's `listings`: pages listing its courses, each an http(s) url with a known source."""
    listings = row.get("listings") or []
    if not isinstance(listings, list):
        raise ReferenceDataError(f"{_where(path, index, row)}: listings must be a list of url/source/section")
    for listing in listings:
        if not isinstance(listing, dict) or not str(listing.get("url") or "").startswith(("http://", "https://")):
            raise ReferenceDataError(f"{_where(path, index, row)}: each listing needs an http(s) url")
        if listing.get("source") not in ids.sources:
            raise ReferenceDataError(f"{_where(path, index, row)}: listing {listing['url']} needs a known source")


# What a course's other source page is (courses.yaml `source_pages`, each crawled beside the course's
# own page). A module page's facts are the module's, never the whole programme's.
SOURCE_PAGE_KINDS = {
    "directory entry": "an entry for the course in a directory of trainings (e.g. NHS Scotland's Digital Learning Map)",
    "second centre": "the same course's page at another centre that runs it",
    "news": "a news page of the provider naming a cohort, a start or a change",
    "related page": "another page of the provider about the same course (fees, how to apply)",
    "module": "a page about one module of the course: its facts are the module's, not the whole course's",
}


def _check_source_pages(path, index, row, ids):
    """A course's `source_pages`: each an http(s) url (not the course's own), what it is, and the source of the URL."""
    pages = row.get("source_pages") or []
    if not isinstance(pages, list):
        raise ReferenceDataError(f"{_where(path, index, row)}: source_pages must be a list of url/about/source")
    seen = {str(row.get("url") or "").rstrip("/")}
    for page in pages:
        if not isinstance(page, dict) or not str(page.get("url") or "").startswith(("http://", "https://")):
            raise ReferenceDataError(f"{_where(path, index, row)}: each source page needs an http(s) url")
        if page["url"].rstrip("/") in seen:
            raise ReferenceDataError(f"{_where(path, index, row)}: source page {page['url']} is listed twice "
                                     "(or is the course's own url)")
        seen.add(page["url"].rstrip("/"))
        if page.get("about") not in SOURCE_PAGE_KINDS:
            raise ReferenceDataError(f"{_where(path, index, row)}: source page {page['url']}: about must be one of "
                                     f"{', '.join(SOURCE_PAGE_KINDS)}")
        if page.get("source") not in ids.sources:
            raise ReferenceDataError(f"{_where(path, index, row)}: source page {page['url']} needs a known source")


def _load_courses(path, ids):
    courses = _load_list(path)
    for i, row in enumerate(courses):
        _check_source_pages(path, i, row, ids)
        _known(path, i, row, "provider", row.get("provider"), ids.providers, "provider")
        _known(path, i, row, "kind", row["kind"], set(COURSE_KINDS), "course kind")
        ids.check_cited(path, i, row)
        _known(path, i, row, "aimh_level_expected", row.get("aimh_level_expected"), ids.aimh, "AiMH level")
        _known(path, i, row, "aimh_level_target", row.get("aimh_level_target"), ids.aimh, "AiMH level")
        _known(path, i, row, "fhsfl_level", row.get("fhsfl_level"), ids.fhsfl, "FH&SfL level")
        for s in row.get("level_sources") or []:
            _known(path, i, row, "level_sources", s, ids.sources, "source")
        _needs_level_reason(path, i, row)
        row["_facts"] = _course_facts(path, i, row, ids.sources, ids.source_kinds)
        if "title" not in {f["field"] for f in row["_facts"]}:
            raise ReferenceDataError(f"{_where(path, i, row)}: missing required field 'title'")
    ids.courses = _unique(path, courses)
    return courses


def _load_routes(path, ids):
    routes = _load_list(path)
    for i, row in enumerate(routes):
        ids.check_cited(path, i, row)
        _known(path, i, row, "aimh_level_target", row.get("aimh_level_target"), ids.aimh, "AiMH level")
        _needs_level_reason(path, i, row)
    for i, row in enumerate(routes):
        if row.get("funding_ends") is not None:
            _check_dated(_where(path, i, row), "funding_ends", row["funding_ends"])
    ids.routes = _unique(path, routes)
    return routes


def _load_rules(path, ids):
    rules = _load_list(path)
    seen_targets = set()
    known = {"profession_group": ids.groups, "profession": ids.professions, "stage": ids.stages,
             "registration": ids.bodies, "course": ids.courses}
    for i, row in enumerate(rules):
        ids.check_cited(path, i, row)
        if bool(row.get("course")) == bool(row.get("route")):
            raise ReferenceDataError(f"{_where(path, i, row)}: a rule applies to exactly one course or one route")
        _known(path, i, row, "course", row.get("course"), ids.courses, "course")
        _known(path, i, row, "route", row.get("route"), ids.routes, "route")
        target = ("course", row["course"]) if row.get("course") else ("route", row["route"])
        if target in seen_targets:
            raise ReferenceDataError(f"{_where(path, i, row)}: duplicate rule for {target[0]} {target[1]!r}")
        seen_targets.add(target)
        for requirement in row["requirements"]:
            _check_requirement(path, i, row, requirement, known, top=True)
    return rules


def _load_pathway_steps(path, ids):
    """Steps outside the catalogue a pathway may need (e.g. a first degree), with their basis."""
    steps = _load_list(path)
    for i, row in enumerate(steps):
        ids.check_cited(path, i, row)
        if not set(row["gives"]) <= {"degree", "experience_years"}:
            raise ReferenceDataError(f"{_where(path, i, row)}: gives must map degree or experience_years to a value")
        if "degree" in row["gives"] and row["gives"]["degree"] not in DEGREES:
            raise ReferenceDataError(f"{_where(path, i, row)}: gives degree must be one of {', '.join(DEGREES)}")
        if not duration_months(str(row["duration"])):
            raise ReferenceDataError(f"{_where(path, i, row)}: duration {row['duration']!r} is not readable as months")
    _unique(path, steps)
    return steps


def _check_requirement(path, index, row, req, known, top):
    where = _where(path, index, row)
    if not isinstance(req, dict) or "kind" not in req:
        raise ReferenceDataError(f"{where}: each requirement needs a kind")
    kind = req["kind"]
    if kind not in REQUIREMENT_KINDS:
        raise ReferenceDataError(f"{where}: unknown requirement kind {kind!r} (one of {', '.join(REQUIREMENT_KINDS)})")
    for field in REQUIREMENT_KINDS[kind]:
        if req.get(field) in (None, "", []):
            raise ReferenceDataError(f"{where}: requirement {kind!r} needs {field!r}")
    if top:
        if not req.get("missing"):
            raise ReferenceDataError(f"{where}: requirement {kind!r} needs a 'missing' sentence")
        if req.get("if_unmet", "eligible_if") not in ("eligible_if", "not_eligible"):
            raise ReferenceDataError(f"{where}: if_unmet must be eligible_if or not_eligible")
    if kind in known and kind != "course":
        what = {"profession_group": "profession group", "profession": "profession", "stage": "career stage", "registration": "registration body"}[kind]
        for value in req["any_of"]:
            if value not in known[kind]:
                raise ReferenceDataError(f"{where}: requirement {kind!r} names an unknown {what} {value!r}")
    if kind == "completed":
        for value in req.get("satisfied_by") or []:
            if value not in known["profession"]:
                raise ReferenceDataError(f"{where}: requirement 'completed' names an unknown profession {value!r}")
        for value in req.get("courses") or []:
            if value not in known["course"]:
                raise ReferenceDataError(f"{where}: requirement 'completed' names an unknown course {value!r}")
        if req.get("course_kind") is not None and req["course_kind"] not in COURSE_KINDS:
            raise ReferenceDataError(f"{where}: requirement 'completed' names an unknown course kind {req['course_kind']!r}")
    if kind == "degree" and req["at_least"] not in DEGREES:
        raise ReferenceDataError(f"{where}: degree at_least must be one of {', '.join(DEGREES)}")
    if kind == "experience_years" and not isinstance(req["at_least"], (int, float)):
        raise ReferenceDataError(f"{where}: experience_years at_least must be a number")
    if kind == "any_of":
        for option in req["options"]:
            _check_requirement(path, index, row, option, known, top=False)


def _course_facts(path, index, row, source_ids, source_kinds=None):
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
    _check_dated(where, field, entry["value"])
    for key in ("value", "why", "section"):
        if isinstance(entry.get(key), str):
            bad = unwanted_characters(entry[key])
            if bad:
                raise ReferenceDataError(f"{where}: fact {field!r} {key} holds control or direction characters "
                                         f"({', '.join(bad)}): type it plainly")
            entry[key] = normal_text(entry[key])   # NFC: one spelling of each letter
    return entry


def _check_dated(where, field, value):
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
