"""Rendering and export of events: an offline Leaflet map, and files analysts open elsewhere.

Examples
--------
>>> import maps
>>> sorted(maps.__all__)[:4]
['escape_text', 'export_events', 'read_events', 'read_events_file']
"""

from maps.escape import escape_text
from maps.export import export_events, read_events_file
from maps.io import read_events
from maps.render import render, write_map

__all__ = ["escape_text", "export_events", "read_events", "read_events_file", "render",
           "write_map"]
