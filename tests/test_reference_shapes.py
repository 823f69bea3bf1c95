"""Reference YAML of the wrong shape is refused by the real build with one line naming the file,
the row and the problem, and the catalogue is left untouched: a text where a list belongs (never
read letter by letter), a text where a number belongs, a missing required field, YAML anchors
and aliases (so an alias bomb is refused before it can grow).

The checks are crawler/catalogue/reference/reference_models.py (typed models) run by crawler/catalogue/reference/reference_data.py.
"""
import pytest

from build_runs import assert_an_edit_is_refused, assert_refused_in_one_line, run_build

ANCHORS = ("  aliases: [clin psych, clinical psych, cp, clinical psychology, clin psychologist, clin. psychologist]\n",
           "  aliases: &psych [clin psych, clinical psych, cp, clinical psychology, clin psychologist, clin. psychologist]\n")

BAD_SHAPES = [
    # (file, text to find, replacement, words the message must contain)
    ("professions.yaml", "  aliases: [clin psych, clinical psych, cp, clinical psychology, clin psychologist, clin. psychologist]\n",
     "  aliases: clin psych\n",
     ["professions.yaml", "row 1 (clinical-psychologist)", "field 'aliases' must be a list", "'clin psych'"]),
    ("eligibility.yaml", "any_of: [health-visitor]", "any_of: health-visitor",
     ["eligibility.yaml", "pimh-champions", "any_of' must be a list", "'health-visitor'"]),
    ("career_stages.yaml", "  words: [trainee, training, in training, trainee post, doctoral trainee, in post training]\n",
     "  words: trainee\n",
     ["career_stages.yaml", "(trainee)", "field 'words' must be a list"]),
    ("routes.yaml", "  who_for: \"Qualified professionals recruited to a PAIR post", "  whom_for: \"Qualified professionals recruited",
     ["routes.yaml", "(recruit-to-train)", "missing required field 'who_for'"]),
    ("professions.yaml", "  usual_stage: qualified\n", "  usual_stage: [qualified]\n",
     ["professions.yaml", "row 1 (clinical-psychologist)", "field 'usual_stage' must be text"]),
    ("professions.yaml", "  professional_qualification: true\n", "  professional_qualification: yes please\n",
     ["professions.yaml", "row 1 (clinical-psychologist)", "field 'professional_qualification' must be true or false"]),
    ("routes.yaml", "  aimh_level_target: 2\n", "  aimh_level_target: two\n",
     ["routes.yaml", "row 1 (clinical-placement)", "field 'aimh_level_target' must be a whole number, not 'two'"]),
    ("professions.yaml", "- id: clinical-psychologist\n", "- id: 12\n",
     ["professions.yaml", "row 1", "field 'id' must be text, not 12"]),
    ("professions.yaml", ANCHORS[0], ANCHORS[1],
     ["professions.yaml", "line 20", "anchors and aliases", "not allowed"]),
]


@pytest.mark.parametrize("filename, old, new, words", BAD_SHAPES, ids=[w[2] for _, _, _, w in BAD_SHAPES])
def test_a_row_of_the_wrong_shape_is_refused_in_one_line(
        python_exe, repo_root, catalogue_copy, reference_copy, filename, old, new, words):
    assert_an_edit_is_refused(python_exe, repo_root, catalogue_copy, reference_copy, filename, old, new, words,
                              "the test's edit must apply to the current reference file")


def test_an_alias_used_later_is_refused_too(python_exe, repo_root, catalogue_copy, reference_copy):
    path = reference_copy / "professions.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(*ANCHORS, 1)
    # The second profession reuses the first one's aliases through *psych: refused at the anchor.
    text = text.replace("  aliases: [capt,", "  aliases: *psych\n  old_aliases: [capt,", 1)
    path.write_text(text, encoding="utf-8")
    before = catalogue_copy.read_bytes()
    result = run_build(python_exe, repo_root, "--db", catalogue_copy, "--reference", reference_copy)
    assert_refused_in_one_line(result, ["professions.yaml", "anchors and aliases"], catalogue_copy, before)


def test_an_alias_bomb_is_refused_before_it_grows(python_exe, repo_root, catalogue_copy, reference_copy):
    # "Billion laughs": nine levels of nine aliases each would be 9**9 (387 million) strings once
    # expanded. Refused at its first anchor, the build answers at once with one line.
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    (reference_copy / "career_stages.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = catalogue_copy.read_bytes()
    result = run_build(python_exe, repo_root, "--db", catalogue_copy, "--reference", reference_copy)
    assert_refused_in_one_line(result, ["career_stages.yaml", "line 1", "anchors and aliases"], catalogue_copy, before)


def test_ampersands_and_asterisks_inside_text_are_not_anchors(python_exe, repo_root, tmp_path, reference_copy):
    # The quick pre-check looks for & and *; plain text holding them must still build.
    path = reference_copy / "career_stages.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  name: Trainee\n", "  name: \"Trainee & *student* helper\"\n", 1), encoding="utf-8")
    result = run_build(python_exe, repo_root, "--db", tmp_path / "catalogue.db", "--reference", reference_copy)
    assert result.returncode == 0, result.stderr
