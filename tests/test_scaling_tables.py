"""crawler/catalogue/tables/scaling_tables.py: the scaling scenario as catalogue tables, and bad YAML refused."""
import json

import pytest
import sqlite_utils

from crawler.catalogue.tables.scaling_tables import write_scaling_tables


@pytest.fixture
def scaling_db(repo_root):
    db = sqlite_utils.Database(memory=True)
    write_scaling_tables(db, repo_root / "crawler" / "reference")
    return db


def dump(db):
    return {table: list(db[table].rows) for table in sorted(db.table_names())}


def test_writes_the_scenario_tables(scaling_db):
    assert {"scaling_inputs", "scaling_years", "scaling_pipeline", "scaling_totals"} <= set(scaling_db.table_names())
    years = list(scaling_db.query("select year, total, children_seen from scaling_years order by position"))
    # The paper's Appendix 2 "Total each year" and "Children seen per year", as printed.
    assert [(y["year"], y["total"], y["children_seen"]) for y in years] == [
        ("25/26", 19_047_480, 8_500), ("26/27", 34_069_868, 14_750), ("27/28", 53_526_731, 23_600),
        ("28/29", 97_463_325, 40_200), ("29/30", 128_195_355, 60_000)]
    assert scaling_db["scaling_pipeline"].get(5)["additional_specialists"] == 500  # section 8


def test_totals_sit_beside_the_papers_quoted_figures(scaling_db):
    totals = {row["name"]: row for row in scaling_db["scaling_totals"].rows}
    assert totals["five_year_total"]["gbp"] == totals["five_year_total"]["paper_figure"] == 332_302_759
    for name in ("new_investment", "already_costed"):
        assert totals[name]["gbp_m"] == totals[name]["paper_figure"]
    assert totals["new_investment"]["gbp"] + totals["already_costed"]["gbp"] == totals["five_year_total"]["gbp"]


def test_every_input_row_has_its_source_and_section(scaling_db):
    for row in scaling_db["scaling_inputs"].rows:
        assert row["source"] == "seed-002" and row["section"] and row["unit"] and row["description"], row["name"]
        json.loads(row["value"])  # the value column is JSON: a number or a list


def test_running_twice_gives_the_same_rows_in_the_same_order(repo_root, scaling_db):
    write_scaling_tables(scaling_db, repo_root / "crawler" / "reference")
    again = sqlite_utils.Database(memory=True)
    write_scaling_tables(again, repo_root / "crawler" / "reference")
    assert dump(scaling_db) == dump(again)


def test_the_build_writes_the_scaling_tables(built_catalogue):
    db = sqlite_utils.Database(built_catalogue)
    assert db["scaling_years"].count == 5
    # In the real catalogue, each input's source links to the sources table (Datasette shows it).
    assert [fk.other_table for fk in db["scaling_inputs"].foreign_keys] == ["sources"]


@pytest.mark.parametrize("old,new,words", [
    ('    section: "Appendix 2 footnote 33"\n    description: "\'with a 3%', '    description: "\'with a 3%',
     ["pay_rise", "missing field 'section'"]),
    ("    value: 0.03\n", "    value: lots\n", ["pay_rise", "field 'value' must be a number"]),
    ("    value: 0.03\n", "    value: 5.0\n", ["500%"]),
    ("    value: [35, 55, 67, 198, 0]\n", "    value: [35, 55, -67, 198, 0]\n", ["teams_new", "cannot be negative"]),
    ("    value: [35, 55, 67, 198, 0]\n", "    value: [35, 55, 67, 198]\n", ["teams_new", "one value per year"]),
    ("  - name: children_per_new_team\n    role: input\n", "  - name: children_per_new_team\n    role: context\n",
     ["missing input(s): children_per_new_team"]),
    ("  - name: pay_rise\n    role: input\n    value: 0.03\n    unit: fraction per year (0.03 = 3%), compounding each April\n    source: seed-002",
     "  - name: pay_rise\n    role: input\n    value: 0.03\n    unit: fraction per year (0.03 = 3%), compounding each April\n    source: seed-999",
     ["pay_rise", "seed-999", "not in sources.yaml"]),
    ("  - name: children_per_new_team\n", "  - name: children_per_full_team\n", ["duplicate name 'children_per_full_team'"]),
])
def test_bad_yaml_is_refused_naming_the_file_and_the_field(reference_copy, old, new, words):
    path = reference_copy / "scaling_paper.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, "the test's edit no longer applies: update it to the YAML"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        write_scaling_tables(sqlite_utils.Database(memory=True), reference_copy)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
