"""Matching a practitioner's own words for their profession to a canonical profession.

1. Career-stage words ("trainee", "student", "qualified"...: the stage_words table) are
   found in the words and give the stage; they are stripped before matching.
2. Exact lookup of the whole words, then of the stripped words, in profession_aliases
   (names and aliases, e.g. HV, SLT, SALT, OT, CAPT, clin psych, CPN).
3. Otherwise fuzzy matching with rapidfuzz (processor=utils.default_process) over every
   name and alias. A short word (an abbreviation: 4 letters or fewer) must match an
   alias exactly ("o.t." is "ot"); fuzzy scores for it are only suggestions, and a
   short alias is compared whole, never as part of a longer word, so "OT" is never
   taken for physiotherapist. A low score or a close tie is not guessed:
   ProfessionNotMatched carries the top suggestions.
"""
import re
from dataclasses import dataclass, field

from recommender.errors import UserError

ACCEPT_SCORE = 80.0     # below this the best candidate is only a suggestion
TIE_MARGIN = 5.0        # a runner-up (another profession) this close is a tie: ask
SHORT = 4               # this many letters or fewer: an abbreviation (exact match only)
SUGGESTIONS = 5
SUBSET_WEIGHT = 0.95  # "psychologist" is part of four professions' names: a tie, not a match


class ProfessionNotMatched(UserError):
    """The words match no profession surely enough; .suggestions lists the closest ones."""

    def __init__(self, message, text="", suggestions=()):
        super().__init__(message)
        self.text = text
        self.suggestions = list(suggestions)


@dataclass(frozen=True)
class ProfessionMatch:
    input: str
    id: str
    name: str
    alias: str                 # the name or alias that matched
    method: str                # "exact name", "exact alias" or "fuzzy"
    score: float               # 0-100; 100 for an exact match
    stage: str | None = None   # the stage the words give, if any
    stage_words: tuple = ()
    runner_up: dict | None = field(default=None, compare=False)

    @property
    def confidence(self):
        if self.method != "fuzzy":
            return "certain"
        return "high" if self.score >= 90 else "fair"

    def as_json(self):
        out = {"input": self.input, "matched": self.name, "id": self.id, "score": self.score,
               "alias": self.alias, "method": self.method, "confidence": self.confidence}
        if self.runner_up:
            out["runner_up"] = self.runner_up
        return out

    def describe(self):
        how = {"exact name": "exact name", "exact alias": f'exact alias "{self.alias}"'}.get(
            self.method, f'fuzzy match to "{self.alias}", score {self.score:g}/100, {self.confidence} confidence')
        return f'"{self.input}" -> {self.name} ({how})'


_NON_WORD = re.compile(r"[\W_]+")


def normalise(text):
    """Lower case, punctuation to spaces, single spaces (as utils.default_process does)."""
    return " ".join(_NON_WORD.sub(" ", str(text).lower()).split())


