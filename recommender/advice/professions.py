"""Matching a practitioner's own words for their profession to a canonical profession.

The words are read in this order (every word list is data in crawler/reference/, loaded
into the catalogue: profession_aliases, stage_words, profile_words, registration_bodies):

1. Exact lookup of the whole words in profession_aliases (names and aliases: HV, SLT,
   SALT, OT, CAPT, clin psych, CPN...), as typed, then with punctuation ignored, then
   without the career-stage words.
2. Names and aliases found inside the words, as whole words. The longest one found wins,
   so a more specific profession beats a more general one it contains ("perinatal mental
   health nurse" is a mental health nurse, not just a nurse; "specialist health visitor"
   beats "health visitor"). It is taken when every other word is *read*: a career stage
   (trainee, student, NQ...), seniority (senior, consultant, band 6...), setting (CAMHS,
   perinatal, community...), a register ("(HCPC)", "NMC registered") or a small word
   ("in", "the"). Two different professions found at the same length are a true tie: ask.
3. Otherwise fuzzy matching with rapidfuzz's C scorers (fuzz.ratio for typos,
   token_sort_ratio for word order, token_set_ratio scaled by SUBSET_WEIGHT for extra or
   missing words; every name and alias pre-processed once with utils.default_process) on
   the words without the words read, and on the words without only stage and register
   words (so "specialist health visiter" can still reach "specialist health visitor").
   A short word (an abbreviation: SHORT letters or fewer) must match an alias exactly
   ("o.t." is "ot"); fuzzy scores for it are only suggestions, and a short alias is compared
   whole, never as part of a longer word, so "OT" is never taken for physiotherapist.
   A score below ACCEPT_SCORE, or a runner-up (another profession) within TIE_MARGIN, is not
   guessed: ProfessionNotMatched carries the top suggestions. The one exception to the tie
   rule is the specific-over-general rule again: a runner-up whose alias is part of the
   winner's alias (health visitor inside specialist health visitor), and scores lower, is
   not a tie. Nor is a word swapped for another: a fuzzy winner with as many words as its
   alias, one of them unlike every word of the alias (recommender/advice/word_likeness.py: "cbt" for "art",
   "youth" for "outreach"), names another profession; it is asked, typos are not ("helth visiter").
   And a name found inside the words (step 2) gives way when every word typed is in another
   profession's alias, fuzzily ("psychology assistant" is an assistant psychologist).

Words read (stage, seniority, setting, registers) travel with the match (ProfessionMatch)
into the profile: a register in the words is taken as the person's register unless
--registration says otherwise.
"""
import re
from recommender.catalogue.records import field, record

from recommender.advice.word_likeness import SHORT, SUBSET_WEIGHT, accounts_for, other_post_in, swapped_words
from recommender.advice.word_likeness import score as _score  # noqa: F401 (one pair, as the matcher scores)
from recommender.catalogue.errors import UserError, shown_words as _shown

ACCEPT_SCORE = 80.0     # below this the best candidate is only a suggestion
TIE_MARGIN = 5.0        # a runner-up (another profession) this close is a tie: ask
SUGGESTIONS = 5
SUGGEST_FROM = 0.0      # the closest names are always offered, however far (never a guess: only suggestions)


class ProfessionNotMatched(UserError):
    """The words match no profession surely enough; .suggestions lists the closest ones."""

    def __init__(self, message, text="", suggestions=()):
        super().__init__(message)
        self.text = text
        self.suggestions = list(suggestions)


