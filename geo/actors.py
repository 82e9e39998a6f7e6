"""Actors named in text: state forces, armed groups and international bodies, with ACLED-like names.

The list lives in ``geo/data/actors.csv`` (columns ``canonical,aliases,kind,country``; aliases are
separated by ``|``; lines starting with ``#`` are comments). Two kinds of alias:

* a plain alias ("Hezbollah", "SDF", "Islamic State") matches as written, case-sensitively, on word
  boundaries; the longest alias wins where several overlap;
* an alias ending in ``" *"`` ("Syrian *", "Russia's *") is a demonym or possessive that names the
  state's forces only when followed by a force noun: "Syrian army", "Syrian government troops",
  "Russia's Aerospace Force". The noun picks the branch: air nouns ("air force", "aerospace forces",
  "warplanes") give ``"<canonical>: Air Force"``, naval nouns ``"<canonical>: Navy"``, "police"
  gives ``"Police Forces of <country>"``.

People are not actors: "Assad" or "Putin" alone name no actor (a president's forces are named as
forces). Bare "government forces" maps to the catch-all ``"Government forces"`` (kind ``state``)
because the country cannot be told from the words alone.

Examples
--------
>>> [name for _, _, name in find_actors("The Syrian army and the Russian Air Force hit IS.")]
['Military Forces of Syria', 'Military Forces of Russia: Air Force', 'Islamic State (IS)']
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["Actor", "actor_contexts", "actor_country", "actor_kind", "country_subject",
           "find_actors", "load_actors", "order_by_role", "state_forces"]

_MODIFIERS = (
    r"government|regime|state|national|armed|military|pro-government|ground|special|elite|"
    r"regular|allied|backed|army|naval|air|aerospace|defen[cs]e|"
    r"[a-z]{1,3}-\d{1,3}[a-z]?"  # an aircraft's model: "Israeli F-16 bombers"
)
_AIR = r"air\s*forces?|aerospace\s+forces?|air-space\s+forces?|warplanes?|fighter\s+jets|jets|" \
       r"aircraft|aviation|air\s+defen[cs]es?|helicopters?|drones?|bombers?|air\s*strikes?|" \
       r"air-strikes?|air\s+raids?|drone\s+(?:attack|strike)s?"
_NAVY = r"navy|naval\s+forces|naval\s+grouping|naval\s+group|fleet|warships?|frigates?|" \
        r"submarines?|marines"
_POLICE = r"police(?:\s+forces)?|riot\s+police|gendarmerie|border\s+guards?|coast\s+guard"
#: Not "fighters" or "militias": "Syrian fighters" are rarely the Syrian army.
_LAND = r"army|armed\s+forces|military|troops?|soldiers|forces|units|artillery|tanks|" \
        r"paratroopers|commandos|servicemen|personnel|battalions?|brigades?|" \
        r"divisions?|garrison|sappers|engineers|shelling|artillery\s+fire|missile\s+strikes?|" \
        r"offensive|invasion|incursion|strikes?|raids?|attacks?|assaults?|bombing|bombardment|" \
        r"operations?|counter-?offensive"


@dataclass(frozen=True)
class Actor:
    """One row of ``actors.csv``."""

    canonical: str
    aliases: tuple[str, ...]
    kind: str
    country: str = ""


@functools.lru_cache(maxsize=1)
def load_actors() -> tuple[Actor, ...]:
    """The packaged actor list (cached).

    Returns
    -------
    tuple of Actor
    """
    raw = resources.files("geo").joinpath("data/actors.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.reader(io.StringIO(raw)):
        if not row or row[0].startswith("#") or row[0] == "canonical":
            continue
        canonical, aliases, kind, country = (row + ["", "", ""])[:4]
        out.append(Actor(canonical.strip(), tuple(a.strip() for a in aliases.split("|")
                                                  if a.strip()), kind.strip(), country.strip()))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple:
    alias_map: dict[str, str] = {}
    dem_map: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for actor in load_actors():
        kinds[actor.canonical] = actor.kind
        # "Russia's" is also written with a typographic apostrophe (U+2019).
        aliases = [*actor.aliases, *(a.replace("'", "\u2019") for a in actor.aliases if "'" in a)]
        # A lower-case alias also opens a sentence: "Government forces took the town."
        aliases += [a[0].upper() + a[1:] for a in aliases if a[:1].islower()]
        for alias in aliases:
            if alias.endswith(" *"):
                dem_map.setdefault(alias[:-2], actor.canonical)
            else:
                alias_map.setdefault(alias, actor.canonical)
    for canonical, kind in list(kinds.items()):
        if canonical.startswith("Military Forces of "):
            kinds[canonical + ": Air Force"] = kind
            kinds[canonical + ": Navy"] = kind
            kinds["Police Forces of " + canonical[len("Military Forces of "):]] = kind
    # One trie per starting case: a single literal-prefixed trie lets ``re`` skip ahead fast, where
    # an alternation of groups or a leading look-behind would test every position.
    upper = [w for w in [*dem_map, *alias_map] if w[:1].isupper()]
    lower = [w for w in alias_map if not w[:1].isupper()]
    pattern = re.compile(rf"(?:{trie_regex(upper)})(?![\w-])")
    lower_pattern = re.compile(rf"(?:{trie_regex(lower)})(?![\w-])")
    noun = re.compile(
        rf"\s+(?i:(?:(?:{_MODIFIERS})[\s-]+){{0,2}})"
        rf"(?i:(?P<air>{_AIR})|(?P<navy>{_NAVY})|(?P<police>{_POLICE})|(?P<land>{_LAND}))(?![\w-])"
    )
    return (pattern, lower_pattern), noun, alias_map, dem_map, kinds


def trie_regex(words, *, space: str | None = None) -> str:
    """A regex alternation of literal ``words`` shaped as a character trie (fast to match).

    Longer words are tried first at each branch, so the longest alias wins. With ``space``
    (e.g. ``r"\\s+"``), a blank in a word matches that pattern instead of one literal blank.

    Examples
    --------
    >>> trie_regex(["IS", "ISIS", "ISIL"])
    'IS(?:I(?:L|S))?'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(space if ch == " " and space else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def find_actors(text: str) -> list[tuple[int, int, str]]:
    """Actors named in ``text``: ``(start, end, canonical name)`` in reading order, no overlaps.

    Parameters
    ----------
    text : str
        Any text: a sentence or a whole article.

    Returns
    -------
    list of (int, int, str)
        Character span of the words and the canonical (ACLED-like) actor name.

    Examples
    --------
    >>> find_actors("Houthi rebels fired a missile.")
    [(0, 6, 'Houthis (Ansar Allah)')]
    """
    patterns, noun, alias_map, dem_map, _ = _compiled()
    found = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            start, word = m.start(), m.group()
            if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                continue
            if word in dem_map:
                n = noun.match(text, m.end())
                end = n.end() if n else m.end()
                if n is None:  # "U.S. and British warplanes": the noun after the next demonym
                    n = _shared_noun(text, m.end(), patterns[0], noun, dem_map)
                if n is None:
                    if word in alias_map:
                        found.append((start, m.end(), alias_map[word]))
                    continue
                found.append((start, end, _branch(dem_map[word], n)))
            elif not _OFFSHOOT_AFTER.match(text, m.end()):
                found.append((start, m.end(), alias_map[word]))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


#: After a group's name: another group that came from it ("the al Qaeda offshoot").
_OFFSHOOT_AFTER = re.compile(r"\s+(?:offshoot|off-shoot|splinter|spin-?off|breakaway|affiliate|"
                             r"franchise|branch)s?\b", re.I)
_AND_NEXT = re.compile(r"\s*(?:,\s*|\s+(?:and|or)\s+)")


def _shared_noun(text: str, pos: int, pattern, noun, dem_map) -> re.Match | None:
    """The force noun of the next demonym in "U.S. and British warplanes", "Russian, Syrian
    and Iranian forces"."""
    for _ in range(3):
        a = _AND_NEXT.match(text, pos)
        m = pattern.match(text, a.end()) if a else None
        if m is None or m.group() not in dem_map:
            return None
        n = noun.match(text, m.end())
        if n is not None:
            return n
        pos = m.end()
    return None


_MILITARY_OF, _POLICE_OF = "Military Forces of ", "Police Forces of "


def _swap_force(name: str, old: str, new: str) -> str:
    """"Military Forces of X" as "Police Forces of X" (or back); other names unchanged."""
    return new + name[len(old):] if name.startswith(old) else name


def _branch(base: str, n: re.Match) -> str:
    """The force a demonym names with its noun: ": Air Force", ": Navy", police, the military."""
    if n.group("air"):
        return base + ": Air Force"
    if n.group("navy"):
        return base + ": Navy"
    if n.group("police"):
        return _swap_force(base, _MILITARY_OF, _POLICE_OF)
    return base


def actor_kind(canonical: str) -> str:
    """The kind (``state``, ``rebel``, ``militia``, ``international``) of an actor, or ``""``.

    Examples
    --------
    >>> actor_kind("Military Forces of Russia: Air Force")
    'state'
    """
    return _compiled()[4].get(canonical, "")


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {a.canonical: a.country for a in load_actors()}


def actor_country(canonical: str) -> str:
    """The ISO country code of an actor (its branches included), or ``""`` when it has none.

    Examples
    --------
    >>> actor_country("Police Forces of Ukraine"), actor_country("Islamic State (IS)")
    ('UA', '')
    """
    return _countries().get(_swap_force(canonical, _POLICE_OF, _MILITARY_OF).split(": ")[0], "")


@functools.lru_cache(maxsize=1)
def _forces_by_country() -> dict[str, str]:
    out: dict[str, str] = {}
    for a in load_actors():
        if a.kind == "state" and a.country and a.canonical.startswith(_MILITARY_OF):
            out.setdefault(a.country, a.canonical)
    return out


def state_forces(country: str) -> str:
    """The state forces of an ISO ``country`` code, or ``""``.

    Examples
    --------
    >>> state_forces("IL")
    'Military Forces of Israel'
    """
    return _forces_by_country().get(country, "")


#: Between a country named as the subject and its violent deed: "Israel on Monday struck",
#: "Russia has launched a massive missile strike", "Israel said it struck".
_SUBJECT_GAP = re.compile(
    r"\s+(?:(?:on|late|early|last|this|overnight)\s+\w+\s+|(?:also|then|again|has|have|had|"
    r"\w+ly)\s+|(?:said|says|claimed|announced)\s+(?:that\s+)?it\s+|retaliated\s+by\s+)*"
    r"(?:(?:launched|firing|fired|carried\s+out|conducted|unleashed|began|started|stepped\s+up|"
    r"resumed|intensified|mounted|staged)\s+(?:(?:a|an|the|its|new|fresh|heavy|massive|another|"
    r"large-scale|(?:wave|barrage|series|salvo)\s+of|[\w-]+-[\w-]+)\s+){0,3})?", re.I)


def country_subject(text: str, lo: int, start: int, end: int, trigger_start: int) -> bool:
    """Is the country named at ``text[start:end]`` the doer of the trigger at ``trigger_start``:
    "Israel struck", "Russia on Monday launched missiles", but not "in Israel" or "against
    Russia"? ``lo`` is where the sentence starts.

    Examples
    --------
    >>> s = "Russia launched missiles at Kyiv."
    >>> country_subject(s, 0, 0, 6, 16), country_subject("Strikes in Russia hit.", 0, 11, 17, 18)
    (True, False)
    """
    if trigger_start < end or not _SUBJECT_GAP.fullmatch(text, end, trigger_start):
        return False
    pre = text[max(lo, start - 40):start]
    if start > lo and text[start - 1] in "-/" or pre.rstrip().endswith(("of", "'s", "’s")):
        return False  # "the Lebanon-Israel border", "the capital of Israel"
    head = pre.rsplit(None, 3)
    return not _TARGET_PREP.search(pre, len(head[0]) if len(head) == 4 else 0)


# -- who did it --------------------------------------------------------------------------------
#: Verbs whose "by" names an ally of the acting side: "backed by Russian airstrikes".
_SUPPORT_BY = re.compile(
    r"\b(?:backed|supported|assisted|aided|helped|led|accompanied|escorted|covered|joined|"
    r"reinforced|armed|trained|funded|sponsored)\s+by\s+(?:the\s+)?$", re.I)
#: "by" after another word: the actor did that, not the event ("mines left by IS").
_OTHER_BY = re.compile(r"\b[\w'’-]+\s+by\s+(?:the\s+)?$", re.I)
#: "by" that names who did the event itself: right after it, or after "carried out" and the like.
_AGENT_BY = re.compile(
    r"(?:\s+(?:carried\s+out|conducted|launched|staged|mounted|made|performed|claimed|"
    r"executed|ordered))?\s+by\s+(?:the\s+)?(?:(?:[\w-]+\s+)?(?:dissidents|members|fighters|"
    r"militants|rebels|gunmen|remnants|elements|factions?|splinter\s+groups?|units?)\s+"
    r"(?:of|from)\s+(?:the\s+)?)?$", re.I)  # "staged by dissidents from the FARC"
#: After "fell to": the side that took the town ("Mosul fell to the Islamic State").
_FELL_TO = re.compile(r"\bfall(?:s|en)?\s+to$|\bfell\s+to$", re.I)
_NEXT_ACTOR = re.compile(r"\s+(?:the\s+)?$", re.I)
_OF_AGENT = re.compile(r"\s+of\s+(?:the\s+)?$", re.I)
#: Words that make the actor after them a side another one supports, not a party to the
#: event: "the coalition backing the SDF launched air strikes".
_SUPPORTED = re.compile(r"\b(?:backing|supporting|in\s+support\s+of|on\s+behalf\s+of|"
                        r"allied\s+(?:to|with))\s+(?:the\s+)?(?:[\w.'’]+-[\w.'’-]+\s+)?$",
                        re.I)
#: Prepositions that make the actor after them a target or another party, not the doer.
_TARGET_PREP = re.compile(  # not "up to six IS bombers"
    r"\b(?<!up )(?:against|on|upon|from|of|at|targeting|toward|towards|to|with|between|into|near|"
    r"around|inside|in|over|for|among|amid)\s+(?:the\s+)?"
    r"(?:(?-i:[a-z][\w.'’-]*)\s+|[\w.'’]+-[\w.'’-]+\s+)?$", re.I)  # "to the US-backed SDF"
#: An auxiliary right before a trigger makes it passive: "was captured", "were struck".
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got|gets)\s+(?:\w+ly\s+)?$")  # not "IS"
#: A relative pronoun right after an actor makes it the subject of what follows.
_RELATIVE = re.compile(r"^\s*,?\s*(?:which|who|that)\b", re.I)
#: Between a subject and a trigger: the start of another clause.
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s*(?:and|but|while|as|after|before|when|since|although|whereas|which|who)\b|"
    r"\b(?:while|whereas|although|but)\b", re.I)
