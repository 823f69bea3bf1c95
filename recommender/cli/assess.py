"""`python -m recommender assess FILE.csv [--roster ROSTER.csv] [--json|--csv]`: a workforce
self-assessment (seed 004's checklist rated Red, Amber or Green per part of the workforce) turned
into a training plan by level, person, time and cost (seed 003's training levels).

FILE.csv has a header line, then one row per workforce part and checklist item:

  workforce_part,item,rating,headcount,professions,aimh_levels,comments
  Health visiting,6,R,40,health visitor,1,"no training in PAIRs assessment"
  Family hubs,6,R,,nursery nurse; family support worker,0,

  workforce_part  maternity services, health visiting, early years settings, family hubs,
                  voluntary sector, children's services, social work (or another, kept as written)
  item            the checklist item's number 1-11 or its id (observe-relationships)
  rating          R, A or G (Red, Amber, Green)
  headcount       optional: how many staff the part has (time and cost are multiplied by it)
  professions     optional: the part's staff professions, in their own words, separated by ";"
  aimh_levels     optional: their current AiMH levels (0-3), one for all or one each; ? or
                  blank where not known (the plan says so and asks)
  comments        optional: the checklist's Comments column

--roster ROSTER.csv: the file `python -m recommender roster` reads (profession, level, name...),
with an optional workforce_part column placing each person; without it a person joins the
parts whose professions include theirs. Then each gap lists every person with their verdict.

The plan lists every Red item, then every Amber item, per part: the FH&SfL and AiMH levels that
build it (with reasons), the courses and routes that address it ranked for the part's staff,
who is eligible, weeks of training per person and in staff-weeks, known fees and funded
places, supervision capacity and local arrangements, and what the catalogue does not know.
Then the widest gaps across the area and the single course or route that closes most of them.
A bad row (a rating that is not R, A or G, an unknown item, a malformed line, an empty file)
is one line on stderr naming its line, exit code 2, and nothing is printed on stdout.
"""
import json
import sys

from recommender.output import formatting as fmt
from recommender.output import table
from recommender.cli.options import add_output_and_db, add_today

OFFERS_SHOWN = 5
VERDICT_WORDS = {"eligible": "eligible", "eligible_if": "eligible if", "not_eligible": "not eligible"}


def configure(parser):
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = __doc__.split("\n\n", 1)[1]
    parser.add_argument("file", metavar="FILE.csv",
                        help="the self-assessment: workforce_part,item,rating[,headcount,professions,aimh_levels,"
                             "comments] (example: docs/examples/assessment.csv)")
    parser.add_argument("--roster", metavar="ROSTER.csv", default=None,
                        help="staff, as `recommender roster` reads them (profession, level[, name, workforce_part, "
                             "...]): each gap then lists every person's verdict")
    add_output_and_db(parser, "print the plan as one JSON object (for scripts)",
                      "print the plan as CSV: one row per gap and training offer")
    add_today(parser, "the plan is")


def run(args):
    from recommender.workforce import assessment_file, roster
    from recommender.workforce.assess import assess
    from recommender.workforce.assess_csv import write_csv

    rows = assessment_file.read_rows(args.file)
    roster_rows = roster.read_rows(args.roster) if args.roster else None
    result = assess(args.db, rows, lambda line: f"{args.file}: line {line}", roster_rows,
                    lambda line: f"{args.roster}: line {line}", source=args.file, roster_source=args.roster,
                    today=args.today)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    elif args.csv:
        write_csv(result, sys.stdout)
    else:
        sys.stdout.write("\n".join(render(result)) + "\n")
    return 0


def _number(value, unit=""):
    if value is None:
        return "?"
    return f"{value:,.1f}".replace(".0", "") + unit if isinstance(value, float) else f"{value:,}{unit}"


def _range(low, high):
    if high is None:
        return "?"
    return _number(low) if low == high else f"{_number(low)}-{_number(high)}"


def _levels(gap):
    by_ladder = {}
    for level in gap["levels"]:
        by_ladder.setdefault(level["ladder"], []).append(str(level["level"]))
    return "; ".join(f"{ladder} {', '.join(levels)}" for ladder, levels in by_ladder.items())


def render(result):
    """The plan as text: a block per Red then Amber gap, then the area as a whole."""
    ratings = result["summary"]["ratings"]
    roster = result["roster"]
    lines = ["WORKFORCE TRAINING PLAN (seed 004's checklist, seed 003's training levels)",
             f"Ratings: {ratings['R']} Red, {ratings['A']} Amber, {ratings['G']} Green across "
             f"{fmt.count(len(result['assessment']['parts']), 'workforce part')}"
             + (f"; roster: {fmt.count(roster['people'], 'person', 'people')}" if roster else "; no roster (--roster FILE to add staff)")]
    if not result["gaps"]:
        # an empty plan says why, and stops: no empty area heading under it
        lines.append("No Red or Amber item: nothing to plan. Every item rated is Green; an item not rated has "
                     "no plan (rate it Red or Amber to plan training for it).")
        return lines + _not_known(result["summary"]["unknown"])
    for gap in result["gaps"]:
        lines += [""] + _gap_lines(gap)
    return lines + ["", "ACROSS THE AREA"] + _area_lines(result["summary"])


