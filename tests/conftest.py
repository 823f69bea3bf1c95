"""Shared fixtures: a catalogue built by the same code that builds the shipped one."""
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


@pytest.fixture(scope="session")
def repo_root():
    return ROOT


@pytest.fixture(scope="session")
def python_exe():
    """The project's interpreter, for running the real CLIs as subprocesses."""
    return PYTHON


@pytest.fixture(scope="session")
def built_catalogue(tmp_path_factory):
    """A fresh catalogue.db built from crawler/reference (read-only use: copy it to change it).
    IMH_TEST_CATALOGUE names one already built instead (scripts/mutation: one build, not one per mutant)."""
    from crawler.catalogue.build import build

    if os.environ.get("IMH_TEST_CATALOGUE"):
        return Path(os.environ["IMH_TEST_CATALOGUE"])

    path = tmp_path_factory.mktemp("catalogue") / "catalogue.db"
    build(path)
    return path


@pytest.fixture
def catalogue_copy(built_catalogue, tmp_path):
    """A private copy of the built catalogue that a test may change."""
    path = tmp_path / "catalogue.db"
    shutil.copy(built_catalogue, path)
    return path


@pytest.fixture
def reference_copy(tmp_path):
    """A private copy of crawler/reference/ that a test may break."""
    path = tmp_path / "reference"
    shutil.copytree(ROOT / "crawler" / "reference", path)
    return path
