"""The optional Nominatim fallback, tested only against a fake Nominatim on 127.0.0.1.

The resolver on its own, then ``conflictmap build --online nominatim`` end to end.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import online as online_mod
from gazetteer.online import SOURCE, USER_AGENT, NominatimResolver, OnlineLookupError

LICENCE = "Data (c) OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright"

ANSWERS = {
    "al mayadin": [{
        "place_id": 1, "licence": LICENCE, "osm_type": "relation", "osm_id": 6584286,
        "lat": "35.0207612", "lon": "40.4513498", "class": "place", "type": "city",
        "place_rank": 16, "importance": 0.51, "addresstype": "city", "name": "Al Mayadin",
        "display_name": "Al Mayadin, Mayadin District, Deir ez-Zor Governorate, Syria",
        "address": {"city": "Al Mayadin", "state": "Deir ez-Zor Governorate",
                    "country": "Syria", "country_code": "sy"},
        "boundingbox": ["34.99", "35.04", "40.42", "40.48"],
    }, {
        "place_id": 2, "licence": LICENCE, "osm_type": "node", "osm_id": 276550318,
        "lat": "35.0201", "lon": "40.4531", "class": "place", "type": "village",
        "place_rank": 19, "importance": 0.1, "name": "Mayadin al-Gharbi",
        "display_name": "Mayadin al-Gharbi, Syria",
        "address": {"village": "Mayadin al-Gharbi", "country": "Syria", "country_code": "sy"},
    }],
    "t4 airbase": [{
        "place_id": 3, "licence": LICENCE, "osm_type": "way", "osm_id": 37766071,
        "lat": "34.5222", "lon": "37.6297", "class": "military", "type": "airfield",
        "place_rank": 30, "importance": 0.2, "name": "Tiyas Military Airbase",
        "display_name": "Tiyas Military Airbase, Homs Governorate, Syria",
        "address": {"state": "Homs Governorate", "country": "Syria", "country_code": "sy"},
    }],
    "deir ez-zor governorate": [{
        "place_id": 4, "licence": LICENCE, "osm_type": "relation", "osm_id": 2297405,
        "lat": "35.0", "lon": "40.5", "class": "boundary", "type": "administrative",
        "place_rank": 8, "importance": 0.6, "name": "Deir ez-Zor Governorate",
        "display_name": "Deir ez-Zor Governorate, Syria",
        "address": {"state": "Deir ez-Zor Governorate", "country": "Syria",
                    "country_code": "sy"},
    }],
    "jabal al-bishri": [{
        "place_id": 5, "licence": LICENCE, "osm_type": "node", "osm_id": 1234,
        "lat": "35.3667", "lon": "39.3333", "class": "natural", "type": "peak",
        "place_rank": 18, "name": "جبل البشري", "display_name": "جبل البشري, سوريا",
        "address": {"country_code": "sy"},
    }],
    # A name the offline gazetteer lacks; the first answer is elsewhere in the world.
    "zarzurah": [{
        "place_id": 6, "licence": LICENCE, "osm_type": "node", "osm_id": 9001,
        "lat": "30.05", "lon": "31.25", "class": "place", "type": "village",
        "place_rank": 19, "importance": 0.3, "name": "Zarzura",
        "display_name": "Zarzura, Egypt", "address": {"country_code": "eg"},
    }, {
        "place_id": 7, "licence": LICENCE, "osm_type": "node", "osm_id": 9002,
        "lat": "35.1234567", "lon": "40.2345678", "class": "place", "type": "village",
        "place_rank": 19, "importance": 0.12, "name": "Zarzurah",
        "display_name": "Zarzurah, Deir ez-Zor Governorate, Syria",
        "address": {"state": "Deir ez-Zor Governorate", "country_code": "sy"},
    }],
}


class FakeNominatim(BaseHTTPRequestHandler):
    """Answers ``/search`` like Nominatim's ``format=json``; ``q=boom`` gives HTTP 500."""

    def do_GET(self):
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append({
            "at": time.monotonic(), "path": url.path, "params": params,
            "user_agent": self.headers.get("User-Agent"),
        })
        if url.path != "/search":
            self.send_error(404)
            return
        if params.get("q") == "boom" or self.server.fail:
            self.send_error(500, "Internal Server Error")
            return
        body = json.dumps(ANSWERS.get(params.get("q", "").casefold(), [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture
def server(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.fail = False  # True: every request gets HTTP 500
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def make(server, tmp_path):
    def make(**kw):
        kw.setdefault("min_delay_seconds", 0.2)
        kw.setdefault("cache_dir", tmp_path / "cache")
        kw.setdefault("max_retries", 0)
        return NominatimResolver(domain=f"127.0.0.1:{server.server_port}", scheme="http", **kw)
    return make


def test_lookup_maps_results_to_candidates(make, server):
    ua = "conflictmap-tests/0 (+https://example.invalid/tests)"
    cands = make(user_agent=ua).lookup("Al  Mayadin", country="sy", limit=5)
    assert [c.id for c in cands] == ["nominatim:relation/6584286", "nominatim:node/276550318"]
    best = cands[0]
    assert (best.name, best.kind, best.country) == ("Al Mayadin", "city", "SY")
    assert best.place.admin1 == "Deir ez-Zor Governorate"
    assert (best.lat, best.lon) == (35.0207612, 40.4513498)
    assert best.place.source == SOURCE and best.match == "online"
    assert 0.3 <= cands[1].score < best.score <= 0.8  # below an exact offline match
    (req,) = server.requests
    assert req["path"] == "/search" and req["user_agent"] == ua
    p = req["params"]
    assert (p["q"], p["format"], p["countrycodes"], p["addressdetails"]) == (
        "Al Mayadin", "json", "sy", "1")
    assert p["accept-language"] == "en" and int(p["limit"]) >= 5


def test_default_user_agent_names_the_project_and_can_be_set(make, server, monkeypatch):
    monkeypatch.delenv("CONFLICTMAP_USER_AGENT", raising=False)
    make().lookup("T4 airbase")
    assert server.requests[0]["user_agent"] == USER_AGENT
    assert USER_AGENT.startswith("conflictmap/") and "CONFLICTMAP_USER_AGENT" in USER_AGENT
    assert "example" not in USER_AGENT and "github" not in USER_AGENT  # no made-up project URL
    monkeypatch.setenv("CONFLICTMAP_USER_AGENT", "desk-analyst (a.b@example.org)")
    make().lookup("Al Mayadin")
    assert server.requests[1]["user_agent"] == "desk-analyst (a.b@example.org)"


def test_from_url_for_a_self_hosted_server(server, tmp_path):
    url = f"http://127.0.0.1:{server.server_port}/"
    r = NominatimResolver.from_url(url, cache_dir=tmp_path, min_delay_seconds=0.01)
    assert r.domain == f"127.0.0.1:{server.server_port}"
    assert r.lookup("T4 airbase")[0].id == "nominatim:way/37766071"
    public = NominatimResolver.from_url("https://nominatim.openstreetmap.org", cache_dir=tmp_path)
    assert public.domain == "nominatim.openstreetmap.org"
    with pytest.raises(ValueError, match="one request a second"):
        NominatimResolver.from_url("https://nominatim.openstreetmap.org/",
                                   min_delay_seconds=0.5, cache_dir=tmp_path)
    with pytest.raises(ValueError, match="not a Nominatim server address"):
        NominatimResolver.from_url("localhost:8080", cache_dir=tmp_path)


def test_kinds_from_osm_class_and_type(make):
    r = make(min_delay_seconds=0.01)
    assert r.lookup("T4 airbase")[0].kind == "airbase"
    assert r.lookup("Deir ez-Zor Governorate")[0].kind == "admin1"
    peak = r.lookup("Jabal al-Bishri")[0]
    assert (peak.kind, peak.name, peak.id) == ("mountain", "جبل البشري", "nominatim:node/1234")


def test_requests_are_rate_limited(make, server):
    r = make(min_delay_seconds=0.2)
    for name in ("Al Mayadin", "T4 airbase", "Jabal al-Bishri", "nowhere at all"):
        r.lookup(name)
    times = [q["at"] for q in server.requests]
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.15, gaps  # 0.2 s between request starts, minus transport jitter


def test_second_lookup_comes_from_the_disk_cache(make, server, tmp_path):
    first = make().lookup("Al Mayadin", country="SY")
    assert len(server.requests) == 1
    assert make().lookup("al mayadin ", country="SY") == first  # a new resolver, same disk
    assert make().lookup("Al Mayadin", country="SY", limit=1) == first[:1]
    assert len(server.requests) == 1
    files = list((tmp_path / "cache").glob("*.json"))
    assert len(files) == 1
    entry = json.loads(files[0].read_text(encoding="utf-8"))
    assert entry["query"] == "Al Mayadin" and entry["country"] == "SY"
    make().lookup("Al Mayadin", country="IQ")  # another country is another query
    assert len(server.requests) == 2


def test_no_match_is_cached_too(make, server):
    assert make().lookup("Qaryat al-Nowhere") == []
    assert make().lookup("Qaryat al-Nowhere") == []
    assert len(server.requests) == 1


def test_server_error_raises_and_is_not_cached(make, server):
    r = make()
    with pytest.raises(OnlineLookupError, match=r"online lookup of 'boom'.*failed"):
        r.lookup("boom")
    with pytest.raises(ConnectionError):  # also a builtin ConnectionError
        r.lookup("boom")  # failures are not cached: asked again
    assert len(server.requests) == 2
    assert r.lookup("Al Mayadin")  # the resolver still works afterwards


def test_retries_after_server_error(make, server):
    r = make(max_retries=1, error_wait_seconds=0.01, min_delay_seconds=0.01)
    with pytest.raises(OnlineLookupError):
        r.lookup("boom")
    assert len(server.requests) == 2


def test_public_server_needs_one_second_between_requests(tmp_path):
    with pytest.raises(ValueError, match="one request a second"):
        NominatimResolver(min_delay_seconds=0.2, cache_dir=tmp_path)
    r = NominatimResolver(cache_dir=tmp_path)  # constructing makes no request
    assert r.domain == "nominatim.openstreetmap.org"
    assert not list(tmp_path.iterdir())


def test_unreadable_cache_file_is_refetched(make, server, tmp_path, caplog):
    make().lookup("T4 airbase")
    (path,) = (tmp_path / "cache").glob("*.json")
    path.write_text("{broken", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="gazetteer.online"):
        assert make().lookup("T4 airbase")[0].kind == "airbase"
    assert "unreadable" in caplog.text and len(server.requests) == 2


# --- conflictmap build --online nominatim --------------------------------------------------------

ARTICLE = """Syrian army advances near Deir ez-Zor

Wednesday, September 13, 2017

On Tuesday, Syrian government forces captured IS positions in Zarzurah, state media said.
Russian aircraft struck Islamic State positions near Zarzurah.
"""


@pytest.fixture
def build(server, tmp_path, monkeypatch):
    """Run ``conflictmap build`` on a one-article corpus against the fake server."""
    from geo.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(online_mod, "_default_cache_dir", lambda: tmp_path / "cache")
    url = f"http://127.0.0.1:{server.server_port}"

    def build(out: str, *extra: str) -> int:
        return main(["build", str(corpus), "-o", str(tmp_path / out), *extra])
    build.url = url
    return build


def _features(path):
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_build_offline_by_default_leaves_the_name_unresolved(build, server, tmp_path):
    assert build("off") == 0
    assert not server.requests
    assert "Zarzurah" in (tmp_path / "off" / "unresolved.csv").read_text(encoding="utf-8")


def test_build_online_resolves_the_name_then_uses_the_cache(build, server, tmp_path, capsys):
    assert build("on", "--online", "nominatim", "--nominatim-url", build.url,
                 "--user-agent", "tests (desk@example.org)") == 0
    (req,) = server.requests  # one name, asked once for its two mentions
    assert req["params"]["q"] == "Zarzurah" and req["user_agent"] == "tests (desk@example.org)"
    out = tmp_path / "on"
    assert "Zarzurah" not in (out / "unresolved.csv").read_text(encoding="utf-8")
    mentions = [f for f in _features(out / "mentions.geojson")
                if f["properties"]["text"] == "Zarzurah"]
    assert len(mentions) == 2
    m = mentions[0]
    # The Syrian candidate, not the first (Egyptian) one: the article is about Syria.
    assert m["properties"]["place_id"] == "nominatim:node/9002"
    assert m["geometry"]["coordinates"] == [40.234568, 35.123457]
    assert 0 < m["properties"]["score"] < 1.0
    events = [f["properties"] for f in _features(out / "events.geojson")
              if f["properties"]["place_id"] == "nominatim:node/9002"]
    assert events, "no event placed at the online place"
    assert all("place online" in e["notes"] for e in events)
    assert events[0]["admin1_name"] == "Deir ez-Zor Governorate"
    assert "online" in capsys.readouterr().err  # the summary counts online mentions

    assert build("again", "--online", "nominatim", "--nominatim-url", build.url) == 0
    assert len(server.requests) == 1  # the second build asked nothing: the disk cache answered
    assert _features(tmp_path / "again" / "events.geojson") == _features(out / "events.geojson")


def test_build_online_server_failure_warns_and_builds_offline(build, server, tmp_path,
                                                              monkeypatch, caplog):
    from_url = NominatimResolver.from_url.__func__
    monkeypatch.setattr(NominatimResolver, "from_url", classmethod(
        lambda cls, url, **kw: from_url(cls, url, max_retries=0, **kw)))  # no 5 s retry wait
    server.fail = True
    with caplog.at_level(logging.WARNING):
        assert build("failed", "--online", "nominatim", "--nominatim-url", build.url) == 0
    assert len(server.requests) == 1  # switched off after the first failure
    assert "online lookup of 'Zarzurah'" in caplog.text and "went on offline" in caplog.text
    out = tmp_path / "failed"
    assert {p.name for p in out.iterdir()} >= {"events.geojson", "events.csv",
                                               "mentions.geojson", "unresolved.csv", "map.html"}
    assert "Zarzurah" in (out / "unresolved.csv").read_text(encoding="utf-8")
    offline = build("offline")
    assert offline == 0
    assert _features(out / "events.geojson") == _features(tmp_path / "offline" / "events.geojson")


def test_build_rejects_a_bad_nominatim_url(build, capsys):
    assert build("x", "--online", "nominatim", "--nominatim-url", "localhost:8080") == 2
    assert "--nominatim-url" in capsys.readouterr().err
