"""University of Sunderland: course pages with a "Key course information" box (Level,
Duration, Start dates, Fee, Course code) and a strapline under the title."""
from crawler.spiders import CourseSpider


class SunderlandSpider(CourseSpider):
    name = "sunderland"
    provider_ids = ("university-of-sunderland",)
