"""Synthetic national-scale catalogue for benchmarks and fault tests: never shipped.

Writes a reference directory in the format of crawler/reference/ (the courses.yaml header
documents it) with N synthetic courses across N/25 synthetic providers, and optionally a
local mirror of provider pages shaped like real course pages (a key-facts box, facts in
prose under question headings, schema.org JSON-LD on some pages, typographic dashes).

Everything synthetic is marked as such: ids start with `synthetic-`, hosts end in
`.example`, every synthetic fact cites the source `synthetic` (kind judgement, titled
"SYNTHETIC benchmark data, never shipped"), and every page says SYNTHETIC in its title.
Every other reference file (professions, registration bodies, career stages, routes,
levels, ...) and the route rules are copied from crawler/reference/ so the recommender sees the real vocabulary; course
eligibility rules are the real course rules' requirement shapes re-applied to synthetic
courses. Output goes under benchmarks/out/ only (gitignored), never into crawler/reference
or the shipped catalogue.db.

    .venv/bin/python benchmarks/synthetic.py --courses 50000
    .venv/bin/python benchmarks/synthetic.py --courses 5000 --mirror
"""
import argparse
import copy
import html
import json
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from crawler.reading.normalise import duration_months

REAL_REFERENCE = ROOT / "crawler" / "reference"
OUT = ROOT / "benchmarks" / "out"
SIZES = (500, 5_000, 50_000)
COURSES_PER_PROVIDER = 25
SYNTHETIC_SOURCES = [
    {"id": "synthetic", "kind": "judgement", "title": "SYNTHETIC benchmark data, never shipped",
     "document": "benchmarks/synthetic.py"},
    {"id": "synthetic-page", "kind": "judgement",
     "title": "SYNTHETIC benchmark data, never shipped (a second synthetic source, for disagreements)",
     "document": "benchmarks/synthetic.py"},
]
GENERATED_FILES = ("sources", "providers", "courses", "eligibility")  # every other reference file is copied
# ...except these: the workforce checklist links real course ids, which a synthetic catalogue does not have
# (without the file the build writes no checklist tables).
LEFT_OUT_FILES = ("workforce_checklist",)

# Field distributions, weighted roughly like the real catalogue and the paper's appendix.
KINDS = [("short_course", 30), ("postgraduate_award", 20), ("intervention_training", 18), ("e_learning", 12),
         ("psychotherapy_training", 8), ("pre_clinical_course", 7), ("clinical_training", 5)]
DURATIONS = {
    "short_course": ["2 days", "one day", "2-day introductory workshop", "four half-day sessions", "10 weeks",
                     "12 weeks", "3 days in person", "two workshop days, two weeks apart", "6 weeks online"],
    "e_learning": ["about 2 to 4 hours", "6 hours", "1 day", "4 weeks", "self-paced over 8 weeks"],
    "intervention_training": ["four days of training then three coaching sessions", "3 days in person",
                              "2 days, then 5 practice sessions for certification", "10 weeks", "6 months"],
    "postgraduate_award": ["1 year", "one year", "18 months", "2 years p/t", "36 months part-time",
                           "MSc- 36 months part time, PGDip- 24 months part time, PGCert- 12 months part time",
                           "12 months", "2-3 years"],
    "psychotherapy_training": ["2 years p/t", "18 months", "2-4 years – depending on previous qualification",
                               "3 years"],
    "pre_clinical_course": ["2 years", "two years part time", "2 years p/t"],
    "clinical_training": ["4 years", "four-year salaried trainee posts", "four years of NHS clinical training"],
}
AWARDS = {
    "postgraduate_award": ["Postgraduate Certificate (PGCert)", "Postgraduate Diploma", "MSc / PGDip / PGCert",
                           "MA", "Postgraduate taught microcredential"],
    "psychotherapy_training": ["Diploma", "Certificate of completion"],
    "clinical_training": ["Professional doctorate"],
    "pre_clinical_course": ["PG Dip or MA", "Postgraduate Certificate"],
    "intervention_training": ["Certified practitioner", "Certificate of attendance"],
    "short_course": ["Certificate of attendance"],
    "e_learning": ["Certificate of completion"],
}
FUNDING = [("fee_paying", 50), ("self_funded", 12), ("fully_funded", 15), ("free", 15), ("salaried_post", 8)]
FEES = {"short_course": (80, 900), "e_learning": (0, 120), "intervention_training": (300, 2500),
        "postgraduate_award": (2500, 15000), "psychotherapy_training": (4000, 18000),
        "pre_clinical_course": (3000, 9000), "clinical_training": (6000, 12000)}
MODES = [("online", 30), ("in person", 25), ("hybrid", 20), ("part time", 15), ("online distance learning", 7),
         ("full time", 3)]
