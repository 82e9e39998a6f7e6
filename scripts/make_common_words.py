"""Regenerate geo/data/common_words.txt: the 20,000 most frequent English words (wordfreq).

A capitalised word that is also a common English word ("Police", "March", "Bath") is only taken
for a place when the place is a major one or the context says so. Not imported by the package.

    .venv/bin/pip install wordfreq && .venv/bin/python scripts/make_common_words.py
"""

import importlib.metadata
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parents[1] / "geo" / "data" / "common_words.txt"
words = [w for w in wordfreq.top_n_list("en", 20000) if w.isalpha()]
OUT.write_text("# top English words by frequency, from wordfreq " + importlib.metadata.version("wordfreq") + "\n"
               + "\n".join(words) + "\n", encoding="utf-8")
print(f"wrote {len(words)} words to {OUT}")
