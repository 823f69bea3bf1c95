"""Safe to publish: scripts/serve and scripts/publish agree, and the immutable path works with
`datasette inspect` counts regenerated from the catalogue."""
import json
import re
import subprocess
import tomllib

from datasette_fixtures import PUBLISH_SCRIPT, ROOT, SERVE_SCRIPT, datasette_argv, serve_options
from datasette_fixtures import catalogue_plain  # noqa: F401


def test_serve_and_publish_pass_the_same_options():
    serve, publish = serve_options(SERVE_SCRIPT), serve_options(PUBLISH_SCRIPT)
    # An image also needs the site package (and the recommender it imports): package and cloudrun
    # mount the project's wheel and install it; otherwise the two paths serve the same way.
    assert ("wheel", "build/wheel") in publish["static"]
    publish["static"] = [mount for mount in publish["static"] if mount != ("wheel", "build/wheel")]
    assert serve == publish
    assert serve["settings"] == {"sql_time_limit_ms": 1000, "max_returned_rows": 1000, "suggest_facets": 0}
    # The site is the installed catalogue_site package, found through Datasette's plugin entry point.
    assert serve["plugins_dir"] is None and serve["template_dir"] is None and serve["static"] == []


def test_the_site_is_one_package_registered_with_datasette():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["datasette"] == {"catalogue_site": "catalogue_site"}
    # the package and its rooms are installed: the package finder's patterns include them
    assert "catalogue_site*" in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    listed = subprocess.run([str(ROOT / ".venv" / "bin" / "datasette"), "plugins"],
                            capture_output=True, text=True, timeout=60, check=True)
    plugin = {p["name"]: p for p in json.loads(listed.stdout)}["imh-training-catalogue"]
    assert plugin["templates"] and plugin["static"]
    assert set(plugin["hooks"]) == {"register_routes", "extra_template_vars", "asgi_wrapper",
                                    "prepare_jinja2_environment", "render_cell", "prepare_connection",
                                    "startup",  # the site's today setting is checked before serving
                                    "register_facet_classes"}


def test_serve_listens_on_127_0_0_1_port_8001():
    text = SERVE_SCRIPT.read_text()
    assert "--host 127.0.0.1" in text and '"${PORT:-8001}"' in text
    assert "-m metadata.yml" in text


def test_publish_is_immutable_and_never_writes():
    text = PUBLISH_SCRIPT.read_text()
    assert re.search(r"serve -i \"\$DB\" --inspect-file", text)
    assert "--install datasette-write" not in text and "write" not in text.replace("wrote", "")


def test_inspect_counts_then_immutable_serving(catalogue_plain, tmp_path):
    inspect = tmp_path / "inspect-data.json"
    env = {"DB": str(catalogue_plain), "INSPECT": str(inspect), "PATH": "/usr/bin:/bin"}
    subprocess.run(["bash", str(PUBLISH_SCRIPT), "inspect"], env=env, check=True, capture_output=True, timeout=60)
    counts = json.loads(inspect.read_text())["catalogue"]["tables"]
    assert counts["courses"]["count"] == 39
    argv = datasette_argv(catalogue_plain)
    immutable = [str(ROOT / ".venv" / "bin" / "datasette"), "-i", *argv, "--inspect-file", str(inspect)]
    for path in ("/", "/-/find-courses?profession=health+visitor&level=1", "/catalogue/courses_by_aimh_level"):
        result = subprocess.run([*immutable, "--get", path], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, path + result.stderr[-1500:]
