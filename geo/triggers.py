"""Trigger words: the lexicon of ``geo/data/triggers.csv`` and where its keywords occur in a text.

One Aho-Corasick pass (pyahocorasick) over the lower-cased body finds trigger words; each row of
``geo/data/triggers.csv`` then checks what must follow the keyword (``then``, a regex anchored at
the keyword's end) and gives the ACLED ``event_type``/``sub_event_type``, our finer label and a
strength. Keywords use brace inflections: ``captur{e,ed,es,ing}``, ``push{,ed} toward{,s}``.
Rows are tried in file order; the first whose ``then`` matches wins.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

import ahocorasick

__all__ = ["Hit", "Trigger", "find_hits", "load_triggers", "lower_text"]


@dataclass(frozen=True)
class Trigger:
    """One row of ``triggers.csv``: what a keyword (plus ``then``) reports."""

    label: str
    event_type: str
    sub_event_type: str
    strength: float
    generic: bool
    keywords: tuple[str, ...]
    then: re.Pattern[str] | None = None


def _expand(spec: str) -> list[str]:
    """Brace inflections, any number per keyword: ``"captur{e,ed}|push{,ed} toward{,s}"`` ->
    ``["capture", "captured", "push toward", "push towards", "pushed toward", ...]``."""
    out = []
    for part in spec.split("|"):
        forms = [""]
        for text, choices in re.findall(r"([^{}]*)(?:\{([^{}]*)\})?", part.strip()):
            options = choices.split(",") if choices else [""]
            forms = [f + text + o for f in forms for o in options]
        out += [f for f in forms if f.strip()]
    return [" ".join(w.lower().split()) for w in out]


@functools.lru_cache(maxsize=1)
def load_triggers() -> tuple[Trigger, ...]:
    """The packaged trigger lexicon, ``geo/data/triggers.csv`` (cached).

    Returns
    -------
    tuple of Trigger
    """
    raw = resources.files("geo").joinpath("data/triggers.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(raw)):
        rows.append(Trigger(
            label=row["label"], event_type=row["event_type"],
            sub_event_type=row["sub_event_type"], strength=float(row["strength"]),
            generic=row["generic"].strip() == "1", keywords=tuple(_expand(row["keywords"])),
            then=re.compile(row["then"]) if row["then"] else None,
        ))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[ahocorasick.Automaton, dict[str, tuple[Trigger, ...]]]:
    by_keyword: dict[str, list[Trigger]] = {}
    for trig in load_triggers():
        for kw in trig.keywords:
            by_keyword.setdefault(kw, []).append(trig)
    automaton = ahocorasick.Automaton()
    for kw in by_keyword:
        automaton.add_word(kw, (len(kw), kw))
    automaton.make_automaton()
    return automaton, {k: tuple(v) for k, v in by_keyword.items()}


#: White space that is not a single blank: collapsed to one blank before the keyword scan, so
#: "air\n strikes" matches the keyword "air strikes" as ``\s+`` would.
_ODD_SPACE = re.compile(r"[^\S ]\s*| \s+")
_ASCII_ODD_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_WIDE_SPACE = re.compile(r"[^\S\t-\r\x1c-\x1f ]")  # white space outside ASCII


def _keyword_matches(lower: str, spans) -> dict[int, list[tuple[int, str]]]:
    """Keyword occurrences not followed by a letter (or ending a span), overlapping ones too:
    start -> [(end, keyword), ...], offsets into ``lower``.

    The common case is one Aho-Corasick pass over ``lower`` with ASCII white space turned into
    blanks (same offsets); only around runs of several blanks, where a keyword's blank may span
    the run, is a short window collapsed and scanned again.
    """
    automaton, _ = _lexicon()
    size = len(lower)
    # A span may end right before a letter: a keyword ending there still counts (``endpos``).
    letter_ends = {hi for _, hi in spans if hi < size and "a" <= lower[hi] <= "z"}
    if not lower.isascii() and _WIDE_SPACE.search(lower):
        return _collapsed_matches(lower, 0, size, letter_ends)
    text = lower
    for ch in _ASCII_ODD_SPACE:
        if ch in text:
            text = text.replace(ch, " ")
    out: dict[int, list[tuple[int, str]]] = {}
    for last, (n, kw) in automaton.iter(text):
        end = last + 1
        if end < size and "a" <= text[end] <= "z" and end not in letter_ends:
            continue
        start = end - n
        if start in out:
            out[start].append((end, kw))
        else:
            out[start] = [(end, kw)]
    heads, tails, longest = _keyword_shape()
    i = text.find("  ")
    while i >= 0:
        j = i + 2
        while j < size and text[j] == " ":
            j += 1
        # Only a keyword with a blank can span the run: its word before a blank must end the
        # text before the run, and its word after a blank start the text after it.
        if text.endswith(heads, 0, i) and text.startswith(tails, j):
            window = _collapsed_matches(lower, max(0, i - longest), min(size, j + longest),
                                        letter_ends)
            for start, found in window.items():
                for end, kw in found:
                    if start < i and end > j and (end, kw) not in out.get(start, ()):
                        out.setdefault(start, []).append((end, kw))
        i = text.find("  ", j)
    return out


def _collapsed_matches(lower: str, lo: int, hi: int, letter_ends: set[int]
                       ) -> dict[int, list[tuple[int, str]]]:
    """`_keyword_matches` for ``lower[lo:hi]`` with white-space runs collapsed (slower)."""
    automaton, _ = _lexicon()
    c_breaks, o_breaks, parts, pos, shift = [0], [lo], [], lo, 0
    for m in _ODD_SPACE.finditer(lower, lo, hi):
        parts += (lower[pos:m.start()], " ")
        shift += m.end() - m.start() - 1
        pos = m.end()
        c_breaks.append(pos - lo - shift)
        o_breaks.append(pos)
    text = "".join([*parts, lower[pos:hi]])
    size = len(lower)
    out: dict[int, list[tuple[int, str]]] = {}
    for last, (n, kw) in automaton.iter(text):
        j = bisect.bisect_right(c_breaks, last) - 1
        end = last + o_breaks[j] - c_breaks[j] + 1
        if end < size and "a" <= lower[end] <= "z" and end not in letter_ends:
            continue
        j = bisect.bisect_right(c_breaks, last + 1 - n) - 1
        out.setdefault(last + 1 - n + o_breaks[j] - c_breaks[j], []).append((end, kw))
    return out


@functools.lru_cache(maxsize=1)
def _keyword_shape() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Words of keywords that come before a blank, words that come after one, and the longest
    keyword (for the re-scan windows)."""
    keywords = _lexicon()[1]
    parts = [kw.split(" ") for kw in keywords if " " in kw]
    heads = tuple(sorted({w for p in parts for w in p[:-1]}))
    tails = tuple(sorted({w for p in parts for w in p[1:]}))
    return heads, tails, max(map(len, keywords))


