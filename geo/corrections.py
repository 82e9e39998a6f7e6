"""An analyst's corrections, kept in a CSV file and applied on every build.

Reviewing a map means fixing a few resolutions by hand. Those fixes live in one UTF-8 CSV file
so they survive a rebuild; ``build`` applies them to the mentions (before events are made) and
to the events (after they are made). The header is::

    kind,doc_id,start,end,event_id,field,value

and each row is one of:

``mention`` rows: ``doc_id``, ``start``, ``end`` (the mention's character offsets, as in
``mentions.csv``) and in ``value`` either a place id to re-resolve that mention to, or
``not-a-place`` to drop the mention. ``field`` is empty (or ``place_id``).

``event`` rows: ``event_id``, ``field`` and ``value``; ``field`` is one of

- ``date``: ``YYYY-MM-DD`` or empty for undated; a date sets ``time_precision`` to 1 (a day)
  unless the event also has a ``time_precision`` row,
- ``time_precision``: 1 day, 2 week, 3 month, 4 year,
- ``event_type``, ``sub_event_type``, ``notes``: free text,
- ``place_id``: move the event to that place,
- ``geo_precision``: 1, 2 or 3 (ACLED's codes),
- ``actors``: ``|``-separated actor names (empty for none),
- ``delete``: drop the event (``value`` ignored).

``kind`` may be left empty when the row says it anyway (``doc_id`` set: mention; ``event_id``
set: event). Blank lines and lines starting with ``#`` are skipped, other columns (a ``comment``
column, say) are ignored. When several rows touch the same mention or the same event field, the
last one wins. Rows that match nothing in this build (the corpus changed) are logged as
warnings, not errors.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "corrections.csv"
>>> _ = path.write_text(
...     "kind,doc_id,start,end,event_id,field,value\\n"
...     "mention,002_367bf738dcaa9115,120,129,,,geonames:173576\\n"
...     "event,,,,ev-0003,date,2017-11-08\\n", encoding="utf-8")
>>> c = load_corrections(path)
>>> len(c.mentions), c.events[0].field
(1, 'date')
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import InputError
from gazetteer.model import Place
from geo.model import Event, Mention

log = logging.getLogger(__name__)

__all__ = [
    "NOT_A_PLACE", "Corrections", "EventCorrection", "MentionCorrection",
    "apply_to_events", "apply_to_mentions", "load_corrections",
]

HEADER = ("kind", "doc_id", "start", "end", "event_id", "field", "value")
NOT_A_PLACE = "not-a-place"
EVENT_FIELDS = ("date", "time_precision", "event_type", "sub_event_type", "notes", "place_id",
                "geo_precision", "actors", "delete")


@dataclass(frozen=True)
class MentionCorrection:
    """Re-resolve the mention at ``doc_id[start:end]`` to ``place_id``, or drop it (None)."""

    doc_id: str
    start: int
    end: int
    place_id: str | None
    line: int = 0


@dataclass(frozen=True)
class EventCorrection:
    """Set ``field`` of event ``event_id`` to ``value`` (already checked), or delete the event."""

    event_id: str
    field: str
    value: str
    line: int = 0


@dataclass(frozen=True)
class Corrections:
    """The corrections read from ``path``, in file order."""

    mentions: tuple[MentionCorrection, ...] = ()
    events: tuple[EventCorrection, ...] = ()
    path: str = ""

    def __len__(self) -> int:
        return len(self.mentions) + len(self.events)


def load_corrections(path: str | os.PathLike[str]) -> Corrections:
    """Read and check a corrections CSV.

    Parameters
    ----------
    path
        The corrections file (format in the module docstring).

    Returns
    -------
    Corrections

    Raises
    ------
    InputError
        The file is missing or has bad rows; the message names the file, every bad line and
        what is wrong with it.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read corrections file: {exc}") from exc
    reader = csv.reader(text.splitlines(keepends=True))
    problems: list[str] = []
    mentions: list[MentionCorrection] = []
    events: list[EventCorrection] = []
    header: list[str] | None = None
    for row in reader:
        lineno = reader.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            missing = [h for h in HEADER if h not in header]
            if missing:
                raise InputError(f"{path}:{lineno}: header lacks {', '.join(missing)}; "
                                 f"expected {','.join(HEADER)}")
            continue
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        try:
            item = _parse_row(cells, lineno)
        except ValueError as exc:
            problems.append(f"{path}:{lineno}: {exc}")
            continue
        (mentions if isinstance(item, MentionCorrection) else events).append(item)
    if header is None:
        raise InputError(f"{path}: empty corrections file; the header is {','.join(HEADER)}")
    if problems:
        raise InputError(f"{len(problems)} bad row(s) in corrections file {path}:\n  "
                         + "\n  ".join(problems))
    return Corrections(tuple(mentions), tuple(events), str(path))