def _said(text):
    """A paragraph indented under its gap."""
    return table.paragraph(text, indent="  ", subsequent="    ")


def _not_known(unknown):
    return [line for words in unknown for line in _said(f"Not known: {words}")]


def _gap_lines(gap):
    """One gap: the item, the levels that build it, the staff, the offers, support, totals and unknowns."""
    lines = table.paragraph(f"{gap['rating_name'].upper()}: {gap['workforce_part']}, item {gap['item']['number']} "
                            f"(line {gap['line']})")
    lines += table.paragraph(f"\"{gap['item']['words']}\"", indent="  ")
    lines += table.paragraph(f"Levels that build it: {_levels(gap)}", indent="  ")
    if gap["staff"]:
        who = "; ".join(f"{s['name'] or s['profession']} ({s['profession'].lower()}, {_held(s)})"
                        if s["name"] else f"{s['profession'].lower()} at {_held(s)}"
                        for s in gap["staff"])
        lines += _said(f"Staff ({'roster' if gap['staff_from'] == 'roster' else 'as assessed'}): {who}")
    if gap["offers"]:
        lines += _offer_lines(gap["offers"])
    for entry in gap["support"]:
        lines += _said(_support_words(entry))
    lines += _tier_lines(gap)
    if gap["recruit"]:
        lines += _said("Ways to recruit (not training for the staff in post): " + "; ".join(
            f"{o['title']}{' (career route)' if o['kind'] == 'route' else ''}" for o in gap["recruit"]))
    return lines + _not_known(gap["unknown"])


def _per_person(offer):
    return (f"{_weeks_words(offer['weeks_min'], offer['weeks_max'], offer)} each, fee {fmt.money(offer['fee_gbp'])}, "
            f"{_funded_words(offer['funded'])}")


def _weeks_words(low, high, offer=None):
    if offer is not None and offer.get("hours_max") is not None:  # a length given in hours stays in hours
        return fmt.hours(offer.get("hours_min"), offer["hours_max"])
    if offer is not None and offer.get("days_max") is not None:  # and one given in days in days
        return fmt.days(offer.get("days_min"), offer["days_max"])
    if high is None:
        return f"length {fmt.UNKNOWN}"
    if low is None or round(low) == round(high):
        return fmt.weeks(high)
    return f"{fmt.weeks(low).split()[0]} to {fmt.weeks(high)}"


def _funded_words(funded):
    return {True: "funded", False: "self-funded or fee-paying", None: f"funding {fmt.UNKNOWN}"}[funded]


def _tier_lines(gap):
    """What everyone takes (in all: people, staff-weeks, fees) and what some take (a local decision: per person)."""
    lines = []
    for tier in gap["tiers"]:
        offer = tier["suggested"]
        if tier["who"] == "everyone":
            head = f"Everyone (AiMH level {tier['aimh_level']}{', first' if tier['first_step'] else ''})"
            if offer is None:
                lines += _said(f"{head}: {tier.get('none_open', 'no course open to them')}")
                continue
            people = fmt.whole(tier["people"], None)
            if people is None:
                lines += _said(f"{head}: {offer['title']}: {_per_person(offer)}; how many people: {fmt.UNKNOWN} "
                               "(give a headcount or a roster for totals)")
            else:
                staff_weeks = fmt.staff_weeks(tier["staff_weeks_min"], tier["staff_weeks_max"])
                lines += _said(f"{head}: {offer['title']} for {fmt.count(tier['people'], 'person', 'people')}: "
                               f"{_per_person(offer)}; in all "
                               f"{staff_weeks}, fees {fmt.money(tier['cost_gbp'])}")
        else:
            head = f"Some (AiMH level {tier['aimh_level']}; how many is a local decision: '{tier['how_many']}')"
            if offer is None:
                lines += _said(f"{head}: {tier.get('none_open', 'no course open to them')}")
                continue
            lines += _said(f"{head}: {offer['title']}: {_per_person(offer)}"
                           + (f"; {tier['team_model']}" if tier["team_model"] else ""))
    return lines


