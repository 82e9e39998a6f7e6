"""Reading a corpus: formats, manifests, publication dates, bad input, boilerplate."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from gazetteer.errors import InputError
from geo.boilerplate import article_spans, guess_title
from geo.sentences import split_sentences
from geo.ingest import Problem, extract_html, read_documents

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geo" / "data" / "sample" / "deir-ez-zor-2017"
BAD = Path(__file__).parent / "data" / "bad_inputs"


@pytest.fixture(scope="module")
def sample():
    docs, problems = read_documents([SAMPLE])
    return {d.id[:3]: d for d in docs}, problems


@pytest.fixture
def bad_corpus(tmp_path):
    """The bad-input fixtures plus an empty file, copied so that paths are predictable."""
    corpus = tmp_path / "corpus"
    shutil.copytree(BAD, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    return corpus


def _real(problems):
    """Problems other than the "no publication date" warning (most test texts are undated)."""
    return [p for p in problems if "no publication date" not in p.message]


def _by_path(problems, name):
    return [p for p in _real(problems) if Path(p.path).name == name]


def _body(doc):
    return "\n".join(doc.text[s:e] for s, e in doc.body)


# -- the sample corpus ------------------------------------------------------------------------

def test_sample_reads_five_documents_with_manifest_fields(sample):
    docs, problems = sample
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    assert problems == []
    assert docs["001"].source == "SouthFront"
    assert docs["001"].url.startswith("https://southfront.org/")
    assert docs["004"].path.endswith("004_7ffd0569fd12fbc1.txt")
    assert docs["004"].id == "004_7ffd0569fd12fbc1"


def test_sample_publication_dates(sample):
    docs, _ = sample
    assert (docs["000"].published, docs["000"].published_how) == (dt.date(2017, 9, 13), "dateline")
    assert (docs["002"].published, docs["002"].published_how) == (dt.date(2017, 11, 23),
                                                                  "dateline")
    assert (docs["004"].published, docs["004"].published_how) == (dt.date(2017, 9, 5), "metadata")


def test_sample_text_is_the_file_text(sample):
    docs, _ = sample
    for d in docs.values():
        assert d.text == Path(d.path).read_text(encoding="utf-8")


def test_sample_titles(sample):
    docs, _ = sample
    assert docs["004"].title == "Syrian army breaks 3-year IS siege to Deir al-Zour"
    assert docs["000"].title.startswith("Russian defense minister meets with Assad")


@pytest.mark.parametrize(("doc", "furniture"), [
    ("000", ["No comments:", "Post a Comment", "Featured Post", "Blog Widget by LinkWithin",
             "Tulsi Gabbard", "UK Vaccine Queue Calculator"]),
    ("001", ["2,500 $", "Do you like this content?", "Source: twitter.com"]),
    ("002", ["No comments:", "Rt.com", "© Ammar"]),
    ("003", ["Related Articles", "Post your comments", "Your email address", "Quds cartoon",
             "Zakzaky"]),
    ("004", ["APD NEWS", "(ASIA PACIFIC DAILY)"]),
])
def test_sample_boilerplate_is_not_body(sample, doc, furniture):
    body = _body(sample[0][doc])
    for s in furniture:
        assert s not in body


@pytest.mark.parametrize(("doc", "kept"), [
    ("000", ["Russia's Defense Minister Sergei Shoigu met",
             "captured more than 60 percent of Raqqa."]),
    ("001", ["Syrian President Bashar Assad held a meeting", "broke the ISIS siege on the city."]),
    ("002", ["Syrian troops are making steadfast advances", "APEC summit on November 11."]),
    ("003", ["On Tuesday, Syrian government troops broke", "had moved there."]),
    ("004", ["broke Tuesday the three-year siege", "retreat from Deir al-Zour."]),
])
def test_sample_article_text_is_body(sample, doc, kept):
    body = _body(sample[0][doc])
    for s in kept:
        assert s in body


def test_repeated_title_kept_once(sample):
    d = sample[0]["001"]
    assert _body(d).count("Russian Defense Minister Visits Damascus") == 1


# -- bad input --------------------------------------------------------------------------------

def test_bad_corpus_reads_the_good_parts(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    ids = {d.id for d in docs}
    assert {"good", "cp1252", "latin1", "r1", "r4", "j1"} == ids
    assert all(isinstance(p, Problem) for p in problems)


def test_empty_file(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    [p] = _by_path(problems, "empty.txt")
    assert p.severity == "error" and "empty" in p.message
    assert str(p) == f"{bad_corpus / 'empty.txt'}:1: empty file; skipped"
    assert "good" in {d.id for d in docs}


def test_binary_file(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    [p] = _by_path(problems, "binary.txt")
    assert p.severity == "error" and "binary" in p.message
    assert p.line == 3  # "\x89PNG\r\n\x1a\n\x00": the first NUL byte is on line 3
    assert str(p).startswith(f"{bad_corpus / 'binary.txt'}:3: binary file")
    assert "binary" not in {d.id for d in docs} and "good" in {d.id for d in docs}


def test_binary_without_nul_bytes(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 20)
    (tmp_path / "ok.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    docs, problems = read_documents([tmp_path])
    [p] = _real(problems)
    assert "noise.txt" in str(p) and p.line == 1 and "binary" in p.message
    assert [d.id for d in docs] == ["ok"]


@pytest.mark.parametrize(("name", "expected"), [
    ("cp1252.txt", "The \u201cmarket\u201d was hit on Sunday \u2013 officials said."),
    ("latin1.txt", "Troops entered the village of Ma\u00e2loula on Friday"),
])
def test_not_utf8_is_decoded_with_a_warning(bad_corpus, name, expected):
    docs, problems = read_documents([bad_corpus])
    [p] = _by_path(problems, name)
    assert p.severity == "warning"
    assert p.line == 1 and "not UTF-8" in p.message and "cp1252" in p.message
    assert str(p).startswith(f"{bad_corpus / name}:1: ")
    doc = next(d for d in docs if d.path.endswith(name))
    assert expected in doc.text
    assert "good" in {d.id for d in docs}


def test_cyrillic_single_byte_encoding_is_guessed(tmp_path):
    text = ("\u0421\u0438\u0440\u0438\u0439\u0441\u043a\u0438\u0435 \u0432\u043e\u0439\u0441\u043a"
            "\u0430 \u0432\u043e\u0448\u043b\u0438 \u0432 \u0433\u043e\u0440\u043e\u0434 "
            "\u0414\u0435\u0439\u0440-\u044d\u0437-\u0417\u043e\u0440. ") * 10
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    docs, problems = read_documents([tmp_path / "ru.txt"])
    [p] = _real(problems)
    assert "not UTF-8" in p.message
    assert docs[0].text == text


def test_malformed_jsonl_line(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    [p] = [q for q in _by_path(problems, "records.jsonl") if "malformed" in q.message]
    assert p.line == 2 and p.severity == "error"
    assert str(p).startswith(f"{bad_corpus / 'records.jsonl'}:2: malformed JSON (")
    assert str(p).endswith("; record skipped")
    assert {"r1", "r4"} <= {d.id for d in docs}


def test_record_without_text(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    [p] = [q for q in _by_path(problems, "records.jsonl") if "text" in q.message]
    assert p.line == 3 and "no 'text'" in p.message and p.severity == "error"
    assert str(p).startswith(f"{bad_corpus / 'records.jsonl'}:3: ")
    assert "r3" not in {d.id for d in docs}


def test_json_list_bad_items_name_their_line(bad_corpus):
    docs, problems = read_documents([bad_corpus])
    found = {(p.line, p.message.split(":")[0]) for p in _by_path(problems, "list.json")}
    assert found == {(6, "item 2"), (10, "item 3")}
    j1 = next(d for d in docs if d.id == "j1")
    assert j1.published is None  # a date without a weekday does not pin publication down


def test_malformed_json_file(tmp_path):
    (tmp_path / "a.json").write_text('{"text": "x",\n "id": }\n')
    (tmp_path / "b.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    docs, problems = read_documents([tmp_path])
    [p] = problems[:1]
    assert str(p).startswith(f"{tmp_path / 'a.json'}:2: malformed JSON (")
    assert [d.id for d in docs] == ["b"]


def test_file_over_max_bytes_is_skipped_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.truncate(100_000_000)
    (tmp_path / "small.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    real = Path.read_bytes

    def guarded(self):
        assert self.name != "big.txt", "the big file must not be read"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    docs, problems = read_documents([tmp_path])
    [p] = _real(problems)
    assert p.path == str(big) and p.severity == "error"
    assert "100.0 MB" in p.message and "20.0 MB" in p.message and "skipped" in p.message
    assert [d.id for d in docs] == ["small"]


def test_missing_path(tmp_path):
    (tmp_path / "ok.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    docs, problems = read_documents([tmp_path / "nope.txt", tmp_path / "ok.txt"])
    [p] = _real(problems)
    assert str(p) == f"{tmp_path / 'nope.txt'}: no such file or directory; skipped"
    assert [d.id for d in docs] == ["ok"]


def test_no_paths_raises():
    with pytest.raises(InputError, match="no input"):
        read_documents([])


def test_unsupported_explicit_file(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    docs, problems = read_documents([tmp_path / "a.pdf"])
    assert docs == [] and "unsupported file type '.pdf'" in problems[0].message


def test_unsupported_files_in_a_directory_are_ignored(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "ok.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    docs, problems = read_documents([tmp_path])
    assert [d.id for d in docs] == ["ok"]
    assert [p.message for p in problems if p.severity == "error"] == []


def test_an_earlier_builds_output_folder_inside_the_input_is_not_read(tmp_path):
    (tmp_path / "ok.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("events.geojson", "mentions.geojson"):
        (out / name).write_text('{"type": "FeatureCollection", "features": []}')
    (out / "map.html").write_text("<html><body><p>Shelling hit the town on Monday, a monitor "
                                  "said in a popup.</p></body></html>")
    docs, problems = read_documents([tmp_path])
    assert [d.id for d in docs] == ["ok"]
    assert [p.severity for p in problems if Path(p.path).name == "out"] == ["warning"]


# -- ids, order, manifests, dates -------------------------------------------------------------

def test_directories_walked_recursively_in_sorted_order(tmp_path):
    for rel in ["b/z.txt", "a/y.txt", "a/sub/x.txt", "c.md"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"Report {rel}: shelling hit the town on 5 May 2017, a monitor said.")
    docs, _ = read_documents([tmp_path])
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in docs] == [
        "a/sub/x.txt", "a/y.txt", "b/z.txt", "c.md"]
    again, _ = read_documents([tmp_path])
    assert [d.path for d in again] == [d.path for d in docs]


def test_duplicate_ids_get_a_suffix_and_a_warning(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Fighting on 5 May 2017 near the town, it said.")
    (tmp_path / "b" / "story.txt").write_text("Fighting on 6 May 2017 near the town, it said.")
    docs, problems = read_documents([tmp_path])
    assert [d.id for d in docs] == ["story", "story-2"]
    [p] = _real(problems)
    assert p.severity == "warning" and "duplicate document id 'story'" in p.message
    assert p.path.endswith("story.txt")


def test_manifest_fields_and_record_fields(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"file": "a.txt", "id": "A1", "published": "September 5, 2017",
                    "title": "T", "source": "S", "url": "http://x"}) + "\n"
        + json.dumps({"file": "gone.txt"}) + "\n" + "{oops\n")
    docs, problems = read_documents([tmp_path])
    [d] = docs
    assert (d.id, d.title, d.source, d.url) == ("A1", "T", "S", "http://x")
    assert (d.published, d.published_how) == (dt.date(2017, 9, 5), "metadata")
    msgs = {(Path(p.path).name, p.line, p.severity) for p in problems}
    assert msgs == {("manifest.jsonl", 2, "warning"), ("manifest.jsonl", 3, "error")}


def test_jsonl_ids_and_dates(bad_corpus):
    docs, _ = read_documents([bad_corpus / "records.jsonl"])
    r1, r4 = docs
    assert (r1.id, r1.published, r1.published_how) == ("r1", dt.date(2017, 9, 6), "metadata")
    assert (r4.id, r4.published) == ("r4", dt.date(2017, 9, 7))
    assert r1.body == ((0, len(r1.text)),)


def test_jsonl_without_ids_uses_file_name_and_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(json.dumps({"text": f"Clashes on 5 May 2017 in town {i}."})
                           for i in range(3)))
    docs, _ = read_documents([p])
    assert [d.id for d in docs] == ["feed-1", "feed-2", "feed-3"]


def test_undated_document_warns(tmp_path):
    (tmp_path / "u.txt").write_text("Shelling hit the town on Monday, a monitor said.")
    docs, problems = read_documents([tmp_path])
    assert docs[0].published is None and docs[0].published_how == ""
    [p] = problems
    assert p.severity == "warning" and "no publication date" in p.message
    assert p.path.endswith("u.txt")


def test_publication_date_inferred_from_weekday_and_date(tmp_path):
    (tmp_path / "i.txt").write_text(
        "Talks in 2017\n\nThe talks opened on Tuesday, September 12, and the army said on "
        "Wednesday that the road was open.")
    docs, problems = read_documents([tmp_path])
    assert (docs[0].published, docs[0].published_how) == (dt.date(2017, 9, 12), "inferred")
    assert problems == []


def test_unreadable_metadata_date_falls_back_to_text(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"id": "x", "published": "soon",
                             "text": "Monday, 4 September 2017\nThe army said it took the "
                                     "town on Sunday after a week of fighting."}))
    docs, problems = read_documents([p])
    assert (docs[0].published, docs[0].published_how) == (dt.date(2017, 9, 4), "dateline")
    assert "'soon'" in problems[0].message and problems[0].line == 1


def test_single_path_string_is_accepted(tmp_path):
    (tmp_path / "ok.txt").write_text("Shelling hit the town on 5 May 2017, a monitor said.")
    docs, _ = read_documents(str(tmp_path))
    assert [d.id for d in docs] == ["ok"]


# -- HTML -------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Site | Army takes town</title>
<meta property="og:title" content="Army takes town">
<meta property="article:published_time" content="2017-09-05T10:00:00+03:00">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://example.org/a">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
<aside>Most read: something else entirely</aside>
<h1>Army takes town</h1>
<p>Government forces took the town of Example on Tuesday after days of fighting, a monitor
said.</p>
<p>The army said &ldquo;the road is open&rdquo; &amp; aid would follow.<br>More soon.</p>
<footer>Copyright 2017 Example News</footer></body></html>"""


