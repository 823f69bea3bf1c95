"""Layers 3 and 4 of extraction: labelled key facts and question or tab headings, matched to fields by page_labels.yaml.

Labels are matched to fields by the table in crawler/reference/page_labels.yaml (the words real
pages use): <dt>/<dd>, <th>/<td>, a table's header row, "Label: value" bullets and lines,
label/value boxes (layer 3), and headings ("Requirements of Entry", "Who is the training suitable
for?") with the prose under them (layer 4). Fee rows are sorted into the course fee, the overseas
fee and the amounts beside it (sort_fees).
"""
import re
from functools import lru_cache
from importlib import resources

import yaml

from crawler.reading import normalise
from crawler.reading.normalise import clean_text
from crawler.reading.page_parts import Facts, course_part, in_course, in_listing_entry, own_language_text, text_of, where


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


def label_text(label):
    text = clean_text(label or "")
    if not text:
        return None
    return re.sub(r"[\s:?]+$", "", text).strip() or None


def label_field(label, extra_labels=()):
    """The field a label names, or None ("none" in the table: a label known not to be a field).
    Extra (per-site) labels are tried first."""
    text = label_text(label)
    if not text or len(text) > 80:
        return None
    for words in _label_forms(text):
        for pattern, field in extra_labels:
            if re.fullmatch(pattern, words, re.IGNORECASE):
                return field
        for pattern, field in label_table()[0]:
            if pattern.match(words):
                return None if field == "none" else field
    return None


def _label_forms(text):
    """A label, then each half of a bilingual label ("Hyd / Duration", "Dull / Mode"): pages in
    Wales print the Welsh and the English label side by side."""
    halves = [h.strip() for h in re.split(r"\s+/\s+|\s*\|\s*", text)] if re.search(r"\s/\s|\|", text) else []
    return [text] + [h for h in halves if h]


def yes_means(label, value):
    """(field, value) when a yes/no label is answered yes ("Taught Wholly by Distance Learning: Yes")."""
    text = (label_text(label) or "").lower()
    if text in label_table()[1] and re.match(r"^\s*yes\b", value or "", re.IGNORECASE):
        return label_table()[1][text]
    return None


# --- layer 3: labelled key facts ------------------------------------------------------

def _label_value_pairs(part):
    """(label, value, node) for every label/value pair in the course part, in page order."""
    pairs = []
    for dt in part.xpath(".//dt"):
        dd = dt.xpath("following-sibling::dd[1]")
        pairs.append((text_of(dt), text_of(dd[0]) if dd else None, dt))
    for th in part.xpath(".//tr/th"):
        td = th.xpath("following-sibling::td")
        if len(td) > 1:
            pairs.extend(_matrix_row(th, td))
        elif td:
            pairs.append((text_of(th), own_language_text(td[0]), th))
    # A table whose first row holds the labels: each column's label names the first data row's cell.
    for table in part.xpath(".//table"):
        header = table.xpath("(.//tr[th and not(td)])[1]/th")
        row = table.xpath("(.//tr[td])[1]/td")
        if header and row and len(header) == len(row) and not _is_label(text_of(row[0]) or ""):
            pairs.extend((text_of(h), " ".join(c.xpath(".//text()").getall()), h) for h, c in zip(header, row))
    # <li><strong>Duration:</strong> 2 years</li>, <p><b>Fees</b>: £400</p>
    for strong in part.xpath(".//*[self::strong or self::b or self::span[contains(@class,'label')]][parent::li or parent::p or parent::div]"):
        label = text_of(strong)
        parent_text = text_of(strong.xpath("..")[0]) or ""
        if label and parent_text.startswith(label) and len(parent_text) > len(label):
            pairs.append((label, parent_text[len(label):].lstrip(" :–—-"), strong))
    # Label/value boxes: <div class="key-info__label">Duration</div><div class="...value">12 weeks</div>
    for node in part.xpath(".//*[contains(@class, 'label') or contains(@class, 'Label')][not(self::strong or self::b)]"):
        value_node = node.xpath("following-sibling::*[1]")
        if value_node:
            pairs.append((text_of(node), text_of(value_node[0]), node))
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
        label = text_of(first)
        if label and _is_label(label) and not first.xpath(".//*[self::p or self::li or self::div]"):
            pairs.extend(_answers(label, second, first))
    # A label alone in its block ("Level:", "Is there a cost for this learning resource? :", or a
    # bold line), the value in the next block: <p><strong>Level:</strong></p><p>Enhanced</p>.
    for block in part.xpath(".//*[self::p or self::div or self::span][not(*[self::p or self::div or self::ul])]"):
        label = text_of(block)
        if not label or len(label) > 90 or not (label.rstrip().endswith(":") or block.xpath("*[self::strong or self::b]")
                                                 and text_of(block.xpath("*[self::strong or self::b]")[0]) == label):
            continue
        value = block.xpath("following-sibling::*[1]")
        if value and _is_label(label) and not _is_label(text_of(value[0]) or ""):
            pairs.extend(_answers(label, value[0], block))
    # The same label and value met through two markups (a <th> and a "Label: value" line) is one pair.
    seen, unique = set(), []
    for label, value, node in pairs:
        key = (label_text(label) or "").lower(), clean_text(value or "")
        if key not in seen:
            seen.add(key)
            unique.append((label, value, node))
    return unique


