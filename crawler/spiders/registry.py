"""Which spider visits which course."""
import importlib
import pkgutil

import crawler.spiders as package
from crawler.spiders import CourseSpider, page_spider, read_courses, read_source_pages


def all_spiders():
    """Every spider class in crawler.spiders, by name."""
    found = {}
    for module in pkgutil.iter_modules(package.__path__):
        mod = importlib.import_module(f"{package.__name__}.{module.name}")
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, CourseSpider) and obj is not CourseSpider and obj.name:
                found[obj.name] = obj
    return found


def provider_spiders():
    return [cls for name, cls in sorted(all_spiders().items()) if name != "other_providers"]


def spiders_for(db_path):
    """{course_id: [spider names]} for every course with a URL."""
    spiders = all_spiders()
    return {cid: [name for name, cls in sorted(spiders.items()) if cls.covers(provider, url)]
            for cid, provider, url in read_courses(db_path)}


def source_pages_for(db_path):
    """{(course_id, url): spider name} for every other source page of a course (one spider each)."""
    return {(cid, url): page_spider(provider, url) for cid, provider, url, _ in read_source_pages(db_path)}
