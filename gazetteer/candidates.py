"""The candidates for a looked-up name as a list that reads as a table, in a terminal or Jupyter.

Examples
--------
>>> from gazetteer.model import Candidate, Place
>>> deir = Place("geonames:170794", "Deir ez-Zor", "city", 35.33588, 40.14084, "SY", "SY.07")
>>> Candidates([Candidate(deir, 1.0, "Deir ez-Zor", "exact")])
score  name         kind  country  admin1  lat       lon       id               match
1.000  Deir ez-Zor  city  SY       SY.07   35.33588  40.14084  geonames:170794  exact
"""

from __future__ import annotations

from html import escape

from gazetteer.model import Candidate

__all__ = ["Candidates"]

COLUMNS = ("score", "name", "kind", "country", "admin1", "lat", "lon", "id", "match")


def _cells(c: Candidate) -> tuple[str, ...]:
    p = c.place
    return (f"{c.score:.3f}", p.name, p.kind, p.country, p.admin1, f"{p.lat:.5f}",
            f"{p.lon:.5f}", p.id, c.match)


class Candidates(list[Candidate]):
    """A plain list of `Candidate`, best first, that displays as a table.

    ``repr`` gives aligned text columns; Jupyter shows ``_repr_html_``, a table whose every
    cell is HTML-escaped (place names come from data files anyone can add to).
    """

    def __repr__(self) -> str:
        if not self:
            return "Candidates([])  # no match"
        rows = [COLUMNS, *(_cells(c) for c in self)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
        return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
                         .rstrip() for r in rows)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{col}</th>" for col in COLUMNS)
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _cells(c))
                       + "</tr>" for c in self)
        if not self:
            body = f'<tr><td colspan="{len(COLUMNS)}">no match</td></tr>'
        return (f'<table class="conflictmap-candidates"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")
