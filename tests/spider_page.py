"""Offline parsing helper: a saved fixture page wrapped in an HtmlResponse with its real URL."""
from pathlib import Path

from scrapy.http import HtmlResponse, Request

from crawler.pipelines.validate import check_fields

FILES = Path(__file__).resolve().parent / "files"


def saved_page(fixture, url, course_id="test-course"):
    request = Request(url, meta={"course_id": course_id, "course_url": url, "related": False})
    return HtmlResponse(url=url, body=(FILES / fixture).read_bytes(), encoding="utf-8", request=request)


def facts(spider_cls, fixture, url):
    """{field: value} of the valid facts a spider reads from a saved page (normalised fields included)."""
    valid, _ = check_fields(spider_cls().extract(saved_page(fixture, url)))
    return {field: value for field, (value, method) in valid.items()}


def methods(spider_cls, fixture, url):
    return {field: method for field, (value, method) in spider_cls().extract(saved_page(fixture, url)).items()}


def readings(spider_cls, fixture, url):
    """Structured readings (durations, fees, dates, mode) of what a spider extracts from a saved page."""
    from crawler.reading.extract import readings as read

    return read(spider_cls().extract(saved_page(fixture, url)))
