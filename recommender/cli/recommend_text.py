"""The recommendation (the --json object) as text: a summary that fits one screen, and with --all every
course, route and pathway with what is missing or why not. Numbers and unknowns are written by
recommender/output/formatting.py; tables by recommender/output/table.py.
"""
from recommender.output import formatting, table

SUMMARY_COURSES = 3   # courses in the summary when --limit is not given
SHORT_NAME = 84       # title and provider longer than this: the summary shows the title only
SUMMARY_ROUTES = 3    # open routes in the summary
SUMMARY_MISSING = 3   # "what is missing" lines in the summary (one line each)

VERDICT_WORDS = {"eligible": "eligible", "eligible_if": "eligible if", "not_eligible": "not eligible"}
STAGE_WORDS = {"none": "no professional stage"}
FUNDED_WORDS = {True: "yes", False: "no", None: formatting.UNKNOWN}


def _funded_cell(item):
    """The Funded column: "ended" when the funding the source names has ended by --today (the
    FH&SfL training: seed-003 "funding ends on 31 March 2025"), so a course among the best does
    not read as merely unknown; --all says when in words."""
    if item.get("funding_ended") is True:
        return "ended"
    return FUNDED_WORDS[item["funded"]]



def _with_noun(amount, noun):
    """'1 month', '1-2 months', '3 months': the noun agreeing with an amount _months wrote."""
    return f"{amount} {noun}" if amount == "1" else f"{amount} {noun}s"


def _months(low, high):
    """Months as a table cell (recommender/output/formatting.py: one decimal at most; unknown in words)."""
    if low is None and high is None:
        return formatting.UNKNOWN
    if low == high or high is None:
        return formatting.one_decimal(low)
    if low is None:
        return f"up to {formatting.one_decimal(high)}"
    return f"{formatting.one_decimal(low)}-{formatting.one_decimal(high)}"


def _levels(expected, target):
    if target is None:
        return formatting.UNKNOWN
    return f"{'' if expected is None else expected}->{target}"


# Words in the answer's data that read as jargon in a table: said plainly here (the JSON keeps them).
PLAIN = (("(a recorded level judgement)", "(the catalogue's judgement of the course's level, with its reason)"),)


def plain(text):
    for jargon, words in PLAIN:
        text = text.replace(jargon, words)
    return text


def cite(source):
    """A source by its title and section ("Parent-Infant Foundation: Solutions to ..., section 5.4.1")."""
    title = source.get("title") or source.get("id") or "?"
    section = source.get("section")
    return f"{title}, section {section}" if section else title


def _after(item):
    """"after: ..." what must be completed first, each with its duration where known."""
    first = item.get("to_complete_first") or []
    if not first:
        return ""
    return "after: " + "; then ".join(
        f"{step['what']}" + (f" ({step['duration']})" if step.get("duration") else "") for step in first)


def _notes(item):
    """What is missing (eligible if) or why not (not eligible), with the document cited by title and section."""
    if item["verdict"] == "not_eligible":
        text = "why not: " + "; ".join(r[len("not eligible: "):] for r in item["reasons"]
                                       if r.startswith("not eligible: "))
    elif item.get("to_complete_first") or item.get("to_confirm"):
        parts = [_after(item)] if item.get("to_complete_first") else []
        parts += [f"to confirm: {c}" for c in item.get("to_confirm") or []]
        text = "; ".join(parts)
    elif item["missing"]:
        text = "; ".join(item["missing"])
    else:
        return ""
    cites = [cite(source) for source in item["sources"]]
    return plain(text) + (f" [source: {'; '.join(cites)}]" if cites else "")


def _dated(item, result):
    """The dated facts of a course or route in words, as of the answer's day (course_dates)."""
    import course_dates

    today = result.get("today")
    return course_dates.course_words(item, today) if today else []


def _dated_to_act_on(item, result):
    """The dated facts that change what the person should do (the summary's first screen): an
    intake, applications, a fee's year, funding that still ends. Funding that has ended (the
    Funded column says "ended") and a page change waiting for review are for --all."""
    import course_dates

    today = result.get("today")
    if not today:
        return []
    quiet = {course_dates.page_change_words(item.get("page_changed_on"), item.get("page_change_waits_for"))}
    if course_dates.funding_ended(item.get("funding_ends"), today):
        quiet.add(course_dates.funding_words(item.get("funding_ends"), today))
    return [said for said in course_dates.course_words(item, today) if said not in quiet]


