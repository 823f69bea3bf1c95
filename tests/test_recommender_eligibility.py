"""Every course and every route, with profiles that are eligible, eligible-if and not eligible.

The profiles and the expected verdicts are derived here from the rules stored in the
catalogue (eligibility_rules / eligibility_requirements), independently of the
recommender's code: a profile is built to meet every requirement, to miss one that the
rule marks `eligible_if`, or to miss one it marks `not_eligible`. The real CLI is run for
each profile and the verdict, and the rule's own `missing` sentence, are checked. So a
change to a rule changes the expectation, and a wrong evaluation fails.
"""
import json
import sqlite3
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from crawler.build import build

ROOT = Path(__file__).resolve().parent.parent
DEGREES = ["none", "degree", "2:1", "postgraduate"]
STAGES = ["student", "trainee", "qualified"]
NO_RULE = "no entry requirements recorded: check with the provider"


# --- the rules, read straight from a freshly built catalogue ---------------------------

def _catalogue(tmp_root=Path("/tmp")):
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="eligibility-cases-")) / "catalogue.db"
    build(path)
    return path


def _load(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    professions = {r["id"]: dict(r, groups=set()) for r in conn.execute("SELECT * FROM professions")}
    for r in conn.execute("SELECT * FROM profession_groups"):
        professions[r["profession_id"]]["groups"].add(r["group_name"])
    bodies = {r["id"]: r["clinical_registration"] for r in conn.execute("SELECT * FROM registration_bodies")}
    requirements = {}
    for r in conn.execute("SELECT * FROM eligibility_requirements ORDER BY id"):
        requirements[r["id"]] = dict(r, parameters=json.loads(r["parameters"]), options=[])
    for req in requirements.values():
        if req["parent_id"] is not None:
            requirements[req["parent_id"]]["options"].append(req)
    rules = {}
    for r in conn.execute("SELECT * FROM eligibility_rules"):
        key = ("course", r["course_id"]) if r["course_id"] else ("route", r["route_id"])
        rules[key] = [q for q in requirements.values() if q["rule_id"] == r["id"] and q["parent_id"] is None]
    items = [("course", r[0]) for r in conn.execute("SELECT id FROM courses ORDER BY id")]
    items += [("route", r[0]) for r in conn.execute("SELECT id FROM routes ORDER BY id")]
    conn.close()
    return professions, bodies, rules, items


@dataclass
class Profile:
    """Every answer given explicitly, so no default of the recommender decides the case."""
    professions: set
    stages: set
    registrations: set = field(default_factory=set)
    degree: str = "postgraduate"
    experience: float = 10

    def args(self, professions):
        pid = sorted(self.professions, key=lambda p: (professions[p]["usual_stage"] not in self.stages, p))[0]
        stage = "qualified" if "qualified" in self.stages else sorted(self.stages)[0]
        return ("--profession", professions[pid]["name"], "--stage", stage,
                "--registration", *(sorted(self.registrations) or ["none"]),
                "--degree", self.degree, "--experience-years", f"{self.experience:g}")


class Impossible(Exception):
    """No profile can show this verdict for this rule."""


def meet(profile, req, professions, bodies):
    """Narrow `profile` so that `req` holds; False when the requirement cannot be met by any answer."""
    kind, params = req["kind"], req["parameters"]
    if kind == "profession_group":
        profile.professions &= {p for p, row in professions.items() if row["groups"] & set(params["any_of"])}
    elif kind == "profession":
        profile.professions &= set(params["any_of"])
    elif kind == "stage":
        profile.stages &= set(params["any_of"])
    elif kind == "professional_qualification":
        profile.professions &= {p for p, row in professions.items() if row["professional_qualification"]}
        profile.stages &= {"qualified"}
    elif kind == "registration":
        profile.registrations.add(sorted(params["any_of"])[0])
    elif kind == "clinical_registration":
        profile.registrations.add(sorted(b for b, answer in bodies.items() if answer == "yes")[0])
    elif kind == "degree":
        profile.degree = "postgraduate"
    elif kind == "experience_years":
        profile.experience = max(profile.experience, params["at_least"] + 1)
    elif kind == "completed":
        if not params.get("satisfied_by"):
            return False  # only the person can say: always "confirm"
        profile.professions &= set(params["satisfied_by"])
    elif kind == "any_of":
        return meet(profile, req["options"][0], professions, bodies)
    return True


def miss(profile, req, professions, bodies):
    """Change `profile` so that `req` fails (or cannot be settled); raise Impossible if no answer can."""
    kind, params = req["kind"], req["parameters"]
    if kind == "profession_group":
        profile.professions = {p for p, row in professions.items() if not row["groups"] & set(params["any_of"])}
    elif kind == "profession":
        profile.professions = set(professions) - set(params["any_of"])
    elif kind == "stage":
        profile.stages = set(STAGES) - set(params["any_of"])
    elif kind == "professional_qualification":
        profile.stages = {"trainee"}
    elif kind == "registration":
        profile.registrations = {sorted(set(bodies) - set(params["any_of"]))[0]}
    elif kind == "clinical_registration":
        profile.registrations = set()
    elif kind == "degree":
        if params["at_least"] == "none":
            raise Impossible("no degree is below none")
        profile.degree = "none"
    elif kind == "experience_years":
        profile.experience = 0
    elif kind == "completed":
        profile.professions = set(professions) - set(params.get("satisfied_by") or [])
    elif kind == "any_of":
        for option in req["options"]:
            miss(profile, option, professions, bodies)
    if not profile.professions or not profile.stages:
        raise Impossible(f"no profession/stage misses {kind} and meets the rest")


def case(rules, professions, bodies, item, wanted):
    """(CLI args, expected verdict, sentence that must appear) for one item and one wanted verdict."""
    reqs = rules.get(item)
    if reqs is None:
        # No rule: whoever asks is told to check with the provider.
        profile = {"eligible": Profile({"health-visitor"}, {"qualified"}, {"NMC"}),
                   "eligible_if": Profile({"family-support-worker"}, {"qualified"}),
                   "not_eligible": Profile({"clinical-psychologist"}, {"trainee"}, degree="none", experience=0)}[wanted]
        return profile.args(professions), "eligible_if", NO_RULE

    def satisfying():
        profile = Profile(set(professions), set(STAGES))
        unmeetable = [r for r in reqs if not meet(profile, r, professions, bodies)]
        return profile, unmeetable

    profile, unmeetable = satisfying()
    if not profile.professions or not profile.stages:
        raise Impossible("the requirements contradict each other")
    if wanted == "eligible":
        if unmeetable:  # only the person can confirm it: the best anyone gets is eligible_if
            return profile.args(professions), "eligible_if", f"confirm: {unmeetable[0]['missing']}"
        return profile.args(professions), "eligible", None
    wanted_unmet = "eligible_if" if wanted == "eligible_if" else "not_eligible"
    candidates = [r for r in reqs if r["if_unmet"] == wanted_unmet]
    for req in candidates:
        trial, _ = satisfying()
        try:
            miss(trial, req, professions, bodies)
            # keep the other requirements met where possible, so this one decides the verdict
            for other in reqs:
                if other is not req and other["if_unmet"] == "not_eligible":
                    narrowed = replace(trial, professions=set(trial.professions), stages=set(trial.stages),
                                       registrations=set(trial.registrations))
                    meet(narrowed, other, professions, bodies)
                    if narrowed.professions and narrowed.stages:
                        trial = narrowed
            if wanted == "eligible_if" and any(
                    _fails(trial, other, professions, bodies) for other in reqs if other["if_unmet"] == "not_eligible"):
                continue
        except Impossible:
            continue
        return trial.args(professions), wanted, req["missing"]
    if wanted == "eligible_if":
        # An unclear register leaves a clinical-registration requirement unsettled: "confirm".
        for req in reqs:
            if req["kind"] == "clinical_registration" and "unclear" in bodies.values():
                trial, _ = satisfying()
                trial.registrations = {sorted(b for b, a in bodies.items() if a == "unclear")[0]}
                return trial.args(professions), "eligible_if", req["missing"]
    raise Impossible(f"no requirement of this rule gives {wanted} when unmet")


def _fails(profile, req, professions, bodies):
    """Does `req` clearly fail for the profile as the CLI will see it?"""
    pid = sorted(profile.professions, key=lambda p: (professions[p]["usual_stage"] not in profile.stages, p))[0]
    trial = Profile({pid}, set(profile.stages), set(profile.registrations), profile.degree, profile.experience)
    meet(trial, req, professions, bodies)
    return not trial.professions or not trial.stages or trial.registrations != profile.registrations \
        and req["kind"] in ("registration", "clinical_registration") and not (profile.registrations & trial.registrations)


def build_cases():
    professions, bodies, rules, items = _load(_catalogue())
    cases = []
    for item in items:
        for wanted in ("eligible", "eligible_if", "not_eligible"):
            test_id = f"{item[0]}:{item[1]}:{wanted}"
            try:
                args, expected, sentence = case(rules, professions, bodies, item, wanted)
            except Impossible as exc:
                cases.append(pytest.param(item, None, None, None, id=test_id,
                                          marks=pytest.mark.skip(reason=f"unreachable by its rule: {exc}")))
                continue
            cases.append(pytest.param(item, args, expected, sentence, id=test_id))
    return cases


CASES = build_cases()


@pytest.fixture(scope="module")
def run_json(python_exe, repo_root, built_catalogue):
    cache = {}

    def run(args):
        if args not in cache:
            done = subprocess.run([python_exe, "-m", "recommender", "recommend", "--db", str(built_catalogue),
                                   "--json", *args], cwd=repo_root, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            cache[args] = json.loads(done.stdout)
        return cache[args]
    return run


@pytest.mark.parametrize("item, args, expected, sentence", CASES)
def test_verdict_follows_the_rule(run_json, item, args, expected, sentence):
    kind, item_id = item
    result = run_json(args)
    found = {x["id"]: x for x in result["courses" if kind == "course" else "routes"]}[item_id]
    assert found["verdict"] == expected, (args, found)
    if expected == "eligible":
        assert found["missing"] == [] and found["reasons"]
    elif expected == "eligible_if":
        assert any(sentence in m for m in found["missing"]), (sentence, found["missing"])
    else:
        assert f"not eligible: {sentence}" in found["reasons"], (sentence, found["reasons"])
    if sentence != NO_RULE:
        assert found["sources"] and found["sources"][0]["words"], "a verdict carries the source's words"


def test_every_course_and_route_has_at_least_two_verdicts_covered():
    covered = {}
    for param in CASES:
        item, args = param.values[0], param.values[1]
        if args is not None:
            covered.setdefault(item, set()).add(param.values[2])
    professions, bodies, rules, items = _load(_catalogue())
    for item in items:
        if item in rules and any(r["kind"] != "completed" or r["parameters"].get("satisfied_by") for r in rules[item]):
            assert len(covered.get(item, ())) >= 2, item
        else:
            assert covered.get(item) == {"eligible_if"}, item
