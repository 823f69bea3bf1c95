"""A count and its noun agree wherever a practitioner or a planner reads them: "1 row with errors",
"2 rows"; "at most 1 month"; "0 of 1 step funded"; "1 person in the roster"; "1 day", never "1 days",
"1 people" or "of 1 steps". Asked of the real CLIs and the real site, at one and at two."""
import re
import subprocess
from urllib.parse import quote

import pytest

from catalogue_site.words.values import months_words
from crawler.catalogue import currency
from datasette_fixtures import catalogue_plain, client_plain  # noqa: F401

TIMEOUT = 120
WRONG = re.compile(r"(?<![\d.,-])\b1 (?:rows|people|months|steps|courses|days|hours|gaps|babies)\b|\bof 1 steps\b")


def cli(python_exe, repo_root, db, *args):
    return subprocess.run([python_exe, "-m", "recommender", *args, "--db", str(db), "--today", "2026-12-06"],
                          cwd=repo_root, capture_output=True, text=True, timeout=TIMEOUT)


@pytest.mark.parametrize("months, said", [("1", "at most 1 month"), ("2", "at most 2 months"), ("1.5", "at most 1.5 months")])
def test_the_length_filter_is_said_with_its_noun_agreeing(python_exe, repo_root, built_catalogue, months, said):
    done = cli(python_exe, repo_root, built_catalogue, "recommend", "--profession", "health visitor", "--level", "1",
               "--max-months", months)
    assert done.returncode == 0, done.stderr
    assert said in done.stdout
    assert not WRONG.search(done.stdout), WRONG.search(done.stdout)


def test_a_pathways_steps_agree_with_their_number(python_exe, repo_root, built_catalogue):
    """A practitioner at level 0 aiming at level 3 and one at level 1 aiming at level 2 (--all lists every
    pathway and its steps): one step is "of 1 step", more are "of N steps"."""
    seen = set()
    for level, target in (("1", "2"), ("0", "3"), ("2", "3")):
        done = cli(python_exe, repo_root, built_catalogue, "recommend", "--profession", "health visitor",
                   "--level", level, "--target", target, "--all")
        assert done.returncode == 0, done.stderr
        text = " ".join(done.stdout.split())
        assert not WRONG.search(text), WRONG.search(text).group(0)
        seen.update(int(n) for n in re.findall(r"\bof (\d+) steps? funded", text))
        for n, noun in re.findall(r"\bof (\d+) (steps?) funded", text):
            assert noun == ("step" if n == "1" else "steps"), (n, noun)
    assert 1 in seen and any(n > 1 for n in seen), seen


@pytest.mark.parametrize("bad_lines, said", [(1, "1 row with errors"), (2, "2 rows with errors")])
def test_a_roster_counts_its_errors_and_people_in_agreement(python_exe, repo_root, built_catalogue, tmp_path,
                                                            bad_lines, said):
    roster = tmp_path / "staff.csv"
    roster.write_text("name,profession,level\nAnn,health visitor,1\n" + "Bad,xyzzy-not-a-job,1\n" * bad_lines,
                      encoding="utf-8")
    done = cli(python_exe, repo_root, built_catalogue, "roster", str(roster))
    assert said in done.stdout, done.stdout[:400]
    assert "how many of the 1 person are eligible" in done.stdout
    assert not WRONG.search(done.stdout), WRONG.search(done.stdout).group(0)


def test_the_area_plan_says_one_person_and_one_baby(client_plain):  # noqa: F811
    roster = quote("name,profession,level\nDr A,clinical psychologist,3\n")
    html = client_plain.get(f"/-/area-plan?babies=1&roster={roster}&today=2026-12-06").text
    assert "1 baby aged 0-2" in html
    assert "Your staff list: 1 person" in html
    html = client_plain.get(f"/-/area-plan?babies=2&roster={roster}%0ADr%20B,clinical%20psychologist,2&today=2026-12-06").text
    assert "2 babies aged 0-2" in html and "Your staff list: 2 people" in html


# A month is 365.25 / 12 = 30.4375 days (the site's months_words); at 13 days and over it speaks in weeks.
DAY = 12 / 365.25


@pytest.mark.parametrize("months, said", [(DAY * 0.4, "1 day"), (DAY, "1 day"), (DAY * 1.6, "2 days"),
                                          (DAY * 12.4, "12 days"), (DAY * 13, "2 weeks"), (0, "0 days"),
                                          (1, "1 month"), (2, "2 months"), (12, "1 year"), (24, "2 years")])
def test_a_length_is_said_in_units_that_agree(months, said):
    assert months_words(months) == said


@pytest.mark.parametrize("low, high, said", [(1, 1, "1 month"), (2, 2, "2 months"), (1, 2, "1-2 months"),
                                             (0.5, 0.5, "0.5 months")])
def test_a_crawls_length_doubt_says_its_months_in_agreement(low, high, said):
    assert currency._months_words((low, high)) == said
