"""Date expressions in article text, resolved against the publication date.

Absolute dates ("September 12", "5 September 2017", "2017-09-05", "in May", "since September
2015", "mid-October") and relative ones ("on Tuesday", "last Thursday", "yesterday", "last week",
"two days ago", "on the same day") become :class:`~geo.model.DateMention` records with ACLED's time
precision: 1 the day is known, 2 the week, 3 the month, 4 the year only (our addition).

Everything here is precompiled regular expressions plus :mod:`datetime`: a few microseconds per
article, no heavy parser per call.

Rules for relative and year-less dates
--------------------------------------
* A weekday in past tense is the latest such day strictly before publication; a weekday equal to
  the publication weekday is the publication day itself ("said on Thursday" in a Thursday article),
  unless it says "last Thursday". Future tense in the same clause ("will meet", "is due",
  "plans to", "next Tuesday") gives the next such day after publication.
* A year-less date ("September 12", "in May") takes the latest year that puts it no later than a
  few days after publication; with future tense, the earliest year not before publication.
* Expressions anchored on another date ("on the same day", "a day earlier", "the next day") use
  the previous date mention in the text, else the publication date.
* In an undated document (``published is None``) relative and year-less dates get ``date=None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from geo.model import DateMention

__all__ = [
    "dateline_spans", "find_dates", "infer_publication_date", "is_date_line", "parse_date",
    "publication_date_from_text",
]

_ONE_DAY = dt.timedelta(days=1)
_GRACE = dt.timedelta(days=3)  # "a few days": a year-less date may lie this far after publication

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
}

# Month names: the case is checked after matching (Title or UPPER only), so "may"/"march" the
# verbs never match.
_MONTH_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October|"
               r"November|December)")
_MONTH_ANY = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
              r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
              r"Nov\.?|Dec\.?)")
_WD = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)day"
_WD_LONG = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"

_F = re.IGNORECASE
# 2017-09-05, 2017/09/05
_RE_ISO = re.compile(
    rf"(?<![\w./-])(?P<y>{_YEAR})(?P<sep>[-/])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>{_DAY})"
    r"(?![\w/-]|\.\d)"
)
# Tuesday, September 12, 2017 / Sept. 5 / September 13th
_RE_MD = re.compile(
    rf"(?<![\w-])(?:(?P<wd>{_WD_LONG}),?\s+(?:the\s+)?)?(?P<mon>{_MONTH_ANY})(?!\w)\s*"
    rf"(?P<d>{_DAY}){_ORD}(?![\d%]|[,.]\d)(?:,?\s+(?P<y>{_YEAR})(?![\d%]|[,.]\d))?", _F
)
# Tuesday, 12 September 2017 / 23 Nov, 2017 / the 5th of May
_RE_DM = re.compile(
    rf"(?<![\w,.$€£-])(?:(?P<wd>{_WD_LONG}),?\s+(?:the\s+)?)?(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?"
    rf"(?P<mon>{_MONTH_ANY})(?!\w)(?:,?\s+(?P<y>{_YEAR})(?![\d%]|[,.]\d))?", _F
)
# September 2015 / mid-October / early September / in May (bare months need a cue word before)
_RE_MY = re.compile(
    r"(?<![\w-])(?:(?P<q>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|"
    r"beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of)[\s-]*)?"
    rf"(?P<mon>{_MONTH_FULL})(?!\w)(?!'s|\u2019s)(?:,?\s+(?P<y>{_YEAR})(?![\d%]|[,.]\d)"
    r"|\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![\w-]))?(?!\s*\d)", _F
)
# in 2015 / since 2011 (a year alone needs a cue word)
_RE_YEAR = re.compile(
    r"(?<![\w-])(?P<cue>in|since|until|till|by|during|throughout|early|late|mid|before|after"
    rf"|end\s+of|beginning\s+of)[\s-]+(?P<y>{_YEAR})(?![\w%]|[,.]\d|\s*(?:-|\u2013|to)\s*\d)", _F
)
_RE_WEEKDAY = re.compile(
    r"(?<![\w-])(?P<pre>(?:(?:earlier|later|late|early)\s+(?:on\s+)?|(?:last|this\s+coming|this|"
    r"next|past|coming|previous)\s+)?)"
    rf"(?P<wd>{_WD})(?!\w)(?P<post>\s+(?:(?:morning|afternoon|evening|night)\b|"
    r"(?:of\s+)?(?:last|next|this)\s+week\b))?", _F
)
_RE_DAYWORD = re.compile(
    r"(?<![\w-])(?P<w>(?:the\s+)?day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
    r"last\s+night|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|later\s+today|"
    r"overnight)(?![\w-])", _F
)
_RE_AGO = re.compile(
    r"(?<![\w-])(?P<n>a\s+couple\s+of|couple\s+of|a\s+few|few|several|an?|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?P<u>days?|weeks?|months?|years?|decades?)"
    r"\s+(?P<dir>ago|earlier|later|previously|before(?=\s*[,.;)])|after(?=\s*[,.;)]))(?!\w)", _F
)
_RE_ANAPHOR = re.compile(
    r"(?<![\w-])(?P<w>the\s+same\s+day|that\s+same\s+day|(?:earlier\s+|later\s+)?that\s+day|"
    r"(?:earlier|later)\s+in\s+the\s+day|the\s+previous\s+day|"
    r"the\s+day\s+before(?=\s*[,.;)])|the\s+(?:next|following)\s+day|"
    r"the\s+day\s+after(?=\s*[,.;)]))(?![\w-])", _F
)
_RE_PERIOD = re.compile(
    r"(?<![\w-])(?P<pre>(?:earlier|later|early|late)\s+)?(?P<rel>last|this|next|past|previous|"
    r"coming|the\s+past|the\s+previous|the\s+coming)\s+(?P<u>week|weekend|month|year)(?![\w-])",
    _F,
)

# Tense: a future cue in the same sentence, not behind a reporting verb or clause break.
_RE_FUTURE = re.compile(
    r"\b(?:will|shall|won['\u2019]t|(?:is|are|was|were)\s+(?:to|due|scheduled|expected|set)|"
    r"plans?\s+to|planned|planning|intends?\s+to|expected\s+to|set\s+to|going\s+to|"
    r"to\s+be\s+held|upcoming)\b|\w['\u2019]ll\b", _F
)
# Substrings one of which every _RE_FUTURE match holds: a cheap test before the regex.
_FUTURE_CUES = ("will", "shall", "won", "ll", "is to", "re to", "as to", "due", "schedul",
                "expect", "set to", "plan", "intend", "going to", "held", "upcoming")
_RE_CLAUSE_BREAK = re.compile(
    r"\b(?:that|said|says|told|added|but|while|although|after|before|when|since)\b|[;:]", _F
)
_PAST_IRREGULAR = frozenset(
    [
        "said", "told", "met", "broke", "took", "held", "made", "came", "went", "fought", "began",
        "sent", "saw", "gave", "left", "fell", "struck", "hit", "won", "lost", "shot", "led",
        "drove", "ran", "flew", "spoke", "threw", "brought", "caught", "found", "got", "put", "set",
        "seized", "was", "were", "had", "did", "overran", "withdrew"
    ]
)
_AUXILIARY = frozenset(["be", "to", "will", "shall", "'ll", "being"])
_RE_WORDS = re.compile(r"[A-Za-z'\u2019]+")
_RE_WORD_BEFORE = re.compile(r"([A-Za-z'\u2019]+)\W*$")

# Words that make a bare month name a date ("in May", "since March", "of June").
_MONTH_CUES = frozenset(
    [
        "in", "since", "until", "till", "by", "from", "during", "through", "throughout", "of",
        "early", "mid", "late", "last", "next", "this", "between", "and", "to", "before", "after",
        "around", "until", "from-mid", "each", "every"
    ]
)
# Capitalised words that make a following weekday a name, not a date.
_NAMED_DAYS = frozenset([
    "black", "good", "bloody", "super", "holy", "ash", "palm", "easter", "cyber", "maundy",
    "great", "fat", "shrove", "giving", "whit", "low", "mad", "manic", "blue",
])


def _month(token: str) -> int | None:
    """The month number of a month token written Title-case or UPPER; None for "may"/"march"."""
    if not (token[0].isupper()):
        return None
    return _MONTHS.get(token[:3].lower())


def _weekday(token: str) -> int:
    return _WEEKDAYS[token[:3].lower()]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(d: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` away from ``d``'s month."""
    idx = d.year * 12 + d.month - 1 + months
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


