"""Optional online fallback: look up names the offline gazetteer lacks on Nominatim (OSM).

Off by default: analysts may not want their queries to leave the machine. When switched on
(``conflictmap build --online nominatim``), names the offline gazetteer cannot resolve are sent
to a Nominatim server through geopy, following the `usage policy
<https://operations.osmfoundation.org/policies/nominatim/>`_: an identifying user agent
(``$CONFLICTMAP_USER_AGENT`` or `USER_AGENT`), at most one request per second
(``min_delay_seconds``), and every answer kept in an on-disk JSON cache (under the conflictmap
cache directory) so no name is asked twice. ``NominatimResolver.lookup`` has the same shape as
``Gazetteer.lookup``, so either can be handed to the resolver stage.

Results carry ``match="online"``, ids ``nominatim:<node|way|relation>/<osm id>`` and scores in
0.3..0.8 (from Nominatim's ``importance``), below an exact offline match (1.0): an online hit
never outranks the curated gazetteer. A failed request raises `OnlineLookupError`; "no match"
is an empty list.

Examples
--------
>>> resolver = NominatimResolver(cache_dir="/tmp/conflictmap-nominatim")  # no request yet
>>> resolver.lookup("Al-Mayadin", country="SY")  # doctest: +SKIP
[Candidate(place=Place(id='nominatim:relation/6584286', name='Al Mayadin', kind='city', ...)]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from gazetteer.candidates import Candidates
from gazetteer.errors import ConflictmapError
from gazetteer.model import Candidate, Place

log = logging.getLogger(__name__)

__all__ = ["SOURCE", "USER_AGENT", "NominatimResolver", "OnlineLookupError",
           "default_user_agent"]

#: Attribution required by the ODbL; stored as every online place's ``source``.
SOURCE = "Nominatim/OSM (c) OpenStreetMap contributors"
#: Environment variable that replaces the default user agent (name yourself, e.g. an email).
USER_AGENT_ENV = "CONFLICTMAP_USER_AGENT"


class OnlineLookupError(ConflictmapError, ConnectionError):
    """The online service could not be asked (network down, timeout, server error)."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("conflictmap")
    except PackageNotFoundError:
        return "dev"


#: The default user agent. The project has no public URL yet; ``$CONFLICTMAP_USER_AGENT`` (or
#: ``--user-agent``) lets an analyst name themselves, as Nominatim's policy prefers.
USER_AGENT = f"conflictmap/{_version()} (+offline-first geoparser; set {USER_AGENT_ENV})"


def default_user_agent() -> str:
    """``$CONFLICTMAP_USER_AGENT`` if set, else `USER_AGENT`."""
    return os.environ.get(USER_AGENT_ENV, "").strip() or USER_AGENT
_PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
_FETCH_LIMIT = 10  # ask for this many at least, so a later larger ``limit`` hits the cache
_CACHE_VERSION = 1
_KEEP = ("osm_type", "osm_id", "lat", "lon", "name", "display_name", "class", "category",
         "type", "addresstype", "place_rank", "importance", "address")

