"""University of Glasgow: programme pages ("Duration" bullets per award: "PgDip: 24 months
part-time"), the microcredential page and the course catalogue entry it links to
("Credits", "Level", "Typically Offered", "Taught Wholly by Distance Learning: Yes").
The generic layers read them all (the label table in crawler/reference/page_labels.yaml
knows the catalogue's labels); this spider only says which pages to follow."""
from crawler.spiders import CourseSpider


class GlasgowSpider(CourseSpider):
    name = "glasgow"
    provider_ids = ("university-of-glasgow",)
    follow = (r"gla\.ac\.uk/coursecatalogue/course/\?code=",)
