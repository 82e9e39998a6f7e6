"""Place mentions: find the place names in an article and resolve each with its context.

Recognition is gazetteer-driven and fast (no tagger): runs of capitalised words are matched
longest-first against the gazetteer's name keys, with the kind words that follow a name
("air base", "oil field", "Province") taken into the mention. People, organisations, demonyms,
months and common words are filtered by their context. Resolution ranks each name's candidates by
the gazetteer score, the cue words around it, and the document's focus: the countries and areas
its other places are in, and their distance.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from gazetteer import Gazetteer, default_gazetteer
from gazetteer.index import abbreviation_key
from gazetteer.lookup import ARABIC_MARKERS, split_cue
from gazetteer.model import EARTH_RADIUS_KM, Candidate, distance_km
from gazetteer.normalize import fold, name_key, skeleton
from geo.model import Document, Mention
from geo.sentences import dateline_spans

MAX_TOKENS = 6
CANDIDATES = 8  # readings of a name weighed in context
SAME_NAMED_CANDIDATES = 60  # ... when that many places bear the very name ("Novooleksandrivka")
SPELT_OUT = {"St": "Saint", "Ste": "Sainte", "Mt": "Mount", "Ft": "Fort", "Pt": "Point"}
ABBREVIATED = frozenset(SPELT_OUT)  # "St. Petersburg", "Mt. Pleasant"
ABBREVIATION = re.compile(r"\b(" + "|".join(SPELT_OUT) + r")\. ")
FOCUS_COUNTRY_BONUS = 0.18
FOCUS_ADMIN1_BONUS = 0.08
NEAR_BONUS = 0.1
NEAR_KM = 300
SUPPORT_BONUS = 0.1
SUPPORT_REACH = 0.1
ALT_NAME_PENALTY = 0.15  # a place called so only by another of its names, when one bears it
MAX_CONTEXT_BONUS = FOCUS_COUNTRY_BONUS + FOCUS_ADMIN1_BONUS + NEAR_BONUS + SUPPORT_BONUS
MAJOR_POPULATION = 400_000
DOUBTFUL_COUNTRY_SHARE = 0.25
HAMLET_POPULATION = 5_000
# Kinds of place a cue word asks for that no town stands for: "Carmel mountain", "Tan camp"
FEATURE_KINDS = frozenset({"mountain", "ridge", "neighbourhood"})
NAME_TOWN_POPULATION = 100_000  # "Kelly", "Clinton": below this a person's name is doubtful

_WORD = re.compile(r"(?:[A-Z][a-z]{0,3}\.){2,}|[^\W\d_][^\W_]*(?:['’‘ʿ-](?![sS]\b)[^\W_]+)*|\d+")
_CONTRACTION = re.compile(r"['’](?:re|ve|ll|d|m|t)$", re.I)
# Lower-case words allowed inside a name: the Arabic article, "of", "upon", "de" ...
CONNECTORS = frozenset(
    "al el ad ar as ash az ez es at an ad-d bin ibn bu abu um umm de del della di da do dos das "
    "du des la le les van von der den of upon on sur am im y e".split()
)
_PREFIXES = "al|el|ad|ar|as|ash|az|ez|es|at|an|ath|adh"
# "al-Hassan", and the French "d'" and "l'" before a capital: "Côte d'Ivoire", "Val d'Isère"
_GLUED_PREFIX = re.compile(rf"^(?:(?:{_PREFIXES})[-‐‑](?=[^\W\d_])|[dl]['’](?=[^\W\d_a-z]))")
# Stretches of text that can hold a name: capitalised words (or "al-Hassan", "U.S."), joined by
# spaces, hyphens, "St. " and lower-case connectors, digits inside. A fast first pass: only these
# are split into words. It may take in more than a name ("Syria. The"); `_runs` splits it finely.
_CAP_WORD = (rf"(?:(?:[A-Z][a-z]{{0,3}}\.){{2,}}|"
             rf"(?:[^\W\d_a-z]|(?:{_PREFIXES})[-‐‑](?=[^\W\d_])|[dl]['’](?=[^\W\d_a-z]))"
             rf"[\w'’‘ʿ-]*)")
_SEP = r"(?:[^\S\n]+|[^\S\n]*-[^\S\n]*|\.[ ])"
_CONNECTOR_WORDS = "|".join(sorted((re.escape(c) for c in CONNECTORS), key=len, reverse=True))
NAME_STRETCH = re.compile(
    rf"(?<![\w-])(?<!\w['’‘ʿ]){_CAP_WORD}(?:{_SEP}(?:(?:{_CONNECTOR_WORDS}){_SEP})*(?:{_CAP_WORD}|\d+))*")
# Capitalised words either side of "and": where a name like "Bosnia and Herzegovina" can lie.
_AND_JOINED = re.compile(r"(?<![\w-])((?:[A-Z][\w'’-]*[ ]){0,3}[A-Z][\w'’-]*) and "
                         r"([A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,3})")
# Kind words that may follow a name and belong to the mention.
CUE_AFTER = re.compile(
    r"\s+(?:(?:military\s+)?air\s?(?:base|field|port)|airbase|airfield|airport|oil\s?field|"
    r"gas\s?field|oil\s+and\s+gas\s+field|(?:military\s+)?base|garrison|barracks|mountains?|"
    r"hills|ridge|range|province|governorate|oblast|state|region|district|county|parish|borough|"
    r"dam|bridge|"
    r"border\s+crossing|crossing|river|valley|desert|refinery|power\s+plant|port|highway|"
    r"junction|lake|sea|island|strait|gulf|checkpoint|prison|hospital|"
    r"(?:refugee\s+|displacement\s+)?camp)\b|\s+co\.",
    re.IGNORECASE,
)
# A settlement's (or a city part's) kind word after a name of several words, or after a list of
# such names: "Kan Gyi village", "Zee Phyu Kone and Kan Gyi villages", "the Tayar Ghoush district
# of Raqqa". The words are one name.
SETTLEMENT_AFTER = re.compile(r"(?:(?:,| and| or)(?: [A-Z][\w'’-]*)+)*"
                              r" (?:village|town|hamlet|township|camp|district|neighbou?rhood|"
                              r"quarter|suburb)s?\b")
# Words just before a name, read as word lists (this runs for every name): "the city of Homs"
# asks for the city, "the countryside of Homs" the province; "in", "near", "the outskirts of"
# make an unknown name a place to report in unresolved.csv.
CITY_OF = frozenset({"city", "town", "village"})
AREA_OF = frozenset({"countryside", "province", "governorate", "department", "state"})
LOCATIVE_WORDS = frozenset("in near outside around into toward towards from".split())
# Words that begin sentences, not names: a name they start must be known exactly ("The Hague"),
# not by a looser key ("A US" is not a place whose key is "a").
FUNCTION_WORDS = frozenset(
    "a an the in on at as by for from of to with and but or if so this that these those his "
    "her its their our my your every each no some any after before when while during since "
    "until under over into near".split())
LOCATIVE_OF = frozenset("town village city district province region area outskirts countryside "
                        "suburb neighbourhood neighborhood towns villages cities districts "
                        "provinces regions areas suburbs neighbourhoods neighborhoods".split())
NO_KIND, CITY_KIND, ADMIN1_KIND = frozenset(), frozenset({"city"}), frozenset({"admin1"})
UNRESOLVED = "?unresolved"
# A recognised name: start, end, the kinds its context asks for, the flags of its context.
_Found = tuple[int, int, frozenset[str], frozenset[str]]
# Flags of a one-word mention: what its context says about it.
SPEAKER, LOCATIVE, SENTENCE_START, PERSON_NAME = "speaker", "locative", "start", "person_name"
NEWS_SOURCE = "news_source"
# A one-word name beside an unknown name word of its run: part of a longer name ("Babakura Kolo",
# "Kan Gyi", "Abu Musab"), or an armed group's name ("al-Shabaab").
NAME_PART, ACTOR_NAME = "name_part", "actor_name"
PLACE, WORD, DOUBTFUL, INEXACT = "place", "word", "doubtful", "inexact"
# Names that look transliterated (from Arabic, Persian, Russian ...): hyphens, apostrophes, ayns,
# Arabic articles and place words, Slavic endings ("-grad", "-ivka"); only these are matched by
# their loosest (skeleton) keys.
SLAVIC_ENDING = re.compile(r"\w(?:[gh]rad|[gh]orod|[io]vka|[io]vsk\w*)\b", re.I)
TRANSLITERATED = re.compile(ARABIC_MARKERS.pattern + r"|[-'’ʿʾ‘]|\w(?:kh|zh|dh|gh|ou)\w|"
                            + SLAVIC_ENDING.pattern, re.I)
SPEECH_AFTER = re.compile(r"[\s,]+(?:said|says|told|added|explained|wrote|argued|noted|stated|"
                          r"recalled|insisted|testified|tweeted)\b")
# A news source's context: "Rudaw reported", "X TV", "told X", "according to X". A one-word name
# there is doubtful: an outlet, unless the place fits the article's geography.
SOURCE_AFTER = re.compile(r"[\s,]+(?:reported|reports|reporting|quoted|cited|TV|[Tt]elevision|"
                          r"[Nn]ews [Aa]gency|[Nn]ews [Ss]ervice|newspaper|broadcaster)\b")
SOURCE_BEFORE = frozenset({("told",), ("according", "to"), ("quoted", "by"), ("cited", "by")})
# After a name, what makes it a person's or a family's: "the Hamad family" (not "a Sycamore
# family": a family from Sycamore), "his son Ali, 19," (not "Marion, 8.7 percent").
FAMILY_AFTER = re.compile(r"\s+(?:family|families|clan|household)\b")
AGE_AFTER = re.compile(r",\s*\d{1,2}(?=[,;)]|\.(?!\d)|$)")
# Words before a name that make it a person, and words after it that make it an organisation.
PERSON_TITLES = frozenset(
    "president minister general gen colonel col lieutenant lt major maj captain capt sergeant sgt "
    "commander brigadier admiral marshal mr mrs ms dr sheikh shaikh imam ayatollah king queen "
    "prince princess emir sultan senator sen rep representative governor gov mayor spokesman "
    "spokeswoman spokesperson pope saint st. chancellor premier envoy ambassador secretary "
    "judge justice rabbi bishop father sister brother pastor professor prof chief leader "
    "dictator warlord mullah mufti lord sir dame".split()
)
# After a name, a title in apposition makes it a person: "Abiy Ahmed, the prime minister, said",
# "X, the leader of the TPLF, told" (not "in Donetsk, the regional governor said").
TITLE_AFTER = re.compile(r",\s+the\s+(?:[a-z-]+\s+){0,2}?(?P<title>[a-z]+)"
                         r"(?:\s+of\s+[^,.;:]{1,40})?,")
_LOCATIVE_BEFORE = frozenset({"in", "at", "near", "from", "to", "into", "on", "across", "around"})
# After a name, a kind of aircraft or gun makes it a make or model ("Apache helicopters"), and
# so does "a ... car" ("a Zhiguli car"), not a place ("a Baghdad car bomb", "Ozark car dealer").
MODEL_AFTER = re.compile(r"\s+(?:helicopters?|gunships?|jets?|fighter-bombers?|warplanes?|"
                         r"rifles?)\b")
MODEL_CAR = re.compile(r"\s+(?:car|truck)\b(?!\s+bomb)")  # only after "a": "a Zhiguli car"
# The first word of many Arabic and Hebrew place names: a known name after it is the tail of an
# unknown name ("Bint Jbail" is not Jbail/Byblos).
NAME_HEADS = frozenset("bint beit bayt bani beni bnei deir dayr kafr kfar khirbet khirbat tel tell "
                       "umm ein ain ayn ras wadi jabal jebel nahr bir birkat qasr marj".split())
ORG_WORDS = frozenset(
    "agency ministry army forces force council observatory news times post press tv radio "
    "party university college school airlines airways bank company corp corporation inc ltd "
    "group front union committee institute foundation club fc command coalition department "
    "office guard guards police brigades battalion regiment division corps militia movement "
    "organization organisation association federation network channel daily herald tribune "
    "journal gazette review magazine telegraph mail star express observer standard monitor "
    "hospital church mosque cathedral center centre museum stadium hotel street avenue road "
    "square international limited holdings media services authority commission congress "
    "parliament assembly senate government administration ministry's republic's".split()
)
_COMPASS = frozenset("north south east west northern southern eastern western central "
                     "northeast northwest southeast southwest north-east north-west south-east "
                     "south-west".split())
#: Capitalised words after a place that end an armed force's name: "Assam Rifles", "Moro
#: National Liberation Front", "Qods Force". The place is then no town where things happen.
FORCE_NAME_AFTER = re.compile(
    r"(?:[ -][A-Z][\w'’-]*){0,4}[ -](?:Front|Rifles|Force|Forces|Army|Brigades?|Battalion|"
    r"Regiment|Corps|Militia|Movement|Guards?|Units)\b")
MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)
NOT_PLACES = frozenset(
    "god allah islam islamic state is isis isil daesh al-qaeda qaeda taliban hezbollah hamas "
    "christ jesus mohammed muhammad prophet ramadan eid christmas easter passover hanukkah "
    "diwali nowruz ashura internet twitter "
    "facebook google youtube reuters afp ap tass sana xinhua rt bbc cnn un nato eu "
    # compass words and other capitalised words that name places only as part of a longer name
    "north south east west northern southern eastern western central first free centre "
    "northeast northwest southeast southwest midwest ii iii iv "
    "center upper lower greater new old great little".split()
)


@lru_cache(maxsize=1)
def _common_words() -> dict[str, bool]:
    """Frequent English words spelt in lower case, each with whether it is also a name."""
    text = (resources.files("geo") / "data" / "common_words.txt").read_text(encoding="utf-8")
    words = (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    return {w[0]: len(w) > 1 for w in words}


def _is_common(word: str) -> bool:
    """A common English word or a word that names places only inside longer names."""
    return word in _common_words() or word in NOT_PLACES


def _name_list(filename: str) -> tuple[str, ...]:
    """The names of a list in geo/data, one per line (lower case; "#" lines are comments)."""
    text = (resources.files("geo") / "data" / filename).read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _peoples() -> frozenset[str]:
    """Names of peoples and religious groups (lower case, with their plural): not places."""
    names = _name_list("peoples.txt")
    return frozenset(names + tuple(n + "s" for n in names))


@lru_cache(maxsize=1)
def _news_outlets() -> tuple[str, ...]:
    """News outlets' names in lower case ("voice of america", "rudaw")."""
    return _name_list("news_outlets.txt")


