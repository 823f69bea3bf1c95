"""Validation: which extracted values are fit to become the course's current value.

`check_fields` and `soft_404` are pure functions; the pipeline only applies them and counts,
in the crawler's stats, how many pages gave each field (catalogue/field/<name>).

Nothing a page sends is stored whole when it is too long: a value over MAX_LENGTH is
clipped to MAX_LENGTH characters, marked invalid ("longer than ... characters, clipped") and
never becomes current. Control characters (which are not allowed in XML, so would break
the Atom feed) are removed from every value. A page answered 200 whose title says it is
not found ("Page not found") is a failure, outcome 'not_found': nothing on it is taken
and the last good values stay.
"""
import re

from crawler.reading.normalise import (course_fee_reading, dates, duration_months, fee, fee_readings, fees, normal_text,
                               start_date_iso)

# A title that is really an error page.
_ERROR_TITLE = re.compile(r"\b(page not found|not found|404|error|access denied|forbidden)\b", re.IGNORECASE)
MAX_LENGTH = 2000
# C0 controls but tab, newline and carriage return; DEL and the C1 controls; non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SOFT_404 = re.compile(r"\b(page not found|not found|404|page (?:can ?not|can't|could not) be found|"
                       r"page (?:does not|doesn't) exist|no longer available)\b", re.IGNORECASE)


def without_controls(value):
    """The one text normalisation of every way in (crawler.reading.normalise.normal_text): NFC, no
    control or bidirectional-override characters."""
    return normal_text(value)


def soft_404(fields):
    """The reason a page answered 200 is really a "not found" page, or None (pure)."""
    title = ((fields or {}).get("title") or ("", None))[0] or ""
    if _SOFT_404.search(title):
        return f"the page says {without_controls(title.strip())[:80]!r} (answered 200): treated as not found"
    return None


def check_fields(fields):
    """Split {field: (value, method)} into (valid, invalid) and add normalised fields.

    valid: {field: (value, method)}, including duration_months ("12–36"), fee
    ("GBP 15000"), fee_year ("2026/27", the academic year of the course fee),
    fee_overseas_gbp ("36500"), start_date_iso ("2026-01"), start_dates_iso (every start,
    when there are several), applications_close_iso and funding_ends_iso where the text can be read.
    invalid: {field: (value, method, why)}.
    """
    valid, invalid = {}, {}
    for field, (value, method) in (fields or {}).items():
        value = without_controls(value or "").strip()
        why = None
        if not value:
            why = "empty"
        elif len(value) > MAX_LENGTH:
            why = f"longer than {MAX_LENGTH} characters ({len(value):,}), clipped"
            value = value[:MAX_LENGTH]
        elif field == "title" and (_ERROR_TITLE.search(value) or len(value) < 3):
            why = "looks like an error page's title"
        elif field == "duration":
            months = duration_months(value)
            if months is None:
                why = "no duration in it"
            elif months != (None, None):
                low, high = months
                valid["duration_months"] = (f"{low:g}" if low == high else f"{low:g}–{high:g}", method)
        elif field == "fees":
            amount = fee(value)
            if amount is None and not fees(value) and not re.search(r"fund|bursar|salar|contact|tbc|to be confirmed", value, re.IGNORECASE):
                why = "no amount in it"
            elif amount is not None:
                valid["fee"] = (f"{amount[1] or ''} {amount[0]:g}".strip(), method)
                year = (course_fee_reading(value) or {}).get("year")
                if year:   # the academic year the course fee is for, from its label: "UK tuition fees (2026/27)"
                    valid["fee_year"] = (year, method)
        elif field == "fee_overseas":
            found = [r for r in fee_readings(value) if r["audience"] == "overseas" and not r["amount_max"]]
            if not found:
                why = "no overseas amount in it"
            elif found[0]["currency"] == "GBP":
                valid["fee_overseas_gbp"] = (f"{found[0]['amount']:g}", method)
        elif field == "other_fees" and not fees(value):
            why = "no amount in it"
        elif field == "start_date":
            iso = start_date_iso(value)   # a start, never a deadline or a publication date
            if iso:
                valid["start_date_iso"] = (iso, method)
                # every start: under a start label ("Start dates | September 2026, January 2027") a date
                # the words do not call anything else is a start too
                roles = ("start", None) if method != "prose" else ("start",)
                starts = [d["date"] for d in dates(value) if d["role"] in roles]
                if len(set(starts)) > 1:   # "September 2026 and January 2027": every start, in page order
                    valid["start_dates_iso"] = ("; ".join(dict.fromkeys(starts)), method)
            elif len(value) > 300:
                why = "no date in a long text"
        elif field in ("applications_close", "funding_ends"):
            role = "deadline" if field == "applications_close" else "end"
            found = [d for d in dates(value) if d["role"] in (role, None)]
            if found:
                valid[f"{field}_iso"] = (found[0]["date"], method)
            elif dates(value):   # "Applications open: 14 October 2025" is not when they close
                why = "no closing date in it" if field == "applications_close" else "no end date in it"
            elif len(value) > 300:
                why = "no date in a long text"
        if why:
            invalid[field] = (value, method, why)
        else:
            valid[field] = (value, method)
    return valid, invalid


class ValidatePipeline:
    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        valid, invalid = check_fields(item.get("fields"))
        not_found = soft_404(item.get("fields")) if item.get("outcome") in ("ok", "no_facts") else None
        if not_found:
            invalid = {**{field: (value, method, "on a page not found") for field, (value, method) in valid.items()},
                       **invalid}
            valid = {}
            item.update(outcome="not_found", error=not_found)
        item["valid"], item["invalid"] = valid, invalid
        if self.stats is not None:
            for field in valid:
                self.stats.inc_value(f"catalogue/field/{field}")
            for field in invalid:
                self.stats.inc_value(f"catalogue/invalid/{field}")
            self.stats.inc_value(f"catalogue/outcome/{item.get('outcome')}")
        return item