@record(frozen=True)
class ProfessionMatch:
    input: str
    id: str
    name: str
    alias: str                 # the name or alias that matched
    method: str                # "exact name", "exact alias", "named in the words" or "fuzzy"
    score: float               # 0-100; 100 for an exact match or a name found in the words
    stage: str | None = None   # the stage the words give, if any
    stage_words: tuple = ()
    runner_up: dict | None = field(default=None, compare=False)
    seniority: tuple = ()      # seniority words read ("senior", "band 6")
    setting: tuple = ()        # settings read ("CAMHS (child and adolescent mental health services)")
    registrations: frozenset = frozenset()  # registers named in the words ("(HCPC)")
    words_read: tuple = ()     # every word that was read rather than matched
    qualification: tuple = ()  # ((words, meaning), ...): occupational qualification levels read ("level 3")
    words_not_read: tuple = () # words beside a named profession that were neither matched nor read
    aimh_said: tuple = ()      # an AiMH level typed in the words ("AiMH level 2"): --level decides
    experience_said: tuple = ()  # years of experience read from the words ("with 3 years experience")

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
        out.update({"stage_words": list(self.stage_words), "seniority": list(self.seniority),
                    "setting": list(self.setting), "registrations_named": sorted(self.registrations),
                    "words_read": list(self.words_read),
                    "qualification": [{"words": w, "read_as": m} for w, m in self.qualification],
                    "words_not_read": list(self.words_not_read)})
        out.update({"experience_said": list(self.experience_said)} if self.experience_said else {})  # when said
        return out

    def describe(self):
        how = {"exact name": "exact name", "exact alias": f'exact alias "{self.alias}"',
               "named in the words": f'"{self.alias}" named in your words'}.get(
            self.method, f'fuzzy match to "{self.alias}", score {self.score:g}/100, {self.confidence} confidence')
        return f'"{self.input}" -> {self.name} ({how})'


_NON_WORD = re.compile(r"[\W_]+")


def normalise(text):
    """Lower case, punctuation to spaces, single spaces (as utils.default_process does)."""
    return " ".join(_NON_WORD.sub(" ", str(text).lower()).split())


@record(frozen=True)
class _Read:
    """What one word or phrase that is read (not matched) means."""
    kind: str          # stage, seniority, setting, qualification, registration or filler
    meaning: str       # the stage id, seniority or setting name, register id
    stage: str | None  # the stage it gives


