"""How the code hangs together, read from the source files with ast (nothing is imported).

- Imports run one way (docs/architecture.md): the crawler (crawls and builds; writes catalogue.db)
  never imports the recommender or the site; the recommender (reads catalogue.db with sqlite3)
  never imports the crawler or the site; the site (catalogue_site, Datasette) uses the
  recommender and never the crawler. scaling_model, used by the build and the planner, imports
  none of them.
- No module edits sys.path: the site (catalogue_site), the tests and the benchmarks import the
  project's packages as installed packages, never by putting folders on the path.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("crawler", "recommender", "catalogue_site", "scaling_model", "course_order", "course_dates", "tests", "benchmarks")


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


# package -> the project's packages it must never import
FORBIDDEN = {
    "crawler": {"recommender", "catalogue_site"},
    "recommender": {"crawler", "catalogue_site"},
    "catalogue_site": {"crawler"},
    "scaling_model": {"crawler", "recommender", "catalogue_site"},
    "course_order": {"crawler", "recommender", "catalogue_site", "scaling_model"},
    "course_dates": {"crawler", "recommender", "catalogue_site", "scaling_model", "course_order"},
}


def imported_packages(path):
    """(line, top-level package) for every import in a file, at any depth (imports inside
    functions count: a lazy import still ties the packages together)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name))
              and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value.split(".")[0]


def imports_against_the_direction(root=ROOT):
    wrong = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            for line, imported in imported_packages(path):
                if imported in forbidden:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return wrong


def test_imports_run_one_way():
    assert imports_against_the_direction() == [], \
        "an import runs against the direction (see docs/architecture.md for where shared code goes)"


def test_the_direction_check_sees_every_form_of_import(tmp_path):
    (tmp_path / "crawler").mkdir()
    (tmp_path / "recommender").mkdir()
    (tmp_path / "catalogue_site").mkdir()
    (tmp_path / "scaling_model").mkdir()
    (tmp_path / "crawler" / "a.py").write_text("from recommender import scaling\n")
    (tmp_path / "crawler" / "b.py").write_text("def f():\n    import recommender.catalogue\n")
    (tmp_path / "recommender" / "c.py").write_text("import importlib\nimportlib.import_module('crawler.normalise')\n")
    (tmp_path / "catalogue_site" / "d.py").write_text("import recommender\nfrom crawler.build import build\n")
    (tmp_path / "recommender" / "ok.py").write_text("import scaling_model\nfrom . import errors\nimport sqlite3\n")
    assert imports_against_the_direction(tmp_path) == [
        "crawler/a.py:1 imports recommender", "crawler/b.py:2 imports recommender",
        "recommender/c.py:2 imports crawler", "catalogue_site/d.py:2 imports crawler"]


def test_no_module_edits_sys_path():
    edits = [f"{path.relative_to(ROOT)}:{line}" for path in python_files(*SOURCE_DIRS) for line in sys_path_edits(path)]
    assert edits == [], "put no folder on sys.path; import the installed package instead: " + ", ".join(edits)


def test_the_check_sees_a_sys_path_edit(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).parent))\n")
    assert list(sys_path_edits(sample)) == [4]
