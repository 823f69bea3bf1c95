"""NHS Scotland's Digital Learning Map: intervention trainings and e-learning, with
labelled Q&A fields ("Level:", "Is there a cost for this learning resource? :",
"Training model:", "Staff capacity and time commitment:", "Author/developer:")."""
from crawler.spiders import CourseSpider


class DigitalLearningMapSpider(CourseSpider):
    name = "digital_learning_map"
    hosts = ("www.digitallearningmap.nhs.scot", "digitallearningmap.nhs.scot")
    extra_labels = [(r"staff capacity and time commitment", "duration"), (r"training model", "mode"),
                    (r"author ?/ ?developer", "author"), (r"link to resource", "resource_link"),
                    (r"is there a cost for this learning resource", "fees"), (r"level", "level")]