#: A reporting verb between a subject and a trigger: the subject is the source ("Iraqi police
#: said 20 were killed") unless the report is of its own deed ("the army said it broke").
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|announced|announces|"
                        r"stated|states|claimed|claims|according|confirmed|confirms|added|adds)"
                        r"\b(?P<rest>.*)$", re.I | re.S)
#: Words that make the actor a source of the news, not a party to it: "according to the UN",
#: "a spokesman for the army", "..., the UN said".
_SOURCE_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+|a\s+)?(?:[\w.'’-]+\s+){0,2}$|"
                            r"\bspokes(?:man|woman|person)\s+(?:for|of)\s+(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:spokes\w+|officials?|sources?|statement|has|have|also|later)\s+){0,2}"
    r"(?:said|says|told|tells|reported|reports|announced|announces|confirmed|confirms|stated|"
    r"added|claimed|claims)\b")
_OWN_DEED = re.compile(r"\s*(?:(?:on|late|early|earlier|last|this)\s+\w+\s+)?(?:that\s+)?"
                       r"(?:(?:it|they|we|its\s+\w+|their\s+\w+|the|a|an)\s+)?"
                       r"(?:(?:had|has|have|was|were)\s+)?"
                       r"(?:(?:\w+ly|managed\s+to|now|just|already|also)\s+)?", re.I)


def actor_contexts(text: str, actors: list[tuple[int, int, str]], lo: int = 0
                   ) -> list[tuple[bool, bool, bool, bool]]:
    """What the words before each actor make of it, whatever the trigger: an ally ("backed
    by"), governed by a preposition ("against", "from"), the doer of another verb ("left
    by"), or a side another one supports ("backing the SDF"). Computed once per sentence for
    `order_by_role`."""
    out = []
    for a, _, _ in actors:
        pre = text[max(lo, a - 40):a]
        by = "by" in pre or "BY" in pre or "By" in pre  # both "by" patterns need the word
        # A preposition governing the actor is among its last three words ("against the
        # US-backed"): search from there.
        head = pre.rsplit(None, 3)
        tail = len(head[0]) if len(head) == 4 else 0
        out.append((by and bool(_SUPPORT_BY.search(pre)), bool(_TARGET_PREP.search(pre, tail)),
                    by and bool(_OTHER_BY.search(pre)), bool(_SUPPORTED.search(pre, tail))))
    return out


def _reports_other(between: str) -> bool:
    m = _REPORTING.search(between)
    return bool(m) and not _OWN_DEED.fullmatch(m.group("rest"))


def order_by_role(text: str, actors: list[tuple[int, int, str]], start: int, keyword_end: int,
                  end: int, *, lo: int = 0, genitive_agent: bool = False,
                  contexts: list[tuple[bool, bool, bool, bool]] | None = None) -> tuple[str, ...]:
    """Actor names of one event, the side that acted first.

    ``actors`` are `find_actors` spans of the sentence starting at ``lo``; the event's trigger
    runs from ``start`` to ``end``, its keyword to ``keyword_end``. Order: the agent (an actor
    named with the keyword, "U.S. strike"; the "by" of a passive or of "carried out by"; a
    relative clause's antecedent, "SDF, which captured"; else the nearest subject before the
    trigger in its clause), then its allies ("backed by"), then other parties and targets
    ("against", "from", the object). An actor who did something else ("mines left by IS") is
    left out, and so are targets when no side that acted is named: the first name is always
    one that acted. With ``genitive_agent`` (a trigger that takes no object: advance,
    withdrawal), "of" right after the trigger names the side that acted: "the advances of the
    Syrian army".

    Examples
    --------
    >>> s = "Russian jets struck IS positions near the town."
    >>> order_by_role(s, find_actors(s), 13, 19, 19)
    ('Military Forces of Russia: Air Force', 'Islamic State (IS)')
    >>> s = "Engineers defused mines left by IS in the town."
    >>> order_by_role(s, find_actors(s), 10, 17, 17)
    ()
    """
    if not actors:
        return ()
    if contexts is None:
        contexts = actor_contexts(text, actors, lo)
    passive = bool(_PASSIVE.search(text, max(lo, start - 30), start))
    candidates: list[tuple[int, int, int]] = []  # (how sure, tie-break, index): lowest acted
    roles: list[int] = []  # 1 ally, 2 other subject, 3 other party or target, 9 left out
    for i, (a, b, _) in enumerate(actors):
        ally, governed, other_by, supported = contexts[i]
        role = 3
        if _SOURCE_BEFORE.search(text, max(lo, a - 40), a) or (
                a >= end and _SOURCE_AFTER.match(text, b)):
            role = 9  # "according to the UN", "..., the Ukrainian military said"
        elif a <= start < b and a < keyword_end:
            candidates.append((0, 0, i))  # named with the keyword: "U.S. strike"
        elif a >= start and b <= end:
            pass  # inside the trigger's phrase after the keyword: "broke the IS siege"
        elif ally:
            role = 1
        elif b <= start:
            between = text[b:start]
            if _RELATIVE.match(between) and not _CLAUSE_BREAK.search(between, 1):
                candidates.append((2, -a, i))  # "the SDF, which captured"
            elif supported:
                role = 9  # "the coalition backing the SDF struck": the SDF is no party to it
            elif passive or governed or other_by:
                pass
            elif _reports_other(between):
                role = 9  # the source: "the UN confirmed that ... attacked"
            elif _CLAUSE_BREAK.search(between):
                role = 2
            else:
                candidates.append((3, -a, i))  # the nearest subject before the trigger
        elif (_AGENT_BY.match(text, end, a) or (genitive_agent and _OF_AGENT.match(text, end, a))
              or (_FELL_TO.search(text, start, keyword_end) and _NEXT_ACTOR.match(text, end, a))):
            candidates.append((1, a, i))
        elif other_by or supported:
            role = 9
        roles.append(role)
    if candidates:
        agent = min(candidates)[2]
        for _, _, i in candidates:
            roles[i] = 2
        roles[agent] = 0
    # Targets (3) only follow a side that acted; actors of another verb (9) never appear.
    last = 3 if candidates or 1 in roles or 2 in roles else 2
    ranked = sorted((r, i) for i, r in enumerate(roles) if r <= last)
    return tuple(dict.fromkeys(actors[i][2] for _, i in ranked))
