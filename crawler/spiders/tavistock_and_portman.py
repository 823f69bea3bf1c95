"""Tavistock and Portman: course pages ("About this course"); course codes in prose."""
import re

from crawler.normalise import clean_text
from crawler.spiders import CourseSpider

_CODE = re.compile(r"\b(?:course code|code)\s*:?\s*\(?\b(M\d{1,3}[A-Z]?)\b")


class TavistockAndPortmanSpider(CourseSpider):
    name = "tavistock_and_portman"
    provider_ids = ("tavistock-and-portman",)
    extra_labels = [(r"about this course", "description"), (r"course fees?|fees and funding", "fees"),
                    (r"dates?|course dates?", "start_date")]

    def site_facts(self, response):
        body = clean_text(" ".join(response.xpath("//main//text()").getall())) or ""
        m = _CODE.search(body)
        return {"course_code": (m.group(1), "site")} if m else {}
