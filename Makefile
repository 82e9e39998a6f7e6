# The two commands in the README: `make demo` builds the sample corpus, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE := geo/data/sample/deir-ez-zor-2017

.PHONY: install demo test browser bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: install
	$(VENV)/bin/conflictmap build $(SAMPLE) -o out/sample

browser:
	bash scripts/ensure_chromium.sh

test: install browser
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/bench_gazetteer.py

clean:
	rm -rf out build *.egg-info .pytest_cache
