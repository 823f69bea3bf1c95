"""Layered extraction of course facts from a page: a pure function of a response.

Layers, best first; a field is taken from the first layer that gives it:
  1. schema.org JSON-LD (Course, EducationalOccupationalProgram, CourseInstance, JobPosting)
  2. schema.org microdata (itemprop=...)
  3. labelled key facts: <dt>/<dd>, <th>/<td>, "Label: value" lines, label/value boxes
  4. question and tab headings ("Entry requirements", "Who is the training suitable for?")
     with the prose under them
  5. page metadata (<h1>, og:title, <title>, meta description)
  6. a duration stated in prose ("a 2-year course", "runs over eleven weeks")
Per-site additions (extra labels, a regex or two) live on the spider.

The result maps field -> (value, method), where method names the layer, so a planner can
see how a value was read.
"""
import json
import re

from crawler.normalise import _DURATION, _HYPHENS, clean_text

FIELDS = ("title", "description", "award", "duration", "mode", "study_pattern", "start_date", "fees",
          "entry_requirements", "audience", "location", "credits", "level", "course_code", "funding")

# Label words (lower case, no trailing colon) -> field. Matched against the whole label,
# or as a prefix ("UK tuition fees (2025/26)" is a fees label).
LABELS = [
    (r"(programme |course )?duration|length( of (the )?course)?|time commitment|how long( is the course)?\??|typical duration", "duration"),
    (r"((uk|home|international|overseas|course|tuition|programme) )*(tuition )?(fees?|costs?|price)( and funding)?( \(.*\))?|how much does it cost\??|is there a cost for this learning resource\??|cost of (the )?(course|training)", "fees"),
    (r"(programme |course |next )?start(s| date| dates)?|programme starts|course starts|when does (it|the course) start\??|next intake|intake|dates?", "start_date"),
    (r"(mode( of (study|delivery))?|study mode|delivery( mode)?|delivery method|attendance( mode)?|training model|how is it (taught|delivered)\??|format)", "mode"),
    (r"(campus|location|venue|where( is it)?( taught)?\??|teaching location)", "location"),
    (r"(award|qualification|final award|course type|award(s)? available|what qualification.*)", "award"),
    (r"(entry requirements?|admission requirements?|requirements|who can apply\??|eligibility|prerequisites?|who is (it|this|the (course|training)) (suitable )?for\??|who should attend\??|is this course for me\??)", "entry_requirements"),
    (r"(credits?|credit value|scqf credits)", "credits"),
    (r"(level|scqf level|academic level)", "level"),
    (r"(course code|programme code|ucas code|code)", "course_code"),
]
_LABEL_RES = [(re.compile(rf"^(?:{pattern})$", re.IGNORECASE), field) for pattern, field in LABELS]
_AUDIENCE_RE = re.compile(r"^who is (it|this|the (course|training|programme)) (suitable )?for\??$", re.IGNORECASE)


def label_field(label, extra_labels=()):
    """The field a label names, or None. Extra (per-site) labels are tried first."""
    text = clean_text(label or "")
    if not text:
        return None
    text = text.rstrip(":?").strip().rstrip(":").strip()
    for pattern, field in extra_labels:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return field
    for pattern, field in _LABEL_RES:
        if pattern.match(text) or pattern.match(text + "?"):
            return field
    return None


def _text(selector):
    if selector is None:
        return None
    return clean_text(" ".join(selector.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()))


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
    found = {}
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
                "start_date": node.get("startDate") or instance.get("startDate") or node.get("datePosted" if "jobposting" in types else "startDate"),
                "fees": fee,
                "entry_requirements": _name(node.get("coursePrerequisites")) or _name(node.get("programPrerequisites")) or node.get("qualifications"),
                "location": location,
                "course_code": node.get("courseCode"),
                "credits": _name(node.get("numberOfCredits")),
            }
            for field, value in candidates.items():
                value = clean_text(str(_first(value))) if _first(value) not in (None, "", {}) else None
                if value and field not in found:
                    found[field] = value
    return {k: (v, "json-ld") for k, v in found.items()}


# --- layer 2: microdata -------------------------------------------------------------

_ITEMPROPS = {"name": "title", "description": "description", "timeRequired": "duration", "startDate": "start_date",
              "courseMode": "mode", "courseCode": "course_code", "educationalCredentialAwarded": "award",
              "coursePrerequisites": "entry_requirements", "location": "location"}


def from_microdata(response):
    found = {}
    scopes = response.xpath('//*[@itemscope][contains(@itemtype, "schema.org/Course") or contains(@itemtype, "schema.org/EducationalOccupationalProgram")]')
    for scope in scopes:
        for prop, field in _ITEMPROPS.items():
            node = scope.xpath(f'.//*[@itemprop="{prop}"]')
            if node and field not in found:
                value = node[0].attrib.get("content") or node[0].attrib.get("datetime") or _text(node[0])
                if clean_text(value):
                    found[field] = clean_text(value)
        price = scope.xpath('.//*[@itemprop="price"]')
        if price and "fees" not in found:
            currency = scope.xpath('.//*[@itemprop="priceCurrency"]/@content').get() or ""
            amount = price[0].attrib.get("content") or _text(price[0])
            found["fees"] = clean_text(f"{currency} {amount}")
    return {k: (v, "microdata") for k, v in found.items()}


