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


# ---------------------------------------------------------------------------------------------
# Rooms (docs/architecture.md "Rooms"). Every package inside a product package is a room. Its
# __init__ docstring says in its first line what the room owns, and on a line
#     May import: crawler.catalogue, course_dates
# which other rooms its modules may import ("nothing" for none). A room may always use its own
# modules. The checks below hold every room to its own declaration, keep the rooms' imports
# free of cycles (no room reaches back up), keep folders small and modules short.
# ---------------------------------------------------------------------------------------------
PRODUCT_PACKAGES = ("crawler", "recommender", "catalogue_site")
PROJECT_PACKAGES = PRODUCT_PACKAGES + ("scaling_model", "course_order", "course_dates")
FOLDERS_ALLOWED_MANY_MODULES = {"crawler/spiders"}   # one spider per provider site
MOST_MODULES_IN_A_FOLDER = 12
LONGEST_MODULE = 500
WHY_LONG = "Why this is long:"


def rooms(root=ROOT):
    """{dotted room name: folder} for every package of the product, the packages themselves included."""
    found = {}
    for package in PRODUCT_PACKAGES:
        for init in sorted((root / package).rglob("__init__.py")):
            folder = init.parent
            found[".".join(folder.relative_to(root).parts)] = folder
    return found


def declared_imports(init_path):
    """The rooms an __init__'s docstring says the room may import, or None if it says nothing."""
    doc = ast.get_docstring(ast.parse(init_path.read_text(encoding="utf-8"))) or ""
    for line in doc.splitlines():
        if line.strip().startswith("May import:"):
            names = line.split(":", 1)[1].strip().rstrip(".")
            return set() if names in ("", "nothing") else {n.strip() for n in names.split(",")}
    return None


def room_of(dotted, known_rooms):
    """The deepest room holding a dotted module name (a non-product package is its own room)."""
    parts = dotted.split(".")
    if parts[0] not in PRODUCT_PACKAGES:
        return parts[0]
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in known_rooms:
            return name
    return parts[0]


def imported_modules(path, module_name, is_package):
    """(line, dotted name) of every project module a file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name if is_package else module_name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value


def room_imports(root=ROOT):
    """[(importing room, imported room, "file:line")] for imports between different project rooms."""
    known = rooms(root)
    found = []
    for room, folder in known.items():
        for path in sorted(folder.glob("*.py")):
            module = room if path.name == "__init__.py" else f"{room}.{path.stem}"
            for line, target in imported_modules(path, module, path.name == "__init__.py"):
                if target.split(".")[0] not in PROJECT_PACKAGES:
                    continue
                other = room_of(target, known)
                if other != room:
                    found.append((room, other, f"{path.relative_to(root)}:{line}"))
    return found


def rooms_without_a_declaration(root=ROOT):
    return sorted(str((folder / "__init__.py").relative_to(root)) for room, folder in rooms(root).items()
                  if declared_imports(folder / "__init__.py") is None)


def undeclared_imports(root=ROOT):
    known = rooms(root)
    wrong = []
    for room, other, where in room_imports(root):
        allowed = declared_imports(known[room] / "__init__.py") or set()
        if other not in allowed:
            wrong.append(f"{where} imports {other}, which {room} does not declare")
    return sorted(set(wrong))


def room_cycles(root=ROOT):
    """Rooms that reach back up: pairs (a, b) where a imports b and b, directly or not, imports a."""
    edges = {}
    for room, other, _ in room_imports(root):
        edges.setdefault(room, set()).add(other)

    def reaches(start, goal):
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo.extend(edges.get(here, ()))
        return False

    return sorted(f"{a} -> {b} -> ... -> {a}" for a, outs in edges.items() for b in outs if reaches(b, a))


def crowded_folders(root=ROOT):
    crowded = []
    for room, folder in rooms(root).items():
        rel = str(folder.relative_to(root))
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        if rel not in FOLDERS_ALLOWED_MANY_MODULES and len(modules) > MOST_MODULES_IN_A_FOLDER:
            crowded.append(f"{rel} holds {len(modules)} modules")
    return crowded


def long_modules_without_a_reason(root=ROOT):
    long = []
    for folder in rooms(root).values():
        for path in sorted(folder.glob("*.py")):
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n")
            doc = ast.get_docstring(ast.parse(text)) or ""
            if lines > LONGEST_MODULE and WHY_LONG not in doc:
                long.append(f"{path.relative_to(root)} has {lines} lines")
    return long


def test_every_room_says_what_it_owns_and_may_import():
    assert rooms_without_a_declaration() == [], \
        "each package's __init__ docstring needs a first line saying what it owns and a 'May import:' line"


def test_rooms_import_only_what_they_declare():
    assert undeclared_imports() == []


def test_no_room_reaches_back_up():
    assert room_cycles() == []


def test_no_product_folder_holds_more_than_twelve_modules():
    assert crowded_folders() == []


def test_long_modules_say_why():
    assert long_modules_without_a_reason() == [], f"over {LONGEST_MODULE} lines: split it, or say '{WHY_LONG} ...' at its top"


def test_the_room_checks_see_what_they_are_for(tmp_path):
    def write(rel, text):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    write("crawler/__init__.py", '"""The crawl.\n\nMay import: crawler.reading\n"""\n')
    write("crawler/crawl.py", "from crawler.reading import pages\nfrom .catalogue.build import build\n")
    write("crawler/reading/__init__.py", '"""Reading pages.\n\nMay import: nothing\n"""\n')
    write("crawler/reading/pages.py", "from .. import crawl\nimport course_dates\n")
    write("crawler/catalogue/__init__.py", '"""The catalogue."""\n')
    for n in range(13):
        write(f"crawler/catalogue/m{n}.py", "x = 1\n" * (LONGEST_MODULE + 1 if n == 0 else 1))
    write("crawler/catalogue/m1.py", f'"""{WHY_LONG} it is a table."""\n' + "x = 1\n" * LONGEST_MODULE)
    assert rooms_without_a_declaration(tmp_path) == ["crawler/catalogue/__init__.py"]
    assert undeclared_imports(tmp_path) == [
        "crawler/crawl.py:2 imports crawler.catalogue, which crawler does not declare",
        "crawler/reading/pages.py:1 imports crawler, which crawler.reading does not declare",
        "crawler/reading/pages.py:2 imports course_dates, which crawler.reading does not declare"]
    assert room_cycles(tmp_path) == ["crawler -> crawler.reading -> ... -> crawler",
                                     "crawler.reading -> crawler -> ... -> crawler.reading"]
    assert crowded_folders(tmp_path) == ["crawler/catalogue holds 13 modules"]
    assert long_modules_without_a_reason(tmp_path) == [f"crawler/catalogue/m0.py has {LONGEST_MODULE + 1} lines"]
