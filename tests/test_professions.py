"""Profession matching: exact aliases first, then rapidfuzz; abbreviations, typos, ties, unknown words.

Run through the real CLI (--json) so what is tested is what a practitioner sees."""
import json
import sqlite3
import subprocess

import pytest

TIMEOUT = 60


def recommend(python_exe, repo_root, db, profession, *args):
    return subprocess.run([python_exe, "-m", "recommender", "recommend", "--db", str(db), "--json",
                           "--profession", profession, *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)


def matched(python_exe, repo_root, db, profession, *args):
    done = recommend(python_exe, repo_root, db, profession, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("words, profession_id", [
    ("HV", "health-visitor"),
    ("SLT", "speech-and-language-therapist"),
    ("SALT", "speech-and-language-therapist"),
    ("OT", "occupational-therapist"),
    ("CAPT", "child-and-adolescent-psychotherapist"),
    ("clin psych", "clinical-psychologist"),
    ("CPN", "mental-health-nurse"),
    ("specialist health visitor", "specialist-health-visitor"),
    ("nursery nurse", "nursery-nurse"),
    ("family support worker", "family-support-worker"),
    ("Midwife", "midwife"),
    ("child & adolescent psychotherapist", "child-and-adolescent-psychotherapist"),
])
def test_exact_names_and_aliases(python_exe, repo_root, built_catalogue, words, profession_id):
    result = matched(python_exe, repo_root, built_catalogue, words)
    assert result["profession"]["id"] == profession_id
    assert result["profession"]["score"] == 100.0
    assert result["profession"]["method"] in ("exact alias", "exact name")


def test_every_alias_in_the_catalogue_matches_its_profession_exactly(built_catalogue):
    # In-process for speed: hundreds of aliases. The CLI path is the same function.
    from recommender.catalogue import load
    from recommender.professions import ProfessionMatcher

    catalogue = load(built_catalogue)
    matcher = ProfessionMatcher(catalogue)
    conn = sqlite3.connect(built_catalogue)
    for alias, profession_id in conn.execute("SELECT alias, profession_id FROM profession_aliases"):
        match = matcher.match(alias)
        assert (match.id, match.score) == (profession_id, 100.0), alias


@pytest.mark.parametrize("words, profession_id", [
    ("health visiter", "health-visitor"),
    ("midwfie", "midwife"),
    ("nursery nurce", "nursery-nurse"),
    ("family suport worker", "family-support-worker"),
    ("councellor", "counsellor"),
    ("clinical psychologist in the NHS", "clinical-psychologist"),
    ("physio therapist", "physiotherapist"),
])
def test_typos_and_extra_words_match_fuzzily_and_say_so(python_exe, repo_root, built_catalogue, words, profession_id):
    profession = matched(python_exe, repo_root, built_catalogue, words)["profession"]
    assert profession["id"] == profession_id
    assert profession["method"] == "fuzzy"
    assert 80 <= profession["score"] < 100 or profession["alias"] != words.lower()
    assert profession["confidence"] in ("high", "fair")


@pytest.mark.parametrize("words, profession_id, stage", [
    ("trainee clinical psychologist", "clinical-psychologist", "trainee"),
    ("student midwife", "midwife", "student"),
    ("student midwfie", "midwife", "student"),
    ("newly qualified social worker", "social-worker", "qualified"),
    ("health visitor in training", "health-visitor", "trainee"),
    ("pre-clinical student", "pre-clinical-child-psychotherapy-student", "student"),
])
def test_stage_words_are_stripped_and_give_the_stage(python_exe, repo_root, built_catalogue, words, profession_id, stage):
    result = matched(python_exe, repo_root, built_catalogue, words)
    assert (result["profession"]["id"], result["stage"]) == (profession_id, stage)


def test_a_given_stage_wins_over_the_words(python_exe, repo_root, built_catalogue):
    assert matched(python_exe, repo_root, built_catalogue, "trainee clinical psychologist", "--stage", "qualified")["stage"] == "qualified"


def test_without_stage_words_the_profession_usual_stage_is_used(python_exe, repo_root, built_catalogue):
    result = matched(python_exe, repo_root, built_catalogue, "clin psych")
    assert result["stage"] == "qualified"
    assert any("stage: qualified" in a for a in result["assumptions"])


def assert_not_guessed(done, *suggested):
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    for name in suggested:
        assert name in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("words", ["ot", "o t", "OT specialist"])
def test_ot_is_never_physiotherapist(python_exe, repo_root, built_catalogue, words):
    done = recommend(python_exe, repo_root, built_catalogue, words)
    if done.returncode == 0:
        assert json.loads(done.stdout)["profession"]["id"] == "occupational-therapist"
    else:
        assert "Physiotherapist" not in done.stderr.split("could be")[0]


@pytest.mark.parametrize("abbreviation", ["gp", "xy", "abc", "rnx"])
def test_unknown_short_abbreviations_are_not_guessed(python_exe, repo_root, built_catalogue, abbreviation):
    # a short word is compared whole: it never matches because it is part of a longer alias
    assert_not_guessed(recommend(python_exe, repo_root, built_catalogue, abbreviation), "closest")


def test_short_abbreviation_scorer_never_uses_partial_matches():
    from recommender.professions import _score

    assert _score("ot", "physiotherapist") < 50
    assert _score("ot", "occupational therapist") < 50
    assert _score("ap", "speech therapy") < 50  # "ap" is an alias: it must not hit longer words either


@pytest.mark.parametrize("words, suggested", [
    ("psychologist", ["Clinical psychologist", "Counselling psychologist", "Educational psychologist"]),
    ("therapist", ["Family therapist", "Music therapist"]),
    ("early years", ["Early years practitioner", "Teacher"]),
    ("play therapist", ["Family therapist"]),
])
def test_close_ties_are_not_guessed(python_exe, repo_root, built_catalogue, words, suggested):
    done = recommend(python_exe, repo_root, built_catalogue, words)
    assert_not_guessed(done, *suggested)
    assert "could be more than one profession" in done.stderr


@pytest.mark.parametrize("words", ["banana", "astronaut", "zzzzzz qqqq"])
def test_unknown_words_are_not_guessed(python_exe, repo_root, built_catalogue, words):
    done = recommend(python_exe, repo_root, built_catalogue, words)
    assert_not_guessed(done, "no profession matches", "closest")


@pytest.mark.parametrize("words", ["", "   ", "student", "trainee"])
def test_no_profession_in_the_words(python_exe, repo_root, built_catalogue, words):
    done = recommend(python_exe, repo_root, built_catalogue, words)
    assert_not_guessed(done)


def test_runner_up_is_reported_for_fuzzy_matches(python_exe, repo_root, built_catalogue):
    profession = matched(python_exe, repo_root, built_catalogue, "health visiter")["profession"]
    assert profession["runner_up"]["score"] <= profession["score"] - 5


# --- properties (in process: the matcher is a pure function of the catalogue) ---------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@pytest.fixture(scope="module")
def matcher(built_catalogue):
    from recommender.catalogue import load
    from recommender.professions import ProfessionMatcher

    return ProfessionMatcher(load(built_catalogue))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.one_of(st.text(max_size=40), st.sampled_from(["HV", "OT", "slt", "clin psych", "trainee", "a b", "-"])))
def test_any_words_give_a_match_or_suggestions_never_a_crash(matcher, words):
    from recommender.professions import ProfessionNotMatched

    try:
        match = matcher.match(words)
    except ProfessionNotMatched as exc:
        assert "\n" not in str(exc)  # one line on stderr
        return
    assert match.id in matcher.catalogue.professions
    assert 80 <= match.score <= 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.text(alphabet="abcdefghijklmnopqrstuvwxyz .", min_size=1, max_size=4))
def test_an_abbreviation_matches_exactly_or_not_at_all(matcher, words):
    from recommender.professions import ProfessionNotMatched, normalise

    try:
        match = matcher.match(words)
    except ProfessionNotMatched:
        return
    if len(normalise(words).replace(" ", "")) <= 4:
        assert match.score == 100.0 and match.method != "fuzzy", (words, match)
