"""Whether typed words are the words of a profession's name, or other words.

Two questions the profession matcher asks after rapidfuzz has ranked the names (both on
words already normalised, lower case):
- swapped_words: a word standing where the name has another word is another profession,
  not a typo ("cbt therapist" is not "art therapist"; "helth visiter" is "health visitor");
- accounts_for: every typed word is a word of the name, or a typo or form of one
  ("psychology assistant" is all in "assistant psychologist");
- other_post_in: a word beside the name that names another post ("associate", "PA").
"""
SHORT = 4               # this many letters or fewer: an abbreviation (exact match only)
SUBSET_WEIGHT = 0.95    # "psychologist" is part of four professions' names: a tie, not a match
WORD_SWAP_SCORE = 70.0  # a word this unlike every word of the name (fuzz.ratio) is another word, not a typo


def _likeness(word, named):
    from rapidfuzz import fuzz  # imported only when the exact steps fail, as in professions

    return max(fuzz.ratio(word, n) for n in named)


def swapped_words(typed, named):
    """The typed words that stand where the name has another word: as many words as the name,
    and a word unlike every word of it. [] for typos, and for more or fewer words."""
    if len(typed) != len(named) or len(typed) < 2:
        return []
    return [w for w in typed if _likeness(w, named) < WORD_SWAP_SCORE]


def accounts_for(named, typed):
    """Whether every typed word is a word of the name, or a typo or form of one."""
    return all(_likeness(w, named) >= WORD_SWAP_SCORE for w in typed)


def other_post_in(typed, posts, named):
    """The longest phrase of the typed words that names another post (`posts`: word tuples,
    "associate", "pa") and is not part of the matched name's words; None if there is none."""
    named = set(named)
    for length in range(len(typed), 0, -1):
        for start in range(len(typed) - length + 1):
            phrase = tuple(typed[start:start + length])
            if phrase in posts and not set(phrase) <= named:
                return " ".join(phrase)
    return None


def score(query, choice, **kwargs):
    """Similarity 0-100 of processed words to a processed name or alias (one pair; the
    matcher scores all choices at once with the same rule).

    Abbreviations (either side SHORT characters or fewer) are compared as whole strings
    only (fuzz.ratio): "ot" scores 50 against "pt" and nothing against "physiotherapist".
    Longer words take the best of whole-string (typos), sorted-token (word order) and
    token-set (extra or missing words) similarity; token-set similarity is scaled by
    SUBSET_WEIGHT so that a closer whole match beats "one is part of the other".
    """
    from rapidfuzz import fuzz

    if not query or not choice:
        return 0.0
    if len(query) <= SHORT or len(choice) <= SHORT:
        return fuzz.ratio(query, choice)
    return max(fuzz.ratio(query, choice), fuzz.token_sort_ratio(query, choice), SUBSET_WEIGHT * fuzz.token_set_ratio(query, choice))