@dataclass
class Hit:
    start: int
    end: int
    trigger: Trigger
    keyword: str


def lower_text(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def find_hits(lower: str, spans) -> list[Hit]:
    """Trigger hits in reading order: per span, the leftmost keyword (the longest one there not
    followed by a letter), then the next one after it, as a regex scan would find them."""
    _, by_keyword = _lexicon()
    found = _keyword_matches(lower, spans)
    starts = sorted(found)
    hits: list[Hit] = []
    for lo, hi in spans:
        pos = lo
        for s in starts[bisect.bisect_left(starts, lo):]:
            if s < pos:
                continue
            if s >= hi:
                break
            ends = [(e, kw) for e, kw in found[s]
                    if e == hi or (e < hi and not "a" <= lower[e] <= "z")]
            if not ends:
                continue
            end, kw = max(ends)
            pos = end
            if s and (lower[s - 1].isalnum() or lower[s - 1] in "-_"):
                continue
            if hits and s < hits[-1].end:
                continue
            for trig in by_keyword.get(kw, ()):
                if trig.then is None:
                    hits.append(Hit(s, end, trig, kw))
                    break
                t = trig.then.match(lower, end, hi)
                if t:
                    hits.append(Hit(s, t.end() if t.end() - end < 40 else end, trig, kw))
                    break
    return hits