class ProfessionMatcher:
    """Matches words to professions in one catalogue; remembers answers (rosters repeat)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.exact = {}
        for alias, (profession_id, is_name) in catalogue.aliases.items():
            self.exact.setdefault(" ".join(alias.split()), (profession_id, is_name, alias))
            self.exact.setdefault(normalise(alias), (profession_id, is_name, alias))
        self.compact = {normalise(a).replace(" ", ""): (pid, a) for a, (pid, _) in catalogue.aliases.items()
                        if len(normalise(a).replace(" ", "")) <= SHORT}
        words = sorted(catalogue.stage_words.items(), key=lambda item: -len(item[0]))
        self.stage_patterns = [(re.compile(rf"(?<!\w){re.escape(normalise(w))}(?!\w)"), normalise(w), stage)
                               for w, stage in words if normalise(w)]
        self._cache = {}

    def match(self, text):
        key = text if isinstance(text, str) else str(text)
        if key not in self._cache:
            try:
                self._cache[key] = self._match(key)
            except ProfessionNotMatched as exc:
                self._cache[key] = exc
        result = self._cache[key]
        if isinstance(result, ProfessionNotMatched):
            raise result
        return result

    def _match(self, text):
        text = " ".join(str(text).split())  # as shown in messages: one line
        raw = text.lower()
        if not raw:
            raise ProfessionNotMatched("no profession given: say what you do, e.g. --profession \"health visitor\"", text)
        words = normalise(raw)
        stage, stage_words, stripped = self._stage(words)
        for candidate in (raw, words, stripped):
            if candidate in self.exact:
                profession_id, is_name, alias = self.exact[candidate]
                name = self.catalogue.professions[profession_id].name
                return ProfessionMatch(text, profession_id, name, alias, "exact name" if is_name else "exact alias",
                                       100.0, stage, stage_words)
        if not stripped:
            raise ProfessionNotMatched(
                f'"{text}" gives a career stage ({stage}) but no profession: add the profession, '
                'e.g. "trainee clinical psychologist"', text)
        compact = stripped.replace(" ", "")
        if len(compact) <= SHORT:
            # an abbreviation: "o.t." is "ot", but one letter off is another abbreviation, never a guess
            if compact in self.compact:
                profession_id, alias = self.compact[compact]
                return ProfessionMatch(text, profession_id, self.catalogue.professions[profession_id].name, alias,
                                       "exact alias", 100.0, stage, stage_words)
            return self._fuzzy(text, stripped, stage, stage_words, accept=False)
        return self._fuzzy(text, stripped, stage, stage_words)

    def _stage(self, words):
        found = []
        stripped = words
        for pattern, word, stage in self.stage_patterns:
            position = pattern.search(stripped)
            if position:
                found.append((position.start(), word, stage))
                stripped = pattern.sub(" ", stripped)
        found.sort()
        stage = found[0][2] if found else None
        return stage, tuple(w for _, w, _ in found), " ".join(stripped.split())

    def _fuzzy(self, text, query, stage, stage_words, accept=True):
        from rapidfuzz import process, utils  # imported only when an exact lookup fails

        choices = list(self.catalogue.aliases)
        results = process.extract(query, choices, scorer=_score, processor=utils.default_process, limit=None)
        best = {}
        for alias, score, _ in results:
            profession_id = self.catalogue.aliases[alias][0]
            if profession_id not in best or score > best[profession_id][0]:
                best[profession_id] = (round(score, 1), alias)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        suggestions = [{"id": pid, "name": self.catalogue.professions[pid].name, "score": s, "alias": a}
                       for pid, (s, a) in ranked[:SUGGESTIONS] if s > 0]
        top_id, (top_score, top_alias) = ranked[0]
        runner = ranked[1] if len(ranked) > 1 else None
        listing = "; ".join(f"{s['name']} ({s['score']:g})" for s in suggestions[:3])
        if top_score < ACCEPT_SCORE or not accept:
            raise ProfessionNotMatched(
                f'no profession matches "{text}" closely enough; closest: {listing}. '
                "Give one of these (or a common abbreviation) with --profession", text, suggestions)
        if runner and top_score - runner[1][0] < TIE_MARGIN:
            close = [s for s in suggestions if top_score - s["score"] < TIE_MARGIN]
            names = "; ".join(f"{s['name']} ({s['score']:g})" for s in close[:SUGGESTIONS])
            raise ProfessionNotMatched(
                f'"{text}" could be more than one profession: {names}. Say which with --profession', text, close)
        runner_up = {"id": runner[0], "name": self.catalogue.professions[runner[0]].name,
                     "score": runner[1][0]} if runner else None
        return ProfessionMatch(text, top_id, self.catalogue.professions[top_id].name, top_alias, "fuzzy",
                               top_score, stage, stage_words, runner_up)


def _score(query, choice, **kwargs):
    """Similarity 0-100 of processed words to a processed name or alias.

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
