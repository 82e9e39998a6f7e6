"""The offline place index: transliteration-aware lookup of place names to coordinates."""

from gazetteer.candidates import Candidates
from gazetteer.errors import ConflictmapError, GazetteerFileError, PlaceNotFound
from gazetteer.lookup import Gazetteer, default_gazetteer, lookup
from gazetteer.model import Candidate, Place

__all__ = [
    "Candidate", "Candidates", "ConflictmapError", "Gazetteer", "GazetteerFileError", "Place",
    "PlaceNotFound", "default_gazetteer", "lookup",
]
