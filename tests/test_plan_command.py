"""`python -m recommender plan`, run as a planner would run it: a real subprocess from the
repository root, reading a catalogue built by the same code as the real one."""
import json
import subprocess

import pytest
import sqlite_utils

from crawler.catalogue.tables.scaling_tables import write_scaling_tables

PAPER_TOTALS = [19_047_480, 34_069_868, 53_526_731, 97_463_325, 128_195_355]  # seed 002 Appendix 2
YEAR_KEYS = {"year", "teams_operating", "labour_operating", "teams_new", "labour_new", "training",
             "leadership", "total", "children_seen"}


@pytest.fixture(scope="module")
def scaling_db(tmp_path_factory, repo_root):
    path = tmp_path_factory.mktemp("plan") / "c.db"
    write_scaling_tables(sqlite_utils.Database(path), repo_root / "crawler" / "reference")
    return path


@pytest.fixture(scope="module")
def plan(python_exe, repo_root, scaling_db):
    def run(*args, db=scaling_db):
        return subprocess.run([python_exe, "-m", "recommender", "plan", "--db", str(db), *args],
                              cwd=repo_root, capture_output=True, text=True, timeout=60)
    return run


@pytest.fixture(scope="module")
def paper_json(plan):
    result = plan("--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_the_years_totals_pipeline_and_inputs(paper_json):
    assert [set(year) >= YEAR_KEYS for year in paper_json["years"]] == [True] * 5
    assert [year["year"] for year in paper_json["years"]] == ["25/26", "26/27", "27/28", "28/29", "29/30"]
    assert [year["total"] for year in paper_json["years"]] == PAPER_TOTALS
    assert paper_json["five_year_total"] == 332_302_759  # executive summary
    assert paper_json["new_investment"] + paper_json["already_costed"] == paper_json["five_year_total"]
    assert paper_json["in_millions_as_the_paper_words_it"] == {
        "five_year_total_m": 332.3, "new_investment_m": 265, "already_costed_m": 67}  # section 8
    assert paper_json["pipeline"]["placement_specialists"] == 250  # section 8: "250 in 5 years"
    assert paper_json["pipeline"]["additional_specialists"] == 500  # section 8: "500 within 5 years"
    assert paper_json["pipeline"]["acapt_posts"] == 50
    assert len(paper_json["pipeline"]["years"]) == 5
    assert paper_json["inputs"]["pay_rise"] == 0.03 and paper_json["inputs"]["teams_operating"][0] == 45
    assert paper_json["inputs_changed_from_paper"] == {}


def test_table_for_people_shows_the_papers_figures_within_80_columns(plan):
    result = plan()
    assert result.returncode == 0, result.stderr
    for figure in ("12,715,032", "127,207,830", "332,302,759", "60,000"):
        assert figure in result.stdout
    too_wide = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert too_wide == []


def test_big_scenarios_still_fit_80_columns(plan):
    # A bigger ambition (1,000 teams opening a year at a higher cost) must not break the layout.
    result = plan("--team-cost", "900000", "--new-teams", "1000,1000,1000,1000,1000", "--pay-rise", "0.1")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if len(line) > 80] == []


def test_a_higher_pay_rise_raises_labour_costs_and_nothing_else(plan, paper_json):
    changed = json.loads(plan("--pay-rise", "0.05", "--json").stdout)
    assert changed["inputs_changed_from_paper"] == {"pay_rise": {"paper": 0.03, "used": 0.05}}
    for before, after in zip(paper_json["years"], changed["years"]):
        assert after["labour_operating"] > before["labour_operating"]
        assert after["total"] > before["total"]
        for key in ("teams_operating", "teams_new", "training", "leadership", "children_seen"):
            assert after[key] == before[key], key
    assert changed["already_costed"] > paper_json["already_costed"]
    assert changed["pipeline"] == paper_json["pipeline"]


