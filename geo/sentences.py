"""Paragraphs and sentences of article text, as character spans (no tokeniser, one regex pass).

A paragraph ends at a blank line, or at a single line break unless the line runs on into a
lower-case continuation (hard-wrapped text). A sentence ends at ``.``, ``!`` or ``?`` (and any
closing quotes or brackets) followed by white space and a capital, digit or opening quote, unless
the word before the full stop is an abbreviation ("U.S.", "Gen.", "Col.", "Sept.", "Mr.", "No.")
or an initial ("George W. Bush").
"""

from __future__ import annotations

import re

__all__ = ["OPEN_END", "dateline_spans", "split_paragraphs", "split_sentences"]

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen col lt maj capt cpt sgt cpl pvt adm brig cmdr cdr gov sen rep rev fr st mt
ft sr jr jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
sun no nos vol fig approx est dept univ inc ltd corp co bros vs etc al op pp ed eds lit gens cols
""".split())
#: Abbreviations that also end sentences; they end one when a usual sentence opener follows.
_FINAL_ABBREVIATIONS = frozenset({"u.s", "u.k", "u.n", "inc", "ltd", "corp", "co", "etc", "a.m",
                                  "p.m", "jr", "sr", "bros", "e.u"})
_OPENERS = frozenset("""
the a an it he she they we i in on at but and this that these those its his her their there
meanwhile however earlier later after before since while when if as according some many
""".split())

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\"“‘])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")
_PARA = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?![ \t]*[a-z])")
#: A line that stops mid-sentence ("... a recount in", "... the mayor said,"): in hard-wrapped
#: text the next line goes on with the sentence.
OPEN_END = re.compile(
    r"(?:,|\b(?:in|of|the|a|an|and|or|but|to|for|at|on|by|with|from|into|that|as|than|its|"
    r"their|his|her|our|this|these|those|was|were|is|are|has|have|had|be|been|who|which))[ \t]*$")


#: A wire dateline at the start of a line: "MOSCOW, Russia (AFP) —", "KYIV, Sept 18 (Reuters) -",
#: "Bogota, Dec 6 (EFE).-", "BEIRUT —", "AMMAN: ...". Its place is where the story was filed and
#: its date the day of filing, not where and when the reported events happened.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][\w.'’ ]{1,40}?(?:,\s*[A-Z][\w.'’ ]{1,30}?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([^()\n]{1,40}\)\s*\.?\s*[-–—:]{0,2}|\s+[-–—]{1,2}(?=\s)|\s*[–—]|:(?=[ \t]))",
    re.M)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each wire dateline of the text.

    >>> t = "KYIV, Sept 18 (Reuters) - Drones hit the city."
    >>> [t[a:b] for a, b in dateline_spans(t)]
    ['KYIV, Sept 18 (Reuters) -']
    """
    return [m.span() for m in _DATELINE.finditer(text)]


def split_paragraphs(text: str, spans: tuple[tuple[int, int], ...] | None = None,
                     ) -> list[tuple[int, int]]:
    """Paragraph spans inside ``spans`` (default: the whole text), stripped of white space.

    Examples
    --------
    >>> split_paragraphs("Title\\n\\nOne. Two.\\nThree")
    [(0, 5), (7, 16), (17, 22)]
    >>> split_paragraphs("They met in\\nDamascus.")
    [(0, 21)]
    """
    if spans is None:
        spans = ((0, len(text)),)
    out = []
    for lo, hi in spans:
        pos = lo
        for m in _PARA.finditer(text, lo, hi):
            if m.group().count("\n") == 1 and OPEN_END.search(text, max(pos, m.start() - 8),
                                                             m.start()):
                continue  # a hard-wrapped line: "... a recount in\nWisconsin."
            _add(text, pos, m.start(), out)
            pos = m.end()
        _add(text, pos, hi, out)
    return out


def _add(text: str, lo: int, hi: int, out: list[tuple[int, int]]) -> None:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi > lo:
        out.append((lo, hi))


def split_sentences(text: str, spans: tuple[tuple[int, int], ...] | None = None, *,
                    paragraphs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside the body ``spans`` (default: the whole text).

    Parameters
    ----------
    text : str
        The document text.
    spans : tuple of (int, int), optional
        Body spans (``Document.body``); sentences never cross a span or paragraph boundary.
    paragraphs : list of (int, int), optional
        ``split_paragraphs(text, spans)`` when the caller has it already.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each sentence, end exclusive, white space stripped.

    Examples
    --------
    >>> t = "Gen. Smith met U.S. envoys on Sept. 5 in Aleppo. They left. \\"It ended,\\" he said."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Gen. Smith met U.S. envoys on Sept. 5 in Aleppo.', 'They left.', '"It ended," he said.']
    """
    out: list[tuple[int, int]] = []
    if paragraphs is None:
        paragraphs = split_paragraphs(text, spans)
    for plo, phi in paragraphs:
        pos = plo
        for m in _END.finditer(text, plo, phi):
            if text[m.start()] == "." and _is_abbreviation(text, m.start(), m.end(), phi):
                continue
            _add(text, pos, m.end(), out)
            pos = m.end()
        _add(text, pos, phi, out)
    return out


def _is_abbreviation(text: str, dot: int, end: int, hi: int) -> bool:
    w = _WORD_BEFORE.search(text, max(0, dot - 24), dot + 1)
    if w is None:
        return False
    word = w.group(1).lower().rstrip(".")
    if len(word) == 1 and w.group(1).isupper():
        return True  # an initial: "George W. Bush"
    if word in _FINAL_ABBREVIATIONS or "." in word:
        nxt = _NEXT_WORD.match(text, end, hi)
        return not (nxt and nxt.group(1).lower() in _OPENERS)
    return word in _ABBREVIATIONS
