"""NHS Scotland's Digital Learning Map: intervention trainings and e-learning, with
labelled Q&A fields ("Level:", "Is there a cost for this learning resource? :" answered
"No", "Training model:" (not the mode), "Staff capacity and time commitment:",
"Author/developer:"). Its labels are in crawler/reference/page_labels.yaml."""
from crawler.spiders import CourseSpider


class DigitalLearningMapSpider(CourseSpider):
    name = "digital_learning_map"
    hosts = ("www.digitallearningmap.nhs.scot", "digitallearningmap.nhs.scot")
    extra_labels = [(r"link to resource", "resource_link")]
