"""The one item the spiders yield: what one fetch of one course page gave."""
import scrapy


class PageFetch(scrapy.Item):
    spider = scrapy.Field()
    course_id = scrapy.Field()        # courses.id
    url = scrapy.Field()              # the URL asked for (the course's URL, or a related page)
    final_url = scrapy.Field()        # after redirects
    http_status = scrapy.Field()      # None when no response came (timeout, DNS, refused)
    outcome = scrapy.Field()          # ok | not_modified | no_facts | not_html | not_found | server_error | http_error | timeout | unreachable | robots_forbidden | moved (to another site)
    error = scrapy.Field()            # why, in words, when the fetch failed
    content_hash = scrapy.Field()     # sha256 of the body
    etag = scrapy.Field()
    last_modified = scrapy.Field()
    bytes = scrapy.Field()            # body bytes downloaded (0 for a 304)
    fetched_at = scrapy.Field()       # ISO time, UTC
    fields = scrapy.Field()           # {field: (value, method)} as extracted; method is the layer:
                                      # json-ld | microdata | label | heading | meta | prose | site
    where = scrapy.Field()            # {field: {"layer": method, "selector": "main > dl > dt"}}: where on the page
    readings = scrapy.Field()         # structured readings of the words (crawler.reading.extract.readings):
                                      # {"durations": [{"award", "months", "days", "hours", "unit", "amount",
                                      #                 "pattern", "qualifier", "role", "text"}],
                                      #  "fees": [{"amount", "currency", "basis", "year", "audience", "award",
                                      #            "kind", "text"}],
                                      #  "dates": [{"date", "role", "text"}], "mode": {"mode", "pattern"},
                                      #  "fee_overseas": [fee readings], "other_fees": [fee readings],
                                      #  "applications_close": [dates], "funding_ends": [dates]}
                                      # (fee readings also carry "amount_max", the top of a range)
                                      # (see crawler/reading/normalise.py durations(), fee_readings(), dates())
    valid = scrapy.Field()            # filled by the validation pipeline: {field: (value, method)}
    invalid = scrapy.Field()          # {field: (value, method, why)}


class ListingPage(scrapy.Item):
    """What one fetch of a provider's course listing page gave (the `listings` spider)."""
    spider = scrapy.Field()
    provider_id = scrapy.Field()      # providers.id
    url = scrapy.Field()              # the listing page (providers.yaml `listings`)
    final_url = scrapy.Field()
    http_status = scrapy.Field()
    outcome = scrapy.Field()          # ok | not_found | server_error | http_error | timeout | unreachable | robots_forbidden
    error = scrapy.Field()
    fetched_at = scrapy.Field()
    links_seen = scrapy.Field()       # how many links the page has
    candidates = scrapy.Field()       # [(url, link text)] that look like IMH training and are not in the catalogue
    fields = scrapy.Field()           # always {}: the validation pipeline reads it
    valid = scrapy.Field()
    invalid = scrapy.Field()
