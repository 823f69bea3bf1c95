"""The course_order table: each course's place in its rule group, written by the build.

Courses that copy one eligibility rule, expect the same AiMH level and build to the same one
form a group: everyone is told the same about all of them, so their order within the group
is the same for everyone (course_order.listing_key: funding, fee, length, mode, title) and
can be written once. A recommender reading a national catalogue then reads only the first
few courses of each group (recommender/catalogue/reader.py, `Catalogue.course_groups`) instead of
all of them. Written after the currency policy, from the values the courses show.
"""
import course_order

COLUMNS = {"course_id": str, "rule_id": int, "aimh_level_expected": int, "aimh_level_target": int,
           "listing_rank": int, "step_rank": int, "group_size": int}


def write(db):
    """(Re)write course_order from the courses table and their rules (same_rule_as)."""
    rows = db.execute(
        """SELECT c.id, c.title, c.funding, c.fee_gbp, c.duration_months_max, c.mode,
                  c.aimh_level_expected, c.aimh_level_target, coalesce(r.same_rule_as, r.id)
           FROM courses c LEFT JOIN eligibility_rules r ON r.course_id = c.id""").fetchall()
    groups = {}
    for row in rows:
        groups.setdefault((row[8], row[6], row[7]), []).append(row)
    out = []
    for (rule_id, expected, target), members in groups.items():
        by_listing = sorted(members, key=lambda r: course_order.listing_key(r[2], r[3], r[4], r[5], r[1], r[0]))
        by_step = sorted(members, key=lambda r: course_order.step_key(r[2], r[4], r[5], r[0]))
        step_rank = {r[0]: place for place, r in enumerate(by_step, start=1)}
        out.extend({"course_id": r[0], "rule_id": rule_id, "aimh_level_expected": expected,
                    "aimh_level_target": target, "listing_rank": place, "step_rank": step_rank[r[0]],
                    "group_size": len(members)}
                   for place, r in enumerate(by_listing, start=1))
    table = db["course_order"]
    table.create(COLUMNS, pk="course_id", foreign_keys=[("course_id", "courses", "id"), ("rule_id", "eligibility_rules", "id")], if_not_exists=True)
    table.delete_where()
    table.insert_all(out, batch_size=1000)
    table.create_index(["listing_rank"], if_not_exists=True)
    table.create_index(["step_rank"], if_not_exists=True)