# --- layer 3: labelled key facts ------------------------------------------------------

def from_labels(response, extra_labels=()):
    found = {}

    def put(label, value, method="label"):
        field = label_field(label, extra_labels)
        value = clean_text(value)
        if field and value and field not in found:
            found[field] = (value, method)

    for dt in response.xpath("//dt"):
        put(_text(dt), _text(dt.xpath("following-sibling::dd[1]")[0]) if dt.xpath("following-sibling::dd[1]") else None)
    for th in response.xpath("//tr/th"):
        put(_text(th), _text(th.xpath("following-sibling::td[1]")[0]) if th.xpath("following-sibling::td[1]") else None)
    # <li><strong>Duration:</strong> 2 years</li>, <p><b>Fees</b>: £400</p>
    for strong in response.xpath("//*[self::strong or self::b or self::span[contains(@class,'label')]][parent::li or parent::p or parent::div]"):
        label = _text(strong)
        parent_text = _text(strong.xpath("..")[0]) or ""
        if label and parent_text.startswith(label) and len(parent_text) > len(label):
            put(label, parent_text[len(label):].lstrip(" :–—-"))
    # Key-facts boxes: <div class="key-fact"><span class="label">Duration</span><span class="value">...</span></div>
    for label_node in response.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' label ') or contains(@class, 'key-fact__label') or contains(@class, 'field-label') or contains(@class, 'field__label')]"):
        value_node = label_node.xpath("following-sibling::*[1]")
        if value_node:
            put(_text(label_node), _text(value_node[0]))
    # Plain "Label: value" lines (the Digital Learning Map's Q&A fields, job adverts).
    for line in response.xpath("//main//text() | //article//text() | //body//p//text()").getall():
        line = clean_text(line)
        if line and ":" in line and len(line) < 400:
            label, _, value = line.partition(":")
            if len(label) < 60:
                put(label, value)
    return found


# --- layer 4: question and tab headings ----------------------------------------------

def from_headings(response, extra_labels=()):
    found = {}
    for heading in response.xpath("//h2 | //h3 | //h4 | //h5 | //summary | //button[@role='tab'] | //a[@role='tab']"):
        label = _text(heading)
        field = label_field(label, extra_labels)
        if _AUDIENCE_RE.match((label or "").strip()):
            field = "audience"
        if not field or field in found:
            continue
        texts = []
        target = heading.attrib.get("aria-controls") or (heading.attrib.get("href") or "").lstrip("#")
        if heading.root.tag in ("button", "a") and target:
            panel = response.xpath(f'//*[@id="{target}"]')
            if panel:
                texts.append(_text(panel[0]))
        else:
            level = heading.root.tag
            for sibling in heading.xpath("following-sibling::*"):
                if sibling.root.tag in ("h1", "h2", "h3", "h4", "h5", level) or sibling.xpath("self::*[@role='tab']"):
                    break
                texts.append(_text(sibling))
                if sum(len(t or "") for t in texts) > 600:
                    break
            if heading.root.tag == "summary":
                texts = [_text(s) for s in heading.xpath("following-sibling::*")]
        value = clean_text(" ".join(t for t in texts if t))
        if value:
            found[field] = (value[:1000], "heading")
    return found


# --- layer 5: page metadata ------------------------------------------------------------

def from_metadata(response):
    found = {}
    title = (_text(response.xpath("//h1")[0]) if response.xpath("//h1") else None) \
        or response.xpath('//meta[@property="og:title"]/@content').get() \
        or response.xpath("//title/text()").get()
    if clean_text(title):
        found["title"] = (clean_text(title), "meta")
    description = response.xpath('//meta[@name="description"]/@content').get() \
        or response.xpath('//meta[@property="og:description"]/@content').get()
    if clean_text(description):
        found["description"] = (clean_text(description), "meta")
    return found


# --- layer 6: a duration in prose ------------------------------------------------------

_PROSE_CUE = re.compile(r"\b(course|programme|training|diploma|certificate|microcredential|runs?|over|lasts?|lasting|duration|part[- ]time|full[- ]time)\b", re.IGNORECASE)


def duration_from_prose(response):
    body = " ".join(response.xpath("//main//p//text() | //article//p//text() | //body//p//text()").getall())
    for sentence in re.split(r"(?<=[.!?])\s+", _HYPHENS.sub("-", clean_text(body) or "")):
        if _DURATION.search(sentence) and _PROSE_CUE.search(sentence) and len(sentence) < 300:
            return {"duration": (sentence, "prose")}
    return {}


def extract(response, extra_labels=(), site=None):
    """All fields a page gives, as {field: (value, method)}; first layer wins per field.

    `site` is an optional per-site function response -> {field: (value, method)} whose
    values come first (only where the generic layers are known to be wrong for a site).
    """
    result = {}
    layers = [site(response)] if site else []
    layers += [from_json_ld(response), from_microdata(response), from_labels(response, extra_labels),
               from_headings(response, extra_labels), from_metadata(response), duration_from_prose(response)]
    for layer in layers:
        for field, value in layer.items():
            if field not in result and value and value[0]:
                result[field] = value
    return result
