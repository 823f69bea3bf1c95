"""Load and check the reviewable reference files in crawler/reference/.

Every problem is reported as ReferenceDataError naming the file, the row and the problem,
so a reviewer can fix the YAML without reading Python.
"""
from pathlib import Path

import yaml

from crawler.normalise import duration_months

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

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
    "credits", "cost", "fee_gbp", "funding", "start_dates", "location", "audience",
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
    "any_of": ["options"],
}
CLINICAL_REGISTRATION = {"yes", "no", "unclear"}


# libyaml's safe loader when PyYAML was built with it (about 10x faster on large files).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ReferenceDataError(ValueError):
    """A reference file is wrong: the message names the file, the row and the problem."""


def _where(path, index, row):
    ident = row.get("id") or row.get("course") or row.get("route") or row.get("level") if isinstance(row, dict) else None
    return f"{path.name}, row {index + 1}" + (f" ({ident})" if ident is not None else "")


def _load_list(path, key=None):
    if not path.exists():
        raise ReferenceDataError(f"{path}: file is missing")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise ReferenceDataError(f"{path.name}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if key is not None:
        data = (data or {}).get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        raise ReferenceDataError(f"{path.name}: expected a list of rows{f' under {key!r}' if key else ''}")
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            raise ReferenceDataError(f"{path.name}, row {index + 1}: expected a mapping of field: value")
    return data


def _require(path, index, row, fields):
    for field in fields:
        if row.get(field) in (None, "", []):
            raise ReferenceDataError(f"{_where(path, index, row)}: missing required field {field!r}")


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


def load(reference_dir=REFERENCE_DIR):
    """Read and check every reference file; return a dict of lists ready to write."""
    d = Path(reference_dir)
    files = {name: d / f"{name}.yaml" for name in (
        "sources", "providers", "courses", "professions", "registration_bodies",
        "career_stages", "routes", "eligibility", "aimh_levels")}

    sources = _load_list(files["sources"])
    for i, row in enumerate(sources):
        _require(files["sources"], i, row, ["id", "kind", "title"])
        _known(files["sources"], i, row, "kind", row["kind"], {"seed", "stored_copy", "judgement"}, "source kind")
    source_ids = _unique(files["sources"], sources)

    def cited(path, index, row, required=True):
        if required:
            _require(path, index, row, ["source"])
        _known(path, index, row, "source", row.get("source"), source_ids, "source")

    aimh = _load_list(files["aimh_levels"], "aimh_levels")
    fhsfl = _load_list(files["aimh_levels"], "fhsfl_levels")
    for rows in (aimh, fhsfl):
        for i, row in enumerate(rows):
            _require(files["aimh_levels"], i, row, ["level", "name"])
            cited(files["aimh_levels"], i, row)
        _unique(files["aimh_levels"], rows, "level")
    aimh_ids = {r["level"] for r in aimh}
    fhsfl_ids = {r["level"] for r in fhsfl}

    bodies = _load_list(files["registration_bodies"])
    for i, row in enumerate(bodies):
        _require(files["registration_bodies"], i, row, ["id", "name", "clinical_registration"])
        _known(files["registration_bodies"], i, row, "clinical_registration", row["clinical_registration"], CLINICAL_REGISTRATION, "value")
        cited(files["registration_bodies"], i, row)
    body_ids = _unique(files["registration_bodies"], bodies)

    stages = _load_list(files["career_stages"])
    for i, row in enumerate(stages):
        _require(files["career_stages"], i, row, ["id", "name", "words"])
    stage_ids = _unique(files["career_stages"], stages)

    # profile_words.yaml (seniority and setting words): optional, so an older reference folder still builds
    profile_path = d / "profile_words.yaml"
    profile_words = _load_list(profile_path) if profile_path.exists() else []
    for i, row in enumerate(profile_words):
        _require(profile_path, i, row, ["id", "kind", "name", "words"])
        _known(profile_path, i, row, "kind", row["kind"], {"seniority", "setting", "filler"}, "word kind")
        _known(profile_path, i, row, "stage", row.get("stage"), stage_ids, "career stage")
        cited(profile_path, i, row)
    _unique(profile_path, profile_words)
    stage_words = {" ".join(str(w).lower().split()) for r in stages for w in r["words"]}
    seen_words = set()
    for i, row in enumerate(profile_words):
        for word in row["words"]:
            key = " ".join(str(word).lower().split())
            if key in seen_words or key in stage_words:
                raise ReferenceDataError(f"{_where(profile_path, i, row)}: word {word!r} is listed twice "
                                         "(here or as a career-stage word)")
            seen_words.add(key)

    professions = _load_list(files["professions"])
    aliases = {}
    groups = set()
    for i, row in enumerate(professions):
        path = files["professions"]
        _require(path, i, row, ["id", "name", "usual_stage"])
        cited(path, i, row)
        _known(path, i, row, "usual_stage", row["usual_stage"], stage_ids, "career stage")
        _known(path, i, row, "usual_registration", row.get("usual_registration"), body_ids, "registration body")
        _known(path, i, row, "usual_degree", row.get("usual_degree"), set(DEGREES), "degree")
        for alias in [row["name"], *row.get("aliases", [])]:
            key = " ".join(str(alias).lower().split())
            if key in aliases and aliases[key] != row["id"]:
                raise ReferenceDataError(f"{_where(path, i, row)}: alias {alias!r} is already used by {aliases[key]!r}")
            aliases[key] = row["id"]
        groups.update(row.get("groups") or [])
    profession_ids = _unique(files["professions"], professions)

    providers = _load_list(files["providers"])
    for i, row in enumerate(providers):
        _require(files["providers"], i, row, ["id", "name"])
        cited(files["providers"], i, row)
    provider_ids = _unique(files["providers"], providers)

    courses = _load_list(files["courses"])
    for i, row in enumerate(courses):
        path = files["courses"]
        _require(path, i, row, ["id", "kind", "facts"])
        _known(path, i, row, "provider", row.get("provider"), provider_ids, "provider")
        _known(path, i, row, "kind", row["kind"], set(COURSE_KINDS), "course kind")
        _known(path, i, row, "source", row.get("source"), source_ids, "source")
        _known(path, i, row, "aimh_level_expected", row.get("aimh_level_expected"), aimh_ids, "AiMH level")
        _known(path, i, row, "aimh_level_target", row.get("aimh_level_target"), aimh_ids, "AiMH level")
        _known(path, i, row, "fhsfl_level", row.get("fhsfl_level"), fhsfl_ids, "FH&SfL level")
        for s in row.get("level_sources") or []:
            _known(path, i, row, "level_sources", s, source_ids, "source")
        if row.get("aimh_level_target") is not None and not row.get("level_reason"):
            raise ReferenceDataError(f"{_where(path, i, row)}: an AiMH level judgement needs a level_reason")
        row["_facts"] = _course_facts(path, i, row, source_ids)
        if "title" not in {f["field"] for f in row["_facts"]}:
            raise ReferenceDataError(f"{_where(path, i, row)}: missing required field 'title'")
    course_ids = _unique(files["courses"], courses)

    routes = _load_list(files["routes"])
    for i, row in enumerate(routes):
        _require(files["routes"], i, row, ["id", "name", "who_for", "leads_to"])
        cited(files["routes"], i, row)
        _known(files["routes"], i, row, "aimh_level_target", row.get("aimh_level_target"), aimh_ids, "AiMH level")
        if row.get("aimh_level_target") is not None and not row.get("level_reason"):
            raise ReferenceDataError(f"{_where(files['routes'], i, row)}: an AiMH level judgement needs a level_reason")
    route_ids = _unique(files["routes"], routes)

    rules = _load_list(files["eligibility"])
    seen_targets = set()
    for i, row in enumerate(rules):
        path = files["eligibility"]
        _require(path, i, row, ["words", "requirements"])
        cited(path, i, row)
        if bool(row.get("course")) == bool(row.get("route")):
            raise ReferenceDataError(f"{_where(path, i, row)}: a rule applies to exactly one course or one route")
        _known(path, i, row, "course", row.get("course"), course_ids, "course")
        _known(path, i, row, "route", row.get("route"), route_ids, "route")
        target = ("course", row["course"]) if row.get("course") else ("route", row["route"])
        if target in seen_targets:
            raise ReferenceDataError(f"{_where(path, i, row)}: duplicate rule for {target[0]} {target[1]!r}")
        seen_targets.add(target)
        known = {"profession_group": groups, "profession": profession_ids, "stage": stage_ids, "registration": body_ids}
        for requirement in row["requirements"]:
            _check_requirement(path, i, row, requirement, known, top=True)

    return {
        "sources": sources, "aimh_levels": aimh, "fhsfl_levels": fhsfl,
        "registration_bodies": bodies, "career_stages": stages, "profile_words": profile_words, "professions": professions,
        "providers": providers, "courses": courses, "routes": routes, "eligibility": rules,
        "course_kinds": COURSE_KINDS,
    }


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
    if kind in known:
        what = {"profession_group": "profession group", "profession": "profession", "stage": "career stage", "registration": "registration body"}[kind]
        for value in req["any_of"]:
            if value not in known[kind]:
                raise ReferenceDataError(f"{where}: requirement {kind!r} names an unknown {what} {value!r}")
    if kind == "completed":
        for value in req.get("satisfied_by") or []:
            if value not in known["profession"]:
                raise ReferenceDataError(f"{where}: requirement 'completed' names an unknown profession {value!r}")
    if kind == "degree" and req["at_least"] not in DEGREES:
        raise ReferenceDataError(f"{where}: degree at_least must be one of {', '.join(DEGREES)}")
    if kind == "experience_years" and not isinstance(req["at_least"], (int, float)):
        raise ReferenceDataError(f"{where}: experience_years at_least must be a number")
    if kind == "any_of":
        for option in req["options"]:
            _check_requirement(path, index, row, option, known, top=False)


def _course_facts(path, index, row, source_ids):
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
        entries = []
        for value in values:
            entry = dict(value) if isinstance(value, dict) else {"value": value}
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
            if field == "fee_gbp" and not isinstance(entry["value"], (int, float)):
                raise ReferenceDataError(f"{where}: fee_gbp must be a number, not {entry['value']!r}")
            entries.append(entry)
        shown = [e for e in entries if e.get("shown")]
        if len(entries) == 1:
            entries[0]["shown"] = True
        elif len(shown) != 1:
            raise ReferenceDataError(f"{where}: fact {field!r} has {len(entries)} values from different sources; mark exactly one `shown: true` with `why`")
        elif not shown[0].get("why"):
            raise ReferenceDataError(f"{where}: fact {field!r}: the shown value needs a `why`")
        for position, entry in enumerate(entries):
            entry["shown"] = bool(entry.get("shown"))
            out.append({"field": field, "position": position, **entry})
    return out
