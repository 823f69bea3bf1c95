"""Load and check the reviewable reference files in crawler/reference/.

Every problem is reported as ReferenceDataError naming the file, the row and the problem,
so a reviewer can fix the YAML without reading Python. Each row's shape (required fields,
text, numbers, lists) is checked by its typed model in crawler/catalogue/reference/reference_models.py
(pydantic); what crosses rows and files (ids that must exist, duplicates, durations the
normaliser must read) is checked here; a course's facts (one shown value per fact) in
course_facts.py, and reading a file (no anchors or aliases) in yaml_files.py.
"""
from pathlib import Path

from pydantic import ValidationError

from crawler.catalogue.reference import reference_models
from crawler.catalogue.reference.course_facts import check_dated as _check_dated, course_facts as _course_facts
from crawler.catalogue.reference.yaml_files import ReferenceDataError, read_yaml, where as _where
from crawler.reading.normalise import duration_months

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


FILES = ("sources", "providers", "courses", "professions", "registration_bodies",
         "career_stages", "routes", "eligibility", "aimh_levels", "pathway_steps")


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
        _known(path, i, row, "kind", row["kind"], {"seniority", "setting", "qualification", "aimh_level", "filler", "other_post"}, "word kind")
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
