"""Dated truth: every answer knows its day (--today, the site's `today`), every dated fact its date.

The real CLI (subprocess) and the real Datasette app, on fixed days either side of each
boundary the sources give:

- an intake: the bpf stored copy (OBSERVED.md): "next intake January 2026, applications open
  January 2025"; the IEYP advert (OBSERVED.md): "course start 19 January 2026";
- an academic year (1 September to 31 August): UCL's stored copy: "UK fee 2025/26 GBP 6,215
  (overseas 36,500); starts September 2025";
- a funding end: seed 003: "Family Hubs & Start for Life funding ends on 31 March 2025".
"""
import json
import re
import shutil
import subprocess

import pytest
import yaml

from crawler.catalogue.build import build

BPF = "bpf-parent-infant-psychotherapy"
IEYP = "ieyp-parent-infant-trainee-ucl"
UCL = "ucl-anna-freud-capt-dpsych"
FHSFL = ("fhsfl-level-1-awareness-training", "fhsfl-level-2-intervention-training",
         "fhsfl-level-3-supervision-training")

pytestmark = pytest.mark.timeout(600)


def cli(python_exe, repo_root, *args):
    return subprocess.run([python_exe, *map(str, args)], cwd=repo_root, capture_output=True, text=True, timeout=120)


def answer(python_exe, repo_root, db, today, *extra):
    result = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                 "--level", "1", "--json", "--db", db, "--today", today, *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def courses_on(python_exe, repo_root, db, today):
    return {c["id"]: c for c in answer(python_exe, repo_root, db, today)["courses"]}


# ------------------------------------------------------------------ an intake

@pytest.mark.parametrize("today, next_start, last_known", [
    ("2025-12-31", "2026-01", None),        # the day before the intake month
    ("2026-01-31", "2026-01", None),        # within the month: a month-only intake is still this month's
    ("2026-02-01", None, "2026-01"),        # the month after
    ("2026-12-05", None, "2026-01"),        # the day the issue was tried
])
def test_bpf_next_intake_january_2026(python_exe, repo_root, built_catalogue, today, next_start, last_known):
    # stored copy of britishpsychotherapyfoundation.org.uk: "next intake January 2026, applications open January 2025"
    course = courses_on(python_exe, repo_root, built_catalogue, today)[BPF]
    assert course["starts_known"] == ["2026-01"]   # the opening of applications is not a start
    assert (course["next_start"], course["last_known_start"]) == (next_start, last_known)


@pytest.mark.parametrize("today, next_start, last_known", [
    ("2026-01-18", "2026-01-19", None),
    ("2026-01-19", "2026-01-19", None),     # the start day itself is still to come
    ("2026-01-20", None, "2026-01-19"),
])
def test_ieyp_course_start_19_january_2026(python_exe, repo_root, built_catalogue, today, next_start, last_known):
    # NHS Jobs advert C9812-25-0456 (OBSERVED.md): "course start 19 January 2026"
    course = courses_on(python_exe, repo_root, built_catalogue, today)[IEYP]
    assert course["starts_known"] == ["2026-01-19"]
    assert (course["next_start"], course["last_known_start"]) == (next_start, last_known)
    assert course["funded"] is True  # "salary and training paid by NHS England"; no end is given


# ------------------------------------------------------------------ an academic year

@pytest.mark.parametrize("today, current", [
    ("2025-08-31", False),   # 2024/25: the 2025/26 fee is for the coming year
    ("2025-09-01", True),
    ("2026-08-31", True),
    ("2026-09-01", False),   # 2026/27: the 2025/26 fee is last year's
])
def test_ucl_uk_fee_2025_26(python_exe, repo_root, built_catalogue, today, current):
    # stored copy of ucl.ac.uk ... child-and-adolescent-psychotherapy-dpsych: "UK fee 2025/26 GBP 6,215 (overseas 36,500)"
    course = courses_on(python_exe, repo_root, built_catalogue, today)[UCL]
    assert (course["fee_gbp"], course["fee_year"], course["fee_overseas_gbp"]) == (6215, "2025/26", 36500)
    assert course["fee_current"] is current


def test_a_course_with_no_fee_year_is_not_called_current_or_old(python_exe, repo_root, built_catalogue):
    # VIG: "about GBP 400" (stored copy of videointeractionguidance.net/training): no year given
    course = courses_on(python_exe, repo_root, built_catalogue, "2026-12-05")["video-interaction-guidance"]
    assert course["fee_gbp"] == 400 and course["fee_year"] is None and course["fee_current"] is None


# ------------------------------------------------------------------ a funding end

@pytest.mark.parametrize("today, ended", [("2025-03-30", False), ("2025-03-31", False), ("2025-04-01", True)])
def test_fhsfl_funding_ends_on_31_march_2025(python_exe, repo_root, built_catalogue, today, ended):
    # seed 003: "Family Hubs & Start for Life funding ends on 31 March 2025"
    courses = courses_on(python_exe, repo_root, built_catalogue, today)
    for course_id in FHSFL:
        assert courses[course_id]["funding_ends"] == "2025-03-31"
        assert courses[course_id]["funding_ended"] is ended
        assert courses[course_id]["funded"] is not True