def _matrix_row(th, cells):
    """A row of a table with a label in each column (a fee table: the award in the row's <th>, whom or
    what each amount is for in the column's header, "MSc | £15,000 | £11,130"): each cell is
    labelled by its row and its column ("MSc: £15,000", "MSc, NHS-funded students after discount:
    £11,130"), a plain "Fee" column adding nothing, so no amount loses what it is for."""
    header = th.xpath("ancestor::table[1]//tr[th and not(td)][1]/th")
    row_label = text_of(th) or ""
    pairs = []
    for i, cell in enumerate(cells, start=1):
        column = label_text(text_of(header[i])) if len(header) == len(cells) + 1 else None
        plain = not column or re.fullmatch(r"(tuition |course |programme |total )?(fees?|costs?|prices?)( \(.*\))?", column, re.I)
        pairs.append((row_label if plain else f"{row_label}, {column}", text_of(cell), th))
    return pairs


def _answers(label, value_node, label_node):
    """(label, value, node) pairs of a label and the node answering it: a list answers one item at
    a time ("MSc: ...", "PgDip: ..."), never as one run of words."""
    items = value_node.xpath("self::ul/li | self::ol/li")
    if items:
        return [(label, text_of(item), label_node) for item in items]
    return [(label, text_of(value_node), label_node)]


def _is_label(text):
    """Whether words are a label the table knows (a field, a yes/no label, or one known not to be a field)."""
    words = label_text(text)
    if not words or len(words) > 80:
        return False
    return any(pattern.match(form) for form in _label_forms(words) for pattern, _ in label_table()[0]) \
        or words.lower() in label_table()[1] \
        or bool(_OTHER_FEE_LABEL.search(words) and len(words) < 50 and not re.search(r"[£$€\d]", words))


is_label = _is_label


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


def _fee_row_label(text):
    """Whether a label with an amount beside it names what the amount is for: a side amount, an award
    or an audience, alone or as one part of a table cell's row and column ("MSc, Self-funded",
    "2025/26, Overseas")."""
    parts = [text] + [p.strip() for p in text.split(", ")]
    return bool(_OTHER_FEE_LABEL.search(text)) or any(
        normalise._AWARD.fullmatch(p) or _AUDIENCE_LABEL.fullmatch(p) for p in parts if p)


def sort_fees(lines):
    """Fee rows [(label, value)] -> {"fees": course fee rows, "fee_overseas": overseas rows,
    "other_fees": NHS and discounted fees and side amounts}, each a "; "-joined text with the
    labels that say whom, which year or what each amount is for. A row is never counted twice."""
    out = {"fees": [], "fee_overseas": [], "other_fees": []}
    seen = set()
    for label, value in lines:
        text = f"{label_text(label)}: {clean_text(value)}" if label and _TELLING_FEE_LABEL.search(label) \
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
    year = normalise._academic_year(" ".join(text_of(h) or "" for h in heading[:2]))
    return f"{label_text(label) or 'Fee'} ({year})" if year else label


