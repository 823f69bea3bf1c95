"""What catalogue.db is read into: plain objects (Course, Route, Rule, Requirement, Profession, Source)
and the fixed vocabularies of a practitioner's answers (DEGREES, STAGES).

Made with recommender.catalogue.records (not dataclasses: start-up time matters) or, for the
courses, a named tuple; reader.py fills them.
"""
import json
from collections import namedtuple

import course_dates
import course_order
from recommender.catalogue.records import field, record

DEGREES = ("none", "degree", "2:1", "postgraduate")
DEGREE_WORDS = {"none": "no degree", "degree": "a degree", "2:1": "a 2:1 degree", "postgraduate": "a postgraduate degree"}
STAGES = ("student", "trainee", "qualified", "none")
# What a course's funding value means for the person paying (course_order.FUNDED).
FUNDED = course_order.FUNDED
ROUTE_FUNDED = {"yes": True, "no": False}


@record(frozen=True)
class Profession:
    id: str
    name: str
    usual_stage: str
    usual_registration: str | None
    professional_qualification: bool
    usual_degree: str | None
    groups: frozenset


@record(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    document: str | None


@record
class Requirement:
    kind: str
    parameters: dict
    missing: str | None
    if_unmet: str | None
    options: list = field(default_factory=list)


@record
class Rule:
    id: int
    words: str
    source_id: str
    section: str | None
    requirements: list
    # equal for rules with the same words, source, section and requirements (many courses copy
    # one rule): the recommender evaluates each shape once per person
    shape: tuple = None


# One course as the recommender reads it (a named tuple: 50,000 of them are made in a few
# milliseconds, where dataclass instances take ten times as long). collections.namedtuple, not
# typing.NamedTuple: importing typing costs a start-up 2 ms (issue 25). The fields after
# level_reason are optional:
#   set by the build's currency policy (crawler/catalogue/currency.py, docs/data-model.md): last_checked (ISO date
#   of the last crawl that confirmed the page), start_date_iso (the shown start as an ISO date or month),
#   page_status (ok, redirected, unreachable, gone, replaced by a listing; None: not yet checked),
#   fact_sources_json;
#   dated facts (docs/data-model.md "Dates"; what they mean on a day is course_dates' to say):
#   starts_known_json (every known start, a JSON list of YYYY-MM / YYYY-MM-DD), fee_year ("2025/26"),
#   fee_overseas_gbp, applications_close, funding_ends (YYYY-MM-DD), page_changed_on (the page says
#   something else since this day; it waits), page_change_waits_for ("review" or "a second crawl").
_COURSE_FIELDS = ("id", "title", "provider", "url", "kind", "mode", "duration_text", "duration_months_min",
                  "duration_months_max", "funding", "fee_gbp", "aimh_level_expected", "aimh_level_target",
                  "level_reason", "last_checked", "start_date_iso", "page_status", "fact_sources_json",
                  "starts_known_json", "fee_year", "fee_overseas_gbp", "applications_close", "funding_ends",
                  "page_changed_on", "page_change_waits_for")


class Course(namedtuple("Course", _COURSE_FIELDS, defaults=(None,) * 11)):
    """One course as the recommender reads it."""
    __slots__ = ()

    @property
    def funded(self):
        """Whether the person pays nothing, from the funding alone (funded_on(today) also knows
        whether that funding has ended)."""
        return FUNDED.get(self.funding)

    def funded_on(self, today):
        """funded, but never true once the funding has ended on `today` (an ISO date)."""
        return course_dates.funded_on(self.funded, self.funding_ends, today)

    @property
    def starts_known(self):
        return json.loads(self.starts_known_json) if self.starts_known_json else []

    def next_start(self, today):
        """The earliest known start on or after `today` (an ISO date), else None. A catalogue built
        before starts_known was stored gives its shown start."""
        starts = self.starts_known or ([self.start_date_iso] if self.start_date_iso else [])
        return course_dates.next_start(starts, today)

    def dates_as_of(self, today):
        """The dated fields of the --json object on `today` (course_dates.as_of)."""
        starts = self.starts_known or ([self.start_date_iso] if self.start_date_iso else [])
        return course_dates.as_of(today, starts=starts, applications_close=self.applications_close,
                                  fee_year=self.fee_year, funding_ends=self.funding_ends)

    @property
    def fact_sources(self):
        """{field: {source_id, kind, section, url, fetched_at}} of each shown fact."""
        return _fact_sources(self.fact_sources_json)


_SOURCES_CACHE = {}


def _fact_sources(text):
    if not text:
        return {}
    found = _SOURCES_CACHE.get(text)
    if found is None:
        if len(_SOURCES_CACHE) > 100_000:
            _SOURCES_CACHE.clear()
        found = _SOURCES_CACHE[text] = json.loads(text)
    return found


@record
class Route:
    id: str
    name: str
    who_for: str
    leads_to: str
    duration: str | None
    duration_months_min: float | None
    duration_months_max: float | None
    funding: str | None
    funded_text: str | None
    aimh_level_target: int | None

    funding_ends: str | None = None       # YYYY-MM-DD, the last day of the funding the source names

    @property
    def funded(self):
        return ROUTE_FUNDED.get(self.funded_text)

    def funded_on(self, today):
        """funded, but never true once the funding has ended on `today`."""
        return course_dates.funded_on(self.funded, self.funding_ends, today)