@pytest.fixture(scope="module")
def route_with_an_end(tmp_path_factory, repo_root):
    """A catalogue whose recruit-to-train route (seed 002 5.4.1: "posts advertised with funded
    post-qualifying training included", funded: yes) is given a funding end, as test data (no source
    gives the route an end), to see `funded` turn at the boundary."""
    folder = tmp_path_factory.mktemp("route-end")
    reference = folder / "reference"
    shutil.copytree(repo_root / "crawler" / "reference", reference)
    routes = yaml.safe_load((reference / "routes.yaml").read_text(encoding="utf-8"))
    for route in routes:
        if route["id"] == "recruit-to-train":
            assert route["funded"] == "yes"
            route["funding_ends"] = "2025-03-31"   # TEST DATA, not a source's
            route["funding_ends_section"] = "test data"
    (reference / "routes.yaml").write_text(yaml.safe_dump(routes, sort_keys=False), encoding="utf-8")
    build(folder / "catalogue.db", reference)
    return folder / "catalogue.db"


@pytest.mark.parametrize("today, funded, ended", [("2025-03-31", True, False), ("2025-04-01", None, True)])
def test_a_route_is_never_funded_once_its_funding_has_ended(python_exe, repo_root, route_with_an_end,
                                                            today, funded, ended):
    result = answer(python_exe, repo_root, route_with_an_end, today)
    route = {r["id"]: r for r in result["routes"]}["recruit-to-train"]
    assert (route["funded"], route["funding_ends"], route["funding_ended"]) == (funded, "2025-03-31", ended)
    funded_only = answer(python_exe, repo_root, route_with_an_end, today, "--funded-only")
    steps = [s for p in funded_only["pathways"] + result["pathways"] for s in p["steps"] if s["id"] == "recruit-to-train"]
    assert all(s["funded"] is funded and "_funding_ends" not in s for s in steps)
    assert bool(steps) is (not ended)  # a funded pathway through it only while its funding lasts
    table = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                "--level", "1", "--all", "--db", route_with_an_end, "--today", today)
    words = " ".join(table.stdout.split())
    assert ("national funding ended 31 March 2025" in words) is ended


def test_the_funded_only_filter_drops_what_has_ended(python_exe, repo_root, route_with_an_end):
    kept = lambda today: {r["id"] for r in answer(python_exe, repo_root, route_with_an_end, today,  # noqa: E731
                                                  "--funded-only")["routes"] if r["funded"]}
    assert "recruit-to-train" in kept("2025-03-31") and "recruit-to-train" not in kept("2025-04-01")


# ------------------------------------------------------------------ in words, and every command's clock

def test_the_table_says_it_in_words_on_5_december_2026(python_exe, repo_root, built_catalogue):
    result = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                 "--level", "1", "--all", "--db", built_catalogue, "--today", "2026-12-05")
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    words = " ".join(result.stdout.split())
    assert "last known intake January 2026; the next is not yet published" in words          # bpf
    assert "last known intake 19 January 2026; the next is not yet published" in words       # IEYP
    assert "£6,215, 2025/26 fee (an earlier academic year; this year's fee is not yet published)" in words  # UCL
    assert "national funding ended 31 March 2025" in words                                   # seed 003
    earlier = " ".join(cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                           "--level", "1", "--all", "--db", built_catalogue, "--today", "2025-12-31").stdout.split())
    assert "next intake January 2026" in earlier and "last known intake January 2026" not in earlier
    assert "£6,215, 2025/26 fee" in earlier and "an earlier academic year" not in earlier
    last_day = " ".join(cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                            "--level", "1", "--all", "--db", built_catalogue, "--today", "2025-03-31").stdout.split())
    assert "national funding ends 31 March 2025" in last_day and "national funding ended" not in last_day


@pytest.mark.parametrize("argv", [
    ["-m", "recommender", "recommend", "--profession", "health visitor"],
    ["-m", "recommender", "roster", "{tmp}/people.csv"],
    ["-m", "recommender", "plan"],
    ["-m", "recommender", "assess", "docs/examples/assessment.csv"],
    ["-m", "crawler", "build", "--db", "{tmp}/catalogue.db"],
])
@pytest.mark.parametrize("bad", ["2026-02-30", "5/12/2026", "tomorrow", "2026-12-5"])
def test_a_bad_today_is_one_line_and_exit_2(python_exe, repo_root, tmp_path, argv, bad):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    (tmp_path / "people.csv").write_text("profession,level\nhealth visitor,1\n", encoding="utf-8")
    result = cli(python_exe, repo_root, *argv, "--today", bad)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "YYYY-MM-DD" in result.stderr and bad in result.stderr
    assert not (tmp_path / "catalogue.db").exists()  # nothing written


