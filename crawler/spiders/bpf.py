"""British Psychotherapy Foundation (bpf): facts in sentences under tabs
("Course content", "Entry requirements", "Course fees", "How to apply")."""
from crawler.spiders import CourseSpider


class BpfSpider(CourseSpider):
    name = "bpf"
    provider_ids = ("british-psychotherapy-foundation",)
    extra_labels = [(r"course fees", "fees"), (r"course content", "description"), (r"next intake", "start_date")]
