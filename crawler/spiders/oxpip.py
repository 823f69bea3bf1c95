"""OxPIP: the extended courses (diploma, advanced practitioner, infant observation) and the
short courses listed on its SheepCRM events page. Question headings: "About the course",
"Who is the training suitable for?", "Requirements", "Time commitment"; facts in sentences."""
from crawler.spiders import CourseSpider


class OxpipSpider(CourseSpider):
    name = "oxpip"
    provider_ids = ("oxpip",)