def test_html_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(HTML)
    docs, problems = read_documents([tmp_path])
    [d] = docs
    assert problems == []
    assert d.text == ("Army takes town\n\nGovernment forces took the town of Example on Tuesday "
                      "after days of fighting, a monitor said.\n\nThe army said \u201cthe road is "
                      "open\u201d & aid would follow.\nMore soon.")
    assert (d.title, d.source, d.url) == ("Army takes town", "Example News",
                                          "https://example.org/a")
    assert (d.published, d.published_how) == (dt.date(2017, 9, 5), "metadata")
    for s in ("Home", "Most read", "Copyright", "color", "not text"):
        assert s not in d.text


def test_html_prefers_article_element():
    html = ("<body><div>Cookie banner text that is long enough to matter here.</div><article>"
            + "<p>Fighting was reported in the north of the province on Monday.</p>" * 5
            + "</article><div>Other stories</div></body>")
    text, _ = extract_html(html)
    assert text.startswith("Fighting was reported") and "Cookie" not in text
    assert "Other stories" not in text


def test_html_in_cp1252_with_meta_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1252"></head><body><p>The caf\u00e9 was hit '
            'on Monday \u2013 residents said.</p></body></html>')
    (tmp_path / "p.htm").write_bytes(page.encode("cp1252"))
    docs, problems = read_documents([tmp_path])
    assert "caf\u00e9 was hit on Monday \u2013 residents" in docs[0].text
    assert any("windows-1252" in p.message for p in problems)


