"""Online fallback: names the offline gazetteer could not resolve, looked up on a server.

Used by `geo.pipeline.run` when it is given a resolver (``conflictmap build --online
nominatim``); off otherwise. Each distinct name is asked once per run (the resolver also keeps
an on-disk cache). A candidate is kept only when it lies in a country the document's resolved
places are in (any country when it has none), so a village name shared with a place elsewhere
in the world is left unresolved rather than put on the wrong continent. The first failed
request switches the fallback off for the rest of the run: the build goes on offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from gazetteer.model import Candidate
from geo.model import Mention

#: Token added to ``Event.notes`` when the event's place came from the online fallback.
ONLINE_FLAG = "place online"


class Resolver(Protocol):
    """What the fallback needs: ``Gazetteer.lookup``'s shape; failures raise ``OSError``."""

    def lookup(self, name: str, *, country: str | None = None,
               limit: int = 5) -> Sequence[Candidate]: ...


@dataclass
class OnlineFallback:
    """Resolves the unresolved mentions of each document through ``resolver``.

    ``failure`` holds the error that switched it off (None while it works); ``asked`` counts
    distinct names sent, ``resolved`` the mentions it resolved, ``place_ids`` their places.
    """

    resolver: Resolver
    limit: int = 10
    failure: str | None = None
    asked: int = 0
    resolved: int = 0
    place_ids: set[str] = field(default_factory=set)
    _answers: dict[str, Sequence[Candidate]] = field(default_factory=dict, repr=False)

    def resolve(self, mentions: Iterable[Mention]) -> list[Mention]:
        """The same mentions, with those the server knows resolved (place, lower score)."""
        mentions = list(mentions)
        countries = {m.place.country for m in mentions if m.place is not None and m.place.country}
        out = []
        for m in mentions:
            if m.place is None and self.failure is None:
                best = self._pick(self._candidates(m.text), countries)
                if best is not None:
                    m = replace(m, place=best.place, score=round(best.score, 4))
                    self.resolved += 1
                    self.place_ids.add(best.place.id)
            out.append(m)
        return out

    def _candidates(self, name: str) -> Sequence[Candidate]:
        key = " ".join(name.split()).casefold()
        if key not in self._answers:
            try:
                self._answers[key] = self.resolver.lookup(name, limit=self.limit)
            except OSError as exc:  # OnlineLookupError is a ConnectionError
                self.failure = str(exc)
                return ()
            self.asked += 1
        return self._answers[key]

    @staticmethod
    def _pick(cands: Sequence[Candidate], countries: set[str]) -> Candidate | None:
        for c in cands:
            if not countries or c.country in countries:
                return c
        return None
