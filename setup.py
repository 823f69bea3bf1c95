# Everything about the package is in pyproject.toml. This file exists for `scrapyd-deploy`,
# which builds its egg with `python setup.py bdist_egg` and would otherwise write a setup.py
# of its own here; the egg carries pyproject.toml's `[project.entry-points.scrapy]`, which is
# how Scrapyd finds crawler.settings (docs/scaling-out.md).
from setuptools import setup

setup()