def _checked(course):
    """When the page last agreed with what is shown; while a changed reading waits, it says so
    (_dated), never a fresh date beside the old value."""
    if course.get("page_changed_on") and course.get("last_checked"):
        return f"page last agreed {course['last_checked']}"
    if course.get("page_changed_on"):
        return ""
    return table.checked(course.get("last_checked"))


def _header(result, short=False):
    """Who the answer is for: what was matched and how surely, stage, levels, assumptions
    (short: the assumptions on one wrapped line, without their explanations)."""
    p = result["profession"]
    how = {"exact name": "exact name", "exact alias": f'exact alias "{p["alias"]}"',
           "named in the words": f'"{p["alias"]}" named in your words'}.get(
        p["method"], (f'fuzzy match to "{p["alias"]}": ' if p["alias"].lower() != p["matched"].lower() else "fuzzy: ")
        + f'score {p["score"]:g}/100, {p["confidence"]} confidence')
    lines = table.paragraph(f'Profession: "{p["input"]}" -> {p["matched"]} ({how})')
    stage = STAGE_WORDS.get(result["stage"], result["stage"])
    basis = result.get("stage_basis") or ""
    basis = f" ({basis.split(':')[0]})" if basis else ""  # "from the role", "from your words", "given (--stage)"
    lines += table.paragraph(f'Stage: {stage}{basis}; AiMH level {result["aimh_level"]} now, '
                             f'target {result["target_level"]}', subsequent="  ")
    for note in result.get("notes") or []:
        lines += table.paragraph(f"Note: {note}", subsequent="  ")
    if short and result["assumptions"]:
        said = "; ".join(a.split(" (")[0] for a in result["assumptions"])
        options = ("--level, " if any("--level" in a for a in result["assumptions"]) else "") + \
            "--stage, --registration, --degree"
        lines += table.paragraph(f"Assumed: {said} (say {options} to change)", subsequent="  ")
    else:
        for assumption in result["assumptions"]:
            lines += table.paragraph(f"Assumed: {assumption}", subsequent="  ")
    filters = [name for name, on in (("funded only", result["filters"]["funded_only"]),
                                     ("online only", result["filters"]["online"])) if on]
    if result["filters"]["max_months"] is not None:
        filters.append(f"at most {formatting.months(result['filters']['max_months'])}")
    if filters:
        lines += table.paragraph("Filters: " + ", ".join(filters))
    return lines


def _profile_words(p):
    """What was read from the person's words besides the profession, as one line (or none)."""
    read = []
    if p.get("seniority"):
        read.append("seniority " + ", ".join(p["seniority"]))
    if p.get("setting"):
        read.append("setting " + ", ".join(p["setting"]))
    if p.get("registrations_named"):
        read.append("register " + ", ".join(p["registrations_named"]))
    return table.paragraph("Read from your words: " + "; ".join(read), subsequent="  ") if read else []


def _course_name(course, short=False):
    """Title (provider); short (the summary): the provider only when it is not in the title
    and the two fit on about two lines of the course column."""
    provider = course.get("provider")
    if not provider or (short and (provider in course["title"] or len(course["title"]) + len(provider) > SHORT_NAME)):
        return course["title"]
    return f"{course['title']} ({provider})"


def _length(c):
    """Months, or hours of study where the length is given in hours ("2-4 h"), or days where it is
    given in days ("2 d")."""
    if formatting.given_in_hours(c):
        if (c["duration_hours_max"] or 0) < 1:   # "45 minutes" of e-learning
            low = c["duration_hours_min"]
            return f"{_months(None if low is None else round(low * 60), round(c['duration_hours_max'] * 60))} min"
        return f"{_months(c['duration_hours_min'], c['duration_hours_max'])} h"
    if c.get("duration_days_max") is not None:
        return f"{_months(c['duration_days_min'], c['duration_days_max'])} d"
    return _months(c["duration_months_min"], c["duration_months_max"])


def _course_rows(courses, short=False):
    return [[c["rank"], VERDICT_WORDS[c["verdict"]], _course_name(c, short),
             _levels(c["aimh_level_expected"], c["aimh_level_target"]),
             _length(c), _funded_cell(c)]
            for c in courses]


COURSE_COLUMNS = [table.Column("#", 2, False, ">"), table.Column("Verdict", 12, False), table.Column("Course", 20),
                  table.Column("Level", 5, False), table.Column("Months", 6, False), table.Column("Funded", 6, False)]