class _Text:
    """Sentence bounds around a position, for tense checks (found locally, on demand)."""

    _REACH = 400  # a sentence boundary is looked for this far around a date

    def __init__(self, text: str) -> None:
        self.text = text

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Approximate sentence bounds: the nearest ". ", "! ", "? " or newline each side."""
        text = self.text
        lo = max(0, start - self._REACH)
        s = max(text.rfind(". ", lo, start), text.rfind("? ", lo, start),
                text.rfind("! ", lo, start), text.rfind("\n", lo, start) - 1)
        s = lo if s < 0 else s + 2
        hi = min(len(text), end + self._REACH)
        ends = [i for i in (text.find(". ", end, hi), text.find("? ", end, hi),
                            text.find("! ", end, hi), text.find("\n", end, hi)) if i >= 0]
        return s, (min(ends) + 1 if ends else hi)

    def future(self, start: int, end: int) -> bool:
        """Does the clause around ``text[start:end]`` speak of the future?"""
        s, e = self.sentence(start, end)
        before = self.text[max(s, start - 48):start]
        # "said on Tuesday", "met with Assad on Tuesday": a past verb right before wins.
        words = [w.lower() for w in _RE_WORDS.findall(before)[-4:]]
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            if w in ("on", "earlier", "later", "late", "early", "and", "with"):
                continue
            # "will be held", "to be signed": a participle after an auxiliary is not past.
            past = w in _PAST_IRREGULAR or (w.endswith("ed") and len(w) > 3)
            if past and (i == 0 or words[i - 1] not in _AUXILIARY):
                return False
            break
        low = self.text[s:e].lower()
        if not any(cue in low for cue in _FUTURE_CUES):
            return False
        for m in _RE_FUTURE.finditer(self.text, s, e):
            if m.end() <= start:
                gap = self.text[m.end():start]
            elif m.start() >= end:
                gap = self.text[end:m.start()]
            else:
                continue
            if not _RE_CLAUSE_BREAK.search(gap):
                return True
        return False


def _resolve_year_less(month: int, day: int | None, published: dt.date | None, *,
                       future: bool, weekday: int | None = None) -> dt.date | None:
    """The year for a date written without one, relative to the publication date."""
    if published is None:
        return None
    cands = []
    for y in (published.year - 1, published.year, published.year + 1):
        c = _safe_date(y, month, day or 1)
        if c is not None:
            cands.append(c)
    if not cands:
        return None
    if weekday is not None and day is not None:
        fits = [c for c in cands if c.weekday() == weekday]
        if len(fits) == 1:
            return fits[0]
    if day is None:  # month only: compare whole months
        pub_month = dt.date(published.year, published.month, 1)
        if future:
            later = [c for c in cands if c >= pub_month]
            return later[0] if later else cands[-1]
        earlier = [c for c in cands if c <= pub_month]
        return earlier[-1] if earlier else cands[0]
    if future:
        later = [c for c in cands if c >= published - _ONE_DAY]
        return later[0] if later else cands[-1]
    earlier = [c for c in cands if c <= published + _GRACE]
    return earlier[-1] if earlier else cands[0]


def _resolve_weekday(wd: int, published: dt.date | None, *, pre: str, post: str,
                     future: bool) -> tuple[dt.date | None, int]:
    """A weekday reference as a date, by qualifier ("last", "next") and tense."""
    if published is None:
        return None, 1
    pre = " ".join(pre.lower().split())
    post = " ".join(post.lower().split())
    if "last week" in post:
        return _monday(published) - dt.timedelta(days=7) + dt.timedelta(days=wd), 1
    if "next week" in post:
        return _monday(published) + dt.timedelta(days=7 + wd), 1
    if "this week" in post:
        return _monday(published) + dt.timedelta(days=wd), 1
    back = (published.weekday() - wd) % 7  # days back to the latest such day, 0 = today
    ahead = (wd - published.weekday()) % 7
    if pre.startswith(("last", "past", "previous")):
        return published - dt.timedelta(days=back or 7), 1
    if pre.startswith(("next", "coming", "this coming")):
        return published + dt.timedelta(days=ahead or 7), 1
    if pre.startswith("later") and ahead == 0:
        return published, 1
    if future and not pre.startswith("earlier"):
        return published + dt.timedelta(days=ahead or 7), 1
    return published - dt.timedelta(days=back), 1


def _is_weekday_name(text: str, start: int, pre: str) -> bool:
    """Is the weekday at ``start`` part of a name ("Black Friday", "Bloody Sunday")?

    Only the named days English uses are taken as names: "Peskov Tuesday said" stays a date.
    """
    if pre:
        return False
    m = _RE_WORD_BEFORE.search(text, max(0, start - 20), start)
    if not m or m.end(1) != start - 1 or text[m.end(1):start] != " ":
        return False
    word = m.group(1)
    return word[0].isupper() and word.lower() in _NAMED_DAYS


def _month_cue_before(text: str, start: int) -> bool:
    m = _RE_WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(m) and m.group(1).lower() in _MONTH_CUES


class _Candidate:
    __slots__ = ("end", "kind", "m", "start")

    def __init__(self, kind: str, m: re.Match[str], start: int | None = None) -> None:
        self.kind = kind
        self.m = m
        self.start = m.start() if start is None else start
        self.end = m.end()


# Cheap triggers: every date expression holds one of these, so the detailed patterns only run
# in small windows around them (a full-text pass per pattern costs ~20x more).
# One small pattern per group: Python's re scans a few plain alternatives fast, one big
# alternation slowly.
_TRIGGERS = (
    ("mon", re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")),
    ("MON", re.compile(r"JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC")),
    ("day", re.compile(r"day|DAY")),
    ("unit", re.compile(r"week|month|year|decade")),
    ("num", re.compile(r"(?:1[89]|20)\d\d")),
    ("time", re.compile(r"night|orning|fternoon|vening|omorrow")),
)
_TIME_WORDS = ("night", "orning", "fternoon", "vening", "omorrow")
_UPPER_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                 "DEC")
_GROUPS = {
    "mon": (("md", _RE_MD), ("dm", _RE_DM), ("my", _RE_MY)),
    "weekday": (("weekday", _RE_WEEKDAY),),
    "dayword": (("dayword", _RE_DAYWORD),),
    "days": (("anaphor", _RE_ANAPHOR), ("ago", _RE_AGO)),
    "unit": (("period", _RE_PERIOD), ("ago", _RE_AGO)),
    "num": (("iso", _RE_ISO), ("year", _RE_YEAR)),
}
_MONTH_WORDS = frozenset(
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec"
    ]
)
_WEEKDAY_WORDS = frozenset(
    w + suffix for w in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday") for suffix in ("", "s")
)
_DAYWORDS = frozenset([
    "yesterday", "today", "tonight", "tomorrow", "night", "overnight", "morning", "afternoon",
    "evening"
])
_DAY_UNITS = frozenset(("day", "days"))
_UNITS = frozenset(["week", "weeks", "weekend", "month", "months", "year", "years", "decade",
                    "decades"])
# Characters searched before and after a trigger: room for the longest prefix ("Wednesday, the
# 5th of", "this coming", "a couple of") and suffix (", 2017", "of last week").
_REACH = {"mon": (30, 26), "weekday": (28, 20), "dayword": (24, 14), "days": (32, 18),
          "unit": (32, 18), "num": (22, 10)}


def _word_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the alphabetic word holding text[start:end]."""
    n = len(text)
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < n and text[end].isalpha():
        end += 1
    return start, end