def test_pay_rise_as_a_percentage_means_the_same(plan):
    as_percent = json.loads(plan("--pay-rise", "3%", "--json").stdout)
    assert as_percent["inputs_changed_from_paper"] == {}
    assert as_percent["five_year_total"] == 332_302_759


def test_new_teams_alone_carry_through_to_teams_operating(plan, paper_json):
    changed = json.loads(plan("--new-teams", "35,55,77,198,0", "--json").stdout)
    assert [y["teams_operating"] for y in changed["years"]] == [45, 80, 135, 212, 410]
    assert changed["already_costed"] == paper_json["already_costed"]  # the existing 45 teams are unchanged
    assert changed["new_investment"] > paper_json["new_investment"]


def test_teams_alone_give_the_openings(plan):
    changed = json.loads(plan("--teams", "45,90,135,202,400", "--json").stdout)
    assert [y["teams_new"] for y in changed["years"]] == [45, 45, 67, 198, 0]


def test_training_places_change_the_pipeline_only(plan, paper_json):
    changed = json.loads(plan("--placements", "100", "--recruit-to-train", "0", "--acapt", "20", "--json").stdout)
    assert changed["pipeline"]["placement_specialists"] == 2 * paper_json["pipeline"]["placement_specialists"]
    assert changed["pipeline"]["recruit_to_train_specialists"] == 0
    assert changed["pipeline"]["acapt_posts"] == 20
    assert changed["years"] == paper_json["years"]


def test_fewer_years_keeps_the_papers_first_years(plan, paper_json):
    shorter = json.loads(plan("--years", "3", "--json").stdout)
    assert shorter["years"] == paper_json["years"][:3]
    assert shorter["five_year_total"] == sum(PAPER_TOTALS[:3])


@pytest.mark.parametrize("args,words", [
    (["--pay-rise", "5.0"], "500%"),
    (["--pay-rise", "lots"], "--pay-rise"),
    (["--teams", "45,80,-1,1,1"], "negative"),
    (["--teams", "45,80"], "one per year"),
    (["--new-teams", "35,55,x,198,0"], "--new-teams"),
    (["--leadership", "1,2,3"], "--leadership"),
    (["--teams", "45,80,135,202,401", "--new-teams", "35,55,67,198,0"], "202 operating plus the 198 new"),
    (["--teams", "45,40,135,202,400"], "falls"),
    (["--team-cost", "-1"], "--team-cost"),
    (["--team-cost", "a lot"], "--team-cost"),
    (["--placements", "2.5"], "whole number"),
    (["--acapt", "-3"], "--acapt"),
    (["--years", "7"], "7 years"),
    (["--years", "0"], "--years"),
])
def test_bad_input_is_one_clear_line_and_exit_code_2(plan, args, words):
    result = plan(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr


def test_missing_catalogue_says_how_to_build_it(plan, tmp_path):
    result = plan(db=tmp_path / "nowhere.db")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "python -m crawler build" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_catalogue_without_the_scaling_tables_says_to_rebuild(plan, tmp_path):
    old = tmp_path / "old.db"
    sqlite_utils.Database(old)["courses"].insert({"id": "x"})
    result = plan(db=old)
    assert result.returncode == 2 and "scaling_inputs" in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_catalogue_is_refused(plan, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database, just text " * 100)
    result = plan(db=junk)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_explains_the_options(python_exe, repo_root):
    result = subprocess.run([python_exe, "-m", "recommender", "plan", "--help"], cwd=repo_root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--pay-rise", "--team-cost", "--teams", "--new-teams", "--placements",
                   "--recruit-to-train", "--acapt", "--json", "--db"):
        assert option in result.stdout


def test_plan_starts_without_heavy_imports(python_exe, repo_root):
    # The recommender starts fast: no YAML, Scrapy, Datasette or sqlite-utils behind `plan`.
    code = ("import sys, recommender.cli.plan; "
            "print(sorted(m for m in ('yaml', 'scrapy', 'datasette', 'sqlite_utils') if m in sys.modules))")
    out = subprocess.run([python_exe, "-c", code], cwd=repo_root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
