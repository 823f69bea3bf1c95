"""Layers 5 and 6 of extraction: the page's metadata (title, code, description) and the sentences that describe the course."""
import re

from crawler.reading import normalise
from crawler.reading.labelled_facts import is_label
from crawler.reading.normalise import clean_text
from crawler.reading.page_parts import (LOWER, OTHER_SECTION, Facts, course_part, in_course, in_listing_entry,
                                        own_language_text, text_of, where)


# --- layer 5: page metadata ------------------------------------------------------------

# "Child and adolescent psychoanalytic psychotherapy (M80)", "... Development MED5642".
_TITLE_CODE = re.compile(r"\s*(?:\(\s*([A-Z]{1,5}\d{1,5}[A-Z]?)\s*\)|\b([A-Z]{2,5}\d{3,5}[A-Z]?))\s*$")


def from_metadata(response):
    found = Facts()
    h1 = response.xpath("//h1")
    title = (own_language_text(h1[0]) if h1 else None) \
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
        awards = title_awards(title)
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


def title_awards(title):
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
                           r"you will qualify as|qualify as an?|graduates of the training may join|eligibility for membership|"
                           r"(?:practice|work|training|continue\w*) towards [A-Z][\w-]+ (accreditation|registration|certification|status))\b",
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
# a deadline's words; the words between "applications" and "close" may name the intake ("Applications for the
# January 2027 intake close on 30 November 2026"); a place booked by a date is a deadline too
_CLOSE_CUE = re.compile(r"\b(deadline|closing date|applications?\b[^.;]{0,60}?\b(?:will )?close|apply by|applications? "
                        r"(?:must be )?(?:received|submitted) by|(?:places?|bookings?) (?:must be )?(?:booked|made|received) by|"
                        r"book by)\b", re.IGNORECASE)
_FUNDING_END_CUE = re.compile(r"\bfunding\b[^.]{0,40}\b(ends?|ended|ending|until|expires?|runs out)\b|\bfunded until\b",
                              re.IGNORECASE)
# A course the page says has stopped: "This course is no longer running.", "... has been discontinued".
_STATUS_CUE = re.compile(r"\b(no longer (running|offered|available|recruiting|accepting applications|taking applications)|"
                         r"(has been|is now|was) (discontinued|withdrawn|closed|suspended)|"
                         r"(is|are) not (running|recruiting) (this|in|for)|(course|programme|training) (has )?closed)\b", re.IGNORECASE)
_AWARD_CUE = re.compile(r"\b(award|leading to|leads to|qualify|qualification|course|programme)\b", re.IGNORECASE)


# A notice about another time: the pandemic, or a "Please note" that names a year ("... published
# in the course catalogue for 2020-21. Given current circumstances related to the Covid-19
# pandemic ..."). What it says about teaching is history, not the course's mode or dates now.
_HISTORICAL = re.compile(r"\b(covid(?:-?19)?|coronavirus|pandemic|lockdowns?|social distancing)\b", re.IGNORECASE)
_NOTICE_CUE = re.compile(r"^\s*(please note|note|notice|important|update|announcement|disclaimer)\b", re.IGNORECASE)
_NOTICE_PART = "ancestor-or-self::*[" + " or ".join(
    f"contains({LOWER.format('@class')}, '{w}')" for w in ("notice", "alert", "announcement", "disclaimer", "warning")) + "]"


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
            skipping = bool(OTHER_SECTION.search(text_of(node) or ""))
            continue
        if skipping or not in_course(node) or node.xpath("boolean(ancestor::p or ancestor::li)").get() == "1" \
                or in_listing_entry(node, is_label):
            continue
        text = normalise._prepare(text_of(node) or "")
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
        if "status" not in found and _STATUS_CUE.search(sentence):
            found["status"] = (sentence, "prose")   # the course has stopped: said, never guessed
            found.where["status"] = where(node)
        if "certification" not in found and _CERTIFICATION_CUE.search(sentence):
            # The steps after the course towards certification, with the paragraph that says them
            # ("... work towards certification. This involves completing 5 practice NBO sessions ...").
            found["certification"] = (clean_text(normalise._prepare(text_of(node) or ""))[:600], "prose")
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
            awards = title_awards(sentence)
            if awards:
                found["award"] = (awards, "prose")
                found.where["award"] = where(node)
    return found


def duration_from_prose(response):
    """The first sentence of the course's prose that states a length of the course."""
    prose = from_prose(response)
    return {"duration": prose["duration"]} if "duration" in prose else {}
