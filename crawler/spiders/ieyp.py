"""IEYP programme: the NHS Jobs advert for the UCL / Anna Freud parent-infant trainee post
(headings "Salary", "Contract", "Working pattern", "Job locations", "Course start"). A job
advert's labels name other fields than a course page's, so they are the spider's own."""
from crawler.spiders import CourseSpider


class IeypSpider(CourseSpider):
    name = "ieyp"
    hosts = ("www.jobs.nhs.uk", "jobs.nhs.uk")
    extra_labels = [(r"salary", "funding"), (r"contract", "duration"), (r"working pattern", "study_pattern"),
                    (r"closing date", "closing_date"), (r"date posted", "posted")]
