from crawler.spiders.digital_learning_map import DigitalLearningMapSpider as Spider
from spider_page import facts


def test_labelled_q_and_a_fields():
    page = facts(Spider, "digital_learning_map.html",
                 "https://www.digitallearningmap.nhs.scot/resources-a-to-z/newborn-behavioural-observation-nbo-system")
    assert page["level"] == "Skilled / Enhanced"
    assert page["fee"] == "GBP 450"
    assert page["author"] == "Brazelton Centre UK"
    assert page["duration"] == "2 days plus practice sessions"


def test_free_e_learning_in_hours():
    page = facts(Spider, "digital_learning_map_elearning.html",
                 "https://www.digitallearningmap.nhs.scot/resources-a-to-z/infant-mental-health-developing-positive-early-attachments")
    assert page["fee"] == "0"                       # free is a real amount, currency unstated
    assert page["duration"] == "about 2 to 4 hours"
    assert "duration_months" not in page            # hours of learning are not elapsed months
