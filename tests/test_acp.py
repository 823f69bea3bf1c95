from crawler.spiders.acp import AcpSpider
from spider_page import facts, saved_page

URL = "https://childpsychotherapy.org.uk/training-events-0/clinical-training-schools"


def test_training_schools_page():
    page = facts(AcpSpider, "acp.html", URL)
    assert page["duration_months"] == "48"
    assert "Human Development Scotland" in page["location"]


def test_follows_how_to_train_and_pre_clinical_pages_for_the_same_course():
    out = list(AcpSpider().parse(saved_page("acp.html", URL, "acp-child-adolescent-psychotherapy-training")))
    followed = sorted(r.url for r in out if hasattr(r, "callback"))
    assert followed == ["https://childpsychotherapy.org.uk/training-events-0/how-train-child-and-adolescent-psychotherapist",
                        "https://childpsychotherapy.org.uk/training-events-0/pre-clinical-courses"]
    assert all(r.meta["course_id"] == "acp-child-adolescent-psychotherapy-training" for r in out if hasattr(r, "callback"))


def test_how_to_train_page():
    page = facts(AcpSpider, "acp_how_to_train.html",
                 "https://childpsychotherapy.org.uk/training-events-0/how-train-child-and-adolescent-psychotherapist")
    assert "level 7" in page["entry_requirements"]
