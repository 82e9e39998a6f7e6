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

__all__ = ["Actor", "actor_kind", "find_actors", "load_actors"]

_MODIFIERS = (
    r"government|regime|state|national|armed|military|pro-government|ground|special|elite|"
    r"regular|allied|backed|army|naval|air|aerospace|defen[cs]e"
)
_AIR = r"air\s*forces?|aerospace\s+forces?|air-space\s+forces?|warplanes?|fighter\s+jets|jets|" \
       r"aircraft|aviation|air\s+defen[cs]es?|helicopters?|drones?|bombers?|air\s*strikes?|" \
       r"air-strikes?|air\s+raids?|drone\s+(?:attack|strike)s?"
_NAVY = r"navy|naval\s+forces|naval\s+grouping|naval\s+group|fleet|warships?|frigates?|" \
        r"submarines?|marines"
_POLICE = r"police(?:\s+forces)?|riot\s+police|gendarmerie|border\s+guards?|coast\s+guard"
_LAND = r"army|armed\s+forces|military|troops|soldiers|forces|units|artillery|tanks|" \
        r"paratroopers|commandos|militias?|fighters|servicemen|personnel|battalions?|brigades?|" \
        r"divisions?|garrison|sappers|engineers|shelling|artillery\s+fire|missile\s+strikes?|" \
        r"offensive|invasion|incursion"


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
        for alias in actor.aliases:
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
                if n is None:
                    if word in alias_map:
                        found.append((start, m.end(), alias_map[word]))
                    continue
                base = dem_map[word]
                if n.group("air"):
                    name = base + ": Air Force"
                elif n.group("navy"):
                    name = base + ": Navy"
                elif n.group("police") and base.startswith("Military Forces of "):
                    name = "Police Forces of " + base[len("Military Forces of "):]
                else:
                    name = base
                found.append((start, n.end(), name))
            else:
                found.append((start, m.end(), alias_map[word]))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def actor_kind(canonical: str) -> str:
    """The kind (``state``, ``rebel``, ``militia``, ``international``) of a canonical name, or ``""``.

    Examples
    --------
    >>> actor_kind("Military Forces of Russia: Air Force")
    'state'
    """
    return _compiled()[4].get(canonical, "")