# (OSM class, OSM type) -> gazetteer kind; (class, None) is the class-wide default.
_KINDS: dict[tuple[str, str | None], str] = {
    ("place", "country"): "country",
    ("place", "state"): "admin1", ("place", "province"): "admin1",
    ("place", "region"): "region",
    ("place", "county"): "admin2", ("place", "district"): "district",
    ("place", "municipality"): "district",
    ("place", "city"): "city", ("place", "town"): "city", ("place", "village"): "city",
    ("place", "hamlet"): "city", ("place", "isolated_dwelling"): "city",
    ("place", "locality"): "city", ("place", "farm"): "city",
    ("place", "suburb"): "neighbourhood", ("place", "quarter"): "neighbourhood",
    ("place", "neighbourhood"): "neighbourhood", ("place", "city_block"): "neighbourhood",
    ("place", "island"): "island", ("place", "islet"): "island",
    ("place", None): "city",
    ("military", "airfield"): "airbase", ("military", None): "military_base",
    ("landuse", "military"): "military_base",
    ("aeroway", "aerodrome"): "airport", ("aeroway", None): "airport",
    ("man_made", "bridge"): "bridge", ("bridge", None): "bridge",
    ("man_made", "petroleum_well"): "oil_field", ("man_made", None): "facility",
    ("waterway", "dam"): "dam", ("waterway", None): "river",
    ("water", "river"): "river", ("water", None): "lake",
    ("natural", "peak"): "mountain", ("natural", "volcano"): "mountain",
    ("natural", "mountain_range"): "mountain", ("natural", "ridge"): "ridge",
    ("natural", "valley"): "valley", ("natural", "desert"): "desert",
    ("natural", "water"): "lake", ("natural", "bay"): "sea", ("natural", "strait"): "sea",
    ("natural", "island"): "island", ("natural", None): "region",
    ("barrier", "border_control"): "border_crossing",
    ("highway", "motorway_junction"): "junction", ("highway", None): "road",
    ("amenity", "prison"): "prison", ("landuse", "harbour"): "port",
    ("harbour", None): "port", ("industrial", "port"): "port",
}
_OSM_TYPES = {"n": "node", "w": "way", "r": "relation"}  # search spells them; other endpoints N/W/R
# Administrative boundaries by Nominatim place_rank (4 country, 8 state, 12 county, else a
# district).
_ADMIN_RANKS = {4: "country", 8: "admin1", 12: "admin2"}


def _default_cache_dir() -> Path:
    from gazetteer.index import cache_dir

    return cache_dir() / "nominatim"


