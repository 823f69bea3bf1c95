"""Association of Child Psychotherapists: the accredited clinical training schools, and the
how-to-train and pre-clinical pages they link to (visited for the same course)."""
from crawler.spiders import CourseSpider


class AcpSpider(CourseSpider):
    name = "acp"
    provider_ids = ("association-of-child-psychotherapists",)
    follow = (r"childpsychotherapy\.org\.uk/.*how-train-child-and-adolescent-psychotherapist",
              r"childpsychotherapy\.org\.uk/.*pre-clinical-courses")
    extra_labels = [(r"(accredited )?(clinical )?training schools", "location"),
                    (r"pre-clinical (courses?|training)", "entry_requirements")]