def _parse_row(cells: dict[str, str], line: int) -> MentionCorrection | EventCorrection:
    kind = cells["kind"].lower()
    if not kind:
        if cells["doc_id"] and not cells["event_id"]:
            kind = "mention"
        elif cells["event_id"] and not cells["doc_id"]:
            kind = "event"
        else:
            raise ValueError("kind is empty and the row sets both or neither of doc_id and "
                             "event_id; write 'mention' or 'event'")
    if kind == "mention":
        return _parse_mention(cells, line)
    if kind == "event":
        return _parse_event(cells, line)
    raise ValueError(f"kind {cells['kind']!r} is neither 'mention' nor 'event'")


def _parse_mention(cells: dict[str, str], line: int) -> MentionCorrection:
    errors = []
    if not cells["doc_id"]:
        errors.append("doc_id is empty")
    offsets = []
    for name in ("start", "end"):
        try:
            offsets.append(int(cells[name]))
        except ValueError:
            errors.append(f"{name} {cells[name]!r} is not a whole number")
    if len(offsets) == 2 and not 0 <= offsets[0] < offsets[1]:
        errors.append(f"need 0 <= start < end, got start={offsets[0]} end={offsets[1]}")
    if cells["field"] not in ("", "place_id"):
        errors.append(f"field must be empty or place_id for a mention, got {cells['field']!r}")
    value = cells["value"]
    if not value:
        errors.append(f"value is empty; give a place id or {NOT_A_PLACE}")
    if errors:
        raise ValueError("; ".join(errors))
    place_id = None if value.lower() == NOT_A_PLACE else value
    return MentionCorrection(cells["doc_id"], offsets[0], offsets[1], place_id, line)


def _parse_event(cells: dict[str, str], line: int) -> EventCorrection:
    event_id, field, value = cells["event_id"], cells["field"].lower(), cells["value"]
    errors = []
    if not event_id:
        errors.append("event_id is empty")
    if field not in EVENT_FIELDS:
        errors.append(f"field {cells['field']!r} is not one of {', '.join(EVENT_FIELDS)}")
    elif field == "date" and value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            errors.append(f"date {value!r} is not YYYY-MM-DD")
    elif field in ("geo_precision", "time_precision"):
        allowed = range(1, 4) if field == "geo_precision" else range(1, 5)
        if not (value.isdigit() and int(value) in allowed):
            errors.append(f"{field} {value!r} is not one of "
                          f"{', '.join(str(i) for i in allowed)}")
    elif field == "place_id" and not value:
        errors.append("place_id is empty")
    if errors:
        raise ValueError("; ".join(errors))
    return EventCorrection(event_id, field, value, line)


def _where(corrections: Corrections, line: int) -> str:
    return f"{corrections.path or 'corrections'}:{line}"


def _resolver(corrections: Corrections, resolve_place: Callable[[str], Place | None],
              problems: list[str]) -> Callable[[str, int], Place | None]:
    def resolve(place_id: str, line: int) -> Place | None:
        place = resolve_place(place_id)
        if place is None:
            problems.append(f"{_where(corrections, line)}: no place with id {place_id!r} in the "
                            "gazetteer (add it with --gazetteer FILE or fix the id)")
        return place
    return resolve


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise InputError("corrections refer to unknown places:\n  " + "\n  ".join(problems))


