"""``conflictmap build`` as a user sees it: title, summary, progress bar, help, admin1 names."""

from __future__ import annotations

import io
import json
import re

import pytest

from geo.cli import main

ARTICLE = """Syrian army breaks the siege of Deir ez-Zor

Wednesday, September 6, 2017

On Tuesday, Syrian government forces broke the siege of Deir ez-Zor, state media said.
Russian aircraft struck Islamic State positions near Mayadin on Wednesday.
"""


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "deir-notes"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _title(html_path) -> str:
    return re.search(r"<title>(.*?)</title>", html_path.read_text(encoding="utf-8")).group(1)


def test_build_default_title_is_the_corpus_and_its_dates(corpus, tmp_path, capsys):
    assert main(["build", str(corpus), "-o", str(tmp_path / "out")]) == 0
    title = _title(tmp_path / "out" / "map.html")
    assert title.startswith("deir-notes, 2017-09-0")
    err = capsys.readouterr().err
    assert f"conflictmap build summary: {title}" in err
    for key in ("documents", "places", "events", "unresolved", "warnings"):
        assert re.search(rf"^  {key} +\d+$", err, re.M), key
    assert "\r" not in err  # not a terminal: no progress bar


def test_build_title_option(corpus, tmp_path):
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "--title",
                 "Deir <ez-Zor>"]) == 0
    assert _title(tmp_path / "out" / "map.html") == "Deir &lt;ez-Zor&gt;"


def test_progress_bar_on_a_terminal_and_not_with_quiet(corpus, tmp_path, monkeypatch):
    term = _Terminal()
    monkeypatch.setattr("sys.stderr", term)
    assert main(["build", str(corpus), "-o", str(tmp_path / "a")]) == 0
    assert "1/1" in term.getvalue() and "documents" in term.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    assert main(["-q", "build", str(corpus), "-o", str(tmp_path / "b")]) == 0
    assert quiet.getvalue() == ""


def test_events_carry_the_admin1_name(corpus, tmp_path):
    from gazetteer import default_gazetteer

    assert main(["-q", "build", str(corpus), "-o", str(tmp_path / "out")]) == 0
    features = json.loads((tmp_path / "out" / "events.geojson").read_text("utf-8"))["features"]
    deir = [f["properties"] for f in features if f["properties"]["admin1"] == "SY.07"]
    assert deir, "no event in Deir ez-Zor governorate"
    name = default_gazetteer().place("admin1:SY.07").name
    assert all(p["admin1_name"] == name for p in deir)
    assert name in (tmp_path / "out" / "map.html").read_text("utf-8")  # shown in the popups


def test_build_help_documents_online_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in ("--online {nominatim}", "--nominatim-url", "--user-agent", "--title",
                 "exit codes", "CONFLICTMAP_USER_AGENT", "goes on offline"):
        assert text in out, text
