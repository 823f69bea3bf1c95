"""The real `python -m crawler build` run as a subprocess, and what a refused build must look like."""
import subprocess


def run_build(python_exe, repo_root, *args):
    return subprocess.run([python_exe, "-m", "crawler", "build", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


def assert_refused_in_one_line(result, words, catalogue, before):
    """Exit code 1, one line on stderr holding every one of `words`, no traceback, and the catalogue
    (its bytes `before`) untouched."""
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    for word in words:
        assert word in message, message
    assert catalogue.read_bytes() == before, "a failed build never touches the existing catalogue"


def assert_an_edit_is_refused(python_exe, repo_root, catalogue, reference, filename, old, new, words, must_apply):
    """Replace `old` by `new` (once) in one reference file, run the real build, and assert it is refused
    in one line holding `words` with the catalogue untouched; `old` must be in the file (else `must_apply`)."""
    path = reference / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, must_apply
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = catalogue.read_bytes()
    result = run_build(python_exe, repo_root, "--db", catalogue, "--reference", reference)
    assert_refused_in_one_line(result, words, catalogue, before)