def apply_to_mentions(mentions: Iterable[Mention], corrections: Corrections,
                      resolve_place: Callable[[str], Place | None]) -> list[Mention]:
    """Re-resolve or drop the corrected mentions; the others pass through unchanged.

    Parameters
    ----------
    mentions
        Mentions from the mention finder (resolved or not).
    corrections
        From `load_corrections`.
    resolve_place
        Place id -> Place, None when unknown (e.g. ``Gazetteer.get``).

    Returns
    -------
    list of Mention
        In input order; a re-resolved mention gets the new place and score 1.0.

    Raises
    ------
    InputError
        A correction names a place id ``resolve_place`` does not know (all such rows listed).
    """
    wanted: dict[tuple[str, int, int], MentionCorrection] = {}
    for c in corrections.mentions:
        wanted[(c.doc_id, c.start, c.end)] = c  # last row wins
    problems: list[str] = []
    resolve = _resolver(corrections, resolve_place, problems)
    places = {key: resolve(c.place_id, c.line) for key, c in wanted.items() if c.place_id}
    _raise_if(problems)
    out, used = [], set()
    for m in mentions:
        key = (m.doc_id, m.start, m.end)
        c = wanted.get(key)
        if c is None:
            out.append(m)
            continue
        used.add(key)
        if c.place_id is None:
            log.debug("%s: %r is not a place; dropped", _where(corrections, c.line), m.text)
            continue
        out.append(dataclasses.replace(m, place=places[key], score=1.0))
    for key, c in wanted.items():
        if key not in used:
            log.warning("%s: no mention at %s[%d:%d] in this build; correction not applied",
                        _where(corrections, c.line), *key)
    return out


def apply_to_events(events: Iterable[Event], corrections: Corrections,
                    resolve_place: Callable[[str], Place | None]) -> list[Event]:
    """Apply the event corrections (field changes and deletions) in file order.

    Parameters
    ----------
    events
        Events from the event builder.
    corrections
        From `load_corrections`.
    resolve_place
        Place id -> Place, None when unknown.

    Returns
    -------
    list of Event
        In input order, deleted events left out.

    Raises
    ------
    InputError
        A ``place_id`` correction names a place ``resolve_place`` does not know.
    """
    by_event: dict[str, list[EventCorrection]] = {}
    for c in corrections.events:
        by_event.setdefault(c.event_id, []).append(c)
    problems: list[str] = []
    resolve = _resolver(corrections, resolve_place, problems)
    places = {c.line: resolve(c.value, c.line) for c in corrections.events if c.field == "place_id"}
    _raise_if(problems)
    out, seen = [], set()
    for e in events:
        fixes = by_event.get(e.event_id)
        if not fixes:
            out.append(e)
            continue
        seen.add(e.event_id)
        if any(c.field == "delete" for c in fixes):
            log.debug("event %s deleted by corrections", e.event_id)
            continue
        changes: dict[str, object] = {}
        for c in fixes:
            if c.field == "date":
                changes["date"] = dt.date.fromisoformat(c.value) if c.value else None
                if c.value and not any(f.field == "time_precision" for f in fixes):
                    changes["time_precision"] = 1
            elif c.field in ("time_precision", "geo_precision"):
                changes[c.field] = int(c.value)
            elif c.field == "place_id":
                changes["place"] = places[c.line]
            elif c.field == "actors":
                changes["actors"] = tuple(a.strip() for a in c.value.split("|") if a.strip())
            else:
                changes[c.field] = c.value
        out.append(dataclasses.replace(e, **changes))
    for event_id, fixes in by_event.items():
        if event_id not in seen:
            log.warning("%s: no event %s in this build; correction not applied",
                        _where(corrections, fixes[0].line), event_id)
    return out