def _pathway_lines(n, pathway, indent="  ", dated=False):
    """A pathway in lines; dated: with each step's start and end as of the answer's day (--all)."""
    total = _with_noun(_months(pathway["duration_months_min"], pathway["duration_months_max"]), "month")
    if pathway["steps"] and all(formatting.given_short(step) for step in pathway["steps"]):
        total = ", then ".join(_step_length(step) for step in pathway["steps"])   # not 0.1 months a step
    elif not pathway["duration_known"]:
        at_least = pathway.get("duration_months_at_least")
        total = (f"at least {formatting.months(at_least)} (some lengths not known)" if at_least
                 else "length not known")
    number = f"{n}." if isinstance(n, int) else n
    lines = table.paragraph(f"{number} reaches level {pathway['reaches_level']}; {total}; "
                            f"{pathway['funded_steps']} of {formatting.count(len(pathway['steps']), 'step')} funded; "
                            f"{VERDICT_WORDS[pathway['verdict']]}"
                            + (f"; finishes by {_when(pathway.get('finishes_by'))}" if dated and pathway.get("finishes_by")
                               else ""), indent=indent, subsequent="     ")
    for step in pathway["steps"]:
        funded = {True: "funded", False: "not funded", None: "funding not known"}[step["funded"]]
        lines += table.paragraph(
            f"- {step['name']} ({step['kind']}, level {step['from_level']}->{step['to_level']}, "
            f"{_step_length(step)}, {funded}, "
            f"{VERDICT_WORDS[step['verdict']]}" + (f"; {step['why']}" if step.get("why") else "") + ")"
            + (f": {_step_dates(step)}" if dated else ""),
            indent="     ", subsequent="       ")
    return lines


def _when(iso):
    import course_dates

    return course_dates.month_words(iso)


def _step_dates(step):
    """When a step of a dated pathway starts and ends, or why that is not known."""
    if step.get("start") and step.get("end"):
        return f"starts {_when(step['start'])}, ends {_when(step['end'])}"
    if step.get("start"):
        return f"starts {_when(step['start'])}; {step.get('date_note') or 'its end is not known'}"
    return step.get("date_note") or "dates not known"


def _step_length(step):
    if formatting.given_in_hours(step):
        return f"{_with_noun(_months(step['duration_hours_min'], step['duration_hours_max']), 'hour')} of study"
    if step.get("duration_days_max") is not None:
        return f"{_with_noun(_months(step['duration_days_min'], step['duration_days_max']), 'day')} of training"
    return _with_noun(_months(step["duration_months_min"], step["duration_months_max"]), "month")


def _no_pathway(result):
    reason = ("you are already at the top level" if result["aimh_level"] >= result["target_level"]
              else "no open course or route with a recorded level reaches the target")
    return f"  (none: {reason})"


def render_summary(result, size=SUMMARY_COURSES):
    """The first screen: who it is for, the best `size` courses, the open routes, the best
    pathway and what is missing; about 25 lines, every line at most 80 characters."""
    lines = _header(result, short=True) + _profile_words(result["profession"])
    counts = result["summary"]["courses"]
    total = counts["eligible"] + counts["eligible_if"] + counts["not_eligible"]
    best = [c for c in result["courses"][:size] if c["verdict"] != "not_eligible"]
    lines += ["", f"BEST COURSES FOR YOU ({len(best)} of {total}: {_verdict_counts(counts)})"]
    if best:
        lines += table.render(COURSE_COLUMNS, _course_rows(best, short=True),
                              notes=["; ".join(n for n in (_after(c), *_dated_to_act_on(c, result)) if n) for c in best],
                              note_indent=11)
    else:
        lines.append("  (no course is open to you" + (" with these filters)" if total else ": none passes the filters)"))
    open_routes = [r for r in result["routes"] if r["verdict"] != "not_eligible"]
    lines += ["", f"OPEN ROUTES ({len(open_routes)} of {len(result['routes'])})"]
    for route in open_routes[:SUMMARY_ROUTES]:
        level = f"->{route['aimh_level_target']}" if route["aimh_level_target"] else "level not known"
        lines += table.paragraph(f"{VERDICT_WORDS[route['verdict']]}: {route['name']} ({level}, funded: "
                                 f"{_funded_cell(route)})", indent="  ", subsequent="    ")
    if not open_routes:
        lines.append("  (none open to you)")
    elif len(open_routes) > SUMMARY_ROUTES:
        lines.append(f"  ... and {len(open_routes) - SUMMARY_ROUTES} more open (--all lists them)")
    title = f"BEST PATHWAY from AiMH level {result['aimh_level']} to {result['target_level']}"
    if result["pathways"]:
        lines += [""] + _pathway_lines(title + ":", result["pathways"][0], indent="")
    else:
        lines += ["", title, _no_pathway(result)]
    missing = _missing(result, best)
    if missing:
        lines += ["", "WHAT IS MISSING (to meet or confirm)"]
        for text in missing[:SUMMARY_MISSING]:
            lines += table.paragraph(f"- {plain(text)}", indent="  ", subsequent="    ")
        if len(missing) > SUMMARY_MISSING:
            lines.append(f"  ... and {len(missing) - SUMMARY_MISSING} more (--all shows them per course)")
    advice = result.get("role_advice") or []
    if advice:
        lines += ["", "FOR YOUR ROLE"]
        for item in advice:
            lines += table.paragraph(f"- {item['text']} [source: {cite(item['source'])}]", indent="  ",
                                     subsequent="    ")
    lines += [""] + table.paragraph(f"More: --all lists all {formatting.count(total, 'course')}, every route and pathway, and why; "
                                    "--limit N; --json adds reasons and sources.")
    return lines


