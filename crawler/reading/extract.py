"""Layered extraction of course facts from a page: a pure function of a response.

A page has parts: navigation, banners and straplines, breadcrumbs, footers, related-course
boxes and news sidebars are not course facts, so every layer but the page metadata reads
only the page's course part (`<main>`, `<article>`, `#main`/`#content`...) without them.

Layers, best first; a field is taken from the first layer that gives it:
  1. schema.org JSON-LD (Course, EducationalOccupationalProgram, CourseInstance, JobPosting)
  2. schema.org microdata (itemprop=...)
  3. labelled key facts: <dt>/<dd>, <th>/<td>, a table's header row, "Label: value"
     bullets and lines, label/value boxes; labels are matched to fields by the table in
     crawler/reference/page_labels.yaml (the words real pages use)
  4. question and tab headings ("Requirements of Entry", "Who is the training suitable
     for?") with the prose under them
  5. page metadata (<h1>, og:title, <title>, meta description); a course code in brackets
     or at the end of the title ("... (M80)", "... MED5642")
  6. prose: a course length, a start or intake date, the mode ("taught online") and the
     award, read from the sentences that describe the course
Per-site additions (extra labels, a site function) live on the spider.
The layers live beside this module: page_parts.py (the course part, where a node is),
structured_data.py (1, 2), labelled_facts.py (3, 4, and the fee rows' sorting), page_words.py (5, 6).

`extract()` returns {field: (value, method)} where method names the layer; the returned
mapping's `where` attribute says, per field, where on the page the value was read
(a CSS-like path of the node), and `readings()` turns the words into structured values.
"""
from crawler.reading import normalise
from crawler.reading.labelled_facts import from_headings, from_labels, sort_fees
from crawler.reading.page_parts import Facts
from crawler.reading.page_words import from_metadata, from_prose
from crawler.reading.structured_data import from_json_ld, from_microdata

FIELDS = ("title", "description", "award", "duration", "mode", "study_pattern", "start_date", "fees",
          "fee_overseas", "other_fees", "applications_close", "funding_ends",
          "entry_requirements", "audience", "location", "credits", "level", "course_code", "funding")


def extract(response, extra_labels=(), site=None):
    """All fields a page gives, as Facts {field: (value, method)}; first layer wins per field.

    `site` is an optional per-site function response -> {field: (value, method)} whose
    values come first (only where the generic layers are known to be wrong for a site).
    """
    result = Facts()
    layers = [("site", site(response))] if site else []
    layers += [("json-ld", from_json_ld(response)), ("microdata", from_microdata(response)),
               ("label", from_labels(response, extra_labels)), ("heading", from_headings(response, extra_labels)),
               ("meta", from_metadata(response)), ("prose", from_prose(response))]
    for name, layer in layers:
        for field, value in layer.items():
            if field not in result and value and value[0]:
                result[field] = value
                result.where[field] = getattr(layer, "where", {}).get(field)
    if "fees" in result and result["fees"][1] in ("heading", "prose"):
        # A fee section or sentence: the overseas fee and side amounts in it are kept apart too.
        value, method = result["fees"]
        sorted_fees = sort_fees([(None, seg) for seg in value.split("; ")])
        if "fees" not in sorted_fees and any(f in sorted_fees for f in ("fee_overseas", "other_fees")):
            del result["fees"]   # only a side amount or another group's fee: never read as the course fee
        for field, text in sorted_fees.items():
            if field == "fees" or field not in result:   # the course fee's own words, the others apart
                result[field] = (text, method)
                result.where[field] = result.where.get("fees") or result.where.get(field)
    labels, prose = layers[-4][1], layers[-1][1]
    if labels.per_award_only and result.get("duration", (None, None))[1] == "label" and "duration" in prose:
        # "The training takes around six years and involves two stages:" then one length per stage.
        result["duration"] = (f"{prose['duration'][0]}; {result['duration'][0]}", "label")
    return result


def readings(fields):
    """Structured readings of the words extracted (see crawler.reading.normalise):
    {'durations': [...], 'fees': [...], 'dates': [...], 'mode': {...}} for the fields a page gave."""
    value = lambda field: (fields.get(field) or (None,))[0]  # noqa: E731
    found = {}
    if value("duration"):
        found["durations"] = normalise.durations(value("duration"))
    if value("fees"):
        found["fees"] = normalise.fee_readings(value("fees"))
    for field in ("fee_overseas", "other_fees"):   # each amount with its label: what it is and whom it is for
        if value(field):
            found[field] = normalise.fee_readings(value(field))
    for field in ("applications_close", "funding_ends"):
        if value(field):
            found[field] = normalise.dates(value(field))
    if value("start_date"):
        found["dates"] = normalise.dates(value("start_date"))
    if value("mode"):
        found["mode"] = {"mode": normalise.study_mode(value("mode")), "pattern": normalise.study_pattern(value("mode"))}
    return found
