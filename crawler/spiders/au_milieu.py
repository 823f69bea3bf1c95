"""Au-Milieu: the Infant-Parent Psychotherapy Course page."""
from crawler.spiders import CourseSpider


class AuMilieuSpider(CourseSpider):
    name = "au_milieu"
    provider_ids = ("au-milieu",)
    extra_labels = [(r"placements?", "location")]
