"""Pathway recommender: reads catalogue.db with the standard sqlite3 module only; the Python API and `python -m recommender`.

May import: recommender.advice, recommender.catalogue, recommender.cli

Never import scrapy or datasette from this package: start-up time matters.

The Python API (used by the Datasette "find courses for me" page):

    from recommender import recommend, UserError, ProfessionNotMatched
    result = recommend("catalogue.db", "health visitor", level=1)   # the --json object

See recommender.advice.recommendation.recommend and docs/recommender.md.
"""
from recommender.catalogue.errors import UserError

__all__ = ["recommend", "UserError", "ProfessionNotMatched"]


def recommend(db_path_or_conn, profession_text, **answers):
    """The --json object for one practitioner; see recommender.advice.recommendation.recommend."""
    from recommender.advice.recommendation import recommend as _recommend

    return _recommend(db_path_or_conn, profession_text, **answers)


def __getattr__(name):
    if name == "ProfessionNotMatched":
        from recommender.advice.professions import ProfessionNotMatched

        return ProfessionNotMatched
    raise AttributeError(f"module 'recommender' has no attribute {name!r}")
