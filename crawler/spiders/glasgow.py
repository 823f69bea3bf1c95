"""University of Glasgow: the IMH programme page ("Duration" bullets per award), the
microcredential page and the course catalogue entry it links to ("Credits", "Level",
"Typically Offered", "Taught Wholly by Distance Learning")."""
import re

from crawler.spiders import CourseSpider


class GlasgowSpider(CourseSpider):
    name = "glasgow"
    provider_ids = ("university-of-glasgow",)
    follow = (r"gla\.ac\.uk/coursecatalogue/course/\?code=",)
    extra_labels = [(r"typically offered", "start_date"), (r"academic session", "session"),
                    (r"taught wholly by distance learning", "mode"), (r"fees and funding|tuition fees", "fees")]

    def site_facts(self, response):
        # "Taught Wholly by Distance Learning: Yes" is a mode, not the word "Yes".
        text = " ".join(response.xpath("//dt[contains(., 'Distance Learning')]/following-sibling::dd[1]//text()").getall())
        if re.search(r"\byes\b", text, re.IGNORECASE):
            return {"mode": ("wholly distance learning", "site")}
        return {}
