"""The School of Infant Mental Health (infantmentalhealth.com): course and workshop pages."""
from crawler.spiders import CourseSpider


class SchoolOfInfantMentalHealthSpider(CourseSpider):
    name = "school_of_infant_mental_health"
    provider_ids = ("school-of-infant-mental-health",)
