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

`extract()` returns {field: (value, method)} where method names the layer; the returned
mapping's `where` attribute says, per field, where on the page the value was read
(a CSS-like path of the node), and `readings()` turns the words into structured values.
"""
import json
import re
from functools import lru_cache
from importlib import resources

import yaml

from crawler.reading import normalise
from crawler.reading.normalise import clean_text

FIELDS = ("title", "description", "award", "duration", "mode", "study_pattern", "start_date", "fees",
          "fee_overseas", "other_fees", "applications_close", "funding_ends",
          "entry_requirements", "audience", "location", "credits", "level", "course_code", "funding")


class Facts(dict):
    """{field: (value, method)}, with `where` = {field: where on the page it was read}."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.where = {}
        self.per_award_only = False   # a duration made only of per-award (or per-stage) lengths


@lru_cache(maxsize=1)
def page_labels():
    """crawler/reference/page_labels.yaml as read ({"labels": [...], "yes_means": [...]})."""
    # read as package data, so it is found inside a zipped egg too (Scrapyd runs spiders from one)
    return yaml.safe_load(resources.files("crawler").joinpath("reference").joinpath("page_labels.yaml")
                          .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def label_table():
    """[(compiled whole-label pattern, field)] and {yes/no label: (field, value)}, from page_labels.yaml."""
    data = page_labels()
    table = [(re.compile(rf"^(?:{words})$", re.IGNORECASE), entry["field"])
             for entry in data["labels"] for words in entry["words"]]
    yes = {entry["label"].lower(): (entry["field"], entry["when_yes"]) for entry in data.get("yes_means", [])}
    return table, yes


def _label_text(label):
    text = clean_text(label or "")
    if not text:
        return None
    return re.sub(r"[\s:?]+$", "", text).strip() or None


def label_field(label, extra_labels=()):
    """The field a label names, or None ("none" in the table: a label known not to be a field).
    Extra (per-site) labels are tried first."""
    text = _label_text(label)
    if not text or len(text) > 80:
        return None
    for pattern, field in extra_labels:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return field
    for pattern, field in label_table()[0]:
        if pattern.match(text):
            return None if field == "none" else field
    return None


def yes_means(label, value):
    """(field, value) when a yes/no label is answered yes ("Taught Wholly by Distance Learning: Yes")."""
    text = (_label_text(label) or "").lower()
    if text in label_table()[1] and re.match(r"^\s*yes\b", value or "", re.IGNORECASE):
        return label_table()[1][text]
    return None


# --- the page's parts -------------------------------------------------------------------

_PART_WORDS = ("nav", "menu", "breadcrumb", "footer", "site-header", "banner", "hero", "strapline", "tagline",
               "related", "promo", "cookie", "skip", "sidebar", "caption", "social", "back-link", "page-title")
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
# A node is outside the course's facts when it or an ancestor is one of these parts.
NOT_COURSE = "ancestor-or-self::*[self::nav or self::header[not(ancestor::main or ancestor::article)] or self::footer or self::aside or self::script or self::style " \
    "or self::noscript or self::figcaption or @role='navigation' or @role='banner' or @role='contentinfo' " \
    "or @role='complementary' or " + " or ".join(
        f"contains({_LOWER.format('@class')}, '{w}') or contains({_LOWER.format('@id')}, '{w}')" for w in _PART_WORDS) + "]"
# Headings that open a box about something else (other courses, news).
_OTHER_SECTION = re.compile(r"^(related|similar|other|more) (courses?|programmes?|news|events|trainings?)|^you (may|might) also|"
                            r"^see also|^latest news|^more news", re.IGNORECASE)
_MAIN = ["//main", "//*[@role='main']", "//article", "//*[@id='main' or @id='content' or @id='main-content']", "//body"]


def course_part(response):
    """The node holding the page's course facts: <main>, [role=main], <article>, #main, #content, else <body>."""
    for xpath in _MAIN:
        nodes = response.xpath(xpath)
        if nodes:
            return nodes[0]
    return response


def _in_course(node):
    return node.xpath(f"boolean({NOT_COURSE})").get() == "0"


def _text(selector):
    if selector is None:
        return None
    return clean_text(" ".join(selector.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()))


def where(node):
    """A CSS-like path of a node, last four steps: 'main > dl > dt'."""
    steps = []
    for n in [node, *node.xpath("ancestor::*")[::-1]]:
        tag = n.root.tag if isinstance(n.root.tag, str) else "node"
        if tag in ("html", "body"):
            break
        ident = n.attrib.get("id")
        cls = (n.attrib.get("class") or "").split()
        steps.append(tag + (f"#{ident}" if ident else f".{cls[0]}" if cls else ""))
        if len(steps) == 4:
            break
    return " > ".join(reversed(steps))


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name(value):
    value = _first(value)
    if isinstance(value, dict):
        return value.get("name") or value.get("@id")
    return value


# --- layer 1: JSON-LD ---------------------------------------------------------------

_LD_TYPES = {"course", "educationaloccupationalprogram", "courseinstance", "jobposting", "educationevent", "event"}


def _ld_nodes(data):
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _ld_nodes(data["@graph"])
        yield data


def from_json_ld(response):
    found = Facts()
    for raw in response.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # a broken block is skipped, the page's other layers still count
        for node in _ld_nodes(data):
            types = node.get("@type") or []
            types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            if not types & _LD_TYPES:
                continue
            instance = _first(node.get("hasCourseInstance")) or {}
            if not isinstance(instance, dict):
                instance = {}
            offers = _first(node.get("offers") or instance.get("offers")) or {}
            if not isinstance(offers, dict):
                offers = {}
            fee = None
            if offers.get("price") not in (None, ""):
                fee = f"{offers.get('priceCurrency', '')} {offers['price']}".strip()
            location = node.get("jobLocation") or node.get("location") or instance.get("location")
            location = _first(location)
            if isinstance(location, dict):
                address = location.get("address")
                location = location.get("name") or (address.get("addressLocality") if isinstance(address, dict) else address)
            candidates = {
                "title": node.get("name") or node.get("title"),
                "description": node.get("description"),
                "award": _name(node.get("educationalCredentialAwarded")),
                "duration": node.get("timeToComplete") or node.get("timeRequired") or instance.get("courseWorkload"),
                "mode": node.get("courseMode") or instance.get("courseMode") or node.get("educationalProgramMode") or node.get("employmentType"),
                "start_date": node.get("startDate") or instance.get("startDate"),
                "posted": node.get("datePosted") if "jobposting" in types else None,
                "fees": fee,
                "entry_requirements": _name(node.get("coursePrerequisites")) or _name(node.get("programPrerequisites")) or node.get("qualifications"),
                "location": location,
                "course_code": node.get("courseCode"),
                "credits": _name(node.get("numberOfCredits")),
            }
            for field, value in candidates.items():
                value = clean_text(str(_first(value))) if _first(value) not in (None, "", {}) else None
                if value and field not in found:
                    found[field] = (value, "json-ld")
                    found.where[field] = 'script[type="application/ld+json"]'
    return found


# --- layer 2: microdata -------------------------------------------------------------

_ITEMPROPS = {"name": "title", "description": "description", "timeRequired": "duration", "startDate": "start_date",
              "courseMode": "mode", "courseCode": "course_code", "educationalCredentialAwarded": "award",
              "coursePrerequisites": "entry_requirements", "location": "location"}


def from_microdata(response):
    found = Facts()
    scopes = response.xpath('//*[@itemscope][contains(@itemtype, "schema.org/Course") or contains(@itemtype, "schema.org/EducationalOccupationalProgram")]')
    for scope in scopes:
        for prop, field in _ITEMPROPS.items():
            node = scope.xpath(f'.//*[@itemprop="{prop}"]')
            if node and field not in found:
                value = node[0].attrib.get("content") or node[0].attrib.get("datetime") or _text(node[0])
                if clean_text(value):
                    found[field] = (clean_text(value), "microdata")
                    found.where[field] = where(node[0])
        price = scope.xpath('.//*[@itemprop="price"]')
        if price and "fees" not in found:
            currency = scope.xpath('.//*[@itemprop="priceCurrency"]/@content').get() or ""
            amount = price[0].attrib.get("content") or _text(price[0])
            found["fees"] = (clean_text(f"{currency} {amount}"), "microdata")
            found.where["fees"] = where(price[0])
    return found


# --- layer 3: labelled key facts ------------------------------------------------------

def _label_value_pairs(part):
    """(label, value, node) for every label/value pair in the course part, in page order."""
    pairs = []
    for dt in part.xpath(".//dt"):
        dd = dt.xpath("following-sibling::dd[1]")
        pairs.append((_text(dt), _text(dd[0]) if dd else None, dt))
    for th in part.xpath(".//tr/th"):
        td = th.xpath("following-sibling::td[1]")
        if td:
            pairs.append((_text(th), _text(td[0]), th))
    # A table whose first row holds the labels: each column's label names the first data row's cell.
    for table in part.xpath(".//table"):
        header = table.xpath("(.//tr[th and not(td)])[1]/th")
        row = table.xpath("(.//tr[td])[1]/td")
        if header and row and len(header) == len(row) and not _is_label(_text(row[0]) or ""):
            pairs.extend((_text(h), " ".join(c.xpath(".//text()").getall()), h) for h, c in zip(header, row))
    # <li><strong>Duration:</strong> 2 years</li>, <p><b>Fees</b>: £400</p>
    for strong in part.xpath(".//*[self::strong or self::b or self::span[contains(@class,'label')]][parent::li or parent::p or parent::div]"):
        label = _text(strong)
        parent_text = _text(strong.xpath("..")[0]) or ""
        if label and parent_text.startswith(label) and len(parent_text) > len(label):
            pairs.append((label, parent_text[len(label):].lstrip(" :–—-"), strong))
    # Label/value boxes: <div class="key-info__label">Duration</div><div class="...value">12 weeks</div>
    for node in part.xpath(".//*[contains(@class, 'label') or contains(@class, 'Label')][not(self::strong or self::b)]"):
        value_node = node.xpath("following-sibling::*[1]")
        if value_node:
            pairs.append((_text(node), _text(value_node[0]), node))
    # Plain "Label: value" lines (job adverts, Q&A fields in one paragraph).
    for text_node in part.xpath(".//text()[normalize-space()]/.."):
        for line in text_node.xpath("text()").getall():
            line = clean_text(line)
            if line and ":" in line and len(line) < 400:
                label, _, value = line.partition(":")
                if len(label) < 60 and value.strip():
                    pairs.append((label, value, text_node))
    # A row of two parts, a known label then its value, in any markup: <li><span>Duration</span>
    # <span>12 weeks</span></li>, <div><div>Fee</div><div>£550</div></div> (read run together
    # as "Duration12 weeks" by a text copy).
    for row in part.xpath(".//*[count(*) = 2 and not(normalize-space(text())) and not(self::table or self::tbody or self::thead "
                          "or self::ul or self::ol or self::dl or self::main or self::article or self::body) "
                          "and not(self::tr and th)]"):
        first, second = row.xpath("*")
        if first.root.tag in ("tr", "li", "dt", "h1", "h2", "h3", "h4", "ul", "ol", "table"):
            continue
        label = _text(first)
        if label and _is_label(label) and not first.xpath(".//*[self::p or self::li or self::div]"):
            pairs.extend(_answers(label, second, first))
    # A label alone in its block ("Level:", "Is there a cost for this learning resource? :", or a
    # bold line), the value in the next block: <p><strong>Level:</strong></p><p>Enhanced</p>.
    for block in part.xpath(".//*[self::p or self::div or self::span][not(*[self::p or self::div or self::ul])]"):
        label = _text(block)
        if not label or len(label) > 90 or not (label.rstrip().endswith(":") or block.xpath("*[self::strong or self::b]")
                                                 and _text(block.xpath("*[self::strong or self::b]")[0]) == label):
            continue
        value = block.xpath("following-sibling::*[1]")
        if value and _is_label(label) and not _is_label(_text(value[0]) or ""):
            pairs.extend(_answers(label, value[0], block))
    # The same label and value met through two markups (a <th> and a "Label: value" line) is one pair.
    seen, unique = set(), []
    for label, value, node in pairs:
        key = (_label_text(label) or "").lower(), clean_text(value or "")
        if key not in seen:
            seen.add(key)
            unique.append((label, value, node))
    return unique


def _answers(label, value_node, label_node):
    """(label, value, node) pairs of a label and the node answering it: a list answers one item at
    a time ("MSc: ...", "PgDip: ..."), never as one run of words."""
    items = value_node.xpath("self::ul/li | self::ol/li")
    if items:
        return [(label, _text(item), label_node) for item in items]
    return [(label, _text(value_node), label_node)]


def _is_label(text):
    """Whether words are a label the table knows (a field, a yes/no label, or one known not to be a field)."""
    words = _label_text(text)
    if not words or len(words) > 80:
        return False
    return any(pattern.match(words) for pattern, _ in label_table()[0]) or words.lower() in label_table()[1] \
        or bool(_OTHER_FEE_LABEL.search(words) and len(words) < 50 and not re.search(r"[£$€\d]", words))


# A fee label that says whom, which year or which award the fee is for, or what else the amount
# is, is kept with the amount ("UK tuition fees (2026/27): £6,400", "Registration fee: £60").
_TELLING_FEE_LABEL = re.compile(r"\b(uk|home|eu|international|overseas|nhs|self[- ]funded|20\d\d|funded|discount\w*|"
                                r"reduced|registration|membership|application|deposit|accommodation|residential|"
                                r"msc|ma|pg ?dip\w*|pg ?cert\w*|postgraduate|diploma|certificate|dpsych|module|per|total|annual)\b",
                                re.IGNORECASE)
# Labels of amounts beside the course fee: read as fee rows, so they are kept, never as the course fee.
_OTHER_FEE_LABEL = re.compile(r"\b(registration|membership|application|deposit|accommodation|residential)\b.*"
                              r"\b(fees?|costs?|charges?|price)\b|^(registration|membership|deposit|accommodation)\b|"
                              r"\b(nhs|discount\w*|concession\w*|reduced|bursary)\b|\bfunded (students|applicants|places)\b",
                              re.IGNORECASE)


# A row labelled only by whom it is for, in a fee table: "UK | £6,400", "International | £36,500".
_AUDIENCE_LABEL = re.compile(r"(uk|home|eu|home/eu|home and eu|scottish|rest of uk|ruk|international|overseas|"
                             r"non-eu|nhs|self[- ]funded|employer[- ]funded)( (students?|applicants|fees?|rate))?", re.IGNORECASE)


def sort_fees(lines):
    """Fee rows [(label, value)] -> {"fees": course fee rows, "fee_overseas": overseas rows,
    "other_fees": NHS and discounted fees and side amounts}, each a "; "-joined text with the
    labels that say whom, which year or what each amount is for. A row is never counted twice."""
    out = {"fees": [], "fee_overseas": [], "other_fees": []}
    seen = set()
    for label, value in lines:
        text = f"{_label_text(label)}: {clean_text(value)}" if label and _TELLING_FEE_LABEL.search(label) \
            else clean_text(value)
        if not text or text.lower() in seen:
            continue
        seen.add(text.lower())
        found = normalise.fee_readings(text)
        if found and all(r["audience"] == "overseas" for r in found):
            out["fee_overseas"].append(text)
        elif found and all(_beside_the_fee(r) for r in found):
            out["other_fees"].append(text)
        else:
            apart = [r for r in found if r["audience"] == "overseas" or _beside_the_fee(r)]
            # One row holding the course fee and others ("UK: £6,400 International: £36,500"): each
            # amount goes with its own words, so the course fee reading holds the course fee only.
            out["fees"].append("; ".join(r["text"] for r in found if r not in apart) if apart else text)
            out["fee_overseas"].extend(r["text"] for r in apart if r["audience"] == "overseas")
            out["other_fees"].extend(r["text"] for r in apart if r["audience"] != "overseas")
    # a reading met twice (a row, and the same amount inside a longer line) is kept once
    return {field: "; ".join(dict.fromkeys(t for t in texts if t)) for field, texts in out.items() if any(texts)}


def _with_year(label, value, node):
    """A fee row's label, with the academic year its table caption or section heading gives when the
    row itself does not ("Tuition fees 2026/27" above "UK | £6,400" -> "UK (2026/27)")."""
    if normalise._ACADEMIC_YEAR.search(f"{label or ''} {value or ''}"):
        return label
    heading = node.xpath("ancestor::table[1]/caption | preceding::*[self::h2 or self::h3 or self::h4 or self::caption][1]")
    year = normalise._academic_year(" ".join(_text(h) or "" for h in heading[:2]))
    return f"{_label_text(label) or 'Fee'} ({year})" if year else label


def _beside_the_fee(reading):
    """An NHS or discounted fee, or a side amount (registration, deposit...): never the course fee."""
    return reading["audience"] == "NHS" or reading["kind"] not in normalise.FEE_KINDS + ("supplement",)


def from_labels(response, extra_labels=()):
    found = Facts()
    part = course_part(response)
    award_lengths, fee_lines = [], []

    def put(field, value, node):
        value = clean_text(value)
        if field and value and field not in found:
            found[field] = (value, "label")
            found.where[field] = where(node)

    for label, value, node in _label_value_pairs(part):
        if not _in_course(node) or not clean_text(value):
            continue
        yes = yes_means(label, value)
        if yes:
            put(yes[0], yes[1], node)
            continue
        # A length per award, each in its own bullet ("PgDip: 24 months part-time").
        if normalise._AWARD.fullmatch(_label_text(label) or "") and normalise.durations(value):
            award_lengths.append((f"{_label_text(label)}: {clean_text(value)}", node))
            continue
        field = label_field(label, extra_labels)
        text = _label_text(label) or ""
        if field == "fees" or (field is None and normalise.fees(value) and (
                _OTHER_FEE_LABEL.search(text) or normalise._AWARD.fullmatch(text) or _AUDIENCE_LABEL.fullmatch(text))):
            # A fee row, a side amount's row ("Registration fee | £60") or one award's fee ("MSc: £15,000").
            fee_lines.append((label, value, node))
            continue
        put(field, value, node)
    if fee_lines:
        # Every fee row, each with its label when the label says whom, which year or what it is
        # for: "UK tuition fees (2025/26): £6,215"; the overseas fee and side amounts apart.
        for field, text in sort_fees([(_with_year(label, value, node), value) for label, value, node in fee_lines]).items():
            found[field] = (text, "label")
            found.where[field] = where(fee_lines[0][2])
    if award_lengths:
        if "duration" in found:
            value, method = found["duration"]
            found["duration"] = ("; ".join([value] + [a for a, _ in award_lengths]), method)
        else:
            found["duration"] = ("; ".join(a for a, _ in award_lengths), "label")
            found.where["duration"] = where(award_lengths[0][1])
            found.per_award_only = True
    if "fee_type" in found and "fees" in found:
        # studylondon.ac.uk: "£5,210" under "Tuition fees", "Home Fees" under "Fee type".
        found["fees"] = (f"{found['fees'][0]} {found['fee_type'][0]}", found["fees"][1])
    return found


# --- layer 4: question and tab headings ----------------------------------------------

def from_headings(response, extra_labels=()):
    found = Facts()
    part = course_part(response)
    for heading in part.xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//summary | .//button[@role='tab'] | .//a[@role='tab']"):
        if not _in_course(heading):
            continue
        label = _text(heading)
        field = label_field(label, extra_labels)
        if not field or field in found:
            continue
        texts = []
        node = heading
        target = heading.attrib.get("aria-controls") or (heading.attrib.get("href") or "").lstrip("#")
        if heading.root.tag in ("button", "a") and target:
            panel = response.xpath(f'//*[@id="{target}"]')
            if panel:
                texts.append(_text(panel[0]))
                node = panel[0]
        elif heading.root.tag == "summary":
            texts = [_text(s) for s in heading.xpath("following-sibling::*")]
        else:
            level = heading.root.tag
            for sibling in heading.xpath("following-sibling::*"):
                if sibling.root.tag in ("h1", "h2", "h3", "h4", "h5", "h6", level) or sibling.xpath("self::*[@role='tab']") \
                        or _is_subheading(sibling):
                    break   # the next section ("Requirements of Entry" left empty, then "Excluded Courses")
                if field == "fees" and sibling.xpath(".//li | .//tr"):
                    texts.extend(_text(unit) for unit in sibling.xpath(".//li | .//tr"))   # one row per fee
                else:
                    texts.append(_text(sibling))
                if sum(len(t or "") for t in texts) > 600:
                    break
        value = clean_text(("; " if field == "fees" else " ").join(t for t in texts if t))
        if value:
            found[field] = (value[:1000], "heading")
            found.where[field] = where(node)
    return found


def _is_subheading(node):
    """A block that is only a bold line or a line of a few words with no sentence in it ("Excluded
    Courses"): the start of the next section, not the value of the one before."""
    text = _text(node) or ""
    if not text or len(text) > 60 or re.search(r"[.!?:;,£$€\d]", text):
        return False
    bold = node.xpath("*[self::strong or self::b]")
    return (bold and _text(bold[0]) == text) or node.root.tag in ("h6", "dt") or bool(
        re.fullmatch(r"(?:[A-Z][\w'-]*)(?: (?:[A-Z][\w'-]*|of|and|to|for|the|in))*", text) and _is_section_name(text))


_SECTION_NAMES = re.compile(r"\b(courses?|requirements?|assessment|timetable|description|aims|outcomes|"
                            r"co-?requisites?|prerequisites?|excluded|overview|summary|fees?|funding|contact)\b", re.IGNORECASE)


def _is_section_name(text):
    return bool(_SECTION_NAMES.search(text)) and len(text.split()) <= 5


# --- layer 5: page metadata ------------------------------------------------------------

# "Child and adolescent psychoanalytic psychotherapy (M80)", "... Development MED5642".
_TITLE_CODE = re.compile(r"\s*(?:\(\s*([A-Z]{1,5}\d{1,5}[A-Z]?)\s*\)|\b([A-Z]{2,5}\d{3,5}[A-Z]?))\s*$")


def from_metadata(response):
    found = Facts()
    h1 = response.xpath("//h1")
    title = (_text(h1[0]) if h1 else None) \
        or response.xpath('//meta[@property="og:title"]/@content').get() \
        or response.xpath("//title/text()").get()
    title = clean_text(title)
    if title:
        code = _TITLE_CODE.search(title)
        if code and len(title) > code.end() - code.start() + 3:
            found["course_code"] = (code.group(1) or code.group(2), "meta")
            found.where["course_code"] = "h1" if h1 else "title"
            title = title[:code.start()].strip()
        found["title"] = (title, "meta")
        found.where["title"] = "h1" if h1 else "title"
        awards = _title_awards(title)
        if awards:
            found["award"] = (awards, "meta")
            found.where["award"] = "h1" if h1 else "title"
        if normalise.study_mode(title):   # "... MSc/PgDip/PgCert: Online distance learning"
            found["mode"] = ([p for p in re.split(r"\s*[:|–—]\s*", title) if normalise.study_mode(p)][0], "meta")
            found.where["mode"] = "h1" if h1 else "title"
    description = response.xpath('//meta[@name="description"]/@content').get() \
        or response.xpath('//meta[@property="og:description"]/@content').get()
    if clean_text(description):
        found["description"] = (clean_text(description), "meta")
        found.where["description"] = 'meta[name="description"]'
    return found


def _title_awards(title):
    """'MSc/PgDip/PgCert' from "Global Mental Health (online) MSc/PgDip/PgCert: ..."."""
    names = []
    for m in normalise._AWARD.finditer(title):
        name = normalise._award_name(m.group(1))
        if name not in names and name.lower() not in ("diploma", "certificate", "clinical training", "pre-clinical training"):
            names.append(name)
    return "/".join(names) or None


# --- layer 6: prose ------------------------------------------------------------------

_PROSE_CUE = re.compile(r"\b(courses?|programmes?|trainings?|diploma|certificate|microcredential|modules?|workshops?|runs?|over|lasts?|lasting|"
                        r"takes?|duration|part[- ]time|full[- ]time|delivered|comprises)\b", re.IGNORECASE)
# Sentences that say who may apply, or whom the course is for.
_ENTRY_CUE = re.compile(r"\b(prerequisites?( for (the )?(training|course))? (include|are|is)|entry requirements? (include|are|is)|"
                        r"applicants (must|need|should)|you (must|will need to|need to) (have|hold|be)|"
                        r"(trainees|students|participants) (must|need to) (have|hold|be))\b", re.IGNORECASE)
_AUDIENCE_CUE = re.compile(r"\b((is|are) aimed at|(is|are) (suitable )?for [\w\s-]{0,30}?"
                           r"(professionals|practitioners|clinicians|psychotherapists|anyone|health)|designed for)\b", re.IGNORECASE)
_FUNDING_CUE = re.compile(r"\b(self[- ]funded|fully funded|funded by|salaried|paid by|commissioned by|bursar(y|ies)|"
                          r"employers? (usually |normally |often |will )?(meets?|pays?|covers?|funds?)\b[^.]{0,20}\b(costs?|fees?))\b",
                          re.IGNORECASE)
# What completing the course leads to: a status, a qualification, a membership.
_LEADS_TO_CUE = re.compile(r"\b(leads? to [\w\s-]{0,30}(status|registration|accreditation|membership|qualification|register)|"
                           r"you will qualify as|qualify as an?|graduates of the training may join|eligibility for membership)\b",
                           re.IGNORECASE)
_FEE_CUE = re.compile(r"(?=.*\b(costs?|fees?|price|priced|charge)\b)(?=.*[£€$]\s*\d)", re.IGNORECASE)
_ACCREDITATION_CUE = re.compile(r"\b(accredited by|endorsed by|validated by|accreditation process|endorsed and accredited|"
                                r"accredited and endorsed)\b", re.IGNORECASE)
# Steps after the course towards a certified status.
_CERTIFICATION_CUE = re.compile(r"\bwork(?:s|ing)? towards (?:certification|accreditation|registration)\b|"
                                r"\bto (?:reach|achieve|gain) (?:\w+ )?(?:certification|certified status|accreditation)\b",
                                re.IGNORECASE)
# A second code for the same course, in a sentence: "also referred to as PCDOTP001".
_OTHER_CODE = re.compile(r"\balso (?:referred to|known|listed|shown) as\s+([A-Z]{2,}[A-Z0-9]*\d{2,}[A-Z0-9]*)\b")
# The course a page names in a sentence: "... a specific course to equip them, the Postgraduate
# Certificate in Advanced Practice in Infant Mental Health and Wellbeing."
_COURSE_NAMED = re.compile(r"\b(?:course|programme|qualification)\b[^.]{0,60}?\bthe ((?:Postgraduate|Graduate|Professional) "
                           r"(?:Certificate|Diploma)|MSc|MA|PgCert|PgDip|PG Cert|PG Dip)( in (?:[A-Z][\w'’-]*|and|of|in|for|the)"
                           r"(?: (?:[A-Z][\w'’-]*|and|of|in|for|the))*)")
_CLOSE_CUE = re.compile(r"\b(deadline|closing date|applications? (?:will )?close|apply by|applications? (?:must be )?"
                        r"(?:received|submitted) by)\b", re.IGNORECASE)
_FUNDING_END_CUE = re.compile(r"\bfunding\b[^.]{0,40}\b(ends?|ended|ending|until|expires?|runs out)\b|\bfunded until\b",
                              re.IGNORECASE)
_AWARD_CUE = re.compile(r"\b(award|leading to|leads to|qualify|qualification|course|programme)\b", re.IGNORECASE)


# A notice about another time: the pandemic, or a "Please note" that names a year ("... published
# in the course catalogue for 2020-21. Given current circumstances related to the Covid-19
# pandemic ..."). What it says about teaching is history, not the course's mode or dates now.
_HISTORICAL = re.compile(r"\b(covid(?:-?19)?|coronavirus|pandemic|lockdowns?|social distancing)\b", re.IGNORECASE)
_NOTICE_CUE = re.compile(r"^\s*(please note|note|notice|important|update|announcement|disclaimer)\b", re.IGNORECASE)
_NOTICE_PART = "ancestor-or-self::*[" + " or ".join(
    f"contains({_LOWER.format('@class')}, '{w}')" for w in ("notice", "alert", "announcement", "disclaimer", "warning")) + "]"


def dated_notice(node, text):
    """Whether a paragraph is a notice about another time (see _HISTORICAL, _NOTICE_CUE)."""
    if _HISTORICAL.search(text):
        return True
    in_notice = bool(_NOTICE_CUE.match(text)) or node.xpath(f"boolean({_NOTICE_PART})").get() == "1"
    return in_notice and bool(re.search(r"\b(19|20)\d\d\b", text))


def course_sentences(response):
    """[(sentence, node)] of the prose that describes the course, in page order (a notice about
    another time, such as an old Covid-19 notice, is left out)."""
    part = course_part(response)
    sentences = []
    skipping = False
    for node in part.xpath(".//*[self::p or self::li or self::h2 or self::h3 or self::h4 or self::td or self::dd]"):
        if node.root.tag in ("h2", "h3", "h4"):
            skipping = bool(_OTHER_SECTION.search(_text(node) or ""))
            continue
        if skipping or not _in_course(node) or node.xpath("boolean(ancestor::p or ancestor::li)").get() == "1":
            continue
        text = normalise._prepare(_text(node) or "")
        if dated_notice(node, text):
            continue
        if re.match(r"^[^:.]{1,60}:\s*(yes|no)\b", text, re.IGNORECASE):
            continue  # a yes/no key fact ("Available to Visiting Students: No"), read by the label layer
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if sentence:
                sentences.append((sentence, node))
    return sentences


def from_prose(response):
    found = Facts()
    for sentence, node in course_sentences(response):
        if len(sentence) > 400:
            continue
        if "duration" not in found and _PROSE_CUE.search(sentence) \
                and any(r["role"] == "course" for r in normalise.durations(sentence)):
            found["duration"] = (sentence, "prose")
            found.where["duration"] = where(node)
        if "start_date" not in found and any(d["role"] == "start" for d in normalise.dates(sentence)):
            found["start_date"] = (sentence, "prose")
            found.where["start_date"] = where(node)
        if "applications_open" not in found and any(d["role"] == "applications open" for d in normalise.dates(sentence)):
            found["applications_open"] = (sentence, "prose")
            found.where["applications_open"] = where(node)
        if "applications_close" not in found and _CLOSE_CUE.search(sentence) \
                and any(d["role"] == "deadline" for d in normalise.dates(sentence)):
            found["applications_close"] = (sentence, "prose")
            found.where["applications_close"] = where(node)
        if "funding_ends" not in found and _FUNDING_END_CUE.search(sentence) and normalise.dates(sentence):
            found["funding_ends"] = (sentence, "prose")
            found.where["funding_ends"] = where(node)
        if "mode" not in found and normalise.study_mode(sentence):
            found["mode"] = (sentence, "prose")
            found.where["mode"] = where(node)
        for field, cue in (("entry_requirements", _ENTRY_CUE), ("audience", _AUDIENCE_CUE), ("funding", _FUNDING_CUE),
                           ("fees", _FEE_CUE), ("accreditation", _ACCREDITATION_CUE), ("leads_to", _LEADS_TO_CUE)):
            if field not in found and cue.search(sentence):
                found[field] = (sentence, "prose")
                found.where[field] = where(node)
            elif field == "funding" and cue.search(sentence) and sentence not in found[field][0] \
                    and len(found[field][0]) < 300:
                # Who pays, said in more than one sentence ("The employer usually meets course costs";
                # "We also accept self-funded applicants"): every one is kept.
                found[field] = (f"{found[field][0]} {sentence}", "prose")
        if "certification" not in found and _CERTIFICATION_CUE.search(sentence):
            # The steps after the course towards certification, with the paragraph that says them
            # ("... work towards certification. This involves completing 5 practice NBO sessions ...").
            found["certification"] = (clean_text(normalise._prepare(_text(node) or ""))[:600], "prose")
            found.where["certification"] = where(node)
        code = _OTHER_CODE.search(sentence)
        if code and "other_codes" not in found:   # "the M80 course also referred to as PCDOTP001"
            found["other_codes"] = (code.group(1), "prose")
            found.where["other_codes"] = where(node)
        named = _COURSE_NAMED.search(sentence)
        if named and "course_named" not in found:  # a news page names the course in a sentence
            found["course_named"] = ((named.group(1) + named.group(2)).strip(), "prose")
            found.where["course_named"] = where(node)
        if "award" not in found and _AWARD_CUE.search(sentence) and not _ENTRY_CUE.search(sentence):
            awards = _title_awards(sentence)
            if awards:
                found["award"] = (awards, "prose")
                found.where["award"] = where(node)
    return found


def duration_from_prose(response):
    """The first sentence of the course's prose that states a length of the course."""
    prose = from_prose(response)
    return {"duration": prose["duration"]} if "duration" in prose else {}


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
