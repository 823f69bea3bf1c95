"""How the code hangs together, read from the source files with ast (nothing is imported).

- No module edits sys.path: the site (catalogue_site), the tests and the benchmarks import the
  project's packages as installed packages, never by putting folders on the path.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("crawler", "recommender", "catalogue_site", "tests", "benchmarks")


def python_files(*folders):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def sys_path_edits(path):
    """Lines where a file touches sys.path (sys.path.insert/append/..., or assigns sys.path)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name)
                and node.value.id == "sys"):
            yield node.lineno


def test_no_module_edits_sys_path():
    edits = [f"{path.relative_to(ROOT)}:{line}" for path in python_files(*SOURCE_DIRS) for line in sys_path_edits(path)]
    assert edits == [], "put no folder on sys.path; import the installed package instead: " + ", ".join(edits)


def test_the_check_sees_a_sys_path_edit(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).parent))\n")
    assert list(sys_path_edits(sample)) == [4]