class ProfessionMatcher:
    """Matches words to professions in one catalogue; remembers answers (rosters repeat)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.exact = {}
        normalised = {alias: normalise(alias) for alias in catalogue.aliases}  # once each: ~1,300 calls were 3 ms
        for alias, (profession_id, is_name) in catalogue.aliases.items():
            self.exact.setdefault(" ".join(alias.split()), (profession_id, is_name, alias))
            self.exact.setdefault(normalised[alias], (profession_id, is_name, alias))
        self.compact = {normalised[a].replace(" ", ""): (pid, a) for a, (pid, _) in catalogue.aliases.items()
                        if len(normalised[a].replace(" ", "")) <= SHORT}
        # every name and alias as a tuple of words, for finding them inside longer words
        self.phrases = {}
        for alias, (profession_id, _) in sorted(catalogue.aliases.items(), key=lambda item: (-item[1][1], item[0])):
            words = tuple(normalised[alias].split())
            if words:
                self.phrases.setdefault(words, (profession_id, alias))
        self.longest_phrase = max((len(w) for w in self.phrases), default=1)
        # words that are read rather than matched
        self.read = {}
        for word, stage in catalogue.stage_words.items():
            self.read[tuple(normalise(word).split())] = _Read("stage", stage, stage)
        self.other_post = set()  # words naming another post beside a profession ("associate", "PA")
        for word, (kind, meaning, stage) in getattr(catalogue, "profile_words", {}).items():
            if kind == "other_post":
                self.other_post.add(tuple(normalise(word).split()))
                continue
            self.read.setdefault(tuple(normalise(word).split()), _Read(kind, meaning, stage))
        for body_id, body in catalogue.registration_bodies.items():
            for word in (body_id, body["name"]):
                self.read.setdefault(tuple(normalise(word).split()), _Read("registration", body_id, None))
        self.read.pop((), None)
        self.longest_read = max((len(w) for w in self.read), default=1)
        self._choices = None
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

    # --- reading the words ---------------------------------------------------------

    def _read_words(self, words, skip=()):
        """The read words and phrases among `words` (a list), longest first, leaving out the
        positions in `skip`: ({position: _Read}, [(start, phrase, _Read)])."""
        covered, found = {}, []
        n = len(words)
        start = 0
        while start < n:
            for length in range(min(self.longest_read, n - start), 0, -1):
                span = range(start, start + length)
                if any(i in skip for i in span):
                    continue
                meaning = self.read.get(tuple(words[start:start + length]))
                if meaning is not None:
                    for i in span:
                        covered[i] = meaning
                    found.append((start, " ".join(words[start:start + length]), meaning))
                    start += length
                    break
            else:
                start += 1
        return covered, found

    def _names_in(self, words):
        """Every name or alias found inside `words`, as (start, end, profession_id, alias)."""
        out = []
        n = len(words)
        for start in range(n):
            for end in range(start + 1, min(n, start + self.longest_phrase) + 1):
                hit = self.phrases.get(tuple(words[start:end]))
                if hit:
                    out.append((start, end, hit[0], hit[1]))
        return out

    def _match(self, text):
        text = " ".join(str(text).split())  # as shown in messages: one line
        raw = text.lower()
        if not raw:
            raise ProfessionNotMatched("no profession given: say what you do, e.g. --profession \"health visitor\"", text)
        words = normalise(raw).split()
        found = self._exact_match(text, raw, words)
        if found is None:
            found = self._named_in_words(text, words)
        found = found if found is not None else self._fuzzy_match(text, words)
        if found.method in ("named in the words", "fuzzy"):
            self._no_other_post(text, words, found)
        return found

    def _no_other_post(self, text, words, found):
        """A word beside the matched name that names another post ("Clinical Associate in
        Psychology", "PA to the service manager": profile_words.yaml `other_post`) is asked about."""
        phrase = other_post_in(words, self.other_post, normalise(found.alias).split())
        if phrase:
            ranked = [(100.0, found.alias)] + sorted(((s, a) for a, s in self.scores(" ".join(words)).items()),
                                                     reverse=True)
            close = {}
            for score, alias in ranked:
                close.setdefault(self.catalogue.aliases[alias][0], (round(score, 1), alias))
            suggestions = [{"id": pid, "name": self.catalogue.professions[pid].name, "score": sc, "alias": a}
                           for pid, (sc, a) in list(close.items())[:SUGGESTIONS]]
            raise ProfessionNotMatched(
                f'"{_shown(text)}": "{phrase}" names another post than {found.name.lower()} (an associate, assistant or '
                f"PA is not the profession named beside it): say your own profession with --profession, e.g. "
                f"one of: {'; '.join(s['name'] for s in suggestions)}", text, suggestions)

    def _exact_match(self, text, raw, words):
        """1. the whole words, exactly (stage words anywhere in them still give the stage); None if not."""
        _, all_read = self._read_words(words)
        stage_only = [(s, w, m) for s, w, m in all_read if m.kind == "stage"]
        stripped = self._without(words, {i for s, w, m in stage_only for i in range(s, s + len(w.split()))})
        for candidate in (raw, " ".join(words), " ".join(stripped)):
            if candidate in self.exact:
                profession_id, is_name, alias = self.exact[candidate]
                profile = self._profile(words, set(range(len(words))))
                # a register in the words counts even as part of a name ("psychotherapist (UKCP)")
                profile["registrations"] |= {m.meaning for _, _, m in all_read if m.kind == "registration"}
                return self._result(text, profession_id, alias, "exact name" if is_name else "exact alias", 100.0,
                                    profile)
        return None

    def _named_in_words(self, text, words):
        """2. names and aliases inside the words, as whole words; None if there are none (or
        the rest of the words may name a more specific profession: then fuzzy decides).

        A name inside a longer read phrase is a setting, not a profession ("GP practice",
        "children's centre"); a name inside a longer name is the general one ("nurse" in
        "mental health nurse"): both are left out. Two different professions named at
        different places in the words are asked about, never guessed. An exact name or alias
        beats a fuzzy match of the words left over, unless those words could name another
        profession (asked) or the whole words fuzzily name a more specific profession that
        contains it ("mental helth nurse")."""
        names = self._names_in(words)
        if not names:
            return None
        _, everything = self._read_words(words)
        spans = [(start, start + len(phrase.split())) for start, phrase, meaning in everything
                 if meaning.kind in ("setting", "filler", "qualification")]
        names = [n for n in names if not any(a <= n[0] and n[1] <= b and b - a > n[1] - n[0] for a, b in spans)]
        names = [n for n in names if not any(o[0] <= n[0] and n[1] <= o[1] and o[1] - o[0] > n[1] - n[0]
                                             for o in names)]
        if not names:
            return None
        length = {}
        for start, end, pid, alias in names:
            length[pid] = max(length.get(pid, 0), len(normalise(alias)))
        best = max(length.values())
        tied = sorted(pid for pid, n in length.items() if n == best)
        winner_spans = [(a, b) for a, b, pid, _ in names if pid == tied[0]]
        elsewhere = sorted({pid for a, b, pid, _ in names if pid != tied[0]
                            and not any(a < wb and wa < b for wa, wb in winner_spans)})
        if len(tied) > 1 or elsewhere:
            close = list(dict.fromkeys(tied + elsewhere))
            self._tie(text, [{"id": pid, "name": self.catalogue.professions[pid].name, "score": 100.0,
                              "alias": next(a for _, _, p, a in names if p == pid)} for pid in close])
        profession_id = tied[0]
        inside = {i for start, end, pid, _ in names if pid == profession_id for i in range(start, end)}
        covered, _ = self._read_words(words, skip=inside)
        alias = max((a for _, _, p, a in names if p == profession_id), key=lambda a: len(normalise(a)))
        leftover = [i for i in range(len(words)) if i not in inside and i not in covered]
        if leftover:
            try:
                fuzzy = self._fuzzy_match(text, words)
                close = [{"id": fuzzy.id, "alias": fuzzy.alias, "score": fuzzy.score}]
            except ProfessionNotMatched as not_matched:
                fuzzy, close = None, not_matched.suggestions
            said = [words[i] for i in sorted(inside)] + [words[i] for i in leftover]
            other = next((c for c in close if c["id"] != profession_id and c["score"] >= ACCEPT_SCORE
                          and accounts_for(normalise(c["alias"]).split(), said)), None)
            if other is not None:  # every word is in another profession's name: "psychology assistant"
                return fuzzy if fuzzy is not None and fuzzy.id == other["id"] else self._result(
                    text, other["id"], other["alias"], "fuzzy", other["score"], self._profile(words, set()))
            if (fuzzy is not None and fuzzy.id != profession_id
                    and set(normalise(alias).split()) < set(normalise(fuzzy.alias).split())):
                return fuzzy  # specific over general: "mental helth nurse" is a mental health nurse
            if fuzzy is not None and fuzzy.id == profession_id:
                return fuzzy  # the whole words say the same, fuzzily ("physio therapist"): say so
            rest = " ".join(words[i] for i in leftover)
            if len(rest.replace(" ", "")) > SHORT and (fuzzy is None or fuzzy.id != profession_id):
                others = {}
                for other_alias, score in self.whole_scores(rest).items():
                    pid = self.catalogue.aliases[other_alias][0]
                    if pid != profession_id and score >= ACCEPT_SCORE and score > others.get(pid, (0, ""))[0]:
                        others[pid] = (round(score, 1), other_alias)
                if others:
                    ranked = sorted(others.items(), key=lambda item: (-item[1][0], item[0]))[:SUGGESTIONS - 1]
                    self._tie(text, [{"id": profession_id, "name": self.catalogue.professions[profession_id].name,
                                      "score": 100.0, "alias": alias}] +
                              [{"id": pid, "name": self.catalogue.professions[pid].name, "score": sc, "alias": a}
                               for pid, (sc, a) in ranked])
        profile = self._profile(words, inside)
        profile["not_read"] = [words[i] for i in leftover]
        return self._result(text, profession_id, alias, "named in the words", 100.0, profile)

    def _fuzzy_match(self, text, words):
        """3. fuzzy, on the words that are not stage, seniority, setting or register words."""
        profile = self._profile(words, set())
        core = [w for i, w in enumerate(words) if i not in profile["positions"]]
        loose = [w for i, w in enumerate(words) if i not in profile["positions"] or
                 profile["kinds"].get(i) in ("seniority", "setting")]
        if not core:
            said = "; ".join(f"{kind}: {', '.join(vals)}" for kind, vals in (
                ("career stage", profile["stage_words"]), ("seniority", profile["seniority"]),
                ("setting", profile["setting"]), ("register", sorted(profile["registrations"])),
                ("a qualification level", [phrase for phrase, _ in profile["qualification"]]),
                ("an AiMH level", profile.get("aimh_said", []))) if vals)
            raise ProfessionNotMatched(
                f'"{_shown(text)}" names no profession ({said or "only small words"}): add the profession, '
                f'e.g. "{_shown(text)} social worker"', text)
        query = " ".join(core)
        compact = query.replace(" ", "")
        if len(compact) <= SHORT:
            # an abbreviation: "o.t." is "ot", but one letter off is another abbreviation, never a guess
            if compact in self.compact:
                profession_id, alias = self.compact[compact]
                return self._result(text, profession_id, alias, "exact alias", 100.0, profile)
            return self._fuzzy(text, [query], profile, accept=False)
        return self._fuzzy(text, [query, " ".join(loose)], profile)

    @staticmethod
    def _without(words, positions):
        return [w for i, w in enumerate(words) if i not in positions]

    def _profile(self, words, inside):
        """What the words outside a matched name say: stage, seniority, setting, registers."""
        _, everything = self._read_words(words)
        _, outside = self._read_words(words, skip=inside)
        out = {"stage_words": [], "seniority": [], "setting": [], "registrations": set(), "words_read": [],
               "positions": set(), "kinds": {}, "stage": None, "implied_stage": None, "qualification": [],
               "not_read": []}
        # stage words count anywhere, even inside an alias ("trainee nursing associate")
        for start, phrase, meaning in sorted(everything, key=lambda item: item[0]):
            if meaning.kind == "stage":
                out["stage_words"].append(phrase)
                out["stage"] = out["stage"] or meaning.stage
        for start, phrase, meaning in sorted(outside, key=lambda item: item[0]):
            span = range(start, start + len(phrase.split()))
            out["positions"].update(span)
            for i in span:
                out["kinds"][i] = meaning.kind
            out["words_read"].append(phrase)
            if meaning.kind == "seniority":
                out["seniority"].append(phrase)
                out["implied_stage"] = out["implied_stage"] or meaning.stage
            elif meaning.kind == "setting" and meaning.meaning not in out["setting"]:
                out["setting"].append(meaning.meaning)
            elif meaning.kind == "registration":
                out["registrations"].add(meaning.meaning)
            elif meaning.kind == "qualification":
                out["qualification"].append((phrase, meaning.meaning))
            elif meaning.kind == "aimh_level":
                out.setdefault("aimh_said", []).append(phrase)
        return out

    def _result(self, text, profession_id, alias, method, score, profile, runner_up=None):
        stage = profile["stage"] or profile["implied_stage"]
        return ProfessionMatch(text, profession_id, self.catalogue.professions[profession_id].name, alias, method,
                               score, stage, tuple(profile["stage_words"]), runner_up,
                               tuple(dict.fromkeys(profile["seniority"])), tuple(profile["setting"]),
                               frozenset(profile["registrations"]), tuple(profile["words_read"]),
                               tuple(profile.get("qualification", ())), tuple(profile.get("not_read", ())),
                               tuple(profile.get("aimh_said", ())))

    def _tie(self, text, close):
        names = "; ".join(f"{s['name']} ({s['score']:g})" for s in close[:SUGGESTIONS])
        raise ProfessionNotMatched(
            f'"{_shown(text)}" could be more than one profession: {names}. Say which with --profession', text, close)

    # --- fuzzy ---------------------------------------------------------------------

    def _fuzzy(self, text, queries, profile, accept=True):
        best = {}
        for query in dict.fromkeys(q for q in queries if q):
            for alias, score in self.scores(query).items():
                profession_id = self.catalogue.aliases[alias][0]
                if profession_id not in best or score > best[profession_id][0]:
                    best[profession_id] = (round(score, 1), alias)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        said = {w for q in queries for w in q.split()}
        match = self.decide(text, [(pid, s, a) for pid, (s, a) in ranked], profile, accept, said)
        swapped = swapped_words(queries[0].split(), normalise(match.alias).split())
        if swapped:
            suggestions = [{"id": pid, "name": self.catalogue.professions[pid].name, "score": s, "alias": a}
                           for pid, (s, a) in ranked[:SUGGESTIONS]]
            listing = "; ".join(f"{s['name']} ({s['score']:g})" for s in suggestions[:3])
            words = " and ".join(f'"{w}"' for w in swapped)
            raise ProfessionNotMatched(
                f'no profession matches "{_shown(text)}" closely enough: {words} is in no profession we know '
                f'(the nearest, {match.name}, says "{match.alias}"); closest: {listing}. '
                "Give one of these (or a common abbreviation) with --profession", text, suggestions)
        return match

    def decide(self, text, ranked, profile=None, accept=True, said=frozenset()):
        """The match from candidates ranked best first [(profession_id, score, alias)], or
        ProfessionNotMatched: below ACCEPT_SCORE, or a tie within TIE_MARGIN, is asked.

        Within a tie, one candidate wins if every other close candidate's alias is part of its
        alias (specific over general) and it either scores higher or all its words were said."""
        profile = profile or self._profile([], set())
        names = self.catalogue.professions
        suggestions = [{"id": pid, "name": names[pid].name, "score": s, "alias": a}
                       for pid, s, a in ranked[:SUGGESTIONS] if s > SUGGEST_FROM]
        listing = "; ".join(s["name"] for s in suggestions[:3])  # names, never scores
        if not ranked or ranked[0][1] < ACCEPT_SCORE or not accept:
            raise ProfessionNotMatched(
                f'no profession matches "{_shown(text)}" closely enough; ' + (
                    f"closest: {listing}. Give one of these (or a common abbreviation) with --profession" if listing
                    else 'nothing is close. Give your job title in words, e.g. --profession "health visitor" '
                         '(crawler/reference/professions.yaml lists the professions)'), text, suggestions)
        close = [c for c in ranked if ranked[0][1] - c[1] < TIE_MARGIN]
        chosen = ranked[0] if len(close) == 1 else self._most_specific(close, said)
        if chosen is None:
            self._tie(text, [s for s in suggestions if ranked[0][1] - s["score"] < TIE_MARGIN])
        top_id, top_score, top_alias = chosen
        runner = next((c for c in ranked if c[0] != top_id), None)
        runner_up = {"id": runner[0], "name": names[runner[0]].name, "score": runner[1]} if runner else None
        alias_words = set(normalise(top_alias).split())
        profile = dict(profile, seniority=[w for w in profile["seniority"] if not set(w.split()) <= alias_words])
        return self._result(text, top_id, top_alias, "fuzzy", top_score, profile, runner_up)

    @staticmethod
    def _most_specific(close, said):
        """The candidate whose alias contains every other close candidate's alias, and that
        either scores higher than each or was named word for word; None if there is none."""
        words = {c: set(normalise(c[2]).split()) for c in close}
        for c in close:
            others = [d for d in close if d is not c]
            if all(words[d] < words[c] and (c[1] > d[1] or words[c] <= said) for d in others):
                return c
        return None

    def whole_scores(self, query):
        """{alias: similarity} of words to every longer name or alias taken whole (typos and word
        order, not "part of"): could these left-over words name a profession on their own?"""
        from rapidfuzz import fuzz, process, utils

        query = utils.default_process(query)
        out = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _, score, alias in process.extract(query, {a: utils.default_process(a) for a in self.catalogue.aliases
                                                           if len(a) > SHORT}, scorer=scorer, processor=None,
                                                   limit=SUGGESTIONS):
                out[alias] = max(out.get(alias, 0.0), score)
        return out

    def scores(self, query):
        """{alias: similarity 0-100} of processed words to every name and alias (see _score)."""
        from rapidfuzz import fuzz, process, utils  # imported only when the exact steps fail

        if self._choices is None:
            processed = {alias: utils.default_process(alias) for alias in self.catalogue.aliases}
            self._choices = ({a: p for a, p in processed.items() if len(p) <= SHORT},
                             {a: p for a, p in processed.items() if len(p) > SHORT})
        short, long = self._choices
        query = utils.default_process(query)
        out = {}

        def take(choices, scorer, weight=1.0):
            for _, score, alias in process.extract(query, choices, scorer=scorer, processor=None, limit=None):
                score *= weight
                if score > out.get(alias, 0.0):
                    out[alias] = score

        take(short, fuzz.ratio)  # abbreviations are compared whole
        take(long, fuzz.ratio)
        if len(query) > SHORT:
            take(long, fuzz.token_sort_ratio)
            take(long, fuzz.token_set_ratio, SUBSET_WEIGHT)
        return out