# -- boilerplate, general patterns ------------------------------------------------------------

def test_article_spans_keep_offsets_valid():
    text = ("Home | World | Sport\n\nRebels shell the city\n\nBy Jane Doe\n\nRebels shelled the "
            "city centre on Monday, killing three people, medics said.\nThe army answered with "
            "air strikes on rebel positions east of the city.\n\nShare this:\nTwitter\nFacebook\n"
            "\nLeave a Reply\nYour email address will not be published.\n")
    spans = article_spans(text)
    kept = [text[s:e] for s, e in spans]
    assert kept[0] == "Rebels shell the city"
    assert kept[1].startswith("Rebels shelled the city centre") and kept[1].endswith("the city.")
    assert len(kept) == 2
    assert guess_title(text) == "Rebels shell the city"


def test_trailing_link_list_is_cut():
    text = ("Clashes reported near the border crossing\n\nClashes were reported near the border "
            "crossing on Friday, according to local sources in the area.\n\nBorder reopens\n"
            "Talks stall in Geneva\nAid convoy reaches town\n")
    kept = [text[s:e] for s, e in article_spans(text)]
    assert kept[-1].endswith("in the area.")


def test_hard_wrapped_lines_are_one_paragraph_of_article_text():
    # lines broken mid-sentence, each indented: the short ends ("of the region.") are prose
    text = ("Rebel units crossed the river before dawn and pushed toward the market town of\n"
            "        Kasese.\n"
            "        The governor said police had closed the roads out of the district,\n"
            "        and schools in\n"
            "        the valley.\n"
            "        He added that nobody had been hurt so far in the fighting around there.\n")
    spans = article_spans(text)
    assert len(spans) == 1 and text[slice(*spans[0])].endswith("around there.")
    sentences = [" ".join(text[a:b].split()) for a, b in split_sentences(text, spans)]
    assert sentences[0].endswith("market town of Kasese.")
    assert sentences[1].endswith("and schools in the valley.")


def test_plain_article_text_is_kept_whole():
    text = "Fighting resumed on Tuesday near the dam, the ministry said."
    assert article_spans(text) == ((0, len(text)),)
    assert article_spans("") == ()
