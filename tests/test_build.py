"""`python -m crawler build`: the catalogue of record, built from the reference files."""
import shutil
import sqlite3

import pytest

from build_runs import assert_an_edit_is_refused, run_build
from catalogue_rows import rows
from crawler.catalogue.build import build


def dump(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_all_fifteen_appendix_courses_are_in_the_catalogue(built_catalogue):
    found = {r["appendix_row"] for r in rows(built_catalogue, "SELECT appendix_row FROM courses WHERE appendix_row IS NOT NULL")}
    assert found == set(range(1, 16))


@pytest.mark.parametrize("kind, at_least", [
    ("intervention_training", 8),  # VIG, VIPP-SD, COS-P, WWW, NBO, Solihull, Mellow Babies, IY (+ ABC, Watch Me Play!)
    ("clinical_training", 6),      # row 5 plus the five ACP-accredited schools' trainings
    ("pre_clinical_course", 1),    # e.g. Tavistock M7
    ("e_learning", 1),             # free level 1 e-learning
])
def test_beyond_appendix_one_entries_are_catalogued_by_kind(built_catalogue, kind, at_least):
    count = rows(built_catalogue, "SELECT COUNT(*) AS n FROM courses WHERE kind = ?", kind)[0]["n"]
    assert count >= at_least


def test_every_course_fact_cites_a_known_source_with_its_kind(built_catalogue):
    orphans = rows(built_catalogue, """
        SELECT f.course_id, f.field FROM course_facts f LEFT JOIN sources s ON s.id = f.source_id
        WHERE s.id IS NULL OR f.source_kind IS NULL OR f.source_kind != s.kind""")
    assert orphans == []
    # Every shown column value of a course is backed by exactly one shown fact.
    unbacked = rows(built_catalogue, """
        SELECT c.id FROM courses c WHERE c.title IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM course_facts f WHERE f.course_id = c.id AND f.field = 'title' AND f.shown = 1 AND f.value = c.title)""")
    assert unbacked == []


def test_northampton_keeps_both_durations_with_their_sources(built_catalogue):
    facts = rows(built_catalogue, """SELECT value, source_id, shown, why FROM course_facts
                 WHERE course_id = 'northampton-pgcert-infant-mental-health' AND field = 'duration'""")
    by_source = {f["source_id"]: f for f in facts}
    assert by_source["seed-002"]["value"] == "one year"
    assert "seven month" in by_source["seed-001"]["value"]
    shown = [f for f in facts if f["shown"]]
    assert len(shown) == 1 and shown[0]["why"], "the catalogue says which value it shows and why"
    course = rows(built_catalogue, "SELECT duration_months_min, duration_months_max FROM courses WHERE id = 'northampton-pgcert-infant-mental-health'")[0]
    assert course == {"duration_months_min": 7.0, "duration_months_max": 7.0}


@pytest.mark.parametrize("course_id, field", [
    ("glasgow-understanding-imh-microcredential", "duration"),  # 10 weeks (paper) vs eleven weeks (catalogue)
    ("bpf-parent-infant-psychotherapy", "title"),               # the title changed under the same URL
])
def test_sources_that_disagree_are_both_kept(built_catalogue, course_id, field):
    facts = rows(built_catalogue, "SELECT value, source_id, shown FROM course_facts WHERE course_id = ? AND field = ?", course_id, field)
    assert len({f["value"] for f in facts}) == 2
    assert len({f["source_id"] for f in facts}) == 2
    assert sum(f["shown"] for f in facts) == 1
    listed = rows(built_catalogue, "SELECT DISTINCT course_id FROM source_disagreements WHERE field = ?", field)
    assert {"course_id": course_id} in listed


def test_searching_observation_finds_the_tavistock_and_tameside_courses(built_catalogue):
    found = {r["provider_id"] for r in rows(built_catalogue, """
        SELECT c.provider_id FROM courses c JOIN courses_fts ON courses_fts.rowid = c.rowid
        WHERE courses_fts MATCH 'observation'""")}
    assert {"tavistock-and-portman", "tameside-glossop-early-attachment-service"} <= found


def test_search_index_follows_changes_to_courses(catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("UPDATE courses SET description = 'zygote-zebra' WHERE id = 'sunderland-infant-mental-health'")
    hits = conn.execute("SELECT COUNT(*) FROM courses_fts WHERE courses_fts MATCH 'zygote'").fetchone()[0]
    conn.close()
    assert hits == 1, "the FTS triggers keep search in step with the table"


def test_unknown_facts_stay_unknown_and_are_listed_as_gaps(built_catalogue):
    sunderland = rows(built_catalogue, "SELECT eligibility, funding, fee_gbp, cost FROM courses WHERE id = 'sunderland-infant-mental-health'")[0]
    assert sunderland == {"eligibility": None, "funding": None, "fee_gbp": None, "cost": None}
    gaps = {r["unknown_field"] for r in rows(built_catalogue, "SELECT unknown_field FROM data_gaps WHERE course_id = 'sunderland-infant-mental-health'")}
    assert {"eligibility", "cost", "funding"} <= gaps
    # No "0" or "" stands in for unknown anywhere in the courses table.
    empties = rows(built_catalogue, "SELECT id FROM courses WHERE title = '' OR url = '' OR eligibility = '' OR duration_text = ''")
    assert empties == []
    zero_fees = rows(built_catalogue, "SELECT id, cost FROM courses WHERE fee_gbp = 0")
    assert all(r["cost"] == "free" for r in zero_fees), "a fee of 0 only where the source says free"


def test_foreign_keys_hold_and_are_declared(built_catalogue):
    assert rows(built_catalogue, "PRAGMA foreign_key_check") == []
    declared = {r["table"] for r in rows(built_catalogue, "PRAGMA foreign_key_list(courses)")}
    assert {"providers", "course_kinds", "sources", "aimh_levels"} <= declared


def test_routes_professions_and_rules_are_in_the_catalogue(built_catalogue):
    routes = {r["id"] for r in rows(built_catalogue, "SELECT id FROM routes")}
    assert {"clinical-placement", "recruit-to-train", "acapt", "cyp-iapt-ieyp", "pimh-champions",
            "specialist-post-qualifying-training"} <= routes
    hv = rows(built_catalogue, "SELECT usual_registration FROM professions WHERE id = 'health-visitor'")[0]
    assert hv["usual_registration"] == "NMC"
    assert rows(built_catalogue, "SELECT profession_id FROM profession_aliases WHERE alias = 'hv'") == [{"profession_id": "health-visitor"}]
    bpf_rule = rows(built_catalogue, """SELECT q.parameters FROM eligibility_rules r JOIN eligibility_requirements q ON q.rule_id = r.id
                    WHERE r.course_id = 'bpf-parent-infant-psychotherapy' AND q.kind = 'registration'""")
    assert bpf_rule == [{"parameters": '{"any_of": ["UKCP"]}'}]


def test_the_build_is_deterministic(built_catalogue, tmp_path):
    again = tmp_path / "again.db"
    build(again)
    assert dump(again) == dump(built_catalogue)


def test_the_committed_catalogue_equals_a_fresh_build(repo_root, tmp_path):
    """Guards against editing the YAML (or the build) and forgetting to rebuild catalogue.db.

    The rebuild is made over a copy of the committed file, as `crawler build` is used in
    practice, so real crawl history (crawl_* tables, carried over) stays part of both sides.
    """
    committed = repo_root / "catalogue.db"
    rebuilt = tmp_path / "catalogue.db"
    shutil.copy(committed, rebuilt)
    build(rebuilt, results_dir=repo_root / "data" / "crawls")
    assert dump(rebuilt) == dump(committed)
    # ...and a build from nothing but the reference files and the saved crawl results gives it too.
    fresh = tmp_path / "fresh" / "catalogue.db"
    fresh.parent.mkdir()
    build(fresh, results_dir=repo_root / "data" / "crawls")
    assert dump(fresh) == dump(committed)


def test_the_shipped_crawl_results_hold_no_mirror_or_test_crawl(repo_root):
    from crawler.crawl import crawl_results

    for path in crawl_results.files(repo_root / "data" / "crawls"):
        for table, row in crawl_results.read(path):
            assert not (table == "crawl_runs" and row.get("mirror")), f"{path.name}: run {row['id']} crawled a mirror"
            assert "127.0.0.1" not in str(row) and "localhost" not in str(row), path.name


def test_the_shipped_catalogue_holds_nothing_from_test_fixtures(repo_root):
    text = "\n".join(dump(repo_root / "catalogue.db"))
    for marker in ("127.0.0.1", "localhost", "tests/files", "FIXTURE"):
        assert marker not in text


BAD_DATA = [
    # (file, text to find, replacement, words the message must contain)
    ("courses.yaml", '    title: "Infant Mental Health Postgraduate Course"\n', "",
     ["courses.yaml", "sunderland-infant-mental-health", "missing required field 'title'"]),
    ("courses.yaml", "- id: sunderland-infant-mental-health", "- id: tavistock-infant-observation-perinatal",
     ["courses.yaml", "duplicate id 'tavistock-infant-observation-perinatal'"]),
    ("eligibility.yaml", "any_of: [health-visitor]", "any_of: [astronaut]",
     ["eligibility.yaml", "pimh-champions", "unknown profession 'astronaut'"]),
    ("eligibility.yaml", "any_of: [UKCP]", "any_of: [UKXX]",
     ["eligibility.yaml", "bpf-parent-infant-psychotherapy", "unknown registration body 'UKXX'"]),
    ("courses.yaml", "  source: seed-002\n  section: \"Appendix 1, 2. Other specialist parent-infant training\"\n  facts:\n    title: \"Infant Mental Health Postgraduate Course\"",
     "  facts:\n    title: \"Infant Mental Health Postgraduate Course\"",
     ["courses.yaml", "sunderland-infant-mental-health", "has no source"]),
    ("courses.yaml", 'duration: "10 weeks"', 'duration: "a while"',
     ["courses.yaml", "sunderland-infant-mental-health", "unparseable duration 'a while'"]),
    ("professions.yaml", "usual_registration: NMC", "usual_registration: NMX",
     ["professions.yaml", "unknown registration body 'NMX'"]),
    ("courses.yaml", "- id: sunderland-infant-mental-health\n", "- id: sunderland-infant-mental-health\n  : [\n",
     ["courses.yaml", "not valid YAML"]),
]


@pytest.mark.parametrize("filename, old, new, words", BAD_DATA, ids=[w[-1] for _, _, _, w in BAD_DATA])
def test_bad_reference_data_fails_clearly_and_leaves_the_catalogue_untouched(
        python_exe, repo_root, catalogue_copy, reference_copy, filename, old, new, words):
    assert_an_edit_is_refused(python_exe, repo_root, catalogue_copy, reference_copy, filename, old, new, words,
                              "the test's mutation must apply to the current reference file")
    assert not (catalogue_copy.parent / "catalogue.db.new").exists()


def test_two_values_without_a_shown_one_fail_the_build(python_exe, repo_root, catalogue_copy, reference_copy):
    path = reference_copy / "courses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        shown: true\n        why: \"The university's course catalogue", "        why: \"The university's course catalogue", 1), encoding="utf-8")
    result = run_build(python_exe, repo_root, "--db", catalogue_copy, "--reference", reference_copy)
    assert result.returncode == 1
    assert "mark exactly one `shown: true`" in result.stderr