def _offer_lines(offers):
    """The first OFFERS_SHOWN courses and routes as a table, then why the best one and who can take it."""
    lines = table.render(
        [table.Column("#", 2, False, ">"), table.Column("Training", 24), table.Column("Level", 5, False),
         table.Column("Length", 6, False, ">"), table.Column("Fee", 6, False, ">"),
         table.Column("Funded", 7, False), table.Column("Can", 5, False, ">")],
        [[o["rank"], f"{o['title']}{' (route)' if o['kind'] == 'route' else ''}",
          f"{'' if o['aimh_level_expected'] is None else o['aimh_level_expected']}->"
          f"{'?' if o['aimh_level_target'] is None else o['aimh_level_target']}",
          # one column of lengths in their units: "12 wk", "3 days", "2 to 4 h" (never a bare 12 beside "3 days")
          _weeks_words(o["weeks_min"], o["weeks_max"], o).replace(" weeks", " wk").replace(" week", " wk")
          .replace(" hours", " h").replace(" hour", " h")
          .replace(f"length {fmt.UNKNOWN}", "?"), fmt.money(o["fee_gbp"], "?"),
          {True: "yes", False: "no", None: "?"}[o["funded"]],
          f"{o['can_take']}/{len(o['staff'])}" if o["staff"] else "?"]
         for o in offers[:OFFERS_SHOWN]], indent=2)
    if len(offers) > OFFERS_SHOWN:
        lines.append(f"  ... and {len(offers) - OFFERS_SHOWN} more (--json lists all)")
    best = next((o for o in offers if o["suggested"]), offers[0])
    lines += _said(f"Why {best['title']}: {best['why'][0]['reason']} "
                   f"[{', '.join(best['why'][0]['sources'])} {best['why'][0]['section']}]")
    if best["staff"]:
        verdicts = "; ".join(
            f"{s['name'] or s['profession'].lower()}: {VERDICT_WORDS[s['verdict']]}"
            + (f" ({', '.join(s['missing'])})" if s["missing"] else "") for s in best["staff"])
        lines += _said(f"Who: {verdicts}")
    return lines


def _support_words(entry):
    """Supervision capacity (who can supervise now, who could train to) or a local arrangement."""
    if entry["kind"] != "supervision":
        return f"Local arrangement (not a course): {entry['words']}"
    if entry["can_supervise_now"] is None:
        return "Supervision capacity: not known (no staff given)"
    now = ", ".join(s["name"] or s["profession"].lower() for s in entry["can_supervise_now"]) or "none"
    could = ", ".join(s["name"] or s["profession"].lower() for s in entry["could_train_to_supervise"]) or "none"
    asked = ", ".join(s["name"] or s["profession"].lower() for s in entry.get("level_not_given") or [])
    return (f"Supervision capacity: can supervise now (AiMH {entry['aimh_level']}): {now}; could train to supervise: "
            f"{could}" + (f"; AiMH level not given, so not known: {asked}" if asked else ""))


def _held(staff):
    """'AiMH 2', or that the level was not given (it is asked, never taken as 0)."""
    return "AiMH level not given" if staff["aimh_level"] is None else f"AiMH {staff['aimh_level']}"


def _area_lines(summary):
    """The widest gaps, what closes most of them, and the suggested training's totals."""
    lines = []
    for w in summary["widest_gaps"][:5]:
        where = "; ".join(filter(None, [f"Red in {', '.join(w['red_parts'])}" if w["red_parts"] else "",
                                        f"Amber in {', '.join(w['amber_parts'])}" if w["amber_parts"] else ""]))
        lines += _said(f"Item {w['number']}: {where}")
    if summary["closes_most"]:
        lines.append("Closes most gaps:")
        lines += table.render(
            [table.Column("Course or route", 40), table.Column("Gaps", 4, False, ">"), table.Column("Red", 3, False, ">"),
             table.Column("Amber", 5, False, ">"), table.Column("Funded", 7, False)],
            [[e["title"], e["gaps"], e["red"], e["amber"], {True: "yes", False: "no", None: "?"}[e["funded"]]]
             for e in summary["closes_most"]], indent=2)
    everyone, some = summary["tiers"]["everyone"], summary["tiers"]["some"]
    if everyone["gaps"]:
        time = (fmt.staff_weeks(everyone["staff_weeks_min"], everyone["staff_weeks_max"])
                + f" where known ({fmt.count(everyone['gaps_time_unknown'], 'gap')} not known)"
                if everyone["staff_weeks_max"] is not None else f"staff-weeks {fmt.UNKNOWN} for every gap")
        fees = (f"fees {fmt.money(everyone['cost_gbp'])} where known ({fmt.count(everyone['gaps_cost_unknown'], 'gap')} "
                "not known)" if everyone["cost_gbp"] is not None else f"fees {fmt.UNKNOWN} for every gap")
        lines += _said(
            f"Training everyone takes, {fmt.count(everyone['gaps'], 'gap')}: {time}; {fees}; funded places "
            f"{fmt.UNKNOWN} (the catalogue holds no numbers of places)")
    if some["gaps"]:
        lines += _said(f"Training some take, {fmt.count(some['gaps'], 'gap')}: how many is a local decision; per "
                       "person: " + "; ".join(f"{p['workforce_part']} item {p['item']}: {p['title']} "
                                              f"({_per_person(p)})" for p in some["per_person"]))
    return lines + _not_known(summary["unknown"])