def _group_of(trigger: str, text: str, start: int, end: int) -> str | None:
    """Which patterns to try around a trigger, judged by the word it sits in."""
    if trigger == "num":
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return None if before.isdigit() or after.isdigit() else "num"
    ws, we = _word_at(text, start, end)
    word = text[ws:we].lower()
    if trigger == "mon":
        return "mon" if word in _MONTH_WORDS else None
    if trigger == "day":
        if word in _WEEKDAY_WORDS:
            return "weekday"
        if word in _DAYWORDS:
            return "dayword"
        return "days" if word in _DAY_UNITS else None
    if trigger == "unit":
        return "unit" if word in _UNITS else None
    return "dayword" if word in _DAYWORDS else None


def _windows(text: str, lo: int, hi: int) -> dict[str, list[tuple[int, int]]]:
    """Merged search windows per trigger group."""
    hits: list[tuple[str, int, int]] = []
    for group, rx in _TRIGGERS:
        if group == "time" and not any(text.find(w, lo, hi) >= 0 for w in _TIME_WORDS):
            continue
        if group == "MON":
            if not any(text.find(w, lo, hi) >= 0 for w in _UPPER_MONTHS):
                continue
            group = "mon"
        hits.extend((group, m.start(), m.end()) for m in rx.finditer(text, lo, hi))
    hits.sort()
    out: dict[str, list[tuple[int, int]]] = {}
    for trigger, start, end in hits:
        group = _group_of(trigger, text, start, end)
        if group is None:
            continue
        back, ahead = _REACH[group]
        a = max(lo, start - back)
        b = min(hi, end + ahead)
        nxt = text.find(" ", b, hi)  # do not cut a token at the window's end
        b = hi if nxt < 0 else nxt
        spans = out.setdefault(group, [])
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return out


