"""University of Northampton: a course page with a key-facts box."""
from crawler.spiders import CourseSpider


class NorthamptonSpider(CourseSpider):
    name = "northampton"
    provider_ids = ("university-of-northampton",)
    extra_labels = [(r"starting", "start_date"), (r"attendance", "mode")]
