"""Fuzzing the normalisers (crawler/reading/normalise.py) with Hypothesis: any text, no crash.

The normalisers read whatever a provider page says, so they must never raise, whatever the
text: a crash would lose the whole page's facts. Each returns None for text it cannot read.
Bounded: a fixed number of examples, no deadline (CI machines vary).
"""
import inspect

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from crawler.reading import normalise

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the normalisers look for, mixed with arbitrary text, so the fuzzing reaches the
# parsing branches rather than only the "nothing here" one.
WORDS = ["2", "18", "2.5", "one", "twenty-four", "a", "-", "–", "—", "to", "or", "years", "year", "yrs", "months",
         "mths", "weeks", "wk", "days", "half-day", "terms", "semester", "hours", "p/t", "part-time", "£", "GBP",
         "€", "$", "1,200", "15,000", "1.234,56", "k", "free", "per", "September", "Sept", "2026", "31", "29 February",
         "2025-13-45", "/", "01/02/2026", "\u00a0", "\u200b", "\n", "  ", "(", ")", ",", "."]
phrases = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=20).map(" ".join)
texts = st.one_of(st.text(max_size=200), phrases)


def public_normalisers():
    """Every public one-argument function defined in crawler/reading/normalise.py."""
    found = []
    for name, fn in vars(normalise).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != normalise.__name__:
            continue
        required = [p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]
        if len(required) == 1:
            found.append(name)
    return sorted(found)


def test_the_known_normalisers_are_fuzzed():
    # Guards against the fuzzing silently covering nothing if the module is reorganised.
    assert "duration_months" in public_normalisers()


@pytest.mark.parametrize("name", public_normalisers())
@FUZZ
@given(text=texts)
def test_normaliser_never_raises(name, text):
    getattr(normalise, name)(text)


@FUZZ
@given(text=texts)
def test_duration_months_is_an_ordered_non_negative_range_or_none(text):
    result = normalise.duration_months(text)
    if result is None or result == (None, None):
        return
    low, high = result
    # The catalogue sorts and filters by these: they must be a real range.
    assert 0 <= low <= high


@pytest.mark.skipif(not hasattr(normalise, "date_iso"), reason="no date normaliser")
@FUZZ
@given(text=texts)
def test_date_iso_gives_iso_text_or_none(text):
    result = normalise.date_iso(text)
    assert result is None or (isinstance(result, str) and result[:4].isdigit() and len(result) in (7, 10))


@pytest.mark.skipif(not hasattr(normalise, "fee"), reason="no fee normaliser")
@FUZZ
@given(text=texts)
def test_fee_gives_a_non_negative_amount_or_none(text):
    result = normalise.fee(text)
    assert result is None or result[0] >= 0