def _accept(kind: str, m: re.Match[str], text: str) -> _Candidate | None:
    """A match as a candidate, or None when it is not a date after all."""
    start = m.start()
    if kind in ("md", "dm", "my"):
        if _month(m.group("mon")) is None:
            return None
        bare = kind == "my" and not m.group("q") and not m.group("y")
        if bare and not _month_cue_before(text, start):
            return None
    elif kind == "year":
        start = m.start("y")
        if m.group("cue").lower() not in ("in", "since", "until", "till", "by", "during",
                                          "throughout", "before", "after"):
            start = m.start()
    elif kind == "weekday" and _is_weekday_name(text, start, m.group("pre")):
        return None
    return _Candidate(kind, m, start)


def _candidates(text: str, lo: int, hi: int) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    for group, spans in _windows(text, lo, hi).items():
        for kind, rx in _GROUPS[group]:
            for a, b in spans:
                for m in rx.finditer(text, a, b):
                    key = (kind, m.start(), m.end())
                    if key in seen:
                        continue
                    seen.add(key)
                    c = _accept(kind, m, text)
                    if c is not None:
                        out.append(c)
    # Longest leftmost wins; drop overlaps.
    out.sort(key=lambda c: (c.start, -(c.end - c.start), c.kind))
    kept: list[_Candidate] = []
    last_end = -1
    for c in out:
        if c.start >= last_end:
            kept.append(c)
            last_end = c.end
    return kept


