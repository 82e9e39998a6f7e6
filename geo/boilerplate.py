"""Site furniture versus article text: which spans of a page's text are the article.

The text itself is never changed: :func:`article_spans` returns (start, end) spans into it, so
offsets found inside them stay valid against the original.

General rules, not strings keyed to particular sites:

* a *cut marker* line after the article has started (comment widgets such as "No comments:" or
  "Post a Comment", "Related Articles", "Featured Post", donation prompts, "Tags:", copyright
  lines, widget credits) ends the article: everything from it to the end is dropped;
* single furniture lines are dropped wherever they are: amounts ("2,500 $"), credits and bylines
  ("Source: ...", "FILE PHOTO ... ©", "By Jane Doe"), share buttons, a bare domain ("Rt.com"),
  "Advertisement", "Read more: ...", datelines, repeats of an earlier line (a repeated title);
* before the first prose paragraph only the title (the first line of three words or more) and
  lines of six words or more are kept, which drops kickers, tags and stray labels;
* a trailing run of short lines without sentence punctuation (a link list) is dropped.
"""

from __future__ import annotations

import re

from geo.dates import is_date_line
from geo.sentences import OPEN_END

__all__ = ["analyse_page", "article_spans", "guess_title"]

_F = re.IGNORECASE

_RE_CUT = re.compile(
    r"^(?:"
    r"(?:no|\d+|one)\s+comments?\s*:?|comments?\s*(?:\(\d+\))?\s*:?|"
    r"(?:post|leave|add|write|submit|show)\s+(?:a\s+|your\s+|new\s+)?(?:comments?|reply|response)"
    r"\b.*|your\s+email\s+address\s+will\s+not\s+be\s+published\b.*|"
    r"related(?:\s+(?:articles?|posts?|stories|news|content|coverage|links|reading|topics|"
    r"videos?))?\s*:?|"
    r"(?:you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)|recommended"
    r"(?:\s+for\s+you|\s+stories|\s+articles)?|read\s+next|see\s+also|"
    r"most\s+(?:read|popular|viewed|shared|commented)|popular\s+posts|recent\s+posts|"
    r"latest\s+(?:news|posts|stories|articles)|"
    r"trending(?:\s+now)?|featured(?:\s+(?:posts?|stories|articles|content))?|"
    r"more\s+(?:stories|news|articles|from\s+\S+.*))\s*:?|"
    r"(?:do\s+you\s+like\s+this\s+(?:content|article|post)|consider\s+(?:helping|supporting)\s+us|"
    r"support\s+(?:us|our\s+work|independent\s+journalism)|please\s+donate|make\s+a\s+donation|"
    r"become\s+a\s+(?:patron|supporter|member)|help\s+us\s+(?:keep|continue))\b.*|"
    r"(?:share\s+this(?:\s+(?:article|story|post|page))?|tags?|filed\s+under|categories|"
    r"about\s+the\s+author|subscribe\s+to|newer\s+posts?|older\s+posts?|"
    r"blog\s+widget\s+by|powered\s+by|copyright|all\s+rights\s+reserved)\b.*|"
    r"(?:©|\(c\)\s*\d{4}).*"
    r")$", _F,
)
_RE_FURNITURE = re.compile(
    r"^(?:"
    r"(?:[$€£]\s?[\d.,]+|[\d.,]+\s?(?:[$€£]|USD|EUR|GBP))|"  # donation amounts
    r"(?:photo|image|picture|video|file\s+photo|source|credits?|caption|reporting\s+by|"
    r"writing\s+by|editing\s+by|translated\s+by|via)\s*[:|].*|"
    r"\(?(?:reporting|writing|editing)\s+by\b.*|"
    r"[Bb]y\s+(?-i:[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]+|and|&|de|al|van|von)){0,5})"
    r"(?:\s*[,|\u2013-].{0,40})?|"
    r"(?:share|tweet|print|e-?mail|whatsapp|facebook|twitter|telegram|linkedin|reddit|pinterest|"
    r"vk|copy\s+link|save|like|comment|pin\s+it|[|•·\s])+|"
    r"(?:[^|•·]{1,30}[|•·]\s*){2,}[^|•·]{1,30}|"  # a menu: "Home | World | Sport"
    r"follow\s+us\b.*|(?:advertisement|sponsored(?:\s+content)?|loading\.*)|"
    r"(?:read\s+more|continue\s+reading|also\s+read|click\s+here|watch|listen)\b.{0,120}|"
    r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}/?"  # bare URL or domain
    r")$", _F,
)
# Photo captions with a credit and credit lines: dropped up to _CREDIT_MAX_WORDS words.
_RE_CREDIT = re.compile(r"(?:file\s+photo|photo|image|picture)\s*:|.*\(c\)\s*(?:19|20)\d\d", _F)
_CREDIT_MAX_WORDS = 40
_RE_SENTENCE_END = re.compile(r"[.!?\u2026:;]['\"\u201d\u2019)\]]*$|\.\.\.$")

