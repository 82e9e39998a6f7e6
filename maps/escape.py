"""Escaping of untrusted text (article sentences, titles, outlet names, user files).

Two contexts exist in a map page and each has one helper:

* HTML markup written by Python (the page ``<title>``, the attribution): :func:`escape_text`.
* The JSON data blob inside ``<script type="application/json">``: :func:`script_json`, which
  makes ``</script>``, ``<!--`` and ``&`` inert. The browser-side code then puts every string
  into the page with ``textContent`` (never ``innerHTML``), so the text shows literally.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

__all__ = ["escape_text", "safe_url", "script_json"]

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def escape_text(s: object) -> str:
    """Escape text for HTML element content or a quoted attribute value.

    Parameters
    ----------
    s
        Any value; ``None`` and NaN become the empty string, others go through ``str``.

    Returns
    -------
    str
        The text with ``& < > " '`` replaced by character references.

    Examples
    --------
    >>> escape_text('<script>alert(1)</script> & "x"')
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;'
    >>> escape_text(None)
    ''
    """
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return ""
    return html.escape(str(s), quote=True)


def script_json(obj: Any) -> str:
    """Serialise ``obj`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` (and the JS line separators U+2028/U+2029) are written as ``\\uXXXX``
    escapes, so no string in the data can close the script tag or open a comment; ``JSON.parse``
    gives the original text back.

    Examples
    --------
    >>> script_json({"t": "</script><img src=x onerror=alert(1)>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)


def safe_url(url: object) -> str:
    """``url`` if it is an absolute http(s) URL, else ``""`` (no ``javascript:`` links).

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)")
    ''
    """
    if not isinstance(url, str):
        return ""
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and len(u) < 2048 else ""