class NominatimResolver:
    """Look place names up on a Nominatim server, politely and with an on-disk cache.

    Constructing one does no I/O; the first `lookup` does.

    Parameters
    ----------
    user_agent
        Sent with every request; Nominatim's policy asks for one naming the application.
        None: ``$CONFLICTMAP_USER_AGENT``, else `USER_AGENT`.
    domain
        ``host[:port]`` of the Nominatim server; None for the public OSM one.
    scheme
        ``"https"`` or ``"http"``.
    min_delay_seconds
        Least time between two requests. The public server allows one a second, so less
        than 1.0 there is refused.
    cache_dir
        Folder of the JSON cache (one file per query and country); None for ``nominatim/``
        in the conflictmap cache directory (``$CONFLICTMAP_CACHE_DIR``, else
        ``~/.cache/conflictmap``).
    language
        Preferred language of the returned names (``Accept-Language``).
    timeout
        Seconds to wait for one answer.
    max_retries, error_wait_seconds
        Retries after a server error, and the wait before each (geopy's ``RateLimiter``).

    Raises
    ------
    ValueError
        ``min_delay_seconds`` below 1.0 for the public server.
    """

    def __init__(self, *, user_agent: str | None = None, domain: str | None = None,
                 scheme: str = "https", min_delay_seconds: float = 1.0,
                 cache_dir: str | os.PathLike[str] | None = None, language: str = "en",
                 timeout: float = 10.0, max_retries: int = 2,
                 error_wait_seconds: float = 5.0) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        if domain is None and min_delay_seconds < 1.0:
            raise ValueError("the public Nominatim server allows at most one request a second; "
                             f"min_delay_seconds={min_delay_seconds} is too small")
        self.domain = domain or _PUBLIC_DOMAIN
        self.cache_dir = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
        self.language = language
        self.user_agent = user_agent or default_user_agent()
        self._geocoder = Nominatim(user_agent=self.user_agent, domain=self.domain, scheme=scheme,
                                   timeout=timeout)
        self._geocode = RateLimiter(
            self._geocoder.geocode, min_delay_seconds=min_delay_seconds,
            max_retries=max_retries, error_wait_seconds=error_wait_seconds,
            swallow_exceptions=False)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> NominatimResolver:
        """A resolver for the Nominatim server at ``url`` (e.g. ``http://localhost:8080``).

        Raises
        ------
        ValueError
            ``url`` is not an ``http(s)://host[/path]`` address.
        """
        from urllib.parse import urlsplit

        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not a Nominatim server address: {url!r} "
                             "(expected http(s)://host[:port][/path])")
        domain = (parts.netloc + parts.path).rstrip("/")
        if domain == _PUBLIC_DOMAIN:
            domain = None
        return cls(domain=domain, scheme=parts.scheme, **options)

    def __repr__(self) -> str:
        return f"NominatimResolver(domain={self.domain!r}, cache_dir={str(self.cache_dir)!r})"

    def lookup(self, name: str, *, country: str | None = None,
               limit: int = 5) -> Candidates:
        """Candidate places for ``name``, best first; ``[]`` when nothing matches.

        Parameters
        ----------
        name
            A place name as written in the article.
        country
            ISO 3166-1 alpha-2 code restricting the search, e.g. ``"SY"``.
        limit
            Most candidates returned.

        Returns
        -------
        list of Candidate
            Places with ids ``nominatim:<osm type>/<osm id>``; empty when the server has no
            match (cached like any answer).

        Raises
        ------
        OnlineLookupError
            The request failed (after the retries); nothing is cached.
        """
        from geopy.exc import GeopyError

        query = " ".join(name.split())
        if not query or limit < 1:
            return Candidates()
        country = country.upper() if country else None
        path = self._cache_path(query, country)
        results = self._read_cache(path, limit)
        if results is None:
            fetch = max(limit, _FETCH_LIMIT)
            try:
                found = self._geocode(query, exactly_one=False, limit=fetch,
                                      addressdetails=True, language=self.language,
                                      country_codes=country.lower() if country else None)
            except GeopyError as exc:
                raise OnlineLookupError(f"online lookup of {query!r} on {self.domain} failed "
                                        f"({type(exc).__name__}: {exc})") from exc
            results = [{k: loc.raw[k] for k in _KEEP if k in loc.raw} for loc in found or ()]
            self._write_cache(path, {"version": _CACHE_VERSION, "query": query,
                                     "country": country, "limit": fetch, "results": results})
        out = Candidates()
        for raw in results[:limit]:
            try:
                out.append(_candidate(raw, query))
            except (KeyError, TypeError, ValueError) as exc:
                log.debug("skipping malformed Nominatim result %r: %s", raw, exc)
        return out

    # --- cache -----------------------------------------------------------------------------

    def _cache_path(self, query: str, country: str | None) -> Path:
        key = json.dumps([query.casefold(), country], ensure_ascii=False)
        return self.cache_dir / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")

    def _read_cache(self, path: Path, limit: int) -> list[dict[str, Any]] | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable Nominatim cache file %s: %s", path, exc)
            return None
        if entry.get("version") != _CACHE_VERSION:
            return None
        results = entry.get("results")
        if not isinstance(results, list):
            return None
        if len(results) >= entry.get("limit", 0) and limit > entry.get("limit", 0):
            return None  # the cached answer may have been cut short; ask for more
        return results

    def _write_cache(self, path: Path, entry: dict[str, Any]) -> None:
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write Nominatim cache %s: %s", path, exc)
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _kind(raw: dict[str, Any]) -> str:
    cls = raw.get("class") or raw.get("category") or ""
    typ = raw.get("type") or ""
    if cls == "boundary" and typ == "administrative":
        return _ADMIN_RANKS.get(int(raw.get("place_rank") or 0), "district")
    return _KINDS.get((cls, typ)) or _KINDS.get((cls, None)) or (
        "facility" if cls in ("amenity", "building", "office", "industrial") else "region")


def _candidate(raw: dict[str, Any], query: str) -> Candidate:
    osm_type = _OSM_TYPES.get(str(raw["osm_type"]).lower(), str(raw["osm_type"]).lower())
    address = raw.get("address") or {}
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip() or query
    place = Place(
        id=f"nominatim:{osm_type}/{raw['osm_id']}",
        name=name,
        kind=_kind(raw),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country=str(address.get("country_code", "")).upper(),
        admin1=address.get("state") or address.get("province") or address.get("region") or "",
        source=SOURCE,
    )
    importance = min(max(float(raw.get("importance") or 0.0), 0.0), 1.0)
    return Candidate(place, round(0.3 + 0.5 * importance, 4), matched=name, match="online")
