"""The workforce training plan (recommender.workforce.assess) as CSV: one row per gap and training
offer, tier, way to recruit, support and unknown, then what closes most gaps. What `python -m
recommender assess --csv` prints and the site's /-/workforce-assessment.csv serves; numbers and
unknowns are written by recommender/output/formatting.py, and a cell a spreadsheet would run as
a formula starts with an apostrophe (recommender/output/csv_cells.py).
"""
import csv

from recommender.output import formatting as fmt
from recommender.output.csv_cells import safe_row

CSV_FIELDS = ["record", "line", "workforce_part", "item", "rating", "rank", "suggested", "kind", "id", "title", "url",
              "aimh_level_expected", "aimh_level_target", "weeks_min", "weeks_max", "fee_gbp", "funding", "funded",
              "eligible", "eligible_if", "not_eligible", "open_at_right_level", "people", "staff_weeks_min",
              "staff_weeks_max", "cost_gbp", "funded_places", "words", "reason", "sources", "tier",
              "hours_min", "hours_max", "days_min", "days_max"]


def csv_rows(result):
    """The plan as flat rows (dicts over CSV_FIELDS): offer and support rows per gap, then the summary."""
    out = []
    for gap in result["gaps"]:
        base = {"line": gap["line"], "workforce_part": gap["workforce_part"], "item": gap["item"]["number"],
                "rating": gap["rating"]}
        totals = gap["totals"]
        for offer in gap["offers"]:
            why = offer["why"][0]
            row = {**base, "record": "offer", "rank": offer["rank"], "suggested": fmt.yes_no(offer["suggested"]),
                   "kind": offer["kind"], "id": offer["id"], "title": offer["title"], "url": offer["url"],
                   "aimh_level_expected": fmt.whole(offer["aimh_level_expected"]),
                   "aimh_level_target": fmt.whole(offer["aimh_level_target"]),
                   "weeks_min": fmt.one_decimal(offer["weeks_min"]), "weeks_max": fmt.one_decimal(offer["weeks_max"]),
                   "hours_min": fmt.one_decimal(offer["hours_min"], ""),
                   "hours_max": fmt.one_decimal(offer["hours_max"], ""),
                   "days_min": fmt.one_decimal(offer["days_min"], ""), "days_max": fmt.one_decimal(offer["days_max"], ""),
                   "fee_gbp": fmt.money(offer["fee_gbp"]), "funding": offer["funding"] or fmt.UNKNOWN,
                   "funded": fmt.yes_no(offer["funded"]),
                   **{k: fmt.whole(v) for k, v in offer["counts"].items()},
                   "open_at_right_level": fmt.whole(offer["open_at_right_level"]),
                   "reason": why["reason"], "sources": f"{', '.join(why['sources'])}: {why['section']}"}
            out.append(row)
        for tier in gap["tiers"]:
            o = tier["suggested"]
            out.append({**base, "record": "tier", "tier": tier["who"] + (" (first)" if tier["first_step"] else ""),
                        "aimh_level_target": fmt.whole(tier["aimh_level"]),
                        "kind": o["kind"] if o else "", "id": o["id"] if o else "", "title": o["title"] if o else "",
                        "weeks_min": fmt.one_decimal(o["weeks_min"]) if o else "",
                        "weeks_max": fmt.one_decimal(o["weeks_max"]) if o else "",
                        "hours_min": fmt.one_decimal(o["hours_min"], "") if o else "",
                        "hours_max": fmt.one_decimal(o["hours_max"], "") if o else "",
                        "days_min": fmt.one_decimal(o["days_min"], "") if o else "",
                        "days_max": fmt.one_decimal(o["days_max"], "") if o else "",
                        "fee_gbp": fmt.money(o["fee_gbp"]) if o else "", "funded": fmt.yes_no(o["funded"]) if o else "",
                        "people": "none: level held" if tier.get("held") else
                        fmt.whole(tier["people"], "a local decision"),
                        "staff_weeks_min": fmt.one_decimal(tier["staff_weeks_min"]),
                        "staff_weeks_max": fmt.one_decimal(tier["staff_weeks_max"]),
                        "cost_gbp": fmt.money(tier["cost_gbp"]), "funded_places": fmt.UNKNOWN,
                        "words": tier["how_many"] if o else tier.get("none_open", ""),
                        "reason": tier["why"]["reason"],
                        "sources": f"{', '.join(tier['why']['sources'])}: {tier['why']['section']}"})
        for offer in gap["recruit"]:
            why = offer["recruitment"]
            out.append({**base, "record": "recruit", "kind": offer["kind"], "id": offer["id"], "title": offer["title"],
                        "url": offer["url"], "weeks_min": fmt.one_decimal(offer["weeks_min"]),
                        "weeks_max": fmt.one_decimal(offer["weeks_max"]), "fee_gbp": fmt.money(offer["fee_gbp"]),
                        "funded": fmt.yes_no(offer["funded"]), "words": "a way to recruit, not training for staff in post",
                        "reason": why["reason"], "sources": f"{', '.join(why['sources'])}: {why['section']}"})
        for entry in gap["support"]:
            out.append({**base, "record": entry["kind"], "words": entry["words"], "reason": entry["why"]["reason"],
                        "sources": f"{', '.join(entry['why']['sources'])}: {entry['why']['section']}"})
        for words in gap["unknown"]:
            out.append({**base, "record": "unknown", "words": words})
    for entry in result["summary"]["closes_most"]:
        out.append({"record": "closes_most", "kind": entry["kind"], "id": entry["id"], "title": entry["title"],
                    "url": entry["url"], "words": f"{fmt.count(entry['gaps'], 'gap')} ({entry['red']} Red, {entry['amber']} Amber)"})
    return out


def write_csv(result, out):
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in csv_rows(result):
        writer.writerow(safe_row(row))  # a cell a spreadsheet would run as a formula starts with '
