"""A national catalogue answers from the first few courses of each rule group, and says the same.

The build writes course_order (each course's place in its rule group); the recommender, asked
for the best N courses, reads only the first N of each group (and the first few pathway steps)
instead of every course. What a person is told must not change: every answer below is compared
with the answer the same recommender gives when it reads every course (a catalogue opened
eagerly on a connection), on the shipped catalogue and on a synthetic one of 2,000 courses
(benchmarks/synthetic.py, never shipped) where groups hold many courses.
"""
import itertools
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from benchmarks import synthetic
from recommender.catalogue import reader as catalogue_module
from recommender.catalogue.errors import UserError
from recommender.advice.recommendation import Recommender

PEOPLE = {
    "profession": ["health visitor", "family support worker", "clinical psychologist", "social worker",
                   "nursery nurse", "child psychotherapist", "midwife"],
    "level": [0, 1, 2, 3],
    "degree": [None, "none", "2:1"],
}


def people():
    for profession, level, degree in itertools.product(*PEOPLE.values()):
        yield {"profession_text": profession, "level": level, "degree": degree}


def answers(recommender, limit, **filters):
    out = []
    for person in people():
        words = person.pop("profession_text")
        try:
            out.append(recommender.recommend(words, limit=limit, **person, **filters))
        except UserError as exc:  # the same refusal on both sides counts as the same answer
            out.append(str(exc))
    return out


def first_of_each_group(db):
    """A recommender on a catalogue opened from its file (reads courses only when it must)."""
    catalogue_module._CACHE.clear()
    return Recommender(catalogue_module.load(db))


def every_course(db):
    """A recommender on the same file opened on a connection: it reads every course."""
    return Recommender(catalogue_module.Catalogue(sqlite3.connect(db)))


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    from crawler.catalogue.build import build

    folder = tmp_path_factory.mktemp("national")
    synthetic.generate(2000, folder / "reference", seed=11)
    build(folder / "catalogue.db", folder / "reference")
    return folder / "catalogue.db"


@pytest.mark.parametrize("limit", [1, 3, 20])
def test_the_best_courses_from_the_first_of_each_group_are_the_best_of_every_course(national, limit):
    lean, full = first_of_each_group(national), every_course(national)
    assert answers(lean, limit) == answers(full, limit)
    assert not lean.catalogue.courses_read, "the answer read every course of the catalogue"


def test_the_shipped_catalogue_answers_the_same_either_way(built_catalogue):
    lean, full = first_of_each_group(built_catalogue), every_course(built_catalogue)
    for limit in (1, 3):
        assert answers(lean, limit) == answers(full, limit)
    assert not lean.catalogue.courses_read


def test_groups_hold_many_courses_in_the_synthetic_catalogue(national):
    """Otherwise the comparison above would not test reading only the first of each group."""
    conn = sqlite3.connect(national)
    biggest, groups = conn.execute("SELECT max(group_size), count(DISTINCT rule_id || '/' || "
                                   "coalesce(aimh_level_expected, '') || '/' || coalesce(aimh_level_target, '')) "
                                   "FROM course_order").fetchone()
    assert biggest > 20 and groups > 10


def test_a_filter_or_the_whole_list_reads_every_course_and_answers_the_same(national):
    lean, full = first_of_each_group(national), every_course(national)
    assert answers(lean, 3, funded_only=True) == answers(full, 3, funded_only=True)
    assert lean.catalogue.courses_read
    assert answers(lean, None)[:6] == answers(full, None)[:6]


def test_summary_counts_cover_every_course_not_only_those_read(national):
    lean = first_of_each_group(national)
    result = lean.recommend("health visitor", level=1, limit=3)
    total = sqlite3.connect(national).execute("SELECT count(*) FROM courses").fetchone()[0]
    assert sum(result["summary"]["courses"].values()) == total
    assert len(result["courses"]) == 3


def test_a_catalogue_built_before_course_order_still_answers(national, tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(national, old)
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE course_order")
    assert answers(first_of_each_group(old), 3)[:10] == answers(every_course(national), 3)[:10]


def test_the_command_line_gives_the_same_json_either_way(national):
    command = [sys.executable, "-m", "recommender", "recommend", "--profession", "HV", "--level", "1", "--json",
               "--db", str(national)]
    limited = json.loads(subprocess.run(command + ["--limit", "20"], capture_output=True, text=True,
                                        check=True).stdout)
    # the real command, started afresh, against the answer read from every course
    whole = every_course(national).recommend("HV", level=1, limit=20)
    assert limited["courses"] == json.loads(json.dumps(whole["courses"]))
    assert limited["pathways"] == json.loads(json.dumps(whole["pathways"]))
    assert limited["summary"] == json.loads(json.dumps(whole["summary"]))


def test_a_catalogue_rebuilt_while_it_is_read_is_a_clear_error(national, tmp_path):
    db = tmp_path / "catalogue.db"
    shutil.copy(national, db)
    recommender = first_of_each_group(db)
    with sqlite3.connect(db) as conn:  # another build swaps the file in the meantime
        conn.execute("CREATE TABLE rebuilt (x)")
    with pytest.raises(UserError, match="changed while it was being read; run the command again"):
        recommender.recommend("health visitor", level=1, limit=3)


def test_a_catalogue_read_in_one_thread_answers_in_others(national):
    """The site answers from Datasette's threads with the catalogue loaded once: what is read later
    (the first courses of each group, a course's rule) is read on a connection of the asking thread."""
    from concurrent.futures import ThreadPoolExecutor

    expected = answers(every_course(national), 3)[:12]
    recommender = first_of_each_group(national)
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda _: answers(Recommender(recommender.catalogue), 3)[:12], range(4)))
    assert found == [expected] * 4
    assert answers(recommender, 3)[:12] == expected  # and still in the thread that loaded it