def _one_line(text, width=table.WIDTH):
    return text if len(text) <= width else text[:width - 3].rstrip() + "..."


def _missing(result, best):
    """What the best courses and the best pathway's steps still need, each said once, with
    whose it is; nothing for an eligible answer."""
    items = {("course", c["id"]): c for c in result["courses"]}
    items.update({("route", r["id"]): r for r in result["routes"]})
    wanted = [("course", c["id"]) for c in best]
    if result["pathways"]:
        wanted += [(s["kind"], s["id"]) for s in result["pathways"][0]["steps"]]
        # a pathway step is told as the person will be by then (its own missing), listed or not
        items.update({(s["kind"], s["id"]): s for s in result["pathways"][0]["steps"] if (s["kind"], s["id"]) not in
                      {("course", c["id"]) for c in best}})
    out = {}
    for key in wanted:
        item = items.get(key)
        if not item or item["verdict"] == "eligible":
            continue
        name = item.get("title") or item.get("name")
        for text in item["missing"]:
            out.setdefault(text, []).append(name)
    return [f"{text} ({'; '.join(dict.fromkeys(names))})" for text, names in out.items()]


def render(result):
    """Every course, route and pathway with what is missing or why not, every line at most 80 characters."""
    lines = _all_courses(result) + [""] + _all_routes(result) + [""] + _all_pathways(result) + [""]
    lines += table.paragraph("Ranked by: what takes you to your target level first, then verdict, then funding "
                             "(funded first), cost, duration (shortest first), then mode (online first). Add "
                             "--json for reasons, sources and the source's own words.")
    return lines


def _verdict_counts(counts):
    return f"{counts['eligible']} eligible, {counts['eligible_if']} eligible if, {counts['not_eligible']} not eligible"


def _all_courses(result):
    """The courses table, each with what is missing or why not and when it was last checked."""
    counts = result["summary"]["courses"]
    lines = [f"ALL COURSES, best first ({_verdict_counts(counts)})"]
    if not result["courses"]:
        return lines + ["  (no course passes the filters)"]
    lines += table.render(COURSE_COLUMNS, _course_rows(result["courses"]),
                          notes=["; ".join(n for n in (_notes(c), *_dated(c, result), _checked(c)) if n)
                                 for c in result["courses"]], note_indent=16)
    lines += table.paragraph("Checked: when the crawler last visited the provider's page and found the course "
                             "there; not yet checked: the page has not been visited yet (the facts come from the "
                             "source documents). Neither changes the verdict.")
    total = counts["eligible"] + counts["eligible_if"] + counts["not_eligible"]
    if len(result["courses"]) < total:
        lines.append(f"  ({total - len(result['courses'])} more not shown: --limit {len(result['courses'])})")
    return lines


def _all_routes(result):
    """The routes table, each with what is missing or why not."""
    lines = [f"ROUTES ({_verdict_counts(result['summary']['routes'])})"]
    return lines + table.render(
        [table.Column("Verdict", 12, False), table.Column("Route", 20), table.Column("Level", 5, False),
         table.Column("Funded", 6, False)],
        [[VERDICT_WORDS[r["verdict"]], r["name"], f"->{r['aimh_level_target']}" if r["aimh_level_target"] else formatting.UNKNOWN,
          _funded_cell(r)] for r in result["routes"]],
        notes=["; ".join(n for n in (_notes(r), *_dated(r, result)) if n) for r in result["routes"]],
        note_indent=13)


def _all_pathways(result):
    """Every pathway to the target level, numbered, with its steps."""
    lines = [f"PATHWAYS from AiMH level {result['aimh_level']} to {result['target_level']}"]
    if not result["pathways"]:
        lines.append(_no_pathway(result))
    for n, pathway in enumerate(result["pathways"], start=1):
        lines += _pathway_lines(n, pathway, dated=True)
    return lines
