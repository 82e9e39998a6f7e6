"""Reading a corpus: files and directories of articles become :class:`~geo.model.Document` records.

Supported inputs: ``.txt``/``.md`` (the decoded text as is), ``.html``/``.htm`` (article text
extracted), ``.jsonl``/``.json`` (one article per record: ``text`` required; optional ``id``,
``title``, ``published`` or ``date``, ``source``, ``url``). A directory may hold a
``manifest.jsonl`` giving those fields for its files (``file`` names the file). Directories are
walked recursively in sorted order; hidden files are skipped.

Bad input never stops the corpus: each bad file or record gives a :class:`Problem` naming the file
and line, and the rest is read. ``severity="error"`` means the file or record was skipped,
``"warning"`` that it was read with a caveat (a guessed encoding, no publication date, a renamed
duplicate id).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from gazetteer.errors import InputError
from geo.boilerplate import analyse_page
from geo.dates import infer_publication_date, parse_date, publication_date_from_text
from geo.model import Document

__all__ = ["SUPPORTED_SUFFIXES", "Problem", "extract_html", "read_documents"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MANIFEST = "manifest.jsonl"
_FIELDS = ("id", "title", "published", "date", "source", "url")
_BINARY_CONTROL_SHARE = 0.01  # more C0 control characters than this: not a text file
_RE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls other than \t \n \v \f \r


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file or record.

    ``line`` is 1-based, or None when the problem concerns the whole file.
    ``severity`` is "error" (the file or record was skipped) or "warning" (read with a caveat).

    Examples
    --------
    >>> str(Problem("corpus/a.jsonl", 17, "malformed JSON (Expecting ','); record skipped"))
    "corpus/a.jsonl:17: malformed JSON (Expecting ','); record skipped"
    """

    path: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