TOPICS = ["Infant Mental Health", "Parent-Infant Relationships", "Perinatal Mental Health", "Infant Observation",
          "Video Interaction Guidance", "Attachment and Bonding", "Early Relationships", "Reflective Supervision",
          "Trauma-Informed Practice in the Early Years", "Parent-Infant Psychotherapy", "Fathers and Infants",
          "Neonatal Mental Health", "Circle of Security Parenting", "Watch, Wait and Wonder", "Baby Massage and Bonding",
          "Mentalization-Based Parenting", "Working with Parents with Learning Disabilities", "Infant Sleep and Crying"]
TITLE_SHAPES = {
    "postgraduate_award": ["PGCert {t}", "PGDip {t}", "MSc {t}", "Postgraduate Certificate in {t}"],
    "psychotherapy_training": ["{t}: a Clinical Training", "Diploma in {t}"],
    "clinical_training": ["Professional Doctorate in Child Psychotherapy ({t} pathway)"],
    "pre_clinical_course": ["Pre-clinical Course in {t} with Infant Observation"],
    "intervention_training": ["{t} Practitioner Training", "{t}: Foundation Training"],
    "short_course": ["{t}: a Short Course", "Introduction to {t}", "{t} Workshop", "{t} Masterclass"],
    "e_learning": ["{t} e-Learning Module", "{t}: Self-paced Learning"],
}
PLACES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast", "Norwich", "Manchester", "Birmingham", "Exeter",
          "Newcastle", "Sheffield", "Nottingham", "Brighton", "Truro", "Inverness", "Swansea", "Online", "London"]
PROVIDER_SHAPES = ["University of {p}", "{p} NHS Foundation Trust", "{p} Parent-Infant Partnership",
                   "{p} Institute of Psychotherapy", "{p} Perinatal Training Hub", "{p} Infant Mental Health School"]