def _resolve(c: _Candidate, text: str, tx: _Text, published: dt.date | None,
             previous: DateMention | None) -> tuple[dt.date | None, int, int]:
    """(date, precision, start) for one candidate."""
    m, kind, start = c.m, c.kind, c.start
    if kind == "iso":
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])), 1, start
    if kind in ("md", "dm"):
        month, day = _month(m["mon"]), int(m["d"])
        wd = _weekday(m["wd"]) if m["wd"] else None
        if m["y"]:
            return _safe_date(int(m["y"]), month, day), 1, start
        fut = tx.future(m.start(), m.end())
        return _resolve_year_less(month, day, published, future=fut, weekday=wd), 1, start
    if kind == "my":
        month = _month(m["mon"])
        q = " ".join((m["q"] or "").lower().split())
        day, prec = 1, 3
        if q == "mid" or "middle" in q:
            day, prec = 15, 2
        elif q == "early" or "beginning" in q or "start" in q:
            day, prec = 1, 2
        elif q == "late" or "end" in q:
            day, prec = 22, 2
        if m["y"]:
            return _safe_date(int(m["y"]), month, day), prec, start
        if m["rel"]:  # "in December last year"
            step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
            year = published.year + step if published else None
            return (_safe_date(year, month, day) if year else None), prec, start
        before = _RE_WORD_BEFORE.search(text, max(0, start - 30), start)
        word = before.group(1).lower() if before else ""
        fut = word == "next" or (word != "last" and tx.future(m.start(), m.end()))
        d = _resolve_year_less(month, None, published, future=fut)
        if d is not None and word == "last" and published and d.month == published.month:
            d = d.replace(year=d.year - 1)
        return (d.replace(day=day) if d else None), prec, start
    if kind == "year":
        return dt.date(int(m["y"]), 1, 1), 4, start
    if kind == "weekday":
        fut = tx.future(m.start(), m.end())
        d, prec = _resolve_weekday(_weekday(m["wd"]), published, pre=m["pre"],
                                   post=m["post"] or "", future=fut)
        return d, prec, start
    if kind == "dayword":
        w = " ".join(m["w"].lower().split())
        if published is None:
            return None, 1, start
        if "before yesterday" in w:
            return published - 2 * _ONE_DAY, 1, start
        if w in ("yesterday", "last night", "overnight"):
            return published - _ONE_DAY, 1, start
        if w == "tomorrow":
            return published + _ONE_DAY, 1, start
        return published, 1, start
    if kind == "ago":
        n = _NUMBERS.get(" ".join(m["n"].lower().split()))
        n = n if n is not None else int(m["n"])
        unit, direction = m["u"].lower().rstrip("s"), m["dir"].lower()
        if direction == "ago" or previous is None or previous.date is None:
            anchor = published
        else:
            anchor = previous.date
        if anchor is None:
            return None, 1, start
        sign = 1 if direction in ("later", "after") else -1
        if unit == "day":
            return anchor + sign * n * _ONE_DAY, 1, start
        if unit == "week":
            return anchor + sign * 7 * n * _ONE_DAY, 2, start
        if unit == "month":
            return _add_months(anchor, sign * n), 3, start
        if unit == "decade":  # "a decade ago"
            n *= 10
        return dt.date(anchor.year + sign * n, 1, 1), 4, start
    if kind == "anaphor":
        w = " ".join(m["w"].lower().split())
        if previous is not None:
            anchor, prec = previous.date, previous.precision
        else:
            anchor, prec = published, 1
        if anchor is None:
            return None, prec, start
        if "previous" in w or "before" in w:
            return anchor - _ONE_DAY, prec, start
        if "next" in w or "following" in w or "after" in w:
            return anchor + _ONE_DAY, prec, start
        return anchor, prec, start
    # period: last week / this month / earlier this year / last weekend
    rel = m["rel"].lower().split()[-1]
    unit = m["u"].lower()
    if published is None:
        return None, {"week": 2, "weekend": 2, "month": 3, "year": 4}[unit], start
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "week":
        return _monday(published) + dt.timedelta(days=7 * step), 2, start
    if unit == "weekend":
        sat = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if step > 0 or (step == 0 and published.weekday() < 5 and tx.future(m.start(), m.end())):
            sat += dt.timedelta(days=7)
        elif step < 0 and published.weekday() >= 5:
            sat -= dt.timedelta(days=7)
        return sat, 2, start
    if unit == "month":
        return _add_months(published, step), 3, start
    return dt.date(published.year + step, 1, 1), 4, start