def test_every_command_takes_the_clock(python_exe, repo_root, built_catalogue, tmp_path):
    (tmp_path / "people.csv").write_text("profession,level\nhealth visitor,1\n", encoding="utf-8")
    for argv in (["roster", tmp_path / "people.csv", "--json"], ["plan", "--json"],
                 ["assess", "docs/examples/assessment.csv", "--json"]):
        result = cli(python_exe, repo_root, "-m", "recommender", *argv, "--db", built_catalogue,
                     "--today", "2025-04-01")
        assert result.returncode in (0, 1), result.stderr  # roster: 1 when a row has an error
        assert "--today" in cli(python_exe, repo_root, "-m", "recommender", argv[0], "--help").stdout


@pytest.mark.parametrize("today, funded", [("2025-03-31", True), ("2025-04-01", None)])
def test_assess_never_counts_ended_funding_as_funded(python_exe, repo_root, route_with_an_end, today, funded):
    plan = json.loads(cli(python_exe, repo_root, "-m", "recommender", "assess", "docs/examples/assessment.csv",
                          "--json", "--db", route_with_an_end, "--today", today).stdout)
    # issue 23 lists career routes apart from training for the staff in post ("trainee posts and recruitment
    # routes listed apart, as ways to recruit"): the route is in a gap's `recruit`, and is never funded there
    # once its funding has ended either
    offers = [o for gap in plan["gaps"] for o in gap["offers"] + gap["recruit"] if o["id"] == "recruit-to-train"]
    assert offers and all(o["funded"] is funded for o in offers)


# ------------------------------------------------------------------ the site's clock

def site(db, today):
    from datasette_fixtures import Client

    client = Client(db)
    client.ds._metadata_local.setdefault("plugins", {})["catalogue_site"] = {"today": today}
    return client


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


@pytest.mark.parametrize("today, intake", [
    ("2025-12-31", "Next intake January 2026"),
    ("2026-02-01", "Last known intake January 2026; the next is not yet published"),
])
def test_the_course_page_knows_the_sites_day(built_catalogue, today, intake):
    client = site(built_catalogue, today)
    try:
        page = text_of(client.get(f"/catalogue/courses/{BPF}").text)
        assert intake in page
        assert "next intake January 2026; applications open January 2025" in page  # the source's words, kept
        fee = text_of(client.get(f"/catalogue/courses/{UCL}").text)
        assert "fee £6,215, the 2025/26 fee" in fee and "overseas fee £36,500" in fee
        assert ("an earlier academic year" in fee) is (today >= "2026-09-01")
    finally:
        client.close()


@pytest.mark.parametrize("today, words", [
    ("2025-03-31", "National funding ends 31 March 2025"),
    ("2025-04-01", "National funding ended 31 March 2025"),
])
def test_the_course_page_says_when_funding_ended(built_catalogue, today, words):
    client = site(built_catalogue, today)
    try:
        for course_id in FHSFL:
            assert words in text_of(client.get(f"/catalogue/courses/{course_id}").text)
    finally:
        client.close()


@pytest.mark.parametrize("today", ["2026-08-31", "2026-09-01"])
def test_the_finder_says_it_in_words(built_catalogue, today):
    client = site(built_catalogue, today)
    try:
        html = client.get("/-/find-courses?profession=health+visitor&level=1").text
        row = text_of(re.search(rf'<tr class="course" data-id="{UCL}".*?</tr>', html, re.S).group(0))
        if today == "2026-08-31":
            assert "£6,215, 2025/26 fee" in row and "an earlier academic year" not in row
        else:
            assert "£6,215, 2025/26 fee (an earlier academic year; this year's fee is not yet published)" in row
        bpf = text_of(re.search(rf'<tr class="course" data-id="{BPF}".*?</tr>', html, re.S).group(0))
        assert "last known intake January 2026; the next is not yet published" in bpf
        fhsfl = text_of(re.search(rf'<tr class="course" data-id="{FHSFL[1]}".*?</tr>', html, re.S).group(0))
        assert "national funding ended 31 March 2025" in fhsfl
    finally:
        client.close()


def test_a_bad_site_today_stops_the_server_in_one_line(python_exe, repo_root, built_catalogue):
    from datasette_fixtures import datasette_argv

    datasette = str(repo_root / ".venv" / "bin" / "datasette")
    result = subprocess.run([datasette, *datasette_argv(built_catalogue), "--get", "/"], cwd=repo_root,
                            capture_output=True, text=True, timeout=120, env={"IMH_TODAY": "2026-02-30", "PATH": ""})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == ("error: the site's today (IMH_TODAY): '2026-02-30' is not a day of the "
                                     "calendar; give a real date YYYY-MM-DD")
    good = subprocess.run([datasette, *datasette_argv(built_catalogue), "--get", f"/catalogue/courses/{BPF}"],
                          cwd=repo_root, capture_output=True, text=True, timeout=120,
                          env={"IMH_TODAY": "2025-12-31", "PATH": ""})
    assert good.returncode == 0 and "Next intake January 2026" in text_of(good.stdout)
