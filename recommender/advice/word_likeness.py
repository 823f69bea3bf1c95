"""Whether typed words are the words of a profession's name, or other words.

Two questions the profession matcher asks after rapidfuzz has ranked the names (both on
words already normalised, lower case):
- swapped_words: a word standing where the name has another word is another profession,
  not a typo ("cbt therapist" is not "art therapist"; "helth visiter" is "health visitor");
- accounts_for: every typed word is a word of the name, or a typo or form of one
  ("psychology assistant" is all in "assistant psychologist").
"""
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
