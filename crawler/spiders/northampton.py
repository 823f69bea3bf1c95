"""University of Northampton: the PGCert course page (and news pages about it)."""
from crawler.spiders import CourseSpider


class NorthamptonSpider(CourseSpider):
    name = "northampton"
    provider_ids = ("university-of-northampton",)
