"""The pieces of the --json object that recommendation.py assembles: a course as an item, the
pathways with their funding as of the day and in dates, hours of study, what the role is told
besides courses, and notes on how the profession words were read.
"""
from datetime import date

import course_dates
from recommender.advice import dated_pathway
from recommender.catalogue.errors import UserError


def with_study_hours(item, catalogue):
    """duration_hours_min/max: hours of study where the length is given in hours, else null;
    duration_days_min/max: days of training where the whole length is given in days, else null."""
    hours = getattr(catalogue, "course_hours", {}).get(item["id"])
    item["duration_hours_min"], item["duration_hours_max"] = hours if hours else (None, None)
    days = getattr(catalogue, "course_days", {}).get(item["id"])
    item["duration_days_min"], item["duration_days_max"] = days if days else (None, None)


def role_advice(catalogue, person):
    """What the person's role is told besides courses (profession_advice), each with its source."""
    out = []
    for advice in getattr(catalogue, "advice", {}).get(person.profession_id, ()):
        source = catalogue.sources.get(advice["source"])
        out.append({"text": advice["text"], "source": {"id": advice["source"], "title": source.title if source else None,
                                                         "section": advice["section"]}})
    return out


def reading_notes(match, person):
    """Plain-words notes on how the words were read (a qualification level is not an AiMH level)."""
    notes = []
    for words, meaning in getattr(match, "qualification", ()):
        notes.append(f'"{words}" is read as your occupational qualification ({meaning}); your AiMH level is '
                     f"--level (now {person.aimh_level})")
    for words in getattr(match, "aimh_said", ()):
        notes.append(f'"{words}" in your words is an AiMH level: the answer uses --level (now {person.aimh_level}); '
                     f"say --level with the level you hold")
    for words in getattr(match, "experience_said", ()):
        notes.append(f'"{words}" is read as {person.experience_years:g} years working with children and families '
                     f"(say --experience-years to change)")
    if getattr(match, "words_not_read", ()):
        notes.append(f'not read: "{" ".join(match.words_not_read)}" (the profession was taken from '
                     f'"{match.alias}")')
    for kind, item_id in sorted(person.on_training):
        # one line of the table where it can be (the stage is said on the line above)
        if kind == "course_kind":
            notes.append(f"you are on a {item_id.replace('_', ' ')} now, so none is offered as your next step")
        else:
            notes.append(f"you are on the {kind} {item_id} now, so it is never offered as your next step")
    return notes


def check_qualification_words(match, level):
    """A qualification level in the words ("nursery nurse level 3") with the same --level is
    asked about: the two ladders are different, and AiMH level 3 is rarely what is meant."""
    import re

    for words, meaning in getattr(match, "qualification", ()):
        number = re.search(r"\d", words)
        if level and number and int(number.group()) == level:
            raise UserError(
                f'"{words}" in --profession "{match.input}" reads as an occupational qualification ({meaning}), '
                f"and --level {level} would mean AiMH level {level}: give --level as your AiMH level (0 if you "
                f'have not mapped your practice to the AiMH framework), or leave "{words}" out of --profession '
                f"if you do hold AiMH level {level}")


def course_item(course, verdict, rank, fit, today=None):
    """A course in the --json object (before its rank and ranking words); today: an ISO date
    (default the current day), for next_start."""
    today = today or date.today().isoformat()
    return {
        "id": course.id, "title": course.title, "provider": course.provider, "url": course.url,
        **verdict.as_json(),
        "aimh_level_expected": course.aimh_level_expected, "aimh_level_target": course.aimh_level_target,
        "level_fit": fit,
        "duration_months_min": course.duration_months_min, "duration_months_max": course.duration_months_max,
        "duration": course.duration_text, "funded": course.funded_on(today), "funding": course.funding,
        "fee_gbp": course.fee_gbp, "mode": course.mode, "kind": course.kind,
        "last_checked": course.last_checked, "next_start": course.next_start(today),
        "page_status": course.page_status, "fact_sources": course.fact_sources, "_level_rank": rank,
        # dated facts as of today (course_dates.as_of): next_start above, then these
        **{k: v for k, v in course.dates_as_of(today).items() if k != "next_start"},
        "fee_overseas_gbp": course.fee_overseas_gbp,
        "page_changed_on": course.page_changed_on, "page_change_waits_for": course.page_change_waits_for,
    }


def funded_until(pathways, ends, today):
    """The pathways (copies: pathways.with_experience) with no step counted funded once its funding
    has ended on `today`; ends: {(kind, id): the step's funding end}."""
    for pathway in pathways:
        for step in pathway["steps"]:
            if (step["kind"], step["id"]) in ends:
                step["funded"] = course_dates.funded_on(step["funded"], ends[(step["kind"], step["id"])], today)
        pathway["funded_steps"] = sum(1 for s in pathway["steps"] if s["funded"] is True)
    return pathways


def dated(pathways, steps, today):
    """The pathways with each step's `start`, `end`, `date_note`, `url` and `applications_close`, and
    `finishes_by` (recommender.advice.dated_pathway); steps: {(kind, id): Step} of the catalogue's steps."""
    out = []
    for pathway in pathways:
        for step in pathway["steps"]:
            known = steps.get((step["kind"], step["id"]))
            step["url"] = known.url if known else None
            step["applications_close"] = known.close if known else None
        out.append(dated_pathway.date_pathway(
            pathway, lambda s: steps[(s["kind"], s["id"])].starts if (s["kind"], s["id"]) in steps else (), today))
    return out
