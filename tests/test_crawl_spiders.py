"""Every spider imports, and every course with a URL is visited by exactly one spider."""
import importlib
import pkgutil

import pytest

import crawler.spiders
from crawler.spiders import CourseSpider
from crawler.spiders.registry import all_spiders, spiders_for

EXPECTED = {"bpf", "school_of_infant_mental_health", "au_milieu", "oxpip", "acp", "northampton", "glasgow",
            "sunderland", "tavistock_and_portman", "ieyp", "digital_learning_map", "other_providers", "listings"}


@pytest.mark.parametrize("module", [m.name for m in pkgutil.iter_modules(crawler.spiders.__path__)])
def test_every_spider_module_imports(module):
    importlib.import_module(f"crawler.spiders.{module}")


def test_spider_names_match_modules_and_tests(repo_root):
    spiders = all_spiders()
    assert set(spiders) == EXPECTED
    for name, cls in spiders.items():
        # city-scrapers style: spider, module, test and fixture share one name.
        assert cls.__module__ == f"crawler.spiders.{name}"
        assert (repo_root / "tests" / f"test_{name}.py").exists()
        assert (repo_root / "tests" / "files" / f"{name}.html").exists()


def test_every_course_with_a_url_has_exactly_one_spider(built_catalogue):
    covered = spiders_for(built_catalogue)
    assert covered, "the catalogue has courses with URLs"
    assert {cid: names for cid, names in covered.items() if len(names) != 1} == {}


def test_polite_settings_are_explicit():
    from crawler import settings

    assert settings.ROBOTSTXT_OBEY is True and settings.AUTOTHROTTLE_ENABLED is True
    assert settings.DOWNLOAD_DELAY >= 1 and settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2
    assert "imh-training-catalogue" in settings.USER_AGENT


def test_spiders_are_course_spiders():
    assert all(issubclass(cls, CourseSpider) for cls in all_spiders().values())