def find_dates(text: str, published: dt.date | None, *, doc_id: str = "",
               spans: Sequence[tuple[int, int]] | None = None) -> list[DateMention]:
    """Find and resolve every date expression in ``text``.

    Parameters
    ----------
    text : str
        The document text; offsets in the result index into it.
    published : datetime.date or None
        Publication date. With None, relative and year-less dates get ``date=None``.
    doc_id : str
        Copied into each :class:`~geo.model.DateMention`.
    spans : sequence of (start, end), optional
        Only look inside these spans (e.g. ``Document.body``); default the whole text.

    Returns
    -------
    list of DateMention
        In text order. ``precision`` is ACLED's time precision (1 day, 2 week, 3 month, 4 year).

    Examples
    --------
    >>> import datetime as dt
    >>> [(d.text, d.date.isoformat(), d.precision)
    ...  for d in find_dates("Troops took the town on Tuesday.", dt.date(2017, 9, 13))]
    [('Tuesday', '2017-09-12', 1)]
    >>> find_dates("Clashes since September 2015.", None)[0].precision
    3
    """
    tx = _Text(text)
    regions = list(spans) if spans is not None else [(0, len(text))]
    out: list[DateMention] = []
    previous: DateMention | None = None
    for lo, hi in regions:
        for c in _candidates(text, lo, hi):
            date, precision, start = _resolve(c, text, tx, published, previous)
            end = c.end
            while end > start and text[end - 1] in " \t\n,":
                end -= 1
            dm = DateMention(doc_id=doc_id, start=start, end=end, text=text[start:end],
                             date=date, precision=precision)
            out.append(dm)
            if date is not None:
                previous = dm
    return out


