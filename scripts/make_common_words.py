"""Regenerate geo/data/common_words.txt, first_names.txt and family_names.txt (dev only).

common_words.txt: the 20,000 most frequent English words (wordfreq) that a dictionary (Debian's
``wamerican`` word list, which spells proper nouns with a capital) also spells in lower case. Each
line is a word, then ``*`` when the dictionary spells it with a capital too ("Reading", "Mobile",
"Bath": a name as often as a word). "Virginia" and "Richmond" are not there: the dictionary has
them only as names.

first_names.txt, family_names.txt: given and family names in Latin script from Faker's person
providers (MIT), all locales; "Michael Ripley" is a person, and a lone "Kelly" or "Clinton" is a
place only when it fits the article's geography.

    apt-get install wamerican
    .venv/bin/pip install wordfreq faker && .venv/bin/python scripts/make_common_words.py
"""

import importlib
import importlib.metadata
import pkgutil
from pathlib import Path

import faker.providers.person as person_providers
import wordfreq

DATA = Path(__file__).resolve().parents[1] / "geo" / "data"
DICTIONARY = Path("/usr/share/dict/american-english")


def common_words() -> list[str]:
    entries = set(DICTIONARY.read_text(encoding="utf-8").split())
    lower = {w for w in entries if w.islower()}
    capital = {w.lower() for w in entries if w[:1].isupper()}
    out = []
    for w in wordfreq.top_n_list("en", 20000):
        if w.isalpha() and w in lower:
            out.append(w + (" *" if w in capital else ""))
    return out


def person_names(attrs: tuple[str, ...]) -> list[str]:
    names = set()
    for mod in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module(f"{person_providers.__name__}.{mod.name}").Provider
        for attr in attrs:
            value = getattr(provider, attr, ())
            for name in value if isinstance(value, (list, tuple, dict, set)) else ():
                if name.isascii() and name.isalpha() and name[:1].isupper() and len(name) > 2:
                    names.add(name.lower())
    return sorted(names)


words = common_words()
(DATA / "common_words.txt").write_text(
    f"# frequent English words (wordfreq {importlib.metadata.version('wordfreq')}) that the "
    f"wamerican dictionary spells in lower case; * = also spelt as a name\n"
    + "\n".join(words) + "\n", encoding="utf-8")
for kind, attrs in (("first", ("first_names", "first_names_male", "first_names_female")),
                    ("family", ("last_names",))):
    names = person_names(attrs)
    (DATA / f"{kind}_names.txt").write_text(
        f"# {kind} names in Latin script from Faker {importlib.metadata.version('faker')} person "
        f"providers (MIT licence), all locales\n" + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} {kind} names")
print(f"wrote {len(words)} common words to {DATA}")