def read_documents(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                   max_bytes: int = 20_000_000) -> tuple[list[Document], list[Problem]]:
    """Read every article in the given files and directories.

    Parameters
    ----------
    paths : iterable of str or Path
        Any mix of files and directories (a single path is accepted too).
    max_bytes : int
        Files larger than this are skipped without being read.

    Returns
    -------
    documents : list of Document
        In input order; directories in sorted path order. Ids are unique.
    problems : list of Problem
        One per bad file, record or missing metadata; see :class:`Problem`.

    Raises
    ------
    InputError
        When ``paths`` is empty. A bad or missing file is reported as a Problem instead.

    Examples
    --------
    >>> docs, problems = read_documents(["geo/data/sample/deir-ez-zor-2017"])
    >>> len(docs), docs[0].published.isoformat(), docs[0].published_how
    (5, '2017-09-13', 'dateline')
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    if not paths:
        raise InputError("no input given: pass one or more files or directories "
                         f"({', '.join(SUPPORTED_SUFFIXES)} or a directory of them)")
    reader = _Reader(max_bytes)
    for p in paths:
        reader.add(Path(p))
    return reader.documents, reader.problems


class _Reader:
    """Reading state for one call: documents, problems, ids and manifests seen."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self._ids: set[str] = set()
        self._files_seen: set[Path] = set()
        self._manifests: dict[Path, dict[Path, dict[str, Any]]] = {}

    # -- problems -------------------------------------------------------------------------------
    def problem(self, path: Path | str, line: int | None, message: str,
                severity: str = "error") -> None:
        p = Problem(str(path), line, message, severity)
        log.debug("%s", p)
        self.problems.append(p)

    # -- walking --------------------------------------------------------------------------------
    def add(self, path: Path) -> None:
        if path.is_dir():
            outputs: list[Path] = []
            files = list(_walk(path, outputs))
            for folder in outputs:
                self.problem(folder, None, "holds the outputs of an earlier build "
                             f"({', '.join(_BUILD_OUTPUTS)}); skipped, not read as articles",
                             "warning")
            if not files:
                self.problem(path, None, "directory holds no readable files "
                             f"({', '.join(SUPPORTED_SUFFIXES)})", "warning")
            for f in files:
                self.add_file(f, explicit=False)
        elif path.exists():
            self.add_file(path, explicit=True)
        else:
            self.problem(path, None, "no such file or directory; skipped")

    def add_file(self, path: Path, *, explicit: bool) -> None:
        key = path.resolve()
        if key in self._files_seen:
            self.problem(path, None, "given more than once; read once", "warning")
            return
        self._files_seen.add(key)
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            if explicit:
                self.problem(path, None, f"unsupported file type {suffix or '(none)'!r} (expected "
                             f"{', '.join(SUPPORTED_SUFFIXES)}); skipped")
            return
        try:
            self._read_file(path, suffix)
        except Exception as exc:  # one bad file never stops the corpus
            log.debug("reading %s failed", path, exc_info=True)
            self.problem(path, None, f"cannot read ({type(exc).__name__}: {exc}); skipped")

    def _read_file(self, path: Path, suffix: str) -> None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            self.problem(path, None, f"cannot read ({exc.strerror or exc}); skipped")
            return
        if size > self.max_bytes:
            self.problem(path, None, f"file is {_mb(size)}, over the {_mb(self.max_bytes)} limit "
                         "(max_bytes); skipped: split it or raise the limit")
            return
        if size == 0:
            self.problem(path, 1, "empty file; skipped")
            return
        data = path.read_bytes()
        text = self._decode(path, data, html=suffix in (".html", ".htm"))
        if text is None:
            return
        if not text.strip():
            self.problem(path, 1, "file holds only whitespace; skipped")
            return
        meta = self._manifest_entry(path)
        if suffix in (".txt", ".md"):
            self._add_document(path, None, text, meta, default_id=path.stem)
        elif suffix in (".html", ".htm"):
            extracted, html_meta = extract_html(text)
            if not extracted.strip():
                self.problem(path, 1, "no article text found in the HTML; skipped")
                return
            self._add_document(path, None, extracted, {**html_meta, **meta},
                               default_id=path.stem)
        elif suffix == ".jsonl":
            self._read_jsonl(path, text, meta)
        else:
            self._read_json(path, text, meta)

    # -- decoding -------------------------------------------------------------------------------
    def _decode(self, path: Path, data: bytes, *, html: bool = False) -> str | None:
        """Bytes to text; None (with a Problem) for binary files."""
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig", errors="replace")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        nul = data.find(b"\x00")
        if nul >= 0:
            self.problem(path, data.count(b"\n", 0, nul) + 1,
                         f"binary file (NUL byte at offset {nul}), not text; skipped")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            encoding = _guess_encoding(data, html=html)
            text = data.decode(encoding, errors="replace")
            self.problem(path, line, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}); decoded as {encoding}", "warning")
        first = _RE_CONTROL.search(text)
        controls = len(_RE_CONTROL.findall(text)) if first else 0
        if controls > max(2, _BINARY_CONTROL_SHARE * len(text)):
            self.problem(path, text.count("\n", 0, first.start()) + 1,
                         f"binary file ({controls} control characters), not text; skipped")
            return None
        return text

    # -- manifests ------------------------------------------------------------------------------
    def _manifest_entry(self, path: Path) -> dict[str, Any]:
        folder = path.parent.resolve()
        if folder not in self._manifests:
            self._manifests[folder] = self._load_manifest(path.parent)
        return self._manifests[folder].get(path.resolve(), {})

    def _load_manifest(self, folder: Path) -> dict[Path, dict[str, Any]]:
        mpath = folder / MANIFEST
        if not mpath.is_file():
            return {}
        entries: dict[Path, dict[str, Any]] = {}
        text = self._decode(mpath, mpath.read_bytes())
        if text is None:
            return {}
        for lineno, record in self._records(mpath, text):
            name = record.get("file")
            if not isinstance(name, str) or not name:
                self.problem(mpath, lineno, "manifest record has no 'file'; record skipped")
                continue
            target = (folder / name).resolve()
            if not target.is_file():
                self.problem(mpath, lineno, f"manifest names {name!r}, which is not a file "
                             "in this directory", "warning")
            entries[target] = {k: v for k, v in record.items() if k in _FIELDS}
        return entries

    # -- JSON -----------------------------------------------------------------------------------
    def _records(self, path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line, record) for each JSON object line; bad lines become Problems."""
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                self.problem(path, lineno, f"malformed JSON ({exc.msg} at column {exc.colno}); "
                             "record skipped")
                continue
            if not isinstance(record, dict):
                self.problem(path, lineno, f"expected a JSON object, got "
                             f"{type(record).__name__}; record skipped")
                continue
            yield lineno, record

    def _read_jsonl(self, path: Path, text: str, meta: dict[str, Any]) -> None:
        for lineno, record in self._records(path, text):
            self._add_record(path, lineno, record, meta, default_id=f"{path.stem}-{lineno}")

    def _read_json(self, path: Path, text: str, meta: dict[str, Any]) -> None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problem(path, exc.lineno, f"malformed JSON ({exc.msg} at column {exc.colno}); "
                         "file skipped")
            return
        if isinstance(data, dict):
            self._add_record(path, 1, data, meta, default_id=path.stem)
        elif isinstance(data, list):
            lines = _item_lines(text, len(data))
            for i, record in enumerate(data):
                line = lines[i] if i < len(lines) else None
                if not isinstance(record, dict):
                    self.problem(path, line, f"item {i + 1}: expected a JSON object, got "
                                 f"{type(record).__name__}; record skipped")
                    continue
                self._add_record(path, line, record, meta, default_id=f"{path.stem}-{i + 1}",
                                 item=i + 1)
        else:
            self.problem(path, 1, f"expected a JSON object or a list of objects, got "
                         f"{type(data).__name__}; file skipped")

    def _add_record(self, path: Path, line: int | None, record: dict[str, Any],
                    meta: dict[str, Any], *, default_id: str, item: int | None = None) -> None:
        where = f"item {item}: " if item is not None else ""
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            what = "has no 'text'" if text is None else (
                "has an empty 'text'" if isinstance(text, str) else
                f"has a 'text' that is {type(text).__name__}, not a string")
            self.problem(path, line, f"{where}record {what}; record skipped")
            return
        fields = {**meta, **{k: v for k, v in record.items() if k in _FIELDS and v is not None}}
        self._add_document(path, line, text, fields, default_id=default_id)

    # -- documents ------------------------------------------------------------------------------
    def _add_document(self, path: Path, line: int | None, text: str, fields: dict[str, Any],
                      *, default_id: str) -> None:
        raw_id = fields.get("id")
        doc_id = str(raw_id).strip() if raw_id not in (None, "") else default_id
        doc_id = self._unique(doc_id, path, line)
        published, how = self._published(fields, text, path, line)
        body, guessed_title = analyse_page(text)
        title = _as_str(fields.get("title")) or guessed_title
        self.documents.append(Document(
            id=doc_id, text=text, title=title, published=published, published_how=how,
            source=_as_str(fields.get("source")), url=_as_str(fields.get("url")),
            path=str(path), body=body,
        ))

    def _unique(self, doc_id: str, path: Path, line: int | None) -> str:
        if doc_id not in self._ids:
            self._ids.add(doc_id)
            return doc_id
        n = 2
        while f"{doc_id}-{n}" in self._ids:
            n += 1
        new = f"{doc_id}-{n}"
        self._ids.add(new)
        self.problem(path, line, f"duplicate document id {doc_id!r}; renamed {new!r}", "warning")
        return new

    def _published(self, fields: dict[str, Any], text: str, path: Path,
                   line: int | None) -> tuple[dt.date | None, str]:
        for key in ("published", "date"):
            value = fields.get(key)
            if value in (None, ""):
                continue
            d = parse_date(value)
            if d is not None:
                return d, "metadata"
            self.problem(path, line, f"cannot read the publication date {key}={value!r} (use "
                         "YYYY-MM-DD); looking for a date in the text", "warning")
        d = publication_date_from_text(text)
        if d is not None:
            return d, "dateline"
        d = infer_publication_date(text)
        if d is not None:
            return d, "inferred"
        self.problem(path, line, "no publication date (no 'published' metadata, dateline or "
                     "weekday with a date in the text); relative dates stay unresolved",
                     "warning")
        return None, ""


#: Files every ``conflictmap build`` writes: a folder holding them is an earlier build's output
#: (its map.html would be read as an article), not input.
_BUILD_OUTPUTS = ("events.geojson", "mentions.geojson")


def _walk(folder: Path, outputs: list[Path] | None = None) -> Iterator[Path]:
    """Supported files under ``folder``, recursively, sorted by path; hidden ones and earlier
    build outputs (listed in ``outputs``) skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if all(name in files for name in _BUILD_OUTPUTS):
            dirs[:] = []
            if outputs is not None:
                outputs.append(Path(root))
            continue
        rel = Path(root).relative_to(folder).parts
        for name in files:
            if name.startswith(".") or name == MANIFEST:
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append((*rel, name))
    for parts in sorted(found):
        yield folder.joinpath(*parts)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _as_str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _item_lines(text: str, n: int) -> list[int]:
    """Line numbers where the items of a top-level JSON list start (best effort)."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = text.index("[") + 1
    ws = re.compile(r"[\s,]*")
    try:
        while len(lines) < n:
            pos = ws.match(text, pos).end()
            lines.append(text.count("\n", 0, pos) + 1)
            _, pos = decoder.raw_decode(text, pos)
    except (ValueError, AttributeError):
        pass
    return lines


_RE_LETTER_HIGH = re.compile(r"[^\x00-\x7f]")


def _guess_encoding(data: bytes, *, html: bool = False) -> str:
    """The encoding of bytes that are not UTF-8.

    An HTML ``<meta charset>`` wins; then cp1252 (also right for latin-1 text) unless the result
    is mostly non-ASCII, which points to a Cyrillic, Greek or Arabic single-byte encoding: then
    charset-normalizer guesses. latin-1 is the last resort (it decodes anything).
    """
    if html:
        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
        if m:
            name = m.group(1).decode("ascii", "replace").lower()
            if name not in ("utf-8", "utf8"):
                try:
                    data.decode(name)
                    return name
                except (LookupError, UnicodeDecodeError):
                    pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        high = len(_RE_LETTER_HIGH.findall(text))
        letters = sum(ch.isalpha() for ch in text) or 1
        if high / letters < 0.3:
            return "cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency, but keep reading without it
        return "cp1252" if text is not None else "latin-1"
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return best.encoding
    return "cp1252" if text is not None else "latin-1"


# ---------------------------------------------------------------------------------------------
# HTML: article text without scripts, styles and page furniture, paragraph breaks kept.

_SKIP_TAGS = frozenset(
    [
        "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg",
        "form", "iframe", "button", "select", "option", "menu", "canvas", "object", "embed", "head"
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
        "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "blockquote", "pre", "figcaption",
        "figure", "address", "hr", "details", "summary", "caption"
    ]
)
_VOID_TAGS = frozenset([
    "br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
    "param"
])
_META_DATE = frozenset(
    [
        "article:published_time", "og:published_time", "date", "pubdate", "publishdate",
        "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
        "datepublished", "sailthru.date", "parsely-pub-date", "article.published"
    ]
)
_RE_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_RE_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_RE_BREAKS = re.compile(r"\n{3,}")


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.skip = 0
        self.article = 0
        self.pre = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.meta: dict[str, str] = {}
        self.ld_dates: list[str] = []
        self.in_ld = False

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        if self.article:
            self.article_parts.append(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content", "").strip()
            if key and content:
                self.meta.setdefault(key, content)
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.setdefault("canonical", a.get("href", ""))
            return
        if tag == "time" and a.get("datetime") and (
                a.get("itemprop", "").lower() == "datepublished" or "pubdate" in a):
            self.meta.setdefault("datepublished", a["datetime"])
        if tag == "body":
            self.skip = 0
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.in_ld = True
        if tag == "title":
            self.in_title = True
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip:
                self._emit("\n")
            return
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "article":
            self.article += 1
        if tag == "pre":
            self.pre += 1
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_ld = False
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "body":
            self.skip = 0
        if tag == "h1":
            self.in_h1 = False
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n\n")
        if tag == "article":
            self.article = max(0, self.article - 1)

    def handle_data(self, data: str) -> None:
        if self.in_ld:
            self.ld_dates.extend(_RE_LD_DATE.findall(data))
        if self.in_title:
            self.title += data
        if self.skip:
            return
        if self.in_h1:
            self.h1 += data
        self._emit(data if self.pre else _RE_SPACES.sub(" ", data.replace("\n", " ")))


def _tidy(parts: list[str]) -> str:
    text = "".join(parts)
    text = "\n".join(_RE_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _RE_BREAKS.sub("\n\n", text).strip()


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Article text and metadata (title, published, source, url) of an HTML page.

    Scripts, styles, navigation, headers, footers, asides and forms are dropped; block elements
    become paragraph breaks. When the page has an ``<article>`` element with text, only that is
    kept.

    Examples
    --------
    >>> text, meta = extract_html("<html><head><title>T</title></head><body><nav>Home</nav>"
    ...                           "<p>First.</p><p>Second &amp; last.</p></body></html>")
    >>> text, meta["title"]
    ('First.\\n\\nSecond & last.', 'T')
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    article = _tidy(parser.article_parts)
    text = article if len(article) >= 200 else _tidy(parser.parts)
    m = parser.meta
    meta: dict[str, str] = {}
    title = m.get("og:title") or " ".join(parser.h1.split()) or " ".join(parser.title.split())
    if title:
        meta["title"] = title
    published = next((m[k] for k in m if k in _META_DATE), "") or (
        parser.ld_dates[0] if parser.ld_dates else "")
    if published:
        meta["published"] = published
    if m.get("og:site_name"):
        meta["source"] = m["og:site_name"]
    url = m.get("og:url") or m.get("canonical")
    if url:
        meta["url"] = url
    return text, meta
