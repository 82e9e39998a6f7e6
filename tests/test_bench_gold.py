"""The geoparsing benchmark's reader for the published GeoVirus and TR-News XML."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_geoparsing import read_gold_xml  # noqa: E402

GEOVIRUS_LIKE = """<articles><article><source>https://example.org/a</source>
<text>Cholera spread from Kisumu to Nairobi.</text><locations>
<location><name>Kisumu</name><start>21</start><end>27</end><lat>-0.1</lat><lon>34.75</lon></location>
<location><name>Nairobi</name><start>32</start><end>39</end><lat>-1.28</lat><lon>36.82</lon>
</location></locations></article></articles>"""

TRNEWS_LIKE = """<articles><article docid="7"><title>t</title>
<text><![CDATA[Rain hit Leeds and Hull.]]></text>
<toponyms><toponym><phrase>Leeds</phrase><start>9</start><end>14</end>
<gaztag geonameid="2644688"><name>Leeds</name><lat>53.8</lat><lon>-1.55</lon></gaztag></toponym>
<toponym><phrase>Hull</phrase><start>19</start><end>23</end></toponym></toponyms></article>
</articles>"""


def test_geovirus_offsets_counted_from_one_are_moved_onto_the_names(tmp_path):
    path = tmp_path / "gv.xml"
    path.write_text(GEOVIRUS_LIKE, encoding="utf-8")
    (doc,) = read_gold_xml(path)
    assert [doc["text"][t["start"]:t["end"]] for t in doc["toponyms"]] == ["Kisumu", "Nairobi"]
    assert doc["toponyms"][1]["lat"] == -1.28


def test_trnews_names_without_coordinates_are_ignored_spans(tmp_path):
    path = tmp_path / "tr.xml"
    path.write_text(TRNEWS_LIKE, encoding="utf-8")
    (doc,) = read_gold_xml(path)
    assert doc["id"] == "7"
    assert [t["text"] for t in doc["toponyms"]] == ["Leeds"]
    assert doc["ignore_spans"] == [{"start": 19, "end": 23}]