# ---------------------------------------------------------------------------------------------
# Publication dates: metadata values, datelines, inference from weekday + date.

_RE_TIME = r"(?:\s*(?:[,|@-]|at)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?" \
           r"(?:\s*\(?(?:GMT|UTC|[A-Z]{2,4})(?:\s*[+-]\d{1,2}(?::?\d{2})?)?\)?)?)?"
# A whole line that is a date (optionally "Published:", weekday, time): a dateline.
_RE_DATELINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|date|last\s+updated)\s*(?:on)?\s*:?\s*)?"
    rf"(?:{_WD_LONG},?\s+)?"
    rf"(?:(?P<mon1>{_MONTH_ANY})\s*(?P<d1>{_DAY}){_ORD},?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>{_DAY}){_ORD}\s+(?:of\s+)?(?P<mon2>{_MONTH_ANY}),?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})-(?P<m3>1[0-2]|0[1-9])-(?P<d3>{_DAY}))"
    rf"{_RE_TIME}\s*$", re.IGNORECASE | re.MULTILINE,
)
_DATELINE_WINDOW = 800  # characters at the top of the text searched for a dateline


def _dateline_date(m: re.Match[str]) -> dt.date | None:
    if m["y1"]:
        mon = _month(m["mon1"])
        return _safe_date(int(m["y1"]), mon, int(m["d1"])) if mon else None
    if m["y2"]:
        mon = _month(m["mon2"])
        return _safe_date(int(m["y2"]), mon, int(m["d2"])) if mon else None
    return _safe_date(int(m["y3"]), int(m["m3"]), int(m["d3"]))


def dateline_spans(text: str) -> list[tuple[int, int, dt.date]]:
    """Lines near the top of ``text`` that are only a date: (start, end, date) each."""
    out = []
    for m in _RE_DATELINE.finditer(text, 0, min(len(text), _DATELINE_WINDOW)):
        d = _dateline_date(m)
        if d is not None:
            out.append((m.start(), m.end(), d))
    return out


