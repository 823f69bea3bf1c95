"""`python -m recommender area --babies N [--roster FILE] [--today YYYY-MM-DD] [--json]`: what one
area needs to give its babies specialised parent-infant relationship (PAIR) teams, from seed 002
section 8 ("each team supporting on average 150 families directly each year and providing
services to 5% of babies aged 0-2"; "an average team would comprise 7.33 whole time equivalent
(WTE) posts").

It prints the teams the area needs (whole teams, rounded up, beside the exact figure), the posts
by role and the AiMH level each needs (level 2 for every clinical post, level 3 for two senior
clinicians a team), the professions that can fill each post, and the courses and routes in the
catalogue that take those professions to the post's level: how long, known fees, funding and the
next intake as of --today. With --roster (the file `recommender roster` reads: profession, level,
name...) each person fills the first post their profession can, and the plan gives the staff in
place and the gap: posts vacant and people to train.

Examples:
  python -m recommender area --babies 14000
  python -m recommender area --babies 14000 --roster staff.csv --today 2026-01-15
  python -m recommender area --babies 1200000 --json

A number of babies that is not a whole number from 1 to 10,000,000, a bad date or a bad roster
line is one line on stderr and exit code 2.
"""
import sys

from recommender.output import formatting as fmt
from recommender.output.formatting import half_up
from recommender.output import table
from recommender.output.jsonout import dumps
from recommender.cli.options import add_output_and_db

COURSES_SHOWN = 6


def configure(parser):
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = __doc__.split("\n\n", 1)[1]
    parser.add_argument("--babies", required=True, metavar="N",
                        help="babies aged 0-2 in the area (a whole number, e.g. 14000)")
    parser.add_argument("--roster", metavar="ROSTER.csv", default=None,
                        help="staff already in place: profession, level[, name, ...] as `recommender roster` reads")
    parser.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                        help="the date the next intakes are counted from (default: today)")
    add_output_and_db(parser, "print the plan as one JSON object (teams, wte, roles with courses and routes)",
                      "print the plan as CSV: one row per role and course or route")


def run(args):
    from recommender.workforce.area import area_plan, parse_babies, parse_today, write_csv

    babies = parse_babies(args.babies)
    today = parse_today(args.today)
    roster_rows = None
    if args.roster:
        from recommender.workforce.roster import read_rows

        roster_rows = read_rows(args.roster)
    result = area_plan(args.db, babies, roster_rows, lambda line: f"{args.roster}: line {line}", today=today)
    if args.json:
        sys.stdout.write(dumps(result) + "\n")
    elif args.csv:
        write_csv(result, sys.stdout)
    else:
        sys.stdout.write("\n".join(render(result)) + "\n")
    return 0


def _funding(thing):
    return f"funding {fmt.UNKNOWN}" if thing["funded"] is None else thing["funding_words"]


def render(result):
    teams = result["teams"]
    lines = [f"AREA PLAN: {fmt.whole(result['babies'])} babies aged 0-2 (seed 002 section 8)"]
    lines += table.paragraph(
        f"Teams needed: {fmt.whole(teams)} (exactly {result['teams_exact_text']}: 5% of babies served, "
        f"each team supporting 150 families a year; whole teams, rounded up). "
        f"{fmt.wte(half_up(result['wte']))} in all ({result['wte_per_team']:g} WTE a team; the posts the "
        f"paper lists add up to {fmt.whole(result['posts_listed_per_team'])} a team, and it does not say where the "
        f"other {result['wte_per_team'] - result['posts_listed_per_team']:.2f} WTE a team is).")
    lines += table.paragraph(
        f"AiMH level 2: {fmt.count(result['aimh_level_2_posts'], 'post')}; level 3: "
        f"{fmt.count(result['aimh_level_3_posts'], 'senior clinician')} (2 a team).")
    roster = result["roster"] is not None
    columns = [table.Column("Post", 30), table.Column("WTE", 6, False, ">"), table.Column("AiMH", 4, False, ">")]
    if roster:
        columns += [table.Column("In post", 7, False, ">"), table.Column("At level", 8, False, ">"),
                    table.Column("Vacant", 6, False, ">"), table.Column("To train", 8, False, ">")]
    rows = []
    for role in result["roles"]:
        row = [role["name"], fmt.one_decimal(role["wte"]), fmt.whole(role["aimh_level"], "-")]
        if roster:
            row += [fmt.whole(role["in_place"]), fmt.whole(role["at_level"]), fmt.whole(role["vacant"]),
                    fmt.whole(role["to_train"])]
        rows.append(row)
    lines += [""] + table.render(columns, rows)
    shown = {}
    for role in result["roles"]:
        lines += [""] + _role_lines(role, shown)
    senior = result["senior"]
    lines += [""] + table.paragraph(
        f"SENIOR CLINICIANS AT AiMH LEVEL 3: {fmt.whole(senior['posts'])}"
        + (f"; {fmt.whole(senior['at_level_3'])} in place, gap {fmt.whole(senior['gap'])}" if roster else ""))
    lines += _ways_lines(senior["courses"], senior["routes"])
    if roster:
        not_placed = result["roster"]["not_placed"]
        if not_placed:
            lines += [""] + table.paragraph("Not placed (no post in the team takes their profession): " + "; ".join(
                f"{p['name'] or p['profession']} (line {p['line']})" for p in not_placed))
    lines += [""] + table.paragraph(f"Not known: {result['places']['words']}.")
    return lines


def _role_lines(role, shown):
    head = f"{role['name'].upper()}: {fmt.count(role['posts'], 'post')}"
    head += f", AiMH level {role['aimh_level']}" if role["aimh_level"] is not None else ", no AiMH level asked"
    lines = table.paragraph(head)
    lines += table.paragraph("Filled by: " + ", ".join(p["name"].lower() for p in role["professions"])
                             if role["professions"] else "Filled by: the paper names no profession", indent="  ")
    if "staff" in role:
        lines += table.paragraph(
            f"In place: {fmt.whole(role['in_place'])} ({fmt.whole(role['at_level'])} at the level); vacant "
            f"{fmt.whole(role['vacant'])}; to train {fmt.whole(role['to_train'])}", indent="  ")
    if role["aimh_level"] is not None:
        key = (tuple(c["id"] for c in role["courses"]), tuple(r["id"] for r in role["routes"]))
        if key in shown:
            lines += table.paragraph(f"Courses and routes: as for {shown[key]}", indent="  ")
        else:
            shown[key] = role["name"].lower()
            lines += _ways_lines(role["courses"], role["routes"])
    return lines


def _ways_lines(courses, routes):
    lines = []
    if courses:
        lines += table.render(
            [table.Column("Course", 30), table.Column("Time", 12, False), table.Column("Fee", 10, False, ">"),
             table.Column("Funding", 10), table.Column("Next intake", 14)],
            [[c["title"], c["time"], c["fee"], c["funding_words"], c["intake_words"]]
             for c in courses[:COURSES_SHOWN]], indent=2)
        if len(courses) > COURSES_SHOWN:
            lines.append(f"  ... and {fmt.count(len(courses) - COURSES_SHOWN, 'more course', 'more courses')} (--json lists all)")
    else:
        lines.append("  No course in the catalogue takes these professions to this level.")
    if routes:
        lines += table.paragraph("Routes: " + "; ".join(f"{r['name']} (time {r['time']}; {_funding(r)})"
                                                        for r in routes), indent="  ", subsequent="    ")
    return lines
