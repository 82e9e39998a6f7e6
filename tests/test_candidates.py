"""Candidate lists read as tables: aligned text in a terminal, escaped HTML in Jupyter."""

from __future__ import annotations

from gazetteer import Candidates, lookup
from gazetteer.model import Candidate, Place

HOSTILE = Place("x:1", "<script>alert(1)</script> & Co", "city", 1.5, 2.25, "SY", "SY.07")
DEIR = Place("geonames:170794", "Deir ez-Zor", "city", 35.33588, 40.14084, "SY", "SY.07")


def test_lookup_returns_a_plain_list_that_prints_as_a_table():
    cands = lookup("Deir ez-Zor")
    assert isinstance(cands, Candidates) and isinstance(cands, list)
    assert cands[0].id == "geonames:170794"
    lines = repr(cands).splitlines()
    assert lines[0].split() == ["score", "name", "kind", "country", "admin1", "lat", "lon",
                                "id", "match"]
    assert len(lines) == len(cands) + 1
    assert lines[1].startswith("1.000  Deir ez-Zor ")
    # columns line up: every row has its id where the header has "id"
    col = lines[0].index(" id ") + 1
    assert all(line[col:].startswith(c.id) for line, c in zip(lines[1:], cands, strict=True))


def test_html_table_escapes_names():
    html = Candidates([Candidate(HOSTILE, 0.5, "x", "exact"), Candidate(DEIR, 1.0)])._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert html.count("<tr>") == 3 and "<td>geonames:170794</td>" in html


def test_no_match_says_so():
    assert Candidates() == []
    assert "no match" in repr(Candidates()) and "no match" in Candidates()._repr_html_()
