"""Validation: which extracted values are fit to become the course's current value.

`check_fields` is a pure function; the pipeline only applies it and counts, in the
crawler's stats, how many pages gave each field (catalogue/field/<name>).
"""
import re

from crawler.normalise import duration_months, fee, fees, start_date_iso

# A title that is really an error page.
_ERROR_TITLE = re.compile(r"\b(page not found|not found|404|error|access denied|forbidden)\b", re.IGNORECASE)
MAX_LENGTH = 2000


def check_fields(fields):
    """Split {field: (value, method)} into (valid, invalid) and add normalised fields.

    valid: {field: (value, method)}, including duration_months ("12–36"), fee
    ("GBP 15000") and start_date_iso ("2026-01") where the text can be read.
    invalid: {field: (value, method, why)}.
    """
    valid, invalid = {}, {}
    for field, (value, method) in (fields or {}).items():
        value = (value or "").strip()
        why = None
        if not value:
            why = "empty"
        elif len(value) > MAX_LENGTH:
            why = f"longer than {MAX_LENGTH} characters"
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
        elif field == "start_date":
            iso = start_date_iso(value)   # a start, never a deadline or a publication date
            if iso:
                valid["start_date_iso"] = (iso, method)
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
        item["valid"], item["invalid"] = valid, invalid
        if self.stats is not None:
            for field in valid:
                self.stats.inc_value(f"catalogue/field/{field}")
            for field in invalid:
                self.stats.inc_value(f"catalogue/invalid/{field}")
            self.stats.inc_value(f"catalogue/outcome/{item.get('outcome')}")
        return item