@lru_cache(maxsize=1)
def _outlet_words() -> frozenset[str]:
    """News outlets named in one word ("rudaw", "interfax"): never places."""
    return frozenset(o for o in _news_outlets() if " " not in o)


@lru_cache(maxsize=1)
def _organisations() -> dict[str, tuple[str, ...]]:
    """Armed groups', forces' and news outlets' names of several words in lower case, by first
    word ("hayat": "hayat tahrir al-sham"): the places inside them ("al-Sham", "Kurdistan",
    "America" of "Voice of America") are part of a name, not mentions."""
    from geo.actors import load_actors

    by_first: dict[str, set[str]] = {}
    for actor in load_actors():
        for a in actor.aliases:
            if " " in a and not a.endswith(" *"):
                by_first.setdefault(a.split()[0].lower(), set()).add(a.lower())
    for outlet in _news_outlets():
        by_first.setdefault(outlet.split()[0], set()).add(outlet)
    return {w: tuple(sorted(names, key=len, reverse=True)) for w, names in by_first.items()}


@lru_cache(maxsize=1)
def _actor_words() -> frozenset[str]:
    """One-word names of armed groups and forces as written ("al-Shabaab", "Fano"), also without
    their Arabic article ("Shabaab" of "al Shabaab")."""
    from geo.actors import load_actors

    out = set()
    for actor in load_actors():
        for a in actor.aliases:
            bare = re.sub(r"^(?:al|Al|AL|el|El)[- ]", "", a)
            out.update(w for w in (a, bare) if " " not in w and len(w) > 2)
    return frozenset(out)


def _title_after(text: str, end: int) -> bool:
    """Does a title in apposition follow the name ending at ``end`` (", the army chief,")?"""
    m = TITLE_AFTER.match(text, end)
    return bool(m) and m.group("title") in PERSON_TITLES


def _organisation_at(text: str, run: Sequence[_Token]) -> int | None:
    """Index of the run's first word that begins an organisation's name, if any."""
    orgs = _organisations()
    for k, tok in enumerate(run):
        for org in orgs.get(tok.lower, ()):
            end = tok.start + len(org)
            if text[tok.start:end].lower() == org and not text[end:end + 1].isalnum():
                return k
    return None


