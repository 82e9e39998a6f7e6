"""The exception hierarchy: one root, leaves that are also builtin errors."""


class ConflictmapError(Exception):
    """Root of every error conflictmap raises on purpose."""


class GazetteerFileError(ConflictmapError, ValueError):
    """A gazetteer file has bad rows; the message names the file, each line and the problem."""


class InputError(ConflictmapError, ValueError):
    """An input document or corpus cannot be read."""


class PlaceNotFound(ConflictmapError, LookupError):
    """``Gazetteer.get_place`` was given an id the index does not hold."""
