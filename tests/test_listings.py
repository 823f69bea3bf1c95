"""The listings spider: which links on a provider's listing page become new-course candidates.

Parsing is a pure function of the saved page (tests/files/listings.html, OxPIP's training list
of seed 002 Appendix 1 row 13); the end-to-end run is in tests/test_currency_engine.py.
"""
from scrapy.http import HtmlResponse, Request

from spider_page import FILES
from crawler.spiders.listings import ListingsSpider, candidate_links

LISTING = "https://app.sheepcrm.com/oxpip/events/e/training"
DIPLOMA = "https://www.oxpip.org.uk/extended-course/parent-infant-therapist-diploma"
NEW = "https://www.oxpip.org.uk/extended-course/infant-observation-training-rolling-programme"


def parsed(known):
    spider = ListingsSpider()
    spider.known_urls = set(known)
    request = Request(LISTING, meta={"provider_id": "oxpip", "listing_url": LISTING})
    response = HtmlResponse(url=LISTING, body=(FILES / "listings.html").read_bytes(), encoding="utf-8", request=request)
    return list(spider.parse_listing(response))[0]


def test_a_new_course_link_is_a_candidate_and_known_courses_and_other_links_are_not():
    item = parsed([DIPLOMA])
    assert item["outcome"] == "ok" and item["provider_id"] == "oxpip" and item["url"] == LISTING
    # "Contact us", "Donate", "Home", a mailto and the catalogue's own diploma are not candidates;
    # "Apply now" is the same page as "Infant Observation Training" (its #apply anchor).
    assert item["candidates"] == [(NEW, "Infant Observation Training")]
    assert item["links_seen"] == 7


def test_without_the_diploma_in_the_catalogue_it_is_a_candidate_too():
    assert [url for url, _ in parsed([])["candidates"]] == [DIPLOMA, NEW]


def test_a_listing_that_answers_404_is_recorded_not_fatal():
    spider = ListingsSpider()
    spider.known_urls = set()
    request = Request(LISTING, meta={"provider_id": "oxpip", "listing_url": LISTING})
    item = list(spider.parse_listing(HtmlResponse(url=LISTING, status=404, body=b"<h1>Not found</h1>", request=request)))[0]
    assert item["outcome"] == "not_found" and item["candidates"] == []


def test_links_whose_words_or_address_name_infant_work_are_kept():
    links = [("/courses/perinatal-mental-health", "Read more"), ("/about", "About us"),
             ("/courses/working-with-babies", "Working with babies"), ("/news", "News: infant observation dates")]
    found = candidate_links(links, "https://example.org/courses/", [])
    # the address says perinatal; the words say babies; a news page about infants is a link too (a person decides)
    assert [url for url, _ in found] == ["https://example.org/courses/perinatal-mental-health",
                                         "https://example.org/courses/working-with-babies",
                                         "https://example.org/news"]


def test_a_listing_with_thousands_of_links_gives_at_most_50_candidates():
    links = [(f"/courses/infant-course-{n}", f"Infant course {n}") for n in range(5000)]
    found = candidate_links(links, "https://example.org/", [])
    assert len(found) == 50 and found[0][0] == "https://example.org/courses/infant-course-0"
    assert len(candidate_links(links[:49], "https://example.org/", [])) == 49   # below the cap: all of them
    assert len(candidate_links(links[:50], "https://example.org/", [])) == 50   # at it