# "10 and 20 credits", "60 credits", "15 or 30 SCQF credits"; never a fee basis ("per 20 credits").
_CREDITS = re.compile(r"(?<!per )(?<!per)\b(\d{1,3}(?:\s*(?:and|or|to|-|–)\s*\d{1,3})?)\s+(?:scqf |cats |ects |academic )?credits?\b",
                      re.IGNORECASE)


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
        if not in_course(node) or not clean_text(value) or in_listing_entry(node, _is_label):
            continue
        yes = yes_means(label, value)
        if yes:
            put(yes[0], yes[1], node)
            continue
        # A length per award, each in its own bullet ("PgDip: 24 months part-time").
        if normalise._AWARD.fullmatch(label_text(label) or "") and normalise.durations(value):
            award_lengths.append((f"{label_text(label)}: {clean_text(value)}", node))
            continue
        field = label_field(label, extra_labels)
        if field == "mode" and not normalise.study_mode(value) and not normalise.study_pattern(value) \
                and normalise.durations(value):
            field = "duration"   # "Format: four half-day sessions" names a length, not how it is taught
        text = label_text(label) or ""
        if field == "fees" or (field is None and normalise.fees(value) and _fee_row_label(text)):
            # A fee row, a side amount's row ("Registration fee | £60") or one award's fee ("MSc: £15,000").
            fee_lines.append((label, value, node))
            continue
        put(field, value, node)
        credits = _CREDITS.search(clean_text(value) or "")
        if credits and field not in ("credits", "fees", None):
            # credits said inside another fact: "Credit level | Modules of 10 and 20 credits at SCQF level 11"
            put("credits", credits.group(1), node)
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
        if not in_course(heading):
            continue
        label = text_of(heading)
        field = label_field(label, extra_labels)
        if not field or field in found:
            continue
        texts = []
        node = heading
        target = heading.attrib.get("aria-controls") or (heading.attrib.get("href") or "").lstrip("#")
        if heading.root.tag in ("button", "a") and target:
            panel = response.xpath(f'//*[@id="{target}"]')
            if panel:
                texts.append(text_of(panel[0]))
                node = panel[0]
        elif heading.root.tag == "summary":
            texts = [text_of(s) for s in heading.xpath("following-sibling::*")]
        else:
            level = heading.root.tag
            for sibling in heading.xpath("following-sibling::*"):
                if sibling.root.tag in ("h1", "h2", "h3", "h4", "h5", "h6", level) or sibling.xpath("self::*[@role='tab']") \
                        or _is_subheading(sibling):
                    break   # the next section ("Requirements of Entry" left empty, then "Excluded Courses")
                if field == "fees" and sibling.xpath(".//li | .//tr"):
                    texts.extend(text_of(unit) for unit in sibling.xpath(".//li | .//tr"))   # one row per fee
                else:
                    texts.append(text_of(sibling))
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
    text = text_of(node) or ""
    if not text or len(text) > 60 or re.search(r"[.!?:;,£$€\d]", text):
        return False
    bold = node.xpath("*[self::strong or self::b]")
    return (bold and text_of(bold[0]) == text) or node.root.tag in ("h6", "dt") or bool(
        re.fullmatch(r"(?:[A-Z][\w'-]*)(?: (?:[A-Z][\w'-]*|of|and|to|for|the|in))*", text) and _is_section_name(text))


_SECTION_NAMES = re.compile(r"\b(courses?|requirements?|assessment|timetable|description|aims|outcomes|"
                            r"co-?requisites?|prerequisites?|excluded|overview|summary|fees?|funding|contact)\b", re.IGNORECASE)


def _is_section_name(text):
    return bool(_SECTION_NAMES.search(text)) and len(text.split()) <= 5
