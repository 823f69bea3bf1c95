"""A course's page labels values "Sources disagree" only when they do (the real Datasette app, in-process).

From the catalogue's own sources: bpf's parent-infant psychotherapy is "2 years" in seed 002 Appendix 1 and "a
2-year course" on the stored page copy (OBSERVED.md): they agree. Northampton's PGCert is "one year" in seed 002
but "seven month course" / "7-month course" in the university's article: those two agree with each other and
disagree with the paper.
"""
import re

from datasette_fixtures import catalogue_plain, client_plain  # noqa: F401


def key_fact(html, label):
    block = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_agreeing_durations_are_not_labelled_a_disagreement(client_plain):  # noqa: F811
    html = client_plain.get("/catalogue/courses/bpf-parent-infant-psychotherapy").text
    assert "Sources disagree" not in key_fact(html, "How long")


def test_a_real_disagreement_lists_only_the_values_that_differ(client_plain):  # noqa: F811
    words = key_fact(client_plain.get("/catalogue/courses/northampton-pgcert-infant-mental-health").text, "How long")
    assert "Sources disagree" in words and "one year" in words
    assert "7-month course" not in words and "seven month course" not in words.split("Sources disagree")[1]
