"""IEYP programme: the NHS Jobs advert for the UCL / Anna Freud parent-infant trainee post
(headings "Salary", "Contract", "Working pattern", "Job locations", "Closing date")."""
from crawler.spiders import CourseSpider


class IeypSpider(CourseSpider):
    name = "ieyp"
    hosts = ("www.jobs.nhs.uk", "jobs.nhs.uk")
    extra_labels = [(r"salary", "funding"), (r"contract", "duration"), (r"working pattern", "study_pattern"),
                    (r"job locations?|location", "location"), (r"closing date", "closing_date"),
                    (r"course start( date)?|training starts?", "start_date"), (r"date posted", "posted")]
