"""Layers 1 and 2 of extraction: the facts a page states as schema.org data (JSON-LD, microdata)."""
import json
import re

from crawler.reading.labelled_facts import sort_fees
from crawler.reading.normalise import clean_text
from crawler.reading.page_parts import Facts, text_of, where


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
            fee_rows = _offer_rows(node.get("offers") or instance.get("offers"))
            location = node.get("jobLocation") or node.get("location") or instance.get("location")
            location = _first(location)
            if isinstance(location, dict):
                address = location.get("address")
                location = location.get("name") or (address.get("addressLocality") if isinstance(address, dict) else address)
            candidates = {
                "title": node.get("name") or node.get("title"),
                "description": node.get("description"),
                "award": _name(node.get("educationalCredentialAwarded")),
                "duration": iso_duration_words(node.get("timeToComplete") or node.get("timeRequired")
                                               or instance.get("courseWorkload")),
                "mode": node.get("courseMode") or instance.get("courseMode") or node.get("educationalProgramMode") or node.get("employmentType"),
                "start_date": node.get("startDate") or instance.get("startDate"),
                "posted": node.get("datePosted") if "jobposting" in types else None,
                "entry_requirements": _name(node.get("coursePrerequisites")) or _name(node.get("programPrerequisites")) or node.get("qualifications"),
                "location": location,
                "course_code": node.get("courseCode"),
                "credits": _name(node.get("numberOfCredits")),
            }
            if fee_rows and "fees" not in found:
                # each offer with what it is for ("UK tuition fees (2025/26)": the home fee and its year;
                # "Overseas ...": the overseas fee apart), sorted like a page's fee rows
                for field, text in sort_fees(fee_rows).items():
                    if field not in found:
                        found[field] = (text, "json-ld")
                        found.where[field] = 'script[type="application/ld+json"]'
            for field, value in candidates.items():
                value = clean_text(str(_first(value))) if _first(value) not in (None, "", {}) else None
                if value and field not in found:
                    found[field] = (value, "json-ld")
                    found.where[field] = 'script[type="application/ld+json"]'
    return found


def _offer_rows(offers):
    """[(label, "GBP 6215")] of schema.org offers: the label is what the offer names itself
    (category, name or description), so a fee for overseas students stays apart."""
    rows = []
    for offer in offers if isinstance(offers, list) else [offers]:
        if not isinstance(offer, dict) or offer.get("price") in (None, ""):
            continue
        label = " ".join(str(offer.get(k)) for k in ("category", "name") if isinstance(offer.get(k), str)) or None
        rows.append((label, f"{offer.get('priceCurrency', '')} {offer['price']}".strip()))
    return rows


_ISO_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
                           r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?)?$", re.IGNORECASE)


def iso_duration_words(value):
    """schema.org gives lengths as ISO 8601 durations: "P4Y" -> "4 years", "P18M" -> "18 months",
    "PT24H" -> "24 hours", "P2D" -> "2 days"; anything else is returned as it is."""
    value = _first(value)
    match = _ISO_DURATION.match(str(value).strip()) if isinstance(value, str) and len(value) > 1 else None
    if not match:
        return value
    units = ("years", "months", "weeks", "days", "hours", "minutes")
    words = [f"{float(n):g} {unit}" if float(n) != 1 else f"1 {unit[:-1]}" for n, unit in zip(match.groups(), units) if n]
    return " ".join(words) or value


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
                value = node[0].attrib.get("content") or node[0].attrib.get("datetime") or text_of(node[0])
                if clean_text(value):
                    found[field] = (clean_text(value), "microdata")
                    found.where[field] = where(node[0])
        price = scope.xpath('.//*[@itemprop="price"]')
        if price and "fees" not in found:
            currency = scope.xpath('.//*[@itemprop="priceCurrency"]/@content').get() or ""
            amount = price[0].attrib.get("content") or text_of(price[0])
            found["fees"] = (clean_text(f"{currency} {amount}"), "microdata")
            found.where["fees"] = where(price[0])
    return found
