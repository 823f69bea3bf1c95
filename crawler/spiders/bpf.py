"""British Psychotherapy Foundation (bpf): facts in sentences, under tabs ("Course content",
"Entry requirements", "Course fees", "How to apply"); "Hybrid Learning" under the title."""
from crawler.spiders import CourseSpider


class BpfSpider(CourseSpider):
    name = "bpf"
    provider_ids = ("british-psychotherapy-foundation",)
