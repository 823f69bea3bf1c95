"""One eligibility engine: the canned query "Courses open to a profession" calls the recommender.

The query's verdicts come from SQL functions the site registers (catalogue_site/serving/eligibility_sql.py),
which hand each course to recommender.advice.eligibility; so the page and `python -m recommender
recommend --profession WORDS` can never disagree. No rule is written in SQL.
"""
import pytest
import yaml

from datasette_fixtures import METADATA
from datasette_fixtures import catalogue_plain, client_plain  # noqa: F401
from recommender import recommend

QUERY = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["catalogue"]["queries"]["courses_for_profession"]


@pytest.mark.parametrize("words", ["health visitor", "HV", "family support worker", "UKCP psychotherapist",
                                   "trainee clinical psychologist", "peer support worker"])
def test_the_canned_query_gives_the_recommenders_verdicts(client_plain, catalogue_plain, words):
    rows = client_plain.get(f"/catalogue/courses_for_profession.json?profession={words}&_shape=array").json()
    expected = {c["id"]: c for c in recommend(catalogue_plain, words)["courses"] if c["verdict"] != "not_eligible"}
    assert {r["course_id"]: r["verdict"] for r in rows} == {i: c["verdict"] for i, c in expected.items()}
    for row in rows:
        assert row["also_needs"] == "; ".join(expected[row["course_id"]]["missing"])


def test_a_health_visitor_is_not_offered_the_psychotherapists_course(client_plain):
    # seed-002 Appendix 1: BPF "already UKCP qualified i.e. open to psychotherapists"
    rows = client_plain.get("/catalogue/courses_for_profession.json?profession=HV&_shape=array").json()
    ids = {r["course_id"] for r in rows}
    assert rows and all(r["profession"] == "Health visitor" for r in rows)
    assert "oxpip-advanced-parent-infant-practitioner" in ids
    assert "bpf-parent-infant-psychotherapy" not in ids


def test_words_that_match_no_profession_list_nothing(client_plain):
    assert client_plain.get("/catalogue/courses_for_profession.json?profession=nonsense&_shape=array").json() == []


def test_no_rule_logic_in_the_query():
    # issue 10 point 7: "No second copy of rule logic in SQL or templates"
    sql = QUERY["sql"]
    assert "eligibility_verdict(" in sql
    assert "eligibility_requirements" not in sql and "json_each" not in sql and "profession_groups" not in sql
