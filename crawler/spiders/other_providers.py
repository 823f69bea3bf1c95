"""Every course with a URL that no provider spider covers (UCL, AVIGuk, Circle of
Security, Watch Wait and Wonder, e-Learning for Healthcare...): generic layers only."""
from crawler.spiders import CourseSpider


class OtherProvidersSpider(CourseSpider):
    name = "other_providers"

    @classmethod
    def covers(cls, provider_id, url):
        from crawler.spiders.registry import provider_spiders

        return not any(s.covers(provider_id, url) for s in provider_spiders())