@lru_cache(maxsize=None)
def _names(kind: str) -> frozenset[str]:
    """Given ("first") or family ("family") names, lower case."""
    text = (resources.files("geo") / "data" / f"{kind}_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    text = (resources.files("gazetteer") / "data" / "demonyms.csv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        dem, _, cc = line.rpartition(",")
        out[dem.lower()] = cc
        for suffix in ("s",):
            out[dem.lower() + suffix] = cc
    return out


@lru_cache(maxsize=1)
def _demonym_starts() -> frozenset[str]:
    """First words of demonyms of two or three words ("sri" of "Sri Lankan")."""
    return frozenset(d.split()[0] for d in _demonyms() if " " in d)


def _split_at_demonyms(run: list[_Token], counts: Counter[str]) -> list[list[_Token]]:
    """The run without its demonyms of several words, which are counted: "The Sri Lankan"
    holds no place "Sri"."""
    starts = _demonym_starts()
    for k, tok in enumerate(run):
        if tok.lower in starts:
            for m in (3, 2):
                words = " ".join(t.lower for t in run[k:k + m])
                if len(run) >= k + m and words in _demonyms():
                    counts[_demonyms()[words]] += 1
                    rest = [r for part in _trim(run[k + m:])
                            for r in _split_at_demonyms(part, counts)]
                    return [*_trim(run[:k]), *rest]
    return [run]


class _Token:
    """A word of the text: its offsets, its text and its lower-case form (read many times)."""

    __slots__ = ("end", "lower", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text, self.lower = start, end, text, text.lower()

    @property
    def capitalised(self) -> bool:
        c = self.text[0]
        return c.isupper() or bool(_GLUED_PREFIX.match(self.text)) or self.text.isdigit()


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


def _runs(tokens: list[_Token], text: str) -> Iterable[list[_Token]]:
    """Runs of capitalised tokens (connectors inside allowed), not crossing punctuation."""
    run: list[_Token] = []
    for tok in tokens:
        gap = text[run[-1].end:tok.start] if run else ""
        joinable = not run or (gap in (" ", "-", " - ", "\u00a0") or gap.strip() == "" or
                               gap == ". " and (run[-1].text in ABBREVIATED  # "St. Louis"
                                                or len(run[-1].text) == 1))  # "John F. Kelly"
        if "\n" in gap or gap == " - " and run[-1].text.isupper() != tok.text.isupper():
            joinable = False  # "CAIRO - On a field": a dateline's dash, not "Abu - Kamal"
        if tok.capitalised and not (tok.text.isdigit() and not run):
            if not joinable:
                yield from _trim(run)
                run = []
            run.append(tok)
        elif run and joinable and tok.text in CONNECTORS:
            run.append(tok)
        else:
            yield from _trim(run)
            run = []
    yield from _trim(run)


def _trim(run: list[_Token]) -> Iterable[list[_Token]]:
    while run and (run[-1].text in CONNECTORS or run[-1].text.isdigit() and len(run) == 1):
        run = run[:-1]
    while run and run[0].text in CONNECTORS:
        run = run[1:]
    if run:
        yield run


class MentionFinder:
    """Finds and resolves place mentions with one gazetteer (build once, call per document)."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or default_gazetteer()
        self.k0, self.k1, self.k2 = (self.gaz.keys(t) for t in (0, 1, 2))
        self._lookup = lru_cache(maxsize=50_000)(self._lookup_uncached)
        self._known_cache: dict[tuple[str, bool], bool] = {}
        self._lookup_in = lru_cache(maxsize=20_000)(self._lookup_in_country)

    def _lookup_in_country(self, phrase: str, country: str) -> tuple[Candidate, ...]:
        return tuple(self.gaz.lookup(phrase, country=country, limit=30, fuzzy=False))

    def _lookup_uncached(self, phrase: str, kinds: frozenset[str]) -> tuple[Candidate, ...]:
        cands = self.gaz.lookup(phrase, kinds=kinds or None, limit=CANDIDATES, fuzzy=False)
        if len(cands) == CANDIDATES and name_key(cands[-1].place.name) == name_key(
                _split_cue(phrase)[0]):  # dozens of villages called so: context must reach all
            cands = self.gaz.lookup(phrase, kinds=kinds or None, limit=SAME_NAMED_CANDIDATES,
                                    fuzzy=False)
        return tuple(cands)

    # -- recognition ------------------------------------------------------------------------
    def _known(self, phrase: str, *, loose: bool, exact: bool = False) -> bool:
        key = (phrase, loose, exact)
        known = self._known_cache.get(key)
        if known is None:
            known = self._known_cache[key] = self._known_uncached(_spelt_out(phrase), loose,
                                                                  exact)
        return known

    def _known_uncached(self, phrase: str, loose: bool, exact: bool) -> bool:
        if fold(phrase) in self.k0:
            return True
        if exact:
            return False
        if name_key(phrase) in self.k1:
            return True
        # the loosest keys are for transliterations ("Deir Ezzor"), not for any two words
        if not loose or TRANSLITERATED.search(f" {phrase} ") is None:
            return False
        key = skeleton(phrase)
        return len(key) >= 5 and key in self.k2

    def _doubt(self, phrase: str, cands: Sequence[Candidate], flags: frozenset[str]) -> str:
        """Whether a one-word name is a place: PLACE, WORD (drop it) or DOUBTFUL (keep it only
        if it lies near the document's other places: "Reading", "Richmond", "Michael")."""
        verdict = self._doubt_alone(phrase, cands, flags)
        best = cands[0]
        if verdict == PLACE and flags & {NAME_PART, ACTOR_NAME} and not (
                best.kind == "country" or best.place.population >= MAJOR_POPULATION):
            return DOUBTFUL  # "Babakura Kolo", "Minywar Village", "al-Shabaab": only nearby
        return verdict

    def _doubt_alone(self, phrase: str, cands: Sequence[Candidate], flags: frozenset[str]
                     ) -> str:
        """`_doubt` by the word and its place readings, before its neighbours are heard."""
        low = phrase.lower()
        if _CONTRACTION.search(low) or len(low) == 1:
            return WORD
        if (low in MONTHS_DAYS or low in NOT_PLACES or low in _demonyms() or low in _peoples()
                or low in PERSON_TITLES or low in _outlet_words()):
            return WORD
        best = cands[0]
        own_name = fold(best.place.name) == fold(phrase) or (  # "Britain", "America", "US"
            best.kind == "country" and best.match in ("exact", "normalised")) or (
            fold(best.matched) == "the " + fold(phrase))  # "the Gulf": named with its article
        major = best.kind == "country" or best.place.population >= MAJOR_POPULATION or (
            best.kind == "admin1" and not best.place.population)  # areas of unknown size
        also_name = None if phrase.isupper() else _common_words().get(low)  # "US", "CHARLESTON"
        if best.kind == "country" and best.match == "exact" and SENTENCE_START not in flags:
            return PLACE  # "Turkey has shelled", "Chad", not "Man arrested in ..."
        if also_name is False:  # a common word only a dictionary spells in lower case
            if best.kind in ("country", "admin1", "admin2"):  # "Main" is not Man ("Mann")
                return PLACE if own_name else WORD
            return PLACE if own_name and (major or best.kind != "city") else WORD
        if LOCATIVE in flags or major and own_name:
            return PLACE
        if also_name and SENTENCE_START in flags and not any(
                fold(c.place.name) == fold(phrase) for c in cands):
            return WORD  # "More airstrikes ..." is not Moreh
        if also_name or flags & {SPEAKER, SENTENCE_START, NEWS_SOURCE} or (
                PERSON_NAME in flags and best.place.population < NAME_TOWN_POPULATION):
            return DOUBTFUL
        return PLACE

    def find(self, doc: Document) -> list[Mention]:
        """Every place mention in the document's body, resolved where the gazetteer allows."""
        text = doc.text
        spans = doc.body or ((0, len(text)),)
        found: list[_Found] = []
        persons: set[str] = set()
        demonyms: Counter[str] = Counter()  # "Syrian" makes Syria the likelier focus
        dem = _demonyms()
        for s, e in spans:
            for stretch in NAME_STRETCH.finditer(text, s, e):
                word = stretch.group()
                if word.isalpha() and word[0].isupper():  # one word: no need to split it
                    low = word.lower()
                    if low in dem:
                        demonyms[dem[low]] += 1
                    else:
                        found += self._match_run(text, [_Token(*stretch.span(), word)], persons)
                    continue
                for whole in _runs(_tokens(text, *stretch.span()), text):
                    for run in _split_at_demonyms(whole, demonyms):  # "The Sri Lankan army"
                        found += self._match_run(text, run, persons)
                        demonyms.update(dem[t.lower] for t in run if t.lower in dem)
            joined = self._joined_names(text, s, e)
            if joined:
                found = [f for f in found if not any(a < f[1] and f[0] < b for a, b in joined)]
                found += [(a, b, NO_KIND, frozenset()) for a, b in joined]
        found.sort(key=lambda f: f[0])
        found = [f for f in found if text[f[0]:f[1]].lower() not in persons]
        return self._resolve(doc, found, demonyms)

    def _joined_names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Names with "and" inside ("Trinidad and Tobago", "Jammu and Kashmir"), which runs
        split: the longest known exactly around each capitalised "X and Y"."""
        out = []
        for m in _AND_JOINED.finditer(text, start, end):
            before = list(_WORD.finditer(m.group(1)))
            after = list(_WORD.finditer(m.group(2)))
            for i, j in sorted(((i, j) for i in range(len(before)) for j in range(len(after))),
                               key=lambda ij: ij[0] - ij[1]):
                a, b = m.start(1) + before[i].start(), m.start(2) + after[j].end()
                if fold(text[a:b]) in self.k0:
                    out.append((a, b))
                    break
        return out

    def _match_run(self, text: str, run: list[_Token], persons: set[str]
                   ) -> list[_Found]:
        first = run[0]
        after = text[first.end:first.end + 1]
        if len(run) == 1 and "-" not in first.text and after != "." and not (
                self._known(first.text, loose=bool(SLAVIC_ENDING.search(first.text)))
                or after.isspace() and CUE_AFTER.match(text, first.end)):
            return self._unknown_place(text, run)  # most runs: "The", "He", "Reuters"
        org = _organisation_at(text, run) if len(run) > 1 else None
        if org is not None:  # "Hayat Tahrir al-Sham", "Kurdistan Workers' Party"
            return self._match_run(text, run[:org], persons) if org else []
        if n_words(run) > 1 and SETTLEMENT_AFTER.match(text, run[-1].end) and not self._known(
                text[run[0].start:run[-1].end], loose=True):
            unknown = self._unknown_place(text, run)  # "Kan Gyi village" is not Kan
            if unknown:
                return unknown
        before = text[max(0, run[0].start - 40):run[0].start].split()
        prev_word = before[-1].lower() if before else ""
        if prev_word.endswith(".") and len(prev_word) > 5:
            prev_word = ""  # "Ministry of Justice. Azerbaijan has": a sentence ended, not "Gen."
        if prev_word.rstrip(".") in PERSON_TITLES or (
                prev_word == "the" and FAMILY_AFTER.match(text, run[-1].end)) or (
                not run[-1].text.isdigit() and AGE_AFTER.match(text, run[-1].end)) or (
                prev_word not in _LOCATIVE_BEFORE and run[0].lower not in _LOCATIVE_BEFORE
                and _title_after(text, run[-1].end)):
            # "President Bashar al-Assad", "Gen. Suheil", "the Hamad family", "Ali, 19,",
            # "Abiy Ahmed, the prime minister,"
            persons.update(self._person_names(run))
            return []
        for k, tok in enumerate(run[:-1]):
            if (tok.lower.rstrip(".") in PERSON_TITLES or tok.text == "Operation") and not (
                    self._known(text[tok.start:run[-1].end], loose=False)):  # "Prince Edward
                # Island", "Queen Anne's County" are places
                # "Syrian President Bashar al-Assad", "Operation Olive Branch"
                m = k + 1  # the name: up to three words, not common ones ("Minister Visits")
                while m < len(run) and m - k <= 3 and run[m].lower not in _common_words():
                    m += 1
                if m == k + 1:
                    continue
                persons.update(self._person_names(run[k + 1:m]))
                before = self._match_run(text, run[:k], persons) if k else []
                return before + (self._match_run(text, run[m:], persons) if m < len(run) else [])
        out = []
        i, n = 0, len(run)
        cues: list = [False] * n  # the kind word after each token, looked for on first use
        while i < n:
            if run[i].text in CONNECTORS or run[i].text.isdigit():
                i += 1
                continue
            if run[i].lower in MONTHS_DAYS and i + 1 < n and run[i + 1].text.isdigit():
                i += 2  # "on October 6" is a date, not the Egyptian city of that name
                continue
            if run[i].text in ("War", "Wars") and i + 1 < n and run[i + 1].lower in ("i", "ii"):
                i += 2  # "World War II" is no Warri
                continue
            hit = None
            abbreviation = text[run[i].end:run[i].end + 1] == "." and abbreviation_key(
                run[i].text + ".")
            if abbreviation and abbreviation in self.k0:  # "Ga.", "Calif.", "Tenn."
                out.append((run[i].start, run[i].end + 1, NO_KIND, frozenset()))
                i += 1
                continue
            short = len(run[i].text) <= 2 and not run[i].text.isupper()
            if short and run[i].text not in ABBREVIATED and run[i].lower not in CONNECTORS:
                i += 1  # "Va", "Ga": an abbreviation's stem, not a name
                continue
            function_word = run[i].lower in FUNCTION_WORDS
            for j in range(min(n, i + MAX_TOKENS), i, -1):
                if run[j - 1].text in CONNECTORS:
                    continue
                start, end = run[i].start, run[j - 1].end
                phrase = text[start:end]
                cue = cues[j - 1]
                exact = function_word and j - i > 1
                if cue is False:
                    cue = cues[j - 1] = (CUE_AFTER.match(text, end)
                                         if text[end:end + 1].isspace() else None)
                if cue and cue.group().lstrip().lower() == "state" and not self._is_state(phrase):
                    cue = cues[j - 1] = None  # "Russia state TV" is Russia's TV, not Ruse
                if cue and self._known(text[start:cue.end()], loose=True, exact=exact):
                    hit = (start, cue.end(), j)
                    break
                loose = j - i > 1 and not function_word or bool(SLAVIC_ENDING.search(phrase))
                if self._known(phrase, loose=loose, exact=exact):  # one word: "Myrnograd"
                    if cue:
                        end = cue.end()
                    hit = (start, end, j)
                    break
            if function_word and hit is not None and self._longer_after(text, run, i, hit[2]):
                i += 1  # "The Gulf of Mexico" is the Gulf of Mexico, not "The Gulf" and "Mexico"
                continue
            if (i == 0 and (hit is None or hit[2] == 1) and n > 1 and run[0].text == "Radio"
                    and run[1].text not in CONNECTORS):
                return []  # "Radio Free Asia", "Radio Shabelle": a broadcaster's name
            k = _arabic_name_end(run, i)
            if k and (hit is None or hit[2] < k):  # "Hammam al-Alil", "Bashar al-Assad"
                if run[i].lower in _names("first"):
                    persons.update(self._person_names(run[i:k]))
                else:
                    out += self._unknown_place(text, run[i:k])
                i = k
                continue
            if (hit is None or hit[2] == i + 1) and self._is_full_name(run, i):
                k = i + 2  # "Michael Ripley", "Paris Hilton": a given name and a surname
                while k < n and k - i < 3 and self._is_name_word(run[k]):
                    k += 1
                persons.update(self._person_names(run[i:k]))
                i = k
                continue
            if hit is None:
                if "-" in run[i].text and run[i].text[0].isupper():
                    parts = self._hyphen_parts(text, run[i])
                    joined = self._hyphen_joined(text, run, i)
                    if joined is not None:  # "DPRK-South Korea": the last part starts a name
                        out += [p for p in parts if p[1] <= joined[0]] + [joined[:2] + (
                            frozenset(), frozenset())]
                        i = joined[2]
                        continue
                    out += parts
                i += 1
                continue
            start, end, j = hit
            if j < n and all(t.lower in _COMPASS for t in run[i:j]):
                i = j  # "South West England" is a part of England, not Cameroon's South-West
                continue
            if i and run[i].lower in ORG_WORDS and run[i - 1].text not in CONNECTORS:
                i = j  # "African Union", "Democratic Front": an organisation's name
                continue
            if MODEL_AFTER.match(text, end) or MODEL_CAR.match(text, end) and text[
                    max(0, start - 3):start] in (" a ", "\na "):
                i = j  # "Apache helicopters", "a Zhiguli car": a make or model, not a place
                continue
            if i and j == i + 1 and run[i - 1].lower in NAME_HEADS:
                i = j  # "Bint Jbail", "Deir Hafer": the whole name is unknown, not its tail
                continue
            words = _words_before(text, start)
            kinds = _kinds_asked(words, text[end:end + 12])
            flags = self._flags(text, run, i, j, end, words)
            if j == i + 1 and run[i].text in _actor_words():
                flags |= {ACTOR_NAME}
            elif j == i + 1 and (i and self._unknown_name_word(run[i - 1])  # "Babakura Kolo"
                                 or j < n and run[i].lower in CONNECTORS):  # "Abu Musab"
                flags |= {NAME_PART}
            if (out and text[out[-1][1]:start] == " " and j == i + 1 and i
                    and self._is_name_word(run[i - 1]) and self._is_name_word(run[i])):
                out[-1] = (*out[-1][:3], out[-1][3] | {NAME_PART})  # "Zee Phyu Kone", "Mir Ali":
                flags |= {NAME_PART}  # two names side by side are one name
            out.append((start, end, kinds, flags))
            i = j
        return out or self._unknown_place(text, run)

    @staticmethod
    def _unknown_place(text: str, run: list[_Token]
                       ) -> list[_Found]:
        """A name the gazetteer lacks after "in", "near" ... or before "village": reported in
        unresolved.csv."""
        if len(run) > 4 or not (_locative(_words_before(text, run[0].start)) or n_words(run) > 1
                                and SETTLEMENT_AFTER.match(text, run[-1].end)):
            return []
        words = [t for t in run if t.text not in CONNECTORS]
        if any(t.lower in _common_words() or t.lower in NOT_PLACES or t.lower in _demonyms()
               or t.lower in _outlet_words()
               or t.lower in MONTHS_DAYS or t.text.isdigit() for t in words):
            return []
        nxt = text[run[-1].end:run[-1].end + 30].split()[:1]
        if nxt and nxt[0].lower().strip(".,;:") in ORG_WORDS:
            return []
        return [(run[0].start, run[-1].end, frozenset({UNRESOLVED}), frozenset())]

    @staticmethod
    def _is_name_word(tok: _Token) -> bool:
        return (tok.text[:1].isupper() and not tok.text.isupper() and tok.text not in CONNECTORS
                and tok.lower not in _common_words() and tok.lower not in ORG_WORDS)

    def _unknown_name_word(self, tok: _Token) -> bool:
        """A capitalised word that is no place, common word, title or demonym: a name's part."""
        return (self._is_name_word(tok) and tok.lower not in NOT_PLACES
                and tok.lower not in PERSON_TITLES and tok.lower not in MONTHS_DAYS
                and tok.lower not in _demonyms() and not self._known(tok.text, loose=False))

    def _is_full_name(self, run: list[_Token], i: int) -> bool:
        """A given name followed by a capitalised word that is not a common word: a person."""
        return (run[i].lower in _names("first") and i + 1 < len(run)
                and self._is_name_word(run[i + 1]) and not self._is_country(run[i + 1].text))

    def _is_state(self, phrase: str) -> bool:
        """Is "<phrase> state" a first-level area called so ("Washington state", "Borno
        State"), not a country's state media ("Russia state TV")?"""
        cands = self._lookup(phrase + " state", NO_KIND)
        return bool(cands) and cands[0].kind == "admin1" and cands[0].match == "exact" and fold(
            cands[0].matched) in (fold(phrase), fold(phrase + " state"))

    def _is_country(self, word: str) -> bool:
        """'Germany' in 'Nazi Germany' is no surname."""
        cands = self._lookup(word, NO_KIND) if self._known(word, loose=False) else ()
        return bool(cands) and cands[0].kind == "country" and cands[0].match == "exact"

    @staticmethod
    def _flags(text: str, run: list[_Token], i: int, j: int, end: int, words: list[str]
               ) -> frozenset[str]:
        """Context of a one-word mention: a person's name, speaker, after a locative word, first
        of a sentence."""
        if j != i + 1:
            return frozenset()
        tok = run[i]
        flags = set()
        if tok.lower in _names("family") or tok.lower in _names("first"):
            flags.add(PERSON_NAME)
        if SPEECH_AFTER.match(text, end):
            flags.add(SPEAKER)
        last = _without_the(words)[-2:]
        if SOURCE_AFTER.match(text, end) or last and (
                (last[-1],) in SOURCE_BEFORE or tuple(last) in SOURCE_BEFORE):
            flags.add(NEWS_SOURCE)
        if _locative(words):
            flags.add(LOCATIVE)
        before = text[max(0, tok.start - 40):tok.start]
        if not before.strip(" \t\"'“‘(") or before.rstrip(" \t\"'“‘(")[-1:] in ".!?:\n":
            flags.add(SENTENCE_START)
        return frozenset(flags)

    def _hyphen_parts(self, text: str, tok: _Token
                      ) -> list[_Found]:
        """'Syria-Iraq', 'London-based': the capitalised parts of a hyphenated word."""
        out, pos = [], tok.start
        for part in re.split(r"[-‐‑]", tok.text):
            if (part[:1].isupper() and (len(part) > 2 or part.isupper())
                    and part.lower() not in CONNECTORS
                    and self._known(part, loose=False)):  # not the "Al" of "Al-Aqsa"
                out.append((pos, pos + len(part), frozenset(), frozenset()))
            pos += len(part) + 1
        return out

    def _longer_after(self, text: str, run: list[_Token], i: int, j: int) -> bool:
        """Whether a name starting after the function word run[i] reaches past run[j - 1]."""
        for k in range(min(len(run), i + 1 + MAX_TOKENS), j, -1):
            if run[k - 1].text not in CONNECTORS and self._known(
                    text[run[i + 1].start:run[k - 1].end], loose=True):
                return True
        return False

    def _hyphen_joined(self, text: str, run: list[_Token], i: int
                       ) -> tuple[int, int, int] | None:
        """(start, end, next token) of a name that begins with the last part of a hyphenated
        word and goes on with the next words: "South Korea" in "DPRK-South Korea"."""
        start = run[i].start + run[i].text.rfind("-") + 1
        if not text[start:start + 1].isupper():
            return None
        for j in range(min(len(run), i + MAX_TOKENS), i + 1, -1):
            if run[j - 1].text not in CONNECTORS and self._known(
                    text[start:run[j - 1].end], loose=False, exact=True):
                return start, run[j - 1].end, j
        return None

    @staticmethod
    def _person_names(run: Sequence[_Token]) -> set[str]:
        # the full name and the surname, not the given name: "Dallas Mavericks" leaves "Dallas"
        last = run[-1].text.lower()
        names = {" ".join(t.text for t in run).lower(), last}
        if "-" in last:
            names.add(last.split("-", 1)[1])
        return names

    def _place_in_area(self, text: str, options: list) -> list:
        """'Tacoma, Washington', 'Paris, Ill.', 'Laurel County, Ky.': a place then, after a comma,
        the area or country holding it. Both are settled: the place inside, the area holding it."""
        out = list(options)
        for k in range(len(out) - 1):
            (s1, e1, p1, c1, _), (s2, e2, p2, c2, _) = out[k], out[k + 1]
            if text[e1:s2] not in (", ", ",") or c1[0].kind in ("admin1", "country"):
                continue  # "Homs, Hama and Idlib" is a list of areas
            key = name_key(p2)  # an area called so before one that has the name as another name
            for area in sorted(c2, key=lambda c: name_key(c.place.name) != key):  # ("England")
                if area.kind not in ("admin1", "country"):
                    continue
                inside = [c for c in self._lookup_in(_spelt_out(p1), area.country)
                          if area.kind == "country" or c.place.admin1 == area.place.admin1]
                inside = [c for c in inside if c.place.id != area.place.id
                          and c.match.endswith(("exact", "normalised"))]
                if inside:
                    out[k] = (s1, e1, p1, (inside[0],), False)
                    out[k + 1] = (s2, e2, p2, (area,), False)
                    break
        return out

    @staticmethod
    def _coherent(place, country_share: float, near_anchor) -> bool:
        """A doubtful name stays a place when it fits the document's geography."""
        if place.kind in ("country", "admin1"):
            return country_share >= DOUBTFUL_COUNTRY_SHARE
        return near_anchor(place)

    @staticmethod
    def _spelling_fit(options, focus: Counter[str], total: float):
        """Whether a place found only by a loose spelling fits the names read as written: it lies
        near one of them, or in the country most of them lie in. Loose readings vouch for none
        (five misspelt names are no five Chinese towns), and a country merely named ("the
        China-Myanmar border") vouches for none of its towns when other towns are named."""
        firm = [o[3][0].place for o in options
                if not o[4] and not o[3][0].match.endswith("variant")]
        towns = [p for p in firm if p.kind not in ("country", "admin1")]
        if not firm:
            return lambda place: True  # nothing to fit: read as it is ("Deir Ezzor")
        share = Counter(p.country for p in firm if p.kind != "country") if towns else focus
        share_total = sum(share.values()) if towns else total
        near = _Points(towns).near
        return lambda place: near(place) or (
            share.get(place.country, 0) / share_total >= DOUBTFUL_COUNTRY_SHARE)

    # -- resolution -------------------------------------------------------------------------
    def _resolve(self, doc: Document, found: list[_Found],
                 demonyms: Counter[str]) -> list[Mention]:
        text = doc.text
        options: list[tuple[int, int, str, tuple[Candidate, ...], bool]] = []
        inexact: set[int] = set()  # starts of transliterated names no reading bears as written
        unresolved: list[Mention] = []
        datelines: list[tuple[int, int]] | None = None
        for start, end, kinds, flags in found:
            phrase = text[start:end]
            if UNRESOLVED in kinds:
                unresolved.append(Mention(doc.id, start, end, phrase))
                continue
            cands = self._lookup(_spelt_out(phrase), kinds)
            if (fold("the " + phrase) in self.k0 and (
                    text[start - 4:start] == "the " and not text.startswith(" of ", end)
                    or _REGION_NOUN_AFTER.match(text, end))):
                # "in the Gulf", "Gulf states": the Persian Gulf, a name whose key holds "the"
                cands = self._lookup("the " + phrase, kinds) or cands
            if _is_acronym(phrase):
                if datelines is None:
                    datelines = dateline_spans(text)
                if not any(a <= start and end <= b for a, b in datelines):
                    # "NAFTA", "APC" are not Nefta or Apc; "UAE", "DRC" are; "CAIRO (AP) —" is
                    # Cairo
                    cands = tuple(c for c in cands if c.matched.isupper())
            if not cands:
                continue
            if _BUILDING_AFTER.match(text, end):  # "the Imam Ali mosque" is no Imam Ali Air Base
                cands = tuple(c for c in cands if not c.match.endswith("+stem"))
                if not cands:
                    continue
            if _NEWSPAPER_AFTER.match(text, end):  # "The Washington Post" is the city's paper
                big = [c for c in cands if c.kind == "city"
                       and c.place.population >= MAJOR_POPULATION]
                cands = (big[0],) if big else cands
            verdict = (DOUBTFUL if _loose_only(cands) or _hamlets_only(phrase, cands)
                       else INEXACT if _inexact_transliteration(phrase, cands) else PLACE)
            cue_kinds = _split_cue(phrase)[1]
            if (verdict == PLACE and cue_kinds and cue_kinds <= FEATURE_KINDS and not any(
                    c.kind in cue_kinds or fold(c.matched) == fold(phrase) for c in cands)):
                verdict = INEXACT  # "Carmel mountain" is no town of Indiana: it must fit
            elif (verdict == PLACE and cue_kinds == {"facility"}
                  and _is_common(_split_cue(phrase)[0].lower())
                  and not any(c.kind == "facility" for c in cands)):
                verdict = INEXACT  # "University Hospital", "the Royal Free Hospital": a name
            if " " not in phrase and not kinds and _bare(phrase):
                verdict = self._doubt(phrase, cands, flags)  # a kind word vouches for a name
                if verdict == PLACE and _village_alias(phrase, next(
                        (c for c in cands if not c.match.endswith("variant")), cands[0])):
                    verdict = INEXACT  # "Lanchin", "Wad": another spelling of a village only
            if verdict != WORD:
                options.append((start, end, phrase, cands, verdict in (DOUBTFUL, INEXACT)))
                if verdict == INEXACT:
                    inexact.add(start)
        options = self._place_in_area(text, options)
        sure = [o[3] for o in options if not o[4]]
        if not sure:  # nothing to fit: a transliteration is read as it is ("Deir Ezzor")
            options = [o[:4] + (o[4] and o[0] not in inexact,) for o in options]
        focus = Counter()
        admin = Counter()
        for cands in {c[0].place.id: c for c in sure}.values():  # each place once
            top = cands[0]
            weight = 1.0 if len(cands) == 1 or cands[0].score - cands[1].score > 0.1 else 0.5
            focus[top.country] += weight * (2 if top.kind == "country" and weight == 1 else 1)
            if top.place.admin1:
                admin[top.place.admin1] += weight
        for cc, count in demonyms.items():
            focus[cc] += 0.5 * count
        anchors = _Points(c[0].place for c in sure
                          if len(c) == 1 or c[0].score - c[1].score > 0.15)
        near_anchor = anchors.near
        # a doubtful name must lie near one of the likeliest readings of the sure names
        sure_points = _Points(c[0].place for c in sure if c[0].kind not in ("country", "admin1"))
        sure_ids = {c[0].place.id for c in sure}

        def near_sure(place) -> bool:  # ... or be a place named surely elsewhere ("Sirte, ...")
            return place.id in sure_ids or sure_points.near(place)

        # Areas that several names of the article could lie in: "Gainesville", "Hall County" and
        # "Georgia" each have a reading in the US state of Georgia.
        area_support: Counter[str] = Counter()  # each name once: "Red Sea region" is "Red Sea"
        for cands in {fold(o[3][0].matched): o[3] for o in options}.values():
            area_support.update({c.place.admin1 for c in cands
                                 if c.place.admin1 and c.score >= cands[0].score - SUPPORT_REACH})
        total = sum(focus.values()) or 1.0
        fits_spelling = self._spelling_fit(options, focus, total)

        def best_reading(phrase: str, cands: Sequence[Candidate], doubtful: bool,
                         loose: bool) -> Candidate | None:
            if doubtful:  # the readings beyond the usual few are for names read as places
                cands = cands[:CANDIDATES]
            if doubtful and loose:  # a spelling variant must fit the geography
                cands = [c for c in cands if fits_spelling(c.place)]
            elif doubtful:  # "Michael", "Reading": only a place that fits the article's geography
                cands = [c for c in cands if self._coherent(
                    c.place, focus.get(c.place.country, 0) / total, near_sure)]
            else:  # so must each reading found only by its skeleton ("al-Sawana" is no Sanaa)
                cands = [c for c in cands if not c.match.endswith("variant")
                         or fits_spelling(c.place)]
            phrase_key, folded = name_key(phrase), fold(phrase)
            own = {c.place.id for c in cands  # "New York" is New York City's own name too
                   if name_key(c.place.name) == phrase_key
                   or fold(c.place.name) in (folded + " city", folded + " county")}
            best, best_score = None, -1.0
            for c in cands:
                if c.score + MAX_CONTEXT_BONUS < best_score:
                    break  # candidates come best first: no bonus can lift this one
                p = c.place
                s = c.score
                s += FOCUS_COUNTRY_BONUS * focus.get(p.country, 0) / total
                if p.admin1:
                    s += FOCUS_ADMIN1_BONUS * min(1.0, admin.get(p.admin1, 0) / 2)
                    s += SUPPORT_BONUS * min(1.0, (area_support[p.admin1] - 1) / 2)
                # (the distances are worked out only when the bonus could make this one best)
                if (p.kind not in ("country", "admin1") and s + NEAR_BONUS > best_score
                        and near_anchor(p)):
                    s += NEAR_BONUS
                if own and p.id not in own:
                    s -= ALT_NAME_PENALTY
                if s > best_score:
                    best, best_score = c, s
            if best is not None and best.kind == "city" and fold(best.place.name) != folded:
                # "Mexico" is the country's own name and only another name of Mexico City
                best = next((c for c in cands if c.kind == "country" and c.match == "exact"),
                            best)
            return best

        # A name met again has the same candidates (the same tuple) and the same reading.
        readings: dict[tuple[int, bool, str, bool], Candidate | None] = {}
        mentions = []
        for start, end, phrase, cands, doubtful in options:
            loose = _loose_only(cands) or start in inexact
            key = (id(cands), doubtful, phrase, loose)
            if key not in readings:
                readings[key] = best_reading(phrase, cands, doubtful, loose)
            best = readings[key]
            if best is None and doubtful and loose and (" " in phrase or "-" in phrase):
                unresolved.append(Mention(doc.id, start, end, phrase))  # "Abu Shouk"
            if best is not None and best.kind == "city" and FORCE_NAME_AFTER.match(text, end):
                continue  # "Moro National Liberation Front": a name, not the town
            if best is not None:
                mentions.append(Mention(doc.id, start, end, phrase, best.place,
                                        round(best.score, 4)))
        cands_at = {o[0]: o[3] for o in options}
        mentions = sorted(mentions + unresolved, key=lambda m: m.start)
        mentions = _quarters_in_their_city(text, mentions, cands_at)
        mentions = _same_named_near_neighbours(mentions, cands_at)
        mentions = _lists_of_one_kind(text, mentions, cands_at)
        return _far_from_the_rest(_area_named_short(_short_for_full_names(mentions)), cands_at)


class _Points:
    """Places of a document; `near(place)`: whether another of them lies within NEAR_KM."""

    CELL = NEAR_KM / 111.0  # degrees of latitude: only neighbouring bands need a distance
    #: Degrees of longitude between two points below 60° of latitude that put them further than
    #: NEAR_KM apart: there the haversine distance is at least R * (longitude gap in radians) / pi
    #: (cos(latitude) >= 1/2, sin(x/2) >= x/pi); 5% margin. Only closer pairs need a distance.
    LON_GAP = math.degrees(math.pi * NEAR_KM / EARTH_RADIUS_KM) * 1.05

    def __init__(self, places: Iterable):
        self.bands: dict[int, list[tuple[str, float, float]]] = {}
        for p in {p.id: p for p in places}.values():
            self.bands.setdefault(int(p.lat // self.CELL), []).append((p.id, p.lat, p.lon))
        self.cache: dict[str, bool] = {}

    def near(self, p) -> bool:
        if p.id not in self.cache:
            band = int(p.lat // self.CELL)
            gap = self.LON_GAP if abs(p.lat) <= 60 - self.CELL else 180.0
            self.cache[p.id] = any(
                pid != p.id and abs(lat - p.lat) < self.CELL
                and abs((lon - p.lon + 180.0) % 360.0 - 180.0) <= gap
                and distance_km(lat, lon, p.lat, p.lon) < NEAR_KM
                for b in (band - 1, band, band + 1) for pid, lat, lon in self.bands.get(b, ()))
        return self.cache[p.id]


def _short_for_full_names(mentions: list[Mention]) -> list[Mention]:
    """A one-word name read as a small town in another country than the place of a longer name
    of the article that ends with it is that place, named short: "Ali" of "Mir Ali"."""
    full = {}
    for m in mentions:
        if m.place is not None and " " in m.text:
            full.setdefault(fold(m.text.rsplit(" ", 1)[1]), m.place)
    out = list(mentions)
    for k, m in enumerate(out):
        p, whole = m.place, full.get(fold(m.text))
        if (whole is not None and p is not None and p.kind == "city" and " " not in m.text
                and m.text.lower() not in _common_words()  # "House" of "White House"
                and p.population < NAME_TOWN_POPULATION and p.country != whole.country):
            out[k] = Mention(m.doc_id, m.start, m.end, m.text, whole, m.score)
    return out


_LIST_GLUE = re.compile(r",?\s+(?:and|or|&)\s+|,\s*")
_PLURAL_AREA_AFTER = re.compile(r"\s+(provinces|governorates|regions|oblasts|states|districts)\b",
                                re.IGNORECASE)


def _lists_of_one_kind(text: str, mentions: list[Mention],
                       cands_at: dict[int, Sequence[Candidate]]) -> list[Mention]:
    """In a list of three names or more, most of them first-level areas of one country ("New
    South Wales, Western Australia and Queensland"; "Utah, Virginia, Washington and Wyoming"),
    a name that can be such an area of that country is one, not a town named after it."""
    out = list(mentions)
    lists, current = [], []
    for k, m in enumerate(out):
        gap = m.start - out[current[-1]].end if current else -1
        if 0 < gap <= 6 and _LIST_GLUE.fullmatch(text, m.start - gap, m.start):
            current.append(k)
        else:
            current = [k]
            lists.append(current)
    for items in lists:
        plural = _PLURAL_AREA_AFTER.match(text, out[items[-1]].end)
        if plural and len(items) > 1:  # "Aleppo, Hama and Latakia provinces": each one is one
            kind = "admin2" if plural.group(1).lower().startswith("district") else "admin1"
            for k in items:
                m = out[k]
                area = m.place and next((c.place for c in cands_at.get(m.start, ())
                                         if c.kind == kind and c.place.country == m.place.country
                                         and c.match == "exact"), None)
                if area is not None:
                    out[k] = Mention(m.doc_id, m.start, m.end, m.text, area, m.score)
            continue
        areas = Counter(out[k].place.country for k in items
                        if out[k].place is not None and out[k].place.kind == "admin1")
        if len(items) < 3 or not areas:
            continue
        country, count = areas.most_common(1)[0]
        if count * 2 <= len(items):
            continue
        for k in items:
            m = out[k]
            if m.place is None or m.place.kind == "admin1" and m.place.country == country:
                continue
            area = next((c.place for c in cands_at.get(m.start, ())
                         if c.kind == "admin1" and c.place.country == country
                         and c.match == "exact"), None)
            if area is not None:
                out[k] = Mention(m.doc_id, m.start, m.end, m.text, area, m.score)
    return out


_AREA_WORD = re.compile(r"\s+(?:province|governorate|region|district|state|oblast)$", re.I)
_NATURAL_KINDS = frozenset({"river", "lake", "sea", "mountain", "ridge", "valley", "desert"})


def _area_named_short(mentions: list[Mention]) -> list[Mention]:
    """A bare name read as a river or other natural feature, where the article also names
    "<name> province" (region, district ...), is that area named short: "Diyala" after
    "Diyala province" is the province, not the river."""
    areas = {}
    for m in mentions:
        word = _AREA_WORD.search(m.text)
        if word and m.place is not None and m.place.kind not in _NATURAL_KINDS:
            areas.setdefault(fold(m.text[:word.start()]), m.place)
    out = list(mentions)
    for k, m in enumerate(out):
        area = areas.get(fold(m.text))
        if area is not None and m.place is not None and m.place.kind in _NATURAL_KINDS:
            out[k] = Mention(m.doc_id, m.start, m.end, m.text, area, m.score)
    return out


FAR_KM = 2000  # a small place this far from all the others of an article is doubtful
FAR_MIN_PLACES = 3  # ... when the article names at least this many other places


def _far_from_the_rest(mentions: list[Mention],
                       cands_at: dict[int, Sequence[Candidate]]) -> list[Mention]:
    """A one-word name read as a small place in a country the article names no other place in,
    more than FAR_KM from all its other places ("Malibu" in a story from Yemen), must have a
    reading near those places; else it is unresolved."""
    resolved = [(fold(m.text), m.place) for m in mentions if m.place is not None]
    out = list(mentions)
    for k, m in enumerate(out):
        p = m.place
        if p is None or p.kind != "city" or p.population >= NAME_TOWN_POPULATION or " " in m.text:
            continue
        name = fold(m.text)
        others = [q for folded, q in resolved if folded != name]
        if len({o.id for o in others}) < FAR_MIN_PLACES or any(
                o.country == p.country for o in others):
            continue

        points = [o for o in others if o.kind != "country"]  # a country's point says little

        def near_others(q, km=FAR_KM, points=points):
            return any(distance_km(q.lat, q.lon, o.lat, o.lon) < km for o in points)

        if near_others(p):
            continue
        countries = {o.country for o in others}
        fits = next((c.place for c in cands_at.get(m.start, ())
                     if not c.match.endswith("variant") and (near_others(c.place, NEAR_KM) or (
                         c.place.country in countries and near_others(c.place)))), None)
        out[k] = Mention(m.doc_id, m.start, m.end, m.text, fits, m.score if fits else 0.0)
    return out


NEIGHBOUR_CHARS = 300  # places named this close in the text are the neighbours of a name
VILLAGE_POPULATION = 20_000  # below this, one of several same-named places may be meant


def _same_named_near_neighbours(mentions: list[Mention],
                                cands_at: dict[int, Sequence[Candidate]]) -> list[Mention]:
    """A name that several places bear is the one of them nearest the places named beside it in
    the text: "attacks in the Pokrovsk area ... the village of Novooleksandrivka"."""
    towns = [m for m in mentions if m.place is not None
             and m.place.kind not in ("country", "admin1")]
    out = list(mentions)
    for k, m in enumerate(out):
        if m.place is None or m.place.kind != "city" or m.place.population >= VILLAGE_POPULATION:
            continue  # a town of its own renown is the one meant
        key = name_key(m.place.name)
        same = [c.place for c in cands_at.get(m.start, ())
                if c.kind == m.place.kind and name_key(c.place.name) == key]
        if len(same) < 2:
            continue
        before = [n for n in towns if m.start - NEIGHBOUR_CHARS < n.end <= m.start]
        after = [n for n in towns if m.end <= n.start < m.end + NEIGHBOUR_CHARS]
        neighbours = [n.place for n in before[-1:] + after[:1] if name_key(n.place.name) != key]
        if not neighbours:
            continue

        def reach(p, neighbours=neighbours):
            return min(distance_km(p.lat, p.lon, n.lat, n.lon) for n in neighbours)

        nearest = min(same, key=reach)
        if nearest.id != m.place.id and reach(nearest) < min(NEAR_KM, reach(m.place) / 2):
            out[k] = Mention(m.doc_id, m.start, m.end, m.text, nearest, m.score)
    return out


# Parts of a city: "the Samah neighbourhood of Mosul", "Mosul's al-Faruq district", "in Tenek, a
# district of Mosul", "the neighbourhoods of Samah, Khadra and Quds", "into neighbouring Senaa".
QUARTER_KM = 150  # beyond this it is another place of that name (161 km: a geoparser's "right")
QUARTER = r"(?:neighbou?rhood|district|quarter|suburb)"
_COMPASS = r"(?:northern|southern|eastern|western|central|north|south|east|west)"
_QUARTER_WORD_END = re.compile(rf"\b{QUARTER}$", re.I)
# between a quarter (its kind word included or not) and the city after it ("the Samah district
# of Mosul", "the Hodan district of southern Mogadishu")
_QUARTER_OF_CITY = re.compile(rf"(?: {QUARTER}s?)?(?:,? (?:an?|the) (?:[a-z]+ )?{QUARTER})?"
                              rf" (?:of|in) (?:the city of )?(?:{_COMPASS} )?$")
# between a city and a quarter of it: "Mosul's ", "Mosul’s eastern "
_CITYS = re.compile(r"['’]s (?:(?:old|eastern|western|northern|southern|central) )?$")
_QUARTER_AFTER = re.compile(rf" {QUARTER}\b", re.I)
# a list of quarters before the name: "the neighbourhoods of Malayeen, Samah and "
_QUARTER_LIST = re.compile(r"(?:neighbou?rhoods?|quarters?|suburbs?)(?: of| including| such as)?"
                           r" (?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*(?:, and |, | and ))*$")
_LIST_GOES_ON = re.compile(r"(?:,| and) [A-Z]")
_NEIGHBOURING = re.compile(r"\b(?:into|to|in|and|of) neighbou?ring $")
# names that mean the historic centre of whichever city the text is about
OLD_CITY = frozenset({"old city", "old town", "old quarter"})


def _quarters_in_their_city(text: str, mentions: list[Mention],
                            cands_at: dict[int, Sequence[Candidate]]) -> list[Mention]:
    """A name introduced as a part of a city lies near that city: its reading there, else
    unresolved within that city. "The Old City" is the city the text names with it or just
    before it."""
    out = list(mentions)
    for k, m in enumerate(out):
        old_city = fold(m.text) in OLD_CITY
        if m.place is not None and m.place.kind == "country":
            continue
        city = _city_of_quarter(text, out, k, old_city)
        if city is None or m.place is not None and _in_city(m.place, city):
            continue
        near = [c.place for c in cands_at.get(m.start, ()) if _in_city(c.place, city)]
        place = near[0] if near else city if old_city else None
        out[k] = Mention(m.doc_id, m.start, m.end, m.text, place, m.score if place else 0.0,
                         within=None if place else city)
    return out


def _in_city(place, city) -> bool:
    """Whether a place can be a part of the city: near it, or a district of its province."""
    return distance_km(place.lat, place.lon, city.lat, city.lon) < QUARTER_KM or (
        place.kind in ("admin1", "admin2", "district") and place.admin1 == city.admin1
        and place.country == city.country)


def _city_of_quarter(text: str, mentions: Sequence[Mention], k: int, old_city: bool):
    """The city whose part mentions[k] is said to be, if the text says so."""
    m = mentions[k]
    quarter_word = bool(_QUARTER_WORD_END.search(m.text)) or bool(_QUARTER_AFTER.match(
        text, m.end))
    if quarter_word or old_city:  # the city named right after or right before it
        nxt = next((mentions[j] for j in range(k + 1, len(mentions))
                    if mentions[j].place is not None), None)
        if nxt is not None and nxt.place.kind == "city" and (
                _QUARTER_OF_CITY.match(text[m.end:nxt.start])
                or old_city and text[m.end:nxt.start] == " "):
            return nxt.place  # "the Samah district of Mosul", "the Old City of Mosul"
        prev = next((mentions[j] for j in range(k - 1, -1, -1)
                     if mentions[j].place is not None), None)
        if (prev is not None and prev.place.kind == "city"
                and _CITYS.match(text[prev.end:m.start])):
            return prev.place  # "Mosul's Samah district", "Mosul's Old City"
    before = text[max(0, m.start - 200):m.start]
    listed = _QUARTER_LIST.search(before)
    if listed and listed.group().split()[0].endswith("s") and not (
            listed.group().endswith((", ", " and ")) or _LIST_GOES_ON.match(text, m.end)):
        listed = None  # "the neighbourhoods of Aleppo" are Aleppo's
    if not (old_city or listed or _NEIGHBOURING.search(before) and re.search(
            rf"\b{QUARTER}s?\b", before[:-12], re.I)):
        return None
    # the nearest city named before: "the neighbourhoods of ...", "in the Old City"
    return next((p.place for p in reversed(mentions[:k]) if p.place is not None
                 and p.place.kind == "city" and fold(p.text) not in OLD_CITY), None)


_SPACED_ARTICLES = frozenset({"al", "el"})


def _arabic_name_end(run: Sequence[_Token], i: int) -> int:
    """End of a name whose capitalised word is followed by words glued to a lower-case Arabic
    article ("Hammam al-Alil", "Saleh al-Samad"); 0 if no such word follows. Such a name is
    one name: its first word alone is not a place."""
    k = i + 1
    while k < len(run) and run[k].text[:1].islower() and _GLUED_PREFIX.match(run[k].text):
        k += 1
    if (k == i + 1 and k + 1 < len(run) and run[k].text in _SPACED_ARTICLES
            and run[k + 1].text[:1].isupper()):
        k += 2  # the article apart: "Mahmud al Zahar", "Ashraf al Qudra"
    return k if k > i + 1 and run[i].text[:1].isupper() else 0


def n_words(run: Sequence[_Token]) -> int:
    """The words of a run that are not connectors ("al", "de")."""
    return sum(t.text not in CONNECTORS for t in run)


def _spelt_out(phrase: str) -> str:
    """'St. Louis' -> 'Saint Louis', 'Mt. Pleasant' -> 'Mount Pleasant', 'Ft. Worth' ..."""
    if ". " not in phrase:
        return phrase
    return ABBREVIATION.sub(lambda m: SPELT_OUT[m.group(1)] + " ", phrase)


# Words after a name that make it a region's ("Gulf states", "Gulf Arab monarchies").
_REGION_NOUN_AFTER = re.compile(r" (?:Arab |Arabian )?(?:states|countries|nations|monarchies|"
                                r"kingdoms|allies|neighbou?rs|rulers|region|Arabs?|"
                                r"Co-?operation Council)\b")
# A building or street named after the words before it: a site found by its name without its
# own kind word ("Imam Ali" of "Imam Ali Air Base") is not meant.
_BUILDING_AFTER = re.compile(r"\s+(?:mosque|church|shrine|cathedral|temple|school|university|"
                             r"market|square|street|road|stadium|palace|hotel|tower|hall)\b",
                             re.IGNORECASE)
# A newspaper named after its city: "The Washington Post", "the Jerusalem Post".
_NEWSPAPER_AFTER = re.compile(r" (?:Post|Times|Journal|Herald|Tribune|Gazette|Chronicle|"
                              r"Independent|Examiner|Inquirer|Courier|Dispatch)\b")


def _hamlets_only(phrase: str, cands: Sequence[Candidate]) -> bool:
    """A name of common words that only villages bear ("Middle East" is a Baltimore
    neighbourhood): it must fit the article's geography to be one of them."""
    words = phrase.lower().split()
    return (len(words) > 1 and all(w in _common_words() for w in words)
            and all(c.kind == "city" and c.place.population < HAMLET_POPULATION for c in cands))


def _inexact_transliteration(phrase: str, cands: Sequence[Candidate]) -> bool:
    """A transliterated name ("al-Sawana") that no reading bears as written: each reading is
    another place's spelling, which must fit the article's geography."""
    return (TRANSLITERATED.search(f" {phrase} ") is not None
            and not any(c.match == "exact" for c in cands))


def _village_alias(phrase: str, best: Candidate) -> bool:
    """The best reading is a village that bears the name only as another of its names: it must
    fit the article's geography, as a loose spelling must."""
    return (best.kind == "city" and 0 < best.place.population < 2 * HAMLET_POPULATION
            and fold(best.place.name) != fold(phrase))


def _loose_only(cands: Sequence[Candidate]) -> bool:
    """Every reading found only by the loosest key (a consonant skeleton)."""
    return all(c.match.endswith("variant") for c in cands)


def _is_acronym(phrase: str) -> bool:
    """'NAFTA', 'UAE', 'U.S.': capitals only, at most five letters."""
    letters = phrase.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


#: `split_cue` of a phrase, remembered: the same names come back in every article.
_split_cue = lru_cache(maxsize=100_000)(split_cue)


def _bare(phrase: str) -> bool:
    """Whether a name has no kind word ("Teym oil field" has)."""
    return _split_cue(phrase)[0] == phrase


def _words_before(text: str, start: int) -> list[str]:
    """The last few words (lower case) right before a name, if only spaces separate them."""
    if start == 0 or not text[start - 1].isspace():
        return []
    return text[max(0, start - 48):start].lower().split()[-5:]


def _without_the(words: list[str]) -> list[str]:
    return words[:-1] if words[-1:] == ["the"] else words


def _locative(words: list[str]) -> bool:
    """'in', 'near', 'the outskirts of (the)' just before a name."""
    words = _without_the(words)
    return bool(words) and (words[-1] in LOCATIVE_WORDS or (
        words[-1] == "of" and len(words) > 1 and words[-2] in LOCATIVE_OF))


def _kinds_asked(words: list[str], after: str) -> frozenset[str]:
    """'the city of X' asks for a city; 'the countryside of (the) X', 'X countryside' an area."""
    if len(words) > 1 and words[-1] == "of" and words[-2] in CITY_OF:
        return CITY_KIND
    words = _without_the(words)
    if len(words) > 1 and words[-1] == "of" and words[-2] in AREA_OF:
        return ADMIN1_KIND
    return ADMIN1_KIND if after.lower().startswith(" countryside") else NO_KIND


def find_mentions(doc: Document, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Place mentions of one document (see `MentionFinder` to reuse one across documents)."""
    return MentionFinder(gazetteer).find(doc)