def publication_date_from_text(text: str) -> dt.date | None:
    """The date of a dateline near the top of the text, if there is one.

    A dateline is a line holding only a full date (with year), optionally a weekday, a time and a
    "Published:" label: "Wednesday, September 13, 2017", "23 Nov, 2017 05:44", "2017-09-05".

    Examples
    --------
    >>> publication_date_from_text("Wednesday, September 13, 2017\\n\\nTitle\\nBody text.")
    datetime.date(2017, 9, 13)
    >>> publication_date_from_text("Troops advanced on September 5, 2017 near the city.") is None
    True
    """
    found = dateline_spans(text)
    return found[0][2] if found else None


def infer_publication_date(text: str) -> dt.date | None:
    """A publication date pinned down by the text itself, or None.

    An explicit date written with its weekday ("on Tuesday, September 12") fixes the year among
    the years the text mentions (or the one written with it); the article is then taken to be
    published on the latest such date (it came out within a week after it).

    Examples
    --------
    >>> infer_publication_date("Talks opened on Tuesday, September 12, after the 2017 vote.")
    datetime.date(2017, 9, 12)
    >>> infer_publication_date("Talks opened on September 12.") is None
    True
    """
    found = [c.m for c in _candidates(text, 0, len(text))
             if c.kind in ("md", "dm") and c.m["wd"]]
    years: list[int] | None = None
    best: dt.date | None = None
    for m in found:
        month, day, wd = _month(m["mon"]), int(m["d"]), _weekday(m["wd"])
        if m["y"]:
            d = _safe_date(int(m["y"]), month, day)
            fits = [d] if d is not None and d.weekday() == wd else []
        else:
            if years is None:
                years = sorted({int(y) for y in _RE_ANY_YEAR.findall(text)})
            cands = sorted({y + k for y in years for k in (0, 1)})
            fits = [d for y in cands if (d := _safe_date(y, month, day)) and d.weekday() == wd]
        if len(fits) == 1 and (best is None or fits[0] > best):
            best = fits[0]
    return best


_RE_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_RE_NUMERIC = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


def parse_date(value: object) -> dt.date | None:
    """A metadata date value (ISO, RFC 2822, "September 5, 2017", epoch seconds) as a date.

    Returns None for values it cannot read, and for ambiguous numeric dates like "05/09/2017".

    Examples
    --------
    >>> parse_date("2017-09-05T10:31:00Z")
    datetime.date(2017, 9, 5)
    >>> parse_date("Tue, 05 Sep 2017 10:31:00 GMT")
    datetime.date(2017, 9, 5)
    >>> parse_date("5 September 2017")
    datetime.date(2017, 9, 5)
    >>> parse_date("05/09/2017") is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = _RE_DATELINE.match(s)
    if m and m.end() == len(s):
        return _dateline_date(m)
    rfc = re.match(rf"^\s*(?:[A-Za-z]{{3}},\s*)?(\d{{1,2}})\s+({_MONTH_ANY})\s+(\d{{4}})", s)
    if rfc and _month(rfc.group(2)):
        return _safe_date(int(rfc.group(3)), _month(rfc.group(2)), int(rfc.group(1)))
    num = _RE_NUMERIC.match(s)
    if num:
        a, b, y = (int(x) for x in num.groups())
        if a > 12 >= b:
            return _safe_date(y, b, a)
        if b > 12 >= a:
            return _safe_date(y, a, b)
        if a == b:
            return _safe_date(y, a, b)
    return None


def is_date_line(line: str) -> bool:
    """Is ``line`` only a date (a dateline such as "23 Nov, 2017 05:44")?

    Examples
    --------
    >>> is_date_line("Wednesday, September 13, 2017"), is_date_line("Talks on September 13, 2017.")
    (True, False)
    """
    m = _RE_DATELINE.match(line)
    return bool(m) and m.end() >= len(line.rstrip()) and _dateline_date(m) is not None
