"""Tavistock and Portman: course pages, the course code in brackets after the title
("Child and adolescent psychoanalytic psychotherapy (M80)"), facts in prose under
"About this course". The generic layers read them."""
from crawler.spiders import CourseSpider


class TavistockAndPortmanSpider(CourseSpider):
    name = "tavistock_and_portman"
    provider_ids = ("tavistock-and-portman",)