_PROSE_MIN_WORDS = 8  # a line this long that ends a sentence is article prose
_LONG_LINE_WORDS = 20  # a line this long is prose whatever it ends with
_LEAD_KEEP_WORDS = 6  # before the first prose line, keep lines at least this long
_TITLE_MIN_WORDS = 3
_TITLE_MAX_WORDS = 30
_MARKER_MAX_WORDS = 14


#: A non-blank line's content: from its first to its last non-space character.
_RE_LINE = re.compile(r"^[^\S\n]*(\S(?:[^\n]*\S)?)", re.MULTILINE)


_RE_GOES_ON = re.compile(r"[a-z(]")  # a line going on with the sentence before it


def _lines(text: str) -> list[tuple[int, int]]:
    """Content spans of the non-blank lines, leading and trailing whitespace excluded; the lines
    of a hard-wrapped paragraph (one newline between them, the first stopping mid-sentence)
    are one line."""
    out: list[tuple[int, int]] = []
    for m in _RE_LINE.finditer(text):
        s, e = m.span(1)
        if out and text.count("\n", out[-1][1], s) == 1:
            line = text[out[-1][0]:out[-1][1]]
            if not _RE_SENTENCE_END.search(line) and (
                    _RE_GOES_ON.match(text, s) or OPEN_END.search(line)):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def _is_prose(line: str, nwords: int) -> bool:
    return nwords >= _LONG_LINE_WORDS or (
        nwords >= _PROSE_MIN_WORDS and bool(_RE_SENTENCE_END.search(line)))


def _analyse(text: str) -> tuple[list[int], list[tuple[int, int]], int | None]:
    """Indexes of the kept lines, all non-blank line spans, and the title line's index."""
    lines = _lines(text)
    if not lines:
        return [], lines, None
    info = []
    for s, e in lines:
        line = text[s:e]
        words = line.split()
        nw = len(words)
        short = nw <= _MARKER_MAX_WORDS
        info.append((
            words, nw,
            _is_prose(line, nw),
            short and bool(_RE_CUT.match(line)),
            (short and bool(_RE_FURNITURE.match(line))) or (nw <= 12 and is_date_line(line))
            or (nw <= _CREDIT_MAX_WORDS and ("©" in line or bool(_RE_CREDIT.match(line)))),
        ))
    first_prose = next((i for i, x in enumerate(info) if x[2] and not x[3] and not x[4]), None)
    if first_prose is None:
        kept = [i for i, x in enumerate(info) if not x[3] and not x[4]]
        return kept or list(range(len(lines))), lines, None

    stop = len(lines)
    for i in range(first_prose + 1, len(lines)):
        if info[i][3]:
            stop = i
            break
    # Trailing run of short non-prose lines: a link list.
    while stop > first_prose + 1 and not info[stop - 1][2]:
        stop -= 1

    kept: list[int] = []
    seen: set[str] = set()
    title: int | None = None
    for i in range(stop):
        words, nw, _prose, marker, furniture = info[i]
        key = " ".join(words).lower()
        repeat = nw <= _TITLE_MAX_WORDS and key in seen
        seen.add(key)
        if furniture or repeat or (marker and i < first_prose):
            continue
        if i < first_prose:
            if title is None and _TITLE_MIN_WORDS <= nw <= _TITLE_MAX_WORDS:
                title = i
            elif nw < _LEAD_KEEP_WORDS:
                continue
        kept.append(i)
    return kept, lines, title


def analyse_page(text: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """The article spans (see `article_spans`) and the title (see `guess_title`) in one pass.

    Examples
    --------
    >>> analyse_page("Army takes the town\\n\\nThe army took the town on Monday, officials said.")
    (((0, 70),), 'Army takes the town')
    """
    kept, lines, title = _analyse(text)
    spans: list[tuple[int, int]] = []
    prev = -2
    for i in kept:
        s, e = lines[i]
        if spans and i == prev + 1:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
        prev = i
    return tuple(spans), (text[slice(*lines[title])] if title is not None else "")


def article_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) spans of article text, site furniture excluded.

    Consecutive kept lines separated only by blank lines form one span, so paragraph breaks stay
    inside a span; a dropped line splits spans.

    Parameters
    ----------
    text : str
        The document text, unchanged.

    Returns
    -------
    tuple of (int, int)
        Spans into ``text``, in order, end exclusive. Empty only for a blank text.

    Examples
    --------
    >>> text = ("Army takes the town\\n\\nThe army took the town on Monday, officials said."
    ...         "\\n\\nNo comments:\\n\\nPost a Comment")
    >>> [text[s:e] for s, e in article_spans(text)]
    ['Army takes the town\\n\\nThe army took the town on Monday, officials said.']
    """
    return analyse_page(text)[0]


def guess_title(text: str) -> str:
    """The title line of a page's text: the first line of 3-30 words before the article prose.

    Examples
    --------
    >>> guess_title("Monday, 4 September 2017\\nArmy takes the town\\n"
    ...             "The army took the town on Monday, officials said.")
    'Army takes the town'
    """
    return analyse_page(text)[1]
