"""University of Sunderland: North East workforce skills course pages."""
from crawler.spiders import CourseSpider


class SunderlandSpider(CourseSpider):
    name = "sunderland"
    provider_ids = ("university-of-sunderland",)
    extra_labels = [(r"study mode", "mode"), (r"funding", "funding")]
