from crawler.spiders.digital_learning_map import DigitalLearningMapSpider as Spider
from spider_page import facts, readings

NBO = "https://www.digitallearningmap.nhs.scot/resources-a-to-z/newborn-behavioural-observation-nbo-system"


def test_labelled_q_and_a_fields():
    page = facts(Spider, "digital_learning_map.html", NBO)
    assert page["level"] == "Enhanced" and page["author"] == "Brazelton Centre UK"
    # "Is there a cost for this learning resource? :" answered "No": free, a real 0.
    assert page["fees"] == "No" and page["fee"] == "0"
    assert readings(Spider, "digital_learning_map.html", NBO)["durations"][0]["days"] == [2, 2]


def test_training_model_is_not_the_mode():
    page = facts(Spider, "digital_learning_map.html", NBO)
    assert page["mode"] == "The training involves a 2-day in-person or online training."
    assert readings(Spider, "digital_learning_map.html", NBO)["mode"]["mode"] == "in person or online"


def test_free_e_learning_in_hours():
    page = facts(Spider, "digital_learning_map_elearning.html",
                 "https://www.digitallearningmap.nhs.scot/resources-a-to-z/infant-mental-health-developing-positive-early-attachments")
    assert page["fee"] == "0"
    assert page["duration"] == "Approximately 2 – 4 hours of practitioner time is required to complete the module."
    assert "duration_months" not in page            # hours of learning are not elapsed months
