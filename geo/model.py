"""Records passed between the pipeline stages: documents, place mentions, dates and events.

Offsets (``start``, ``end``) are Python string indices into ``Document.text``, end exclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gazetteer.model import Place


@dataclass(frozen=True)
class Document:
    """One article. ``body`` lists the (start, end) spans of article text, boilerplate excluded."""

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    published_how: str = ""  # "metadata", "dateline", "inferred" or "" when undated
    source: str = ""
    url: str = ""
    path: str = ""
    body: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Mention:
    """A place name found in a document, resolved (``place``) or not (``place is None``).

    ``within``: for an unresolved part of a city ("the Tenek district of Mosul"), that city."""

    doc_id: str
    start: int
    end: int
    text: str
    place: Place | None = None
    score: float = 0.0
    within: Place | None = None


@dataclass(frozen=True)
class DateMention:
    """A date expression and the date it resolves to.

    ``precision`` follows ACLED's time_precision: 1 day, 2 week, 3 month (and 4 year, our addition).
    ``date`` is None when the expression is relative and the document is undated.
    """

    doc_id: str
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: int = 1


@dataclass(frozen=True)
class Event:
    """A dated, located event with its evidence; ``doc_ids``/``sources`` grow when reports merge."""

    event_id: str
    date: dt.date | None
    time_precision: int
    date_text: str
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...]
    place: Place
    place_text: str
    geo_precision: int
    sentence: str
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: float
    titles: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    notes: str = ""
    mentions: tuple[Mention, ...] = field(default=(), compare=False, repr=False)

    @property
    def label(self) -> str:
        """The finer label the event was found by, first of its notes ("capture", "ied")."""
        return self.notes.split(";")[0].strip()