AUDIENCES = ["Health visitors, midwives and nursery nurses", "Qualified clinicians working with parents and infants",
             "Practitioners in the early years workforce", "Psychotherapists (already UKCP qualified)",
             "Social workers and family support workers", "Anyone working with babies and their families",
             "Psychologists and psychological therapists", "Perinatal mental health teams"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _weighted(rng, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _load(name):
    return yaml.safe_load((REAL_REFERENCE / f"{name}.yaml").read_text(encoding="utf-8"))


def _dump(path, data, header):
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        yaml.dump(data, out, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)


def provider_host(index):
    return f"synthetic-provider-{index:05d}.example"


def generate(n_courses, out_dir, seed=7):
    """Write a synthetic reference directory for n_courses; return the list of course dicts."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    header = "# SYNTHETIC benchmark data, never shipped: written by benchmarks/synthetic.py.\n"

    for path in sorted(REAL_REFERENCE.glob("*.yaml")):
        if path.stem not in GENERATED_FILES + LEFT_OUT_FILES:
            shutil.copy(path, out_dir / path.name)
    _dump(out_dir / "sources.yaml", _load("sources") + SYNTHETIC_SOURCES, header)

    n_providers = max(1, n_courses // COURSES_PER_PROVIDER)
    providers = []
    for i in range(1, n_providers + 1):
        place = f"{rng.choice(PLACES)} {i:05d}"
        providers.append({"id": f"synthetic-provider-{i:05d}",
                          "name": f"SYNTHETIC {rng.choice(PROVIDER_SHAPES).format(p=place)}",
                          "website": f"https://{provider_host(i)}/", "source": "synthetic",
                          "section": "synthetic benchmark data"})
    _dump(out_dir / "providers.yaml", providers, header)

    real_rules = _load("eligibility")
    real_kinds = {c["id"]: c["kind"] for c in _load("courses")}
    course_rule_shapes = [_by_kind(r["requirements"], real_kinds) for r in real_rules if r.get("course")]
    rules = [r for r in real_rules if r.get("route")]
    courses = []
    for i in range(1, n_courses + 1):
        course, rule = _course(rng, i, n_providers, course_rule_shapes)
        courses.append(course)
        if rule:
            rules.append(rule)
    _dump(out_dir / "courses.yaml", courses, header)
    _dump(out_dir / "eligibility.yaml", rules, header)
    return courses


def _by_kind(requirements, kinds):
    """The requirements with each named prerequisite course (absent from a synthetic catalogue)
    asked for by its kind instead."""
    out = copy.deepcopy(requirements)
    stack = list(out)
    while stack:
        req = stack.pop()
        if req.get("courses"):
            req["course_kind"] = kinds[req.pop("courses")[0]]
        stack.extend(req.get("options") or [])
    return out


def _course(rng, i, n_providers, rule_shapes):
    kind = _weighted(rng, KINDS)
    provider = (i - 1) % n_providers + 1
    cid = f"synthetic-course-{i:06d}"
    topic = rng.choice(TOPICS)
    title = rng.choice(TITLE_SHAPES[kind]).format(t=topic)
    duration = rng.choice(DURATIONS[kind])
    funding = _weighted(rng, FUNDING)
    low, high = FEES[kind]
    facts = {
        "title": f"{title} (synthetic {i})",
        "award": rng.choice(AWARDS[kind]),
        "description": (f"SYNTHETIC course for benchmarks. {title} introduces {topic.lower()} for practitioners "
                        f"working with babies, parents and carers from pregnancy to age two, with case discussion, "
                        f"infant observation and reflective practice."),
        "mode": _weighted(rng, MODES),
        "duration": duration,
        "funding": funding,
        "start_dates": f"{rng.choice(MONTHS)} {rng.choice([2026, 2027])}" if rng.random() < 0.7 else "rolling applications",
        "location": rng.choice(PLACES),
        "audience": rng.choice(AUDIENCES),
    }
    if funding in ("fee_paying", "self_funded"):
        fee = round(rng.uniform(low, high), -1) or 40
        facts["fee_gbp"] = fee
        facts["cost"] = f"GBP {fee:,.0f} per person"
    elif funding == "free":
        facts["cost"] = "free to attend"
    elif funding == "fully_funded":
        facts["cost"] = "tuition fees fully funded by NHS England"
    else:
        facts["cost"] = "salaried training post"
    if rng.random() < 0.1:  # a tenth carry a disagreement between two sources, like the real catalogue
        facts["title"] = [
            {"value": facts["title"], "source": "synthetic", "section": "synthetic appendix"},
            {"value": f"{title}: revised (synthetic {i})", "source": "synthetic-page", "section": "synthetic page",
             "shown": True, "why": "SYNTHETIC: the newer synthetic page title is shown."},
        ]
    course = {"id": cid, "provider": f"synthetic-provider-{provider:05d}", "kind": kind,
              "url": f"https://{provider_host(provider)}/courses/{cid}/",
              "source": "synthetic", "section": "synthetic benchmark data", "facts": facts}
    if rng.random() < 0.8:
        course["aimh_level_expected"] = rng.choice([0, 1, 1, 2])
        course["aimh_level_target"] = min(3, course["aimh_level_expected"] + rng.choice([1, 1, 2]))
        course["level_reason"] = "SYNTHETIC level judgement for benchmarks."
        course["level_sources"] = ["synthetic"]
    rule = None
    if rng.random() < 0.75:
        requirements = copy.deepcopy(rng.choice(rule_shapes))
        facts["eligibility"] = "; ".join(r["missing"] for r in requirements)
        rule = {"course": cid, "words": f"SYNTHETIC: {facts['eligibility']}", "source": "synthetic",
                "section": "synthetic benchmark data", "requirements": requirements}
    return course, rule


def _fact_value(course, field):
    value = course["facts"].get(field)
    if isinstance(value, list):
        value = next(v["value"] for v in value if v.get("shown"))
    return value


PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>SYNTHETIC {title_html} | {provider_html}</title>
<meta name="description" content="{description_html}">
<meta name="robots" content="noindex">
<meta name="generator" content="benchmarks/synthetic.py (SYNTHETIC benchmark data, never shipped)">
{json_ld}</head>
<body>
<header><nav><a href="/">Home</a> &rsaquo; <a href="/courses/">Courses</a></nav></header>
<main>
<h1>{title_html}</h1>
<p class="lead">{description_html}</p>
<section class="key-facts" aria-label="Key facts">
<h2>Key facts</h2>
<dl>
{facts_html}
</dl>
</section>
<div class="tabs">
<section id="overview"><h2>Overview</h2><p>{description_html}</p></section>
<section id="who"><h2>Who is this course for?</h2><p>{audience_html}</p></section>
<section id="entry"><h2>What do I need to apply?</h2><p>{eligibility_html}</p></section>
<section id="fees"><h2>How much does it cost?</h2><p>{cost_html}</p></section>
</div>
</main>
<footer><p>SYNTHETIC benchmark page &ndash; not a real course.</p></footer>
</body></html>
"""
LABELS = [("Award", "award"), ("Duration", "duration"), ("Mode of study", "mode"), ("Start date", "start_dates"),
          ("Location", "location"), ("Fees", "cost"), ("Entry requirements", "eligibility")]


def course_page(course, provider_name, variant=0):
    """HTML for one course page, shaped like the real ones; variant>0 changes its duration and fee."""
    esc = lambda v: html.escape(str(v)) if v is not None else ""  # noqa: E731
    title = _fact_value(course, "title")
    duration = _fact_value(course, "duration")
    cost = _fact_value(course, "cost")
    if variant:
        duration, cost = f"{variant + 1} years part-time", f"GBP {1000 * variant:,} per person"
    values = {field: _fact_value(course, field) for _, field in LABELS}
    values.update(duration=duration, cost=cost)
    facts_html = "\n".join(f"<dt>{label}</dt><dd>{esc(values[field]).replace('-', '–', 1)}</dd>"
                           for label, field in LABELS if values.get(field))
    json_ld = ""
    if int(course["id"].rsplit("-", 1)[-1]) % 3 == 0:  # a third carry schema.org JSON-LD, as universities do
        json_ld = '<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "Course", "name": title,
            "description": _fact_value(course, "description"),
            "provider": {"@type": "Organization", "name": provider_name},
            "hasCourseInstance": {"@type": "CourseInstance", "courseMode": values.get("mode"),
                                  "courseWorkload": duration}}) + "</script>"
    return PAGE.format(title_html=esc(title), provider_html=esc(provider_name),
                       description_html=esc(_fact_value(course, "description")), json_ld=json_ld,
                       facts_html=facts_html, audience_html=esc(values.get("audience") or _fact_value(course, "audience")),
                       eligibility_html=esc(values.get("eligibility") or "Open to all."), cost_html=esc(cost or ""))