def test_a_successful_build_replaces_the_catalogue_and_reports_counts(python_exe, repo_root, catalogue_copy):
    conn = sqlite3.connect(catalogue_copy)
    with conn:
        conn.execute("DELETE FROM course_facts WHERE course_id = 'sunderland-infant-mental-health'")
    conn.close()
    result = run_build(python_exe, repo_root, "--db", catalogue_copy)
    assert result.returncode == 0, result.stderr
    assert " courses" in result.stdout
    assert rows(catalogue_copy, "SELECT COUNT(*) AS n FROM course_facts WHERE course_id = 'sunderland-infant-mental-health'")[0]["n"] > 0
    assert rows(catalogue_copy, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


def test_a_file_that_is_not_a_catalogue_is_never_replaced(python_exe, repo_root, tmp_path):
    target = tmp_path / "catalogue.db"
    target.write_bytes(b"precious notes, not a database" * 200)
    result = run_build(python_exe, repo_root, "--db", target)
    assert result.returncode == 1
    assert "not a readable SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == b"precious notes, not a database" * 200


def test_a_build_into_a_missing_folder_says_so(python_exe, repo_root, tmp_path):
    result = run_build(python_exe, repo_root, "--db", tmp_path / "no-such-folder" / "catalogue.db")
    assert result.returncode == 1
    assert "there is no folder" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "no-such-folder").exists()


def test_the_page_labels_the_crawler_reads_are_a_table(built_catalogue, repo_root):
    # Reference data is shown as a table too: every label of crawler/reference/page_labels.yaml,
    # with the field the crawler takes it for, and the words it refuses ("none").
    import yaml

    from crawler.reading.labelled_facts import label_field

    data = yaml.safe_load((repo_root / "crawler" / "reference" / "page_labels.yaml").read_text(encoding="utf-8"))
    in_file = {(e["field"], w) for e in data["labels"] for w in e["words"]}
    in_file |= {(e["field"], e["label"]) for e in data["yes_means"]}
    table = rows(built_catalogue, "SELECT field, words, kind, when_yes FROM page_labels")
    assert {(r["field"], r["words"]) for r in table} == in_file and len(table) == len(in_file)
    # Digital Learning Map: "Training model" says who it is for and how it runs, not the mode
    refused = [r for r in table if r["words"] == "training model"]
    assert refused and refused[0]["kind"] == "not a field" and label_field("Training model:") is None
    # Glasgow course catalogue: "Taught Wholly by Distance Learning: Yes" means online
    yes = [r for r in table if r["words"] == "taught wholly by distance learning"]
    assert yes[0]["field"] == "mode" and "online" in yes[0]["when_yes"]