def write_mirror(courses, provider_names, mirror_dir, limit=None):
    """Write one page per course at mirror_dir/HOST/PATH/index.html (the crawl's --mirror layout).

    Each host also gets a robots.txt that allows everything. Returns the number of pages."""
    mirror_dir = Path(mirror_dir)
    if mirror_dir.exists():
        shutil.rmtree(mirror_dir)
    hosts = set()
    count = 0
    for course in courses[:limit]:
        url = course.get("url")
        if not url or not url.startswith("https://"):
            continue
        host, _, path = url[len("https://"):].partition("/")
        target = mirror_dir / host / path
        if not path or path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(course_page(course, provider_names.get(course.get("provider"), "")), encoding="utf-8")
        count += 1
        if host not in hosts:
            hosts.add(host)
            (mirror_dir / host / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, action="append", help=f"sizes to write (default: {SIZES})")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: benchmarks/out)")
    parser.add_argument("--mirror", action="store_true", help="also write the provider page mirror (5,000 pages)")
    parser.add_argument("--mirror-pages", type=int, default=5_000)
    args = parser.parse_args(argv)
    for n in args.courses or SIZES:
        ref = args.out / f"reference-{n}"
        courses = generate(n, ref)
        print(f"wrote {ref}: {len(courses)} synthetic courses, {max(1, n // COURSES_PER_PROVIDER)} providers")
    if args.mirror:
        n = args.mirror_pages
        ref = args.out / f"reference-{n}"
        courses = generate(n, ref) if not (ref / "courses.yaml").exists() else \
            yaml.load((ref / "courses.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        names = {p["id"]: p["name"] for p in yaml.safe_load((ref / "providers.yaml").read_text(encoding="utf-8"))}
        pages = write_mirror(courses, names, args.out / "mirror")
        print(f"wrote {args.out / 'mirror'}: {pages} synthetic pages")
    return 0



def serve_mirror(directory, delay=0.0):
    """A real HTTP server on 127.0.0.1 (a free port) serving a mirror directory, in a thread.

    Python's static file handler sends Last-Modified and answers If-Modified-Since with 304,
    as a provider's web server would. Returns the server; its URL is mirror_url(server);
    server.body_bytes_sent and server.bodies_sent count what it actually sent; delay (seconds)
    slows every answer, as a distant site would."""
    import functools
    import threading
    import time
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if delay:
                time.sleep(delay)
            super().do_GET()

        def copyfile(self, source, outputfile):  # count the body bytes actually sent
            data = source.read()
            outputfile.write(data)
            with lock:
                server.body_bytes_sent += len(data)
                server.bodies_sent += 1

    lock = threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    server.body_bytes_sent = server.bodies_sent = 0
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def mirror_url(server):
    return f"http://127.0.0.1:{server.server_address[1]}"



def catalogue_with_mirror(directory, n_courses, seed=7):
    """Build a small synthetic catalogue and its page mirror under directory (for fault tests).

    Returns (catalogue.db path, mirror directory). Uses the real build."""
    from crawler.catalogue.build import build

    directory = Path(directory)
    courses = generate(n_courses, directory / "reference", seed=seed)
    db = directory / "catalogue.db"
    build(db, directory / "reference")
    names = {p["id"]: p["name"] for p in yaml.safe_load((directory / "reference" / "providers.yaml").read_text(encoding="utf-8"))}
    write_mirror(courses, names, directory / "mirror")
    return db, directory / "mirror"


if __name__ == "__main__":
    sys.exit(main())
